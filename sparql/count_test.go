package sparql

import (
	"context"
	"fmt"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestCountFromStatistics checks the counts the store answers from its
// statistics (and the id-counting path when it cannot), and the distinct
// values it lists by seeking through an index, against the in-memory
// dataset, which always scans: with a triple repeated across graphs
// (counted once in the union default graph), FROM, GRAPH, strict default
// graph, and quads of the private space that must not count.
func TestCountFromStatistics(t *testing.T) {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	public := []rdf.Quad{
		{S: ex("a"), P: ex("p"), O: ex("b"), G: ex("g1")},
		{S: ex("a"), P: ex("p"), O: ex("b"), G: ex("g2")},
		{S: ex("a"), P: ex("q"), O: rdf.String("x")},
		{S: ex("c"), P: ex("p"), O: ex("a"), G: ex("g1")},
		{S: ex("c"), P: ex("p"), O: ex("c")},
	}
	private := []rdf.Quad{{S: ex("secret"), P: ex("p"), O: ex("b")}, {S: ex("a"), P: ex("r"), O: ex("z"), G: ex("gp")}}
	for _, oneGraph := range []bool{false, true} {
		quads := public
		if oneGraph {
			quads = nil
			for _, q := range public {
				q.G = rdf.Term{}
				quads = append(quads, q)
			}
		}
		opts := store.DefaultOptions()
		opts.InMemory = true
		st, err := store.Open("", opts)
		if err != nil {
			t.Fatal(err)
		}
		err = st.Update(context.Background(), func(tx *store.Txn) error {
			for _, q := range quads {
				if err := tx.Add(q); err != nil {
					return err
				}
			}
			for _, q := range private {
				if err := tx.In(store.Private).Add(q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		mem := memdataset.New()
		mem.Add(quads...)
		snap := st.Snapshot()
		for _, src := range []string{
			`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`,
			`SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?p) AS ?np) (COUNT(DISTINCT ?o) AS ?no) (COUNT(?o) AS ?c) WHERE { ?s ?p ?o }`,
			`SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?ns) (COUNT(DISTINCT ?o) AS ?no) WHERE { ?s <http://ex/p> ?o }`,
			`SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s <http://ex/p> ?o }`,
			`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?s }`,
			`SELECT (COUNT(*) AS ?n) WHERE { <http://ex/a> ?p ?o }`,
			`SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex/nothing> ?o }`,
			`SELECT (COUNT(*) AS ?n) FROM <http://ex/g1> WHERE { ?s ?p ?o }`,
			`SELECT (COUNT(*) AS ?n) FROM <http://ex/g1> FROM <http://ex/g2> WHERE { ?s ?p ?o }`,
			`SELECT ?g ?n WHERE { GRAPH ?g { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } }`,
			`SELECT ?n WHERE { GRAPH <http://ex/g1> { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } }`,
			`SELECT ?n WHERE { BIND(2 AS ?n) { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } }`,
			`SELECT DISTINCT ?p WHERE { ?s ?p ?o }`,
			`SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY DESC(?s)`,
			`SELECT DISTINCT ?o WHERE { ?s <http://ex/p> ?o }`,
			`SELECT DISTINCT ?p WHERE { <http://ex/a> ?p ?o }`,
			`SELECT DISTINCT ?p WHERE { ?s ?p <http://ex/b> }`,
			`SELECT DISTINCT ?p WHERE { ?s ?p <http://ex/nothing> }`,
			`SELECT DISTINCT ?p WHERE { ?s ?p ?s }`,
			`SELECT DISTINCT ?p FROM <http://ex/g1> WHERE { ?s ?p ?o }`,
			`SELECT DISTINCT ?p FROM <http://ex/g1> FROM <http://ex/g2> WHERE { ?s ?p ?o }`,
			`SELECT ?g ?p WHERE { GRAPH ?g { SELECT DISTINCT ?p WHERE { ?s ?p ?o } } }`,
			`SELECT ?p WHERE { GRAPH <http://ex/g1> { SELECT DISTINCT ?p WHERE { ?s ?p ?o } } }`,
			`SELECT * WHERE { ?x <http://ex/q> ?y { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } }`,
			`SELECT * WHERE { ?s <http://ex/q> ?y { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } }`,
			`SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p WHERE { ?s ?p ?o } LIMIT 1 }`,
			`SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p`,
			`SELECT ?p (COUNT(DISTINCT ?s) AS ?ns) (COUNT(?o) AS ?no) (COUNT(DISTINCT ?o) AS ?d) (COUNT(DISTINCT *) AS ?t) WHERE { ?s ?p ?o } GROUP BY ?p`,
			`SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s`,
			`SELECT ?o (COUNT(*) AS ?n) WHERE { ?s <http://ex/p> ?o } GROUP BY ?o`,
			`SELECT ?p (COUNT(*) AS ?n) WHERE { <http://ex/a> ?p ?o } GROUP BY ?p`,
			`SELECT ?p (COUNT(*) AS ?n) FROM <http://ex/g1> WHERE { ?s ?p ?o } GROUP BY ?p`,
			`SELECT ?q (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY (?p AS ?q)`,
			`SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(*) > 1)`,
			`SELECT ?p ?n WHERE { BIND(2 AS ?n) { SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p } }`,
			`SELECT ?g ?p ?n WHERE { GRAPH ?g { SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p } }`,
		} {
			for _, strict := range []bool{false, true} {
				name := fmt.Sprintf("oneGraph=%v strict=%v %s", oneGraph, strict, src)
				q, err := Prepare(src, Options{StrictDefaultGraph: strict})
				if err != nil {
					t.Fatal(err)
				}
				got := canonicalRows(t, q, StoreDataset(snap))
				want := canonicalRows(t, q, mem)
				if got != want {
					t.Errorf("%s:\nstore  %s\nmemory %s", name, got, want)
				}
			}
		}
		snap.Close()
		st.Close()
	}
}
