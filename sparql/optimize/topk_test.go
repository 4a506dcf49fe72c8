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
	ds := fixture(3, 200)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := translate(t, tc.q)
			opt := *q
			opt.Op = optimize.Optimize(q.Op, ds)
			plan := algebra.SSE(opt.Op)
			slice, extend := strings.Index(plan, "(slice"), strings.Index(plan, "(extend")
			lifted := slice >= 0 && extend >= 0 && extend < slice &&
				strings.HasPrefix(strings.TrimSpace(plan[slice:][strings.Index(plan[slice:], "\n"):]), "(order")
			if lifted != tc.lifted {
				t.Fatalf("lifted = %v, want %v:\n%s", lifted, tc.lifted, plan)
			}
			want, got := orderedSolutions(t, q, ds), orderedSolutions(t, &opt, ds)
			if len(want) == 0 {
				t.Fatal("no solutions: the test exercises nothing")
			}
			if !slices.Equal(got, want) {
				t.Fatalf("optimised %v, unoptimised %v", got, want)
			}
		})
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
	ds := fixture(5, 200)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := translate(t, tc.q)
			opt := *q
			opt.Op = optimize.Optimize(q.Op, ds)
			plan := algebra.SSE(opt.Op)
			order, distinct := strings.Index(plan, "(order"), strings.Index(plan, "(distinct")
			moved := order >= 0 && distinct >= 0 && order < distinct
			if moved != tc.moved {
				t.Fatalf("moved = %v, want %v:\n%s", moved, tc.moved, plan)
			}
			want, got := orderedSolutions(t, q, ds), orderedSolutions(t, &opt, ds)
			if len(want) < 2 {
				t.Fatalf("%d solutions: the test exercises no order", len(want))
			}
			if !slices.Equal(got, want) {
				t.Fatalf("optimised %v, unoptimised %v", got, want)
			}
		})
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
	ds := fixture(7, 300)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := translate(t, tc.q)
			opt := *q
			opt.Op = optimize.Optimize(q.Op, ds)
			plan := algebra.SSE(opt.Op)
			if pushed := strings.Count(plan, "(slice") == 2; pushed != tc.pushed {
				t.Fatalf("pushed = %v, want %v:\n%s", pushed, tc.pushed, plan)
			}
			want, got := orderedSolutions(t, q, ds), orderedSolutions(t, &opt, ds)
			if len(want) < 2 {
				t.Fatalf("%d solutions: the test exercises no order", len(want))
			}
			if tc.keyCol >= 0 {
				for i := range want {
					want[i] = strings.Fields(want[i])[tc.keyCol]
				}
				for i := range got {
					got[i] = strings.Fields(got[i])[tc.keyCol]
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("optimised %v, unoptimised %v", got, want)
			}
		})
	}
}
