package eval_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
)

// TestIDCompare checks the forms compared by id against their meaning:
// IRIs, literals (compared by value, no fast path), unbound variables,
// and computed terms absent from the dataset.
func TestIDCompare(t *testing.T) {
	ds := smallData()
	tests := []struct {
		name, query string
		want        []string
	}{
		{"iri equal", `SELECT ?x WHERE { ?x :knows ?y FILTER(?y = :a) }`, []string{"<http://ex/c>"}},
		{"iri reversed", `SELECT ?x WHERE { ?x :knows ?y FILTER(:a = ?y) }`, []string{"<http://ex/c>"}},
		{"iri not equal", `SELECT ?y WHERE { :c :knows ?y FILTER(?y != :a) }`, []string{"<http://ex/d>"}},
		{"iri against literal", `SELECT ?x WHERE { ?x :age ?a FILTER(?a != :a) }`,
			[]string{"<http://ex/a>", "<http://ex/b>", "<http://ex/c>"}},
		{"sameTerm literal", `SELECT ?x WHERE { ?x :age ?a FILTER(sameTerm(?a, 20)) }`, []string{"<http://ex/b>", "<http://ex/c>"}},
		{"literal by value", `SELECT ?x WHERE { ?x :age ?a FILTER(?a = 20.0) }`, []string{"<http://ex/b>", "<http://ex/c>"}},
		{"unbound", `SELECT ?x WHERE { ?x :age ?a OPTIONAL { ?x :knows ?z } FILTER(?z != :b) }`,
			[]string{"<http://ex/b>", "<http://ex/c>", "<http://ex/c>"}},
		{"computed absent iri", `SELECT ?x WHERE { ?x :age ?a BIND(IRI(CONCAT("http://ex/new", STR(?a))) AS ?i) FILTER(?i = <http://ex/new20>) }`,
			[]string{"<http://ex/b>", "<http://ex/c>"}},
		{"absent constant", `SELECT ?x WHERE { ?x :knows ?y FILTER(?y != <http://ex/nobody>) }`,
			[]string{"<http://ex/a>", "<http://ex/b>", "<http://ex/c>", "<http://ex/c>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tt.query, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkFilterIRI filters 20,000 distinct subjects against an IRI (the
// memo cannot help: no value repeats).
func BenchmarkFilterIRI(b *testing.B) {
	runBench(b, benchData(20000), `SELECT ?p WHERE { ?p :type :Person FILTER(?p != :p5) }`)
}
