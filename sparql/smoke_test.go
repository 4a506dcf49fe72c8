package sparql

import (
	"context"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

func TestSmoke(t *testing.T) {
	ds := memdataset.New()
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	ds.Add(
		rdf.Quad{S: ex("a"), P: ex("p"), O: ex("b")},
		rdf.Quad{S: ex("b"), P: ex("p"), O: ex("c")},
		rdf.Quad{S: ex("c"), P: ex("p"), O: ex("a")},
		rdf.Quad{S: ex("a"), P: ex("name"), O: rdf.LangString("A", "fr")},
		rdf.Quad{S: ex("b"), P: ex("name"), O: rdf.String("B")},
	)
	for _, src := range []string{
		`SELECT * WHERE { ?s <http://ex/p> ?o }`,
		`SELECT ?s ?o WHERE { ?s <http://ex/p>+ ?o } ORDER BY ?s ?o`,
		`SELECT ?s (COUNT(*) AS ?n) WHERE { ?s <http://ex/p>* ?o } GROUP BY ?s`,
		`SELECT ?s ?n WHERE { ?s <http://ex/p> ?o OPTIONAL { ?s <http://ex/name> ?n FILTER(lang(?n) = "fr") } }`,
		`SELECT ?s WHERE { ?s <http://ex/p> ?o FILTER NOT EXISTS { ?s <http://ex/name> ?n } }`,
		`SELECT ?x ?y WHERE { BIND(1 AS ?x) VALUES ?y { 1 2 } } LIMIT 1`,
	} {
		q, err := Prepare(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Log(q.Explain(ds))
		r, err := q.Exec(context.Background(), ds, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for row, err := range r.Solutions() {
			if err != nil {
				t.Fatal(err)
			}
			t.Log(row)
		}
	}
}
