package sparql

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

// FuzzExec prepares and runs arbitrary queries over a small dataset under
// tight limits. Any error is fine; a panic or an overrun of the limits is
// not.
func FuzzExec(f *testing.F) {
	for _, s := range []string{
		`SELECT * WHERE { ?s ?p ?o }`,
		`SELECT ?s (COUNT(*) AS ?n) WHERE { ?s <http://ex/p>+ ?o } GROUP BY ?s HAVING (?n > 1) ORDER BY DESC(?n)`,
		`SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r FILTER(?r != ?s) } MINUS { ?s <http://ex/q> ?o } }`,
		`CONSTRUCT { ?o ?p ?s } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }`,
		`ASK { ?s !(<http://ex/p>|^<http://ex/q>)* ?o FILTER EXISTS { ?o ?p2 ?o2 } }`,
		`SELECT ?x WHERE { VALUES ?x { 1 "a" <http://ex/a> } BIND(STR(?x) AS ?y) } LIMIT 2 OFFSET 1`,
		`DESCRIBE ?s WHERE { ?s ?p "v" }`,
		`SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(*) AS ?m) WHERE { ?s <http://ex/p> ?o }`,
		`SELECT ?s WHERE { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?r FILTER(?r != ?p) } MINUS { ?s ?p2 ?s } }`,
		`SELECT (GROUP_CONCAT(REPLACE(STR(?o), ".", "xyz")) AS ?g) WHERE { ?s ?p ?o . ?a ?b ?c }`,
		`SELECT * WHERE { ?s ?p ?o FILTER(?o IN (<http://ex/a>, "v") && sameTerm(?s, <http://ex/b>)) }`,
		`SELECT ?g WHERE { ?s <http://ex/p> ?o GRAPH ?g { ?o ?q ?s FILTER EXISTS { } OPTIONAL { ?s ?p ?z } } }`,
		`SELECT * WHERE { ?a <http://ex/p> ?b { ?c ?p ?d BIND(IRI(STR(?d)) AS ?a) } MINUS { ?x ?y ?b FILTER(?x != ?a) } }`,
	} {
		f.Add(s)
	}
	ds := memdataset.New()
	for i, o := range []rdf.Term{rdf.IRI("http://ex/b"), rdf.String("v"), rdf.IRI("http://ex/a"), rdf.Literal("3", rdf.XSDInteger)} {
		s := rdf.IRI("http://ex/" + string(rune('a'+i%3)))
		ds.Add(rdf.Quad{S: s, P: rdf.IRI("http://ex/p"), O: o}, rdf.Quad{S: o, P: rdf.IRI("http://ex/q"), O: s, G: rdf.IRI("http://ex/g")})
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Prepare(src, Options{})
		if ie := new(InternalError); errors.As(err, &ie) {
			t.Fatalf("internal error on %q: %v", src, err)
		}
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		res, err := q.Exec(ctx, ds, Limits{MaxResults: 1000, MaxMemoryRows: 10000, MaxMemoryBytes: 1 << 20})
		if err != nil {
			return
		}
		n := 0
		for _, err := range res.Solutions() {
			var le *LimitError
			if err != nil && !errors.As(err, &le) {
				return
			}
			n++
		}
		for range res.Triples() {
			n++
		}
		if n > 1001 {
			t.Fatalf("%d results despite MaxResults 1000", n)
		}
	})
}
