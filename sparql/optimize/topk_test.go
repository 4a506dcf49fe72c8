package optimize_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/optimize"
)

// TestLiftExtends: BINDs between an ORDER BY and its LIMIT move over the
// limit only when no sort key mentions them, and the ordered solutions stay
// the same, in the same order.
func TestLiftExtends(t *testing.T) {
	tests := []struct {
		name   string
		q      string
		lifted bool
	}{
		{"binds under order and limit",
			`SELECT ?x ?u ?l WHERE { ?x :name ?n BIND(UCASE(?n) AS ?u) BIND(STRLEN(?u) AS ?l) } ORDER BY ?x LIMIT 7 OFFSET 3`, true},
		{"select expression",
			`SELECT ?x (STRLEN(?n) AS ?l) WHERE { ?x :name ?n } ORDER BY DESC(?x) LIMIT 5`, true},
		{"sort key is a bind", `SELECT ?x ?u WHERE { ?x :name ?n BIND(UCASE(?n) AS ?u) } ORDER BY ?u ?x LIMIT 5`, false},
		{"sort expression uses a bind", `SELECT ?x ?u WHERE { ?x :name ?n BIND(UCASE(?n) AS ?u) } ORDER BY STRLEN(?u) ?x LIMIT 5`, false},
		{"no limit", `SELECT ?x ?u WHERE { ?x :name ?n BIND(UCASE(?n) AS ?u) } ORDER BY ?x OFFSET 2`, false},
		{"distinct between", `SELECT DISTINCT ?x ?u WHERE { ?x :name ?n BIND(UCASE(?n) AS ?u) } ORDER BY ?x LIMIT 5`, false},
	}
	lifted := func(plan string) bool {
		slice, extend := strings.Index(plan, "(slice"), strings.Index(plan, "(extend")
		return slice >= 0 && extend >= 0 && extend < slice &&
			strings.HasPrefix(strings.TrimSpace(plan[slice:][strings.Index(plan[slice:], "\n"):]), "(order")
	}
	ds := fixture(3, 200)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkRewrite(t, ds, tc.q, lifted, tc.lifted, -1) })
	}
}

// checkRewrite optimizes src over ds, checks with applied whether the plan
// shows the rewrite (want says whether it should), and compares the
// solutions, in order, with those of the unoptimised query: whole rows, or
// only column keyCol (>= 0) when rows with equal sort keys may come in any
// order.
func checkRewrite(t *testing.T, ds eval.Dataset, src string, applied func(plan string) bool, want bool, keyCol int) {
	t.Helper()
	q := translate(t, src)
	opt := *q
	opt.Op = optimize.Optimize(q.Op, ds)
	plan := algebra.SSE(opt.Op)
	if got := applied(plan); got != want {
		t.Fatalf("rewritten = %v, want %v:\n%s", got, want, plan)
	}
	plain, optimised := orderedSolutions(t, q, ds), orderedSolutions(t, &opt, ds)
	if len(plain) < 2 {
		t.Fatalf("%d solutions: the test exercises no order", len(plain))
	}
	if keyCol >= 0 {
		for i := range plain {
			plain[i] = strings.Fields(plain[i])[keyCol]
		}
		for i := range optimised {
			optimised[i] = strings.Fields(optimised[i])[keyCol]
		}
	}
	if !slices.Equal(optimised, plain) {
		t.Fatalf("optimised %v, unoptimised %v", optimised, plain)
	}
}

// orderedSolutions are the solutions of q in the order they come.
func orderedSolutions(t *testing.T, q *algebra.Query, ds eval.Dataset) []string {
	t.Helper()
	p, err := eval.Compile(q, eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for row, err := range p.Select(context.Background(), ds, eval.Limits{}) {
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range row {
			b.WriteString(v.String() + " ")
		}
		out = append(out, b.String())
	}
	return out
}

// TestSortAfterDistinct: an ORDER BY moves above the DISTINCT of its
// projection only when every sort key mentions projected variables alone,
// and the ordered distinct solutions stay the same, in the same order.
func TestSortAfterDistinct(t *testing.T) {
	tests := []struct {
		name  string
		q     string
		moved bool
	}{
		{"one projected key", `SELECT DISTINCT ?b WHERE { ?a :link ?b } ORDER BY ?b`, true},
		{"keys and limit", `SELECT DISTINCT ?b ?n WHERE { ?a :link ?b . ?b :name ?n } ORDER BY DESC(?n) ?b LIMIT 9 OFFSET 2`, true},
		{"expression of projected", `SELECT DISTINCT ?n WHERE { ?a :name ?n } ORDER BY DESC(STRLEN(?n)) ?n`, true},
		{"select expression key", `SELECT DISTINCT (UCASE(?n) AS ?u) WHERE { ?a :name ?n } ORDER BY ?u`, true},
		{"key not projected", `SELECT DISTINCT ?b WHERE { ?a :link ?b } ORDER BY ?a ?b`, false},
		{"no distinct", `SELECT ?b WHERE { ?a :link ?b } ORDER BY ?b`, false},
	}
	moved := func(plan string) bool {
		order, distinct := strings.Index(plan, "(order"), strings.Index(plan, "(distinct")
		return order >= 0 && distinct >= 0 && order < distinct
	}
	ds := fixture(5, 200)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkRewrite(t, ds, tc.q, moved, tc.moved, -1) })
	}
}

// TestLimitOptionalLeft: an ORDER BY and LIMIT over OPTIONALs give the
// left side its own top-k when the sort keys are variables it always
// binds, and the solutions stay the same, in the same order.
func TestLimitOptionalLeft(t *testing.T) {
	tests := []struct {
		name   string
		q      string
		pushed bool
		keyCol int // compare only this column when rows with equal keys may come in any order (-1: whole rows)
	}{
		{"one optional", `SELECT ?x ?n WHERE { ?x :type :T OPTIONAL { ?x :name ?n } } ORDER BY ?x LIMIT 7 OFFSET 3`, true, -1},
		{"two optionals, descending", `SELECT ?x ?n ?v WHERE { ?x :type :T OPTIONAL { ?x :name ?n } OPTIONAL { ?x :val ?v } } ORDER BY DESC(?x) LIMIT 9`, true, -1},
		{"several rows per left row", `SELECT ?x ?b WHERE { ?x :type :U OPTIONAL { ?x :link ?b } } ORDER BY ?x LIMIT 11 OFFSET 2`, true, 0},
		{"optional with a filter", `SELECT ?x ?n WHERE { ?x :type :T OPTIONAL { ?x :name ?n FILTER(lang(?n) = "fr") } } ORDER BY ?x LIMIT 6`, true, -1},
		{"key from the optional", `SELECT ?x ?n WHERE { ?x :type :T OPTIONAL { ?x :name ?n } } ORDER BY ?n ?x LIMIT 5`, false, -1},
		{"key is an expression", `SELECT ?x ?n WHERE { ?x :type :T OPTIONAL { ?x :name ?n } } ORDER BY STR(?x) LIMIT 5`, false, -1},
		{"no limit", `SELECT ?x ?n WHERE { ?x :type :T OPTIONAL { ?x :name ?n } } ORDER BY ?x OFFSET 5`, false, -1},
	}
	pushed := func(plan string) bool { return strings.Count(plan, "(slice") == 2 }
	ds := fixture(7, 300)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkRewrite(t, ds, tc.q, pushed, tc.pushed, tc.keyCol) })
	}
}
