package eval

import (
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/parser"
)

// TestOutputOnly lists the variables whose BIND values are numbered without
// the dataset: only those no other part of the query reads.
func TestOutputOnly(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{`SELECT ?s ?i WHERE { ?s :p ?o BIND(IRI(CONCAT(STR(?s), "#x")) AS ?i) }`, []string{"i"}},
		{`SELECT DISTINCT ?h WHERE { ?s :p ?o BIND(MD5(STR(?o)) AS ?h) }`, []string{"h"}},
		{`SELECT ?i ?o2 WHERE { ?s :p ?o BIND(IRI(CONCAT(STR(?s), "#x")) AS ?i) ?i :p ?o2 }`, nil},
		{`SELECT ?i WHERE { ?s :p ?o BIND(IRI(STR(?o)) AS ?i) FILTER(?i = :a) }`, []string{"i"}},
		{`SELECT ?i ?j WHERE { ?s :p ?o BIND(STR(?o) AS ?i) BIND(UCASE(?i) AS ?j) }`, []string{"i", "j"}},
		{`SELECT ?i (COUNT(*) AS ?n) WHERE { ?s :p ?o BIND(STR(?o) AS ?i) } GROUP BY ?i`, []string{"i", "n"}},
		{`SELECT ?k (SUM(?i) AS ?n) WHERE { ?s :p ?o BIND(STRLEN(?o) AS ?i) } GROUP BY (?i AS ?k)`, []string{"i", "n"}},
		{`SELECT ?i WHERE { ?s :p ?o BIND(STR(?o) AS ?i) } ORDER BY ?i`, []string{"i"}},
		{`SELECT ?i WHERE { ?s :p ?o BIND(STR(?o) AS ?i) OPTIONAL { ?s :q ?x FILTER(?x = ?i) } }`, []string{"i"}},
		{`SELECT ?i WHERE { ?s :p ?o BIND(STR(?o) AS ?i) OPTIONAL { ?s :q ?i } }`, nil},
		{`SELECT ?i WHERE { { ?s :p ?o BIND(STR(?o) AS ?i) } UNION { ?s :q ?o BIND(STR(?s) AS ?i) } }`, nil},
		{`SELECT ?i WHERE { { SELECT ?i WHERE { ?s :p ?o BIND(IRI(STR(?o)) AS ?i) } } ?i :p ?x }`, nil},
		{`SELECT ?i WHERE { ?s :p ?o BIND(STR(?o) AS ?i) FILTER EXISTS { ?s :q ?i } }`, nil},
		{`SELECT ?i WHERE { ?s :p ?o BIND(STR(?o) AS ?i) MINUS { ?s :q ?i } }`, nil},
		{`SELECT ?i WHERE { ?s :p ?o BIND(STR(?o) AS ?i) VALUES ?i { "a" } }`, nil},
		{`CONSTRUCT { ?s :q ?i } WHERE { ?s :p ?o BIND(STR(?o) AS ?i) }`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			ast, err := parser.ParseQuery(tc.q, parser.Options{Prefixes: map[string]string{"": "http://ex/"}})
			if err != nil {
				t.Fatal(err)
			}
			q, err := algebra.Translate(ast)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for v := range outputOnly(q) {
				got = append(got, v)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("output-only %v, want %v", got, tc.want)
			}
		})
	}
}
