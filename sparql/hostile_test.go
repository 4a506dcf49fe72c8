package sparql

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/store/rdf"
)

// rep writes n items made by item(i), joined by sep, between head and tail.
func rep(head string, n int, sep string, item func(i int) string, tail string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item(i))
	}
	b.WriteString(tail)
	return b.String()
}

func nested(open string, n int, mid, close string) string {
	return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
}

func lit(i int) string { return fmt.Sprint(i) }

// TestHostileQueries prepares and runs queries shaped to exhaust the
// stack or to take quadratic time, at sizes from 10k to 1M. Each must end
// in a *LimitError or in its correct answer; no timing is asserted (the
// test timeout bounds the work, and a stack overflow would kill the test
// binary).
func TestHostileQueries(t *testing.T) {
	ds := memdataset.New()
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	ds.Add(rdf.Quad{S: ex("a"), P: ex("p"), O: rdf.Literal("5", rdf.XSDInteger)},
		rdf.Quad{S: ex("a"), P: ex("q"), O: ex("a")})
	tests := []struct {
		name string
		q    string
		rows int // expected solutions (or 1 for a true ASK); -1: a *LimitError
	}{
		{"sum 1M terms", rep("SELECT (", 1_000_000, "+", func(int) string { return "1" }, " AS ?x) {}"), -1},
		{"sum 400 terms", rep("SELECT (", 400, "+", func(int) string { return "1" }, " AS ?x) {}"), 1},
		{"product 200k", rep("SELECT (", 200_000, "*", func(int) string { return "1" }, " AS ?x) {}"), -1},
		{"minus chain 200k", rep("SELECT (0", 200_000, "", func(int) string { return " -1" }, " AS ?x) {}"), -1},
		{"and 80k", rep("SELECT * { ?s <http://ex/p> ?o FILTER(", big(80_000), " && ", func(i int) string { return "?o != " + lit(i+10) }, ") }"), 1},
		{"and 120k", rep("SELECT * { ?s <http://ex/p> ?o FILTER(", big(120_000), " && ", func(i int) string { return "?o != " + lit(i+10) }, ") }"), 1},
		{"or 100k", rep("SELECT * { ?s <http://ex/p> ?o FILTER(", big(100_000), " || ", func(i int) string { return "?o = " + lit(i) }, ") }"), 1},
		{"in 100k", rep("SELECT * { ?s <http://ex/p> ?o FILTER(?o IN (", big(100_000), ",", lit, ")) }"), 1},
		{"not in 200k", rep("SELECT * { ?s <http://ex/p> ?o FILTER(?o NOT IN (", big(200_000), ",", func(i int) string { return lit(i + 10) }, ")) }"), 1},
		{"union 25k", rep("SELECT * {", big(25_000), " UNION ", func(i int) string { return "{ ?s <http://ex/p> " + lit(i) + " }" }, "}"), 1},
		{"union 50k", rep("SELECT * {", big(50_000), " UNION ", func(i int) string { return "{ ?s <http://ex/p> " + lit(i) + " }" }, "}"), 1},
		{"bind 1.1k", "SELECT * { BIND(0 AS ?v0) " + rep("", 1100, " ", func(i int) string { return fmt.Sprintf("BIND(?v%d + 1 AS ?v%d)", i, i+1) }, "}"), -1},
		{"bind 9k", "SELECT * { BIND(0 AS ?v0) " + rep("", 8999, " ", func(i int) string { return fmt.Sprintf("BIND(?v%d + 1 AS ?v%d)", i, i+1) }, "}"), -1},
		{"bind 900", "SELECT ?v900 { BIND(0 AS ?v0) " + rep("", 900, " ", func(i int) string { return fmt.Sprintf("BIND(?v%d + 1 AS ?v%d)", i, i+1) }, "}"), 1},
		{"bind 100k", "SELECT * { BIND(0 AS ?v0) " + rep("", 100_000, " ", func(i int) string { return fmt.Sprintf("BIND(1 AS ?w%d)", i) }, "}"), -1},
		{"optional 20k", rep("SELECT * { ?s ?p ?o ", 20_000, " ", func(i int) string { return fmt.Sprintf("OPTIONAL { ?s ?p ?x%d }", i) }, "}"), -1},
		{"optional 900", rep("SELECT * { ?s ?p ?o ", 900, " ", func(i int) string { return fmt.Sprintf("OPTIONAL { ?s ?p ?x%d }", i) }, "}"), 2},
		{"minus 900", rep("SELECT * { ?s ?p ?o ", 900, " ", func(i int) string { return fmt.Sprintf("MINUS { ?s ?p %d }", i+10) }, "}"), 2},
		{"minus 20k", rep("SELECT * { ?s ?p ?o ", 20_000, " ", func(i int) string { return fmt.Sprintf("MINUS { ?s ?p %d }", i) }, "}"), -1},
		{"filters 20k", rep("SELECT * { ?s <http://ex/p> ?o ", big(20_000), " ", func(i int) string { return fmt.Sprintf("FILTER(?o != %d)", i+10) }, "}"), 1},
		{"groups 10k", rep("SELECT * { ", big(10_000), " ", func(int) string { return "{ ?s <http://ex/p> ?o }" }, "}"), 1},
		{"triples 20k", rep("SELECT * { ", big(20_000), " . ", func(int) string { return "?s <http://ex/p> ?o" }, "}"), 1},
		{"objects 30k", rep("ASK { ?s <http://ex/p> ", big(30_000), ", ", func(int) string { return "5" }, "}"), 1},
		{"path seq 10k", rep("ASK { ?s ", big(10_000), "/", func(int) string { return "<http://ex/q>" }, " ?o }"), 1},
		{"path alt 50k", rep("ASK { ?s ", big(50_000), "|", func(i int) string { return fmt.Sprintf("<http://ex/r%d>", i) }, " ?o }"), 0},
		{"path brackets 100k", "ASK { ?s " + nested("(", 100_000, "<http://ex/p>", ")") + " ?o }", -1},
		{"path inverse 100k", "ASK { ?s " + nested("^(", 100_000, "<http://ex/p>", ")") + " ?o }", -1},
		{"brackets 1M", "SELECT (" + nested("(", 1_000_000, "1", ")") + " AS ?x) {}", -1},
		{"unary 100k", "SELECT (" + nested("-(", 100_000, "1", ")") + " AS ?x) {}", -1},
		{"calls 100k", "SELECT (" + nested("STR(", 100_000, "1", ")") + " AS ?x) {}", -1},
		{"groups nested 100k", "SELECT * " + nested("{", 100_000, "", "}"), -1},
		{"exists nested 50k", "ASK { " + nested("FILTER EXISTS {", 50_000, "", "}") + "}", -1},
		{"subqueries 50k", "SELECT * " + nested("{ SELECT * ", 50_000, "{}", "}"), -1},
		{"blank nodes nested 100k", "ASK { ?s <http://ex/p> " + nested("[ <http://ex/p> ", 100_000, "1", "]") + " }", -1},
		{"collections nested 100k", "ASK { ?s <http://ex/p> " + nested("(", 100_000, "1", ")") + " }", -1},
		{"collection 30k", rep("ASK { ?s <http://ex/p> (", big(30_000), " ", lit, ") }"), 0},
		{"values 50k", rep("SELECT * { ?s <http://ex/p> ?o VALUES ?o {", big(50_000), " ", lit, "} }"), 1},
		{"prefixes 80k", rep("", big(80_000), "\n", func(i int) string { return fmt.Sprintf("PREFIX p%d: <http://ex/%d/>", i, i) }, " ASK { ?s ?p ?o }"), 1},
		{"projections 10k", rep("SELECT ", 10_000, " ", func(i int) string { return fmt.Sprintf("(1 AS ?x%d)", i) }, " {}"), -1},
		{"order by 50k", rep("SELECT * { ?s ?p ?o } ORDER BY ", big(50_000), " ", func(int) string { return "?o" }, ""), 2},
		{"group by 50k", rep("SELECT ?o { ?s ?p ?o } GROUP BY ", big(50_000), " ", func(int) string { return "?o" }, ""), 2},
		{"concat args 100k", rep("SELECT (CONCAT(", big(100_000), ",", func(int) string { return `"a"` }, ") AS ?x) {}"), 1},
		{"coalesce nested 100k", "SELECT (" + nested("COALESCE(", 100_000, "1", ")") + " AS ?x) {}", -1},
		// Constant folding at planning would build 10^10 bytes: left to the
		// evaluator, whose value-size bound ends it.
		{"replace nested on a constant", "SELECT (STRLEN(" + nested("REPLACE(", 9, `"aaaaaaaaaa"`, `, "a", "aaaaaaaaaa")`) + ") AS ?n) {}", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Prepare(tc.q, Options{})
			var n int
			if err == nil {
				n, err = count(q, ds)
			}
			var le *LimitError
			switch {
			case tc.rows < 0:
				if !errors.As(err, &le) {
					t.Fatalf("got %d rows, error %v; want a *LimitError", n, err)
				}
			case err != nil:
				t.Fatalf("error %v (%T), want %d rows", err, err, tc.rows)
			case n != tc.rows:
				t.Errorf("%d rows, want %d", n, tc.rows)
			}
			var se *parser.SyntaxError
			if errors.As(err, &se) {
				t.Errorf("a limit reported as a syntax error: %v", err)
			}
		})
	}
}

// count runs q and returns its number of solutions (1 or 0 for ASK).
func count(q *Query, ds Dataset) (int, error) {
	res, err := q.Exec(context.Background(), ds, Limits{})
	if err != nil {
		return 0, err
	}
	if res.Form == Ask {
		if res.Boolean {
			return 1, nil
		}
		return 0, nil
	}
	n := 0
	for _, err := range res.Solutions() {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TestPrepareAndPlanContext: a done context stops parsing, translation
// and planning with its error, before evaluation starts.
func TestPrepareAndPlanContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	big := rep("SELECT * {", 20_000, " UNION ", func(i int) string { return "{ ?s ?p " + lit(i) + " }" }, "}")
	if _, err := PrepareContext(ctx, big, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("prepare: error %v, want context.Canceled", err)
	}
	q, err := Prepare(big, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Exec(ctx, memdataset.New(), Limits{}); !errors.Is(err, context.Canceled) {
		t.Errorf("exec: error %v, want context.Canceled", err)
	}
	if _, err := Prepare(strings.Repeat(" ", MaxQueryBytes+1), Options{}); !errors.As(err, new(*LimitError)) {
		t.Errorf("a text over MaxQueryBytes: error %v, want a *LimitError", err)
	}
}
