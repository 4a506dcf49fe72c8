package eval_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

// memoData has n subjects with a date among 28 (some malformed, a type
// error in comparisons), a label in one of three languages, and a distinct
// name each.
func memoData(n int) *memdataset.Dataset {
	ds := memdataset.New()
	langs := []string{"fr", "en", "de"}
	for i := range n {
		s := ex(fmt.Sprintf("s%d", i))
		date := rdf.Literal(fmt.Sprintf("2020-01-%02d", i%28+1), rdf.XSDDate)
		if i%28 == 5 {
			date = rdf.Literal("not a date", rdf.XSDDate)
		}
		ds.Add(
			rdf.Quad{S: s, P: ex("date"), O: date},
			rdf.Quad{S: s, P: ex("label"), O: rdf.LangString(fmt.Sprintf("label %d", i%40), langs[i%3])},
			rdf.Quad{S: s, P: ex("name"), O: rdf.String(fmt.Sprintf("name %d", i))},
		)
	}
	return ds
}

// TestFilterMemo checks filters whose outcome is remembered per term: on
// repeated values (the memo stays on), on distinct values (it switches
// off), with type errors, with two variables (remembered per pair) and
// three (no memo).
func TestFilterMemo(t *testing.T) {
	const n = 5000
	ds := memoData(n)
	count := func(keep func(i int) bool) int {
		c := 0
		for i := range n {
			if keep(i) {
				c++
			}
		}
		return c
	}
	tests := []struct {
		name, query string
		want        int
	}{
		{"repeated dates", `SELECT ?s WHERE { ?s :date ?d FILTER(?d <= "2020-01-10"^^<http://www.w3.org/2001/XMLSchema#date>) }`,
			count(func(i int) bool { return i%28+1 <= 10 && i%28 != 5 })},
		{"type errors negated", `SELECT ?s WHERE { ?s :date ?d FILTER(!(?d <= "2020-01-10"^^<http://www.w3.org/2001/XMLSchema#date>)) }`,
			count(func(i int) bool { return i%28+1 > 10 })},
		{"language", `SELECT ?s WHERE { ?s :label ?l FILTER(lang(?l) = "en") }`,
			count(func(i int) bool { return i%3 == 1 })},
		{"distinct values", `SELECT ?s WHERE { ?s :name ?n FILTER(CONTAINS(?n, "7")) }`,
			count(func(i int) bool { return strings.Contains(fmt.Sprint(i), "7") })},
		{"two variables, distinct pairs", `SELECT ?s WHERE { ?s :label ?l ; :name ?n FILTER(lang(?l) = "fr" && CONTAINS(?n, "1")) }`,
			count(func(i int) bool { return i%3 == 0 && strings.Contains(fmt.Sprint(i), "1") })},
		{"two variables, repeated pairs", `SELECT ?s WHERE { ?s :date ?d ; :label ?l FILTER(DAY(?d) > STRLEN(?l) - 5) }`,
			count(func(i int) bool {
				return i%28 != 5 && i%28+1 > len(fmt.Sprintf("label %d", i%40))-5
			})},
		{"three variables", `SELECT ?s WHERE { ?s :date ?d ; :label ?l ; :name ?n FILTER(DAY(?d) > STRLEN(?l) - 5 && STRLEN(?n) > 6) }`,
			count(func(i int) bool {
				return i%28 != 5 && i%28+1 > len(fmt.Sprintf("label %d", i%40))-5 && len(fmt.Sprintf("name %d", i)) > 6
			})},
		{"volatile", `SELECT ?s WHERE { ?s :label ?l FILTER(lang(?l) = "fr" || RAND() > 2) }`,
			count(func(i int) bool { return i%3 == 0 })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tt.query, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Fatalf("%d rows, want %d", len(got), tt.want)
			}
		})
	}
}

