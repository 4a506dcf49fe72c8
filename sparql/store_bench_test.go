package sparql

import (
	"context"
	"fmt"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// storeBenchData loads n people (type, name in French and English, a
// group among 20) into an in-memory store.
func storeBenchData(b *testing.B, n int) *store.Store {
	b.Helper()
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	return loadedStore(b, store.DefaultColumnCacheSize, func(yield func(rdf.Quad) error) error {
		for i := range n {
			p := ex(fmt.Sprintf("p%d", i))
			for _, q := range []rdf.Quad{
				{S: p, P: ex("type"), O: ex("Person")},
				{S: p, P: ex("name"), O: rdf.LangString(fmt.Sprintf("nom %d", i), "fr")},
				{S: p, P: ex("name"), O: rdf.LangString(fmt.Sprintf("name %d", i), "en")},
				{S: p, P: ex("group"), O: ex(fmt.Sprintf("g%d", i%20))},
				{S: ex(fmt.Sprintf("x%d", i)), P: ex("other"), O: p},
			} {
				if err := yield(q); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// BenchmarkStoreJoins runs index nested-loop joins over the store: each
// row of the left side looks up its subject (store cursor, scan cache for
// the repeated name lookup of the OPTIONAL, filter memo on lang).
func BenchmarkStoreJoins(b *testing.B) {
	st := storeBenchData(b, 20000)
	snap := st.Snapshot()
	defer snap.Close()
	ds := StoreDataset(snap)
	queries := map[string]string{
		"optional": `PREFIX : <http://ex/> SELECT ?p ?fr ?en WHERE { ?p :group :g7 ; :name ?fr FILTER(lang(?fr) = "fr") OPTIONAL { ?p :name ?en FILTER(lang(?en) = "en") } }`,
		"star":     `PREFIX : <http://ex/> SELECT ?p ?n ?x WHERE { ?p :group :g3 . ?x :other ?p . ?p :name ?n }`,
	}
	for name, src := range queries {
		b.Run(name, func(b *testing.B) {
			q, err := Prepare(src, Options{})
			if err != nil {
				b.Fatal(err)
			}
			rows := 0
			for b.Loop() {
				res, err := q.Exec(context.Background(), ds, Limits{})
				if err != nil {
					b.Fatal(err)
				}
				rows = 0
				for _, err := range res.Solutions() {
					if err != nil {
						b.Fatal(err)
					}
					rows++
				}
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
