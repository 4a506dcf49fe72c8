package sparql

import (
	"context"
	"fmt"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestNestedLookupsAllocate: an index nested-loop join looks up its right
// side once per left row without allocating in the evaluator's scan layers
// (they keep their state in frames per nesting depth). What a lookup still
// allocates is Badger's seek (about six objects) and the key prefix: under
// ten per lookup. Before the frames it was about sixteen: each layer
// allocated its closure and the variables it captured.
func TestNestedLookupsAllocate(t *testing.T) {
	const n = 1000
	iri := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	st := loadedStore(t, store.DefaultColumnCacheSize, func(yield func(rdf.Quad) error) error {
		for i := range n {
			s, o := iri(fmt.Sprintf("s%d", i)), iri(fmt.Sprintf("o%d", i))
			if err := yield(rdf.Quad{S: s, P: iri("p"), O: o}); err != nil {
				return err
			}
			if err := yield(rdf.Quad{S: o, P: iri(fmt.Sprintf("q%d", i%3)), O: rdf.String("x")}); err != nil {
				return err
			}
		}
		// Other triples, so that reading every triple once costs more
		// than the lookups and the planner keeps the nested loop.
		for i := range 25 * n {
			if err := yield(rdf.Quad{S: iri(fmt.Sprintf("f%d", i)), P: iri("r"), O: rdf.String("y")}); err != nil {
				return err
			}
		}
		return nil
	})
	// ?o ?q ?x has an unbound predicate: no column answers it, every left
	// row seeks the index.
	q, err := Prepare(`SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex/p> ?o . ?o ?q ?x }`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	defer snap.Close()
	ds := StoreDataset(snap)
	allocs := testing.AllocsPerRun(3, func() {
		if _, err := drain(context.Background(), q, ds); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 10*n {
		t.Fatalf("%.0f allocations for %d lookups", allocs, n)
	}
	t.Logf("%.0f allocations for %d lookups", allocs, n)
}