// TestFilterMemoVolatile checks that a condition calling RAND is drawn
// again for each row, not remembered per term: some label must be kept
// on some rows and dropped on others.
func TestFilterMemoVolatile(t *testing.T) {
	const n = 5000
	ds := memoData(n)
	total := map[string]int{}
	for i := range n {
		total[rdf.LangString(fmt.Sprintf("label %d", i%40), []string{"fr", "en", "de"}[i%3]).String()]++
	}
	got, err := rows(context.Background(), t, ds, `SELECT ?l WHERE { ?s :label ?l FILTER(RAND() < 0.5 && lang(?l) != "xx") }`, eval.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]int{}
	for _, l := range got {
		kept[l]++
	}
	for l, c := range kept {
		if c < total[l] {
			return
		}
	}
	t.Fatalf("every label kept on all its rows or none (%d of %d rows kept): RAND was remembered per term", len(got), n)
}

// BenchmarkFilterMemo filters 20,000 rows on a value among 28.
func BenchmarkFilterMemo(b *testing.B) {
	runBench(b, memoData(20000), `SELECT ?s WHERE { ?s :date ?d FILTER(?d <= "2020-01-10"^^<http://www.w3.org/2001/XMLSchema#date>) }`)
}

// BenchmarkRepeatedPattern reads each person's name twice (the group and
// its OPTIONAL): the scan cache answers the second lookup.
func BenchmarkRepeatedPattern(b *testing.B) {
	runBench(b, benchData(20000), `SELECT ?p ?n ?m WHERE { ?p :type :Person ; :name ?n OPTIONAL { ?p :name ?m FILTER(?m != "x") } }`)
}

// TestBindMemo checks BINDs whose value is remembered by the ids of the
// one or two variables they read, against the same values computed with
// three variables (no memo): on repeated values (the memo stays on), on
// distinct ones (it switches off), with errors (unbound) and a value read
// later.
func TestBindMemo(t *testing.T) {
	ds := memoData(3000)
	tests := []struct{ memo, plain string }{
		{`SELECT ?s ?d WHERE { ?s :date ?x BIND(DAY(?x) AS ?d) }`,
			`SELECT ?s ?d WHERE { ?s :date ?x ; :name ?n BIND(DAY(?x) + 0 * STRLEN(?n) + 0 * STRLEN(STR(?s)) AS ?d) }`},
		{`SELECT ?s ?d WHERE { ?s :date ?x ; :label ?l BIND(DAY(?x) + STRLEN(?l) AS ?d) }`,
			`SELECT ?s ?d WHERE { ?s :date ?x ; :label ?l BIND(DAY(?x) + STRLEN(?l) + 0 * STRLEN(STR(?s)) AS ?d) }`},
		{`SELECT ?s ?u WHERE { ?s :name ?n BIND(UCASE(?n) AS ?u) }`,
			`SELECT ?s ?u WHERE { ?s :name ?n ; :date ?x BIND(IF(BOUND(?x) && BOUND(?s), UCASE(?n), "") AS ?u) }`},
		{`SELECT ?s ?l WHERE { ?s :label ?x BIND(STRLEN(?x) AS ?l) FILTER(?l > 7) }`,
			`SELECT ?s ?l WHERE { ?s :label ?x ; :name ?n BIND(STRLEN(?x) + 0 * STRLEN(?n) + 0 * STRLEN(STR(?s)) AS ?l) FILTER(?l > 7) }`},
		{`SELECT ?y (COUNT(*) AS ?c) WHERE { ?s :date ?x BIND(YEAR(?x) AS ?y) } GROUP BY ?y`,
			`SELECT ?y (COUNT(*) AS ?c) WHERE { ?s :date ?x ; :name ?n BIND(YEAR(?x) + 0 * STRLEN(?n) + 0 * STRLEN(STR(?s)) AS ?y) } GROUP BY ?y`},
	}
	for _, tc := range tests {
		t.Run(tc.memo, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tc.memo, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := rows(context.Background(), t, ds, tc.plain, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) == 0 {
				t.Fatalf("memo: %d rows, plain: %d rows", len(got), len(want))
			}
		})
	}
}
