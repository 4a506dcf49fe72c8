package eval_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// numericOperands are values of every kind an arithmetic operand may
// meet: numbers of each type (small, large, NaN, infinities, an integer
// subtype out of its range, an invalid lexical form) and terms that are
// not numbers at all.
var numericOperands = []rdf.Term{
	rdf.Literal("10", rdf.XSDInteger),
	rdf.Literal("-3", rdf.XSDInteger),
	rdf.Literal("0", rdf.XSDInteger),
	rdf.Literal("170.0", rdf.XSDDecimal),
	rdf.Literal("185.5", rdf.XSDDecimal),
	rdf.Literal("0.1", rdf.XSDDecimal),
	rdf.Literal("123456789012345678901234567890.5", rdf.XSDDecimal),
	rdf.Literal("9223372036854775807", rdf.XSDInteger),
	rdf.Literal("-9223372036854775808", rdf.XSDInteger),
	rdf.Literal("7", "http://www.w3.org/2001/XMLSchema#int"),
	rdf.Literal("1.5E2", rdf.XSDDouble),
	rdf.Literal("NaN", rdf.XSDDouble),
	rdf.Literal("-INF", rdf.XSDDouble),
	rdf.Literal("0.1", "http://www.w3.org/2001/XMLSchema#float"),
	rdf.Literal("300", "http://www.w3.org/2001/XMLSchema#byte"),
	rdf.Literal("abc", rdf.XSDInteger),
	rdf.String("10"),
	rdf.LangString("10", "fr"),
	rdf.IRI("http://ex/x"),
	rdf.Literal("true", "http://www.w3.org/2001/XMLSchema#boolean"),
	rdf.Literal("2020-01-10", rdf.XSDDate),
}

