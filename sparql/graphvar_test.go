package sparql

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestGraphVariable runs GRAPH ?g patterns over stores whose default graph
// holds most quads (read graph by graph, unless there are too many
// graphs), has no named graph beside it (nothing to read), or holds few of
// them (one scan skipping the default graph's quads), and compares each with the same pattern evaluated graph
// by graph (an EXISTS inside the GRAPH pattern makes the evaluator loop
// over the graphs where the pattern's required triples match, found by one
// scan, or over every graph when that scan reads more quads than there
// are graphs).
func TestGraphVariable(t *testing.T) {
	iri := func(s string) rdf.Term { return rdf.IRI("http://ex.org/" + s) }
	build := func(defaults, graphs, perGraph int) []rdf.Quad {
		var qs []rdf.Quad
		for i := range defaults {
			qs = append(qs, rdf.Quad{S: iri(fmt.Sprintf("s%d", i)), P: iri("r"), O: iri(fmt.Sprintf("o%d", i%7))})
		}
		for g := range graphs {
			for i := range perGraph {
				p := iri("r")
				if i%3 == 0 {
					p = iri("q")
				}
				// Subjects shared with the default graph and between graphs.
				qs = append(qs, rdf.Quad{S: iri(fmt.Sprintf("s%d", i*(g+1))), P: p, O: iri(fmt.Sprintf("o%d", i%5)), G: iri(fmt.Sprintf("g%d", g))})
			}
		}
		return qs
	}
	stores := []struct {
		name                       string
		defaults, graphs, perGraph int
		namedQuads                 int
	}{
		{"big default graph, two small named graphs", 3000, 2, 12, 24},
		{"default graph only", 3000, 0, 0, 0},
		{"named graphs hold most quads", 20, 30, 60, 1800},
		{"more named graphs than are read one by one", 30000, 5000, 1, 5000},
	}
	queries := []struct{ q, ref string }{
		{`SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s <http://ex.org/r> ?o } }`,
			`SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s <http://ex.org/r> ?o FILTER EXISTS { } } }`},
		{`SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }`,
			`SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER EXISTS { } } }`},
		{`SELECT ?g ?p ?o WHERE { GRAPH ?g { <http://ex.org/s0> ?p ?o } }`,
			`SELECT ?g ?p ?o WHERE { GRAPH ?g { <http://ex.org/s0> ?p ?o FILTER EXISTS { } } }`},
		{`SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`,
			`SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER EXISTS { } } } GROUP BY ?g`},
		{`SELECT ?g ?s WHERE { ?s <http://ex.org/r> <http://ex.org/o1> GRAPH ?g { ?s <http://ex.org/q> ?o } }`,
			`SELECT ?g ?s WHERE { ?s <http://ex.org/r> <http://ex.org/o1> GRAPH ?g { ?s <http://ex.org/q> ?o FILTER EXISTS { } } }`},
		{`SELECT ?g ?s ?x WHERE { ?s <http://ex.org/r> <http://ex.org/o0> GRAPH ?g { ?s <http://ex.org/q> ?o OPTIONAL { ?s <http://ex.org/r> ?x } } }`,
			`SELECT ?g ?s ?x WHERE { ?s <http://ex.org/r> <http://ex.org/o0> GRAPH ?g { ?s <http://ex.org/q> ?o OPTIONAL { ?s <http://ex.org/r> ?x } FILTER EXISTS { } } }`},
		{`SELECT ?g ?s ?o FROM NAMED <http://ex.org/g1> WHERE { GRAPH ?g { ?s ?p ?o } }`,
			`SELECT ?g ?s ?o FROM NAMED <http://ex.org/g1> WHERE { GRAPH ?g { ?s ?p ?o FILTER EXISTS { } } }`},
	}
	for _, sc := range stores {
		st := loadedStore(t, store.DefaultColumnCacheSize, pushAll(build(sc.defaults, sc.graphs, sc.perGraph)))
		snap := st.Snapshot()
		t.Cleanup(func() { snap.Close() })
		for i, tc := range queries {
			t.Run(fmt.Sprintf("%s/%d", sc.name, i), func(t *testing.T) {
				q, err := Prepare(tc.q, Options{})
				if err != nil {
					t.Fatal(err)
				}
				ref, err := Prepare(tc.ref, Options{})
				if err != nil {
					t.Fatal(err)
				}
				got, want := canonicalRows(t, q, StoreDataset(snap)), canonicalRows(t, ref, StoreDataset(snap))
				if got != want {
					t.Fatalf("got:\n%s\nwant:\n%s", head(got), head(want))
				}
				if i == 1 {
					if n := strings.Count(got, "\n") + min(len(got), 1); n != sc.namedQuads {
						t.Fatalf("%d quads in named graphs, want %d", n, sc.namedQuads)
					}
				}
			})
		}
	}
}

// TestGraphListInBudget: the list of named graphs a GRAPH ?g loops over is
// charged to the execution's byte budget: 5,000 graphs do not fit in 1 KiB.
func TestGraphListInBudget(t *testing.T) {
	var qs []rdf.Quad
	for g := range 5000 {
		qs = append(qs, rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.IRI("http://ex.org/p"), O: rdf.IRI(fmt.Sprintf("http://ex.org/o%d", g)), G: rdf.IRI(fmt.Sprintf("http://ex.org/g%d", g))})
	}
	st := loadedStore(t, store.DefaultColumnCacheSize, pushAll(qs))
	snap := st.Snapshot()
	defer snap.Close()
	q, err := Prepare(`SELECT ?g WHERE { GRAPH ?g { } }`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		budget int64
		fits   bool
	}{{1 << 10, false}, {1 << 20, true}} {
		res, err := q.Exec(context.Background(), StoreDataset(snap), Limits{MaxMemoryBytes: tc.budget})
		n := 0
		if err == nil {
			for _, e := range res.Solutions() {
				if e != nil {
					err = e
					break
				}
				n++
			}
		}
		var le *LimitError
		switch {
		case tc.fits && (err != nil || n != 5000):
			t.Errorf("budget %d: %d rows, err %v; want 5000 rows", tc.budget, n, err)
		case !tc.fits && (!errors.As(err, &le) || le.Limit != "memory"):
			t.Errorf("budget %d: err %v, want a memory LimitError", tc.budget, err)
		}
	}
}