// TestNumericPath checks arithmetic inside comparisons and inside
// arithmetic, which the evaluator computes on numbers without writing the
// intermediate literals, against the same operators applied to literals
// (the expr package's Add, Mul, Relational…), on every pair of operands
// and with each operand repeated over many rows (the number memo).
func TestNumericPath(t *testing.T) {
	ten := rdf.Literal("10", rdf.XSDInteger)
	two := rdf.Literal("2", rdf.XSDInteger)
	rel := func(op string, a, b rdf.Term, err error) (rdf.Term, error) {
		if err != nil {
			return rdf.Term{}, err
		}
		ok, err := expr.Relational(op, a, b)
		return expr.Bool(ok), err
	}
	arith := func(f func(a, b rdf.Term) (rdf.Term, error), a, b rdf.Term, err error) (rdf.Term, error) {
		if err != nil {
			return rdf.Term{}, err
		}
		return f(a, b)
	}
	cases := []struct {
		expr string
		want func(x, y rdf.Term) (rdf.Term, error)
	}{
		{"?x > 10 * ?y", func(x, y rdf.Term) (rdf.Term, error) {
			m, err := expr.Mul(ten, y)
			return rel(">", x, m, err)
		}},
		{"?x * 2 = ?y", func(x, y rdf.Term) (rdf.Term, error) {
			m, err := expr.Mul(x, two)
			return rel("=", m, y, err)
		}},
		{"?x != ?y + 0", func(x, y rdf.Term) (rdf.Term, error) {
			s, err := expr.Add(y, rdf.Literal("0", rdf.XSDInteger))
			return rel("!=", x, s, err)
		}},
		{"-(?x - ?y) <= 3", func(x, y rdf.Term) (rdf.Term, error) {
			d, err := expr.Sub(x, y)
			if err != nil {
				return rdf.Term{}, err
			}
			n, err := expr.Neg(d)
			return rel("<=", n, rdf.Literal("3", rdf.XSDInteger), err)
		}},
		{"(?x + ?y) / 2", func(x, y rdf.Term) (rdf.Term, error) {
			s, err := expr.Add(x, y)
			return arith(expr.Div, s, two, err)
		}},
		{"?x * (?y - 1.5)", func(x, y rdf.Term) (rdf.Term, error) {
			d, err := expr.Sub(y, rdf.Literal("1.5", rdf.XSDDecimal))
			return arith(expr.Mul, x, d, err)
		}},
		{"+?x >= ?y / ?x", func(x, y rdf.Term) (rdf.Term, error) {
			p, err := expr.Plus(x)
			if err != nil {
				return rdf.Term{}, err
			}
			q, err := expr.Div(y, x)
			return rel(">=", p, q, err)
		}},
		{`"10" < ?x + 1`, func(x, _ rdf.Term) (rdf.Term, error) {
			s, err := expr.Add(x, rdf.Literal("1", rdf.XSDInteger))
			return rel("<", rdf.String("10"), s, err)
		}},
		{"<http://ex/x> = ?x - ?x", func(x, _ rdf.Term) (rdf.Term, error) {
			d, err := expr.Sub(x, x)
			return rel("=", rdf.IRI("http://ex/x"), d, err)
		}},
		{"?x != ?y * 1", func(x, y rdf.Term) (rdf.Term, error) {
			m, err := expr.Mul(y, rdf.Literal("1", rdf.XSDInteger))
			return rel("!=", x, m, err)
		}},
		// Integer arithmetic that leaves int64 (the int path gives up).
		{"?x + ?y > ?x", func(x, y rdf.Term) (rdf.Term, error) {
			s, err := expr.Add(x, y)
			return rel(">", s, x, err)
		}},
		{"?x - ?y < ?y * ?x", func(x, y rdf.Term) (rdf.Term, error) {
			d, err := expr.Sub(x, y)
			if err != nil {
				return rdf.Term{}, err
			}
			m, err := expr.Mul(y, x)
			return rel("<", d, m, err)
		}},
		{"-?x >= ?y", func(x, y rdf.Term) (rdf.Term, error) {
			n, err := expr.Neg(x)
			return rel(">=", n, y, err)
		}},
	}
	const repeat = 3 // each pair on several rows: the memo answers the later ones
	ds := memdataset.New()
	var want = map[string][]string{}
	row := 0
	for i, x := range numericOperands {
		for j, y := range numericOperands {
			for k := range repeat {
				s := ex(fmt.Sprintf("r%d_%d_%d", i, j, k))
				ds.Add(rdf.Quad{S: s, P: ex("x"), O: x}, rdf.Quad{S: s, P: ex("y"), O: y})
				row++
			}
		}
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			var exp []string
			for i, x := range numericOperands {
				for j, y := range numericOperands {
					v, err := tc.want(x, y)
					for k := range repeat {
						s := ex(fmt.Sprintf("r%d_%d_%d", i, j, k)).String()
						if err != nil {
							v = rdf.Term{} // an error leaves ?v unbound
						}
						exp = append(exp, s+" "+v.String())
					}
				}
			}
			slices.Sort(exp)
			want[tc.expr] = exp
			q := fmt.Sprintf(`SELECT ?s ?v WHERE { ?s :x ?x ; :y ?y BIND(%s AS ?v) }`, tc.expr)
			got, err := rows(context.Background(), t, ds, q, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != row {
				t.Fatalf("%d rows, want %d", len(got), row)
			}
			for i := range got {
				if got[i] != exp[i] {
					t.Errorf("row %d: got %s, want %s", i, got[i], exp[i])
				}
			}
			// A comparison as a filter keeps exactly the rows where it is
			// true.
			if !strings.ContainsAny(tc.expr, "<>=") {
				return
			}
			fq := fmt.Sprintf(`SELECT ?s WHERE { ?s :x ?x ; :y ?y FILTER(%s) }`, tc.expr)
			kept, err := rows(context.Background(), t, ds, fq, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var wantKept []string
			for _, e := range exp {
				var s, v string
				fmt.Sscan(e, &s, &v)
				if v == expr.Bool(true).String() {
					wantKept = append(wantKept, s)
				}
			}
			if !slices.Equal(kept, wantKept) {
				t.Errorf("filter kept %d rows, want %d", len(kept), len(wantKept))
			}
		})
	}
}

// BenchmarkNumericFilter filters rows on a comparison with arithmetic
// (FILTER(?a > 10 * ?t)) over repeated decimal values.
func BenchmarkNumericFilter(b *testing.B) {
	ds := memdataset.New()
	for i := range 20000 {
		s := ex(fmt.Sprintf("o%d", i))
		ds.Add(
			rdf.Quad{S: s, P: ex("achieved"), O: rdf.Literal(fmt.Sprintf("%d.5", i%2000), rdf.XSDDecimal)},
			rdf.Quad{S: s, P: ex("target"), O: rdf.Literal(fmt.Sprintf("%d.0", i%80), rdf.XSDDecimal)},
		)
	}
	runBench(b, ds, `SELECT ?o WHERE { ?o :achieved ?a ; :target ?t FILTER(?a > 10 * ?t) }`)
}
