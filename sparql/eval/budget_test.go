package eval_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestMemoryBudgetBytes runs queries whose buffers or built strings pass a
// small byte budget: each must end with a memory LimitError (found with
// errors.As), never run on, and the same query must succeed under a large
// enough budget (so the error comes from the budget).
func TestMemoryBudgetBytes(t *testing.T) {
	ds := memdataset.New()
	for i := range 200 {
		ds.Add(rdf.Quad{S: ex(fmt.Sprintf("s%d", i)), P: ex("v"), O: rdf.String(fmt.Sprintf("%03d%s", i, strings.Repeat("a", 97)))})
	}
	ds.Add(rdf.Quad{S: ex("big"), P: ex("w"), O: rdf.String(strings.Repeat("b", 1<<20))})
	const cross = `?x :v ?a . ?y :v ?b .`
	tests := []struct {
		name   string
		query  string
		budget int64
	}{
		{"replace amplification, one call", `SELECT (REPLACE(?o, ".", "xxxxx") AS ?r) WHERE { :big :w ?o }`, 4 << 20},
		{"replace results kept", `SELECT ?r WHERE { ?x :v ?a BIND(REPLACE(?a, "a", "aaaaaaaaaaaaaaaaaaaa") AS ?r) }`, 256 << 10},
		{"concat amplification", `SELECT (STRLEN(CONCAT(?o, ?o, ?o, ?o, ?o, ?o, ?o, ?o, ?o, ?o)) AS ?n) WHERE { :big :w ?o }`, 8 << 20},
		{"group_concat over a cross product", `SELECT (STRLEN(GROUP_CONCAT(?a)) AS ?n) WHERE { ` + cross + ` }`, 2 << 20},
		{"group_concat per group", `SELECT ?x (STRLEN(GROUP_CONCAT(?b)) AS ?n) WHERE { ` + cross + ` } GROUP BY ?x`, 2 << 20},
		{"sort", `SELECT ?a ?b WHERE { ` + cross + ` } ORDER BY ?b ?a`, 2 << 20},
		{"distinct", `SELECT DISTINCT ?a ?b WHERE { ` + cross + ` }`, 1 << 20}, // 40,000 pairs of ids
		{"groups", `SELECT ?a ?b (COUNT(*) AS ?n) WHERE { ` + cross + ` } GROUP BY ?a ?b`, 2 << 20},
		{"count distinct", `SELECT (COUNT(DISTINCT CONCAT(?a, ?b)) AS ?n) WHERE { ` + cross + ` }`, 2 << 20},
		{"minus build", `SELECT ?x WHERE { ?x :v ?a MINUS { ?x :v ?c . ?y :v ?d BIND(CONCAT(?c, ?d) AS ?a) } }`, 1 << 20},
		{"not exists build", `SELECT ?x WHERE { ?x :v ?a . ?z :v ?e FILTER NOT EXISTS { ?y :v ?c . ?x :v ?d } }`, 1 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rows(context.Background(), t, ds, tc.query, eval.Limits{MaxMemoryBytes: tc.budget})
			var le *eval.LimitError
			if !errors.As(err, &le) || le.Limit != "memory" || !le.Bytes || le.Max != tc.budget {
				t.Fatalf("err = %v, want a memory LimitError at %d bytes", err, tc.budget)
			}
			if _, err := rows(context.Background(), t, ds, tc.query, eval.Limits{MaxMemoryBytes: 4 << 30}); err != nil {
				t.Fatalf("with a large budget: %v", err)
			}
		})
	}
}

// TestSortCancelled checks that a cancelled context stops a sort (the
// comparison loop checks it) with the context's error.
func TestSortCancelled(t *testing.T) {
	ds := memdataset.New()
	for i := range 400 {
		ds.Add(rdf.Quad{S: ex(fmt.Sprintf("s%d", i)), P: ex("v"), O: rdf.String(fmt.Sprintf("%d", i*7919%400))})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := rows(ctx, t, ds, `SELECT ?a ?b WHERE { ?x :v ?a . ?y :v ?b } ORDER BY ?b ?a`, eval.Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestExistsFilterReadsOuterVariable: a filter inside NOT EXISTS that reads
// a variable of the outer row only (not bound by the pattern) sees the
// row's value (substitution), as the specification defines EXISTS.
func TestExistsFilterReadsOuterVariable(t *testing.T) {
	ds := memdataset.New()
	ds.Add(rdf.Quad{S: ex("s1"), P: ex("v"), O: rdf.String("1")}, rdf.Quad{S: ex("s2"), P: ex("v"), O: rdf.String("2")})
	for _, tc := range []struct{ query, want string }{
		{`SELECT ?x WHERE { ?x :v ?a FILTER NOT EXISTS { ?x :v ?c . ?y :v ?d FILTER(?d != ?a) } }`, ""},
		{`SELECT ?x WHERE { ?x :v ?a FILTER EXISTS { ?y :v ?d FILTER(?d > ?a) } }`, "<http://ex/s1>"},
	} {
		got, err := rows(context.Background(), t, ds, tc.query, eval.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s: got %q, want %q", tc.query, got, tc.want)
		}
	}
}

// TestTopKMatchesFullSort: ORDER BY with LIMIT/OFFSET (a bounded heap that
// computes later keys only on ties) gives the same rows, in the same order,
// as the full sort cut afterwards, with many ties on the first keys.
func TestTopKMatchesFullSort(t *testing.T) {
	ds := memdataset.New()
	for i := range 500 {
		s := ex(fmt.Sprintf("s%d", i))
		ds.Add(rdf.Quad{S: s, P: ex("a"), O: rdf.Literal(fmt.Sprint(i*7%5), rdf.XSDInteger)},
			rdf.Quad{S: s, P: ex("b"), O: rdf.String(fmt.Sprint(i * 13 % 11))})
	}
	ordered := func(src string) []string {
		var out []string
		for row, err := range compile(t, src).Select(context.Background(), ds, eval.Limits{}) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(row))
		}
		return out
	}
	// First keys repeating few ids, distinct ids, and an expression.
	for _, order := range []string{"?a ?b ?s", "DESC(?a) ?b DESC(?s)", "?b DESC(?a) ?s", "DESC(?s) ?a", "STR(?b) ?s"} {
		base := `SELECT ?s ?a ?b WHERE { ?s :a ?a ; :b ?b } ORDER BY ` + order
		all := ordered(base)
		for _, lim := range [][2]int{{0, 1}, {0, 7}, {3, 7}, {100, 50}, {490, 20}} {
			got := ordered(fmt.Sprintf("%s LIMIT %d OFFSET %d", base, lim[1], lim[0]))
			want := all[min(lim[0], len(all)):min(lim[0]+lim[1], len(all))]
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("ORDER BY %s LIMIT %d OFFSET %d:\n got %v\nwant %v", order, lim[1], lim[0], got, want)
			}
		}
	}
}

// TestValueSizeBound: one call of a string function that would build more
// than MaxValueBytes ends the query with a "value-size" LimitError, whatever
// the memory budget (such a call cannot be interrupted once started), and a
// cancelled query stops before the next such call.
func TestValueSizeBound(t *testing.T) {
	ds := memdataset.New()
	ds.Add(rdf.Quad{S: ex("big"), P: ex("w"), O: rdf.String(strings.Repeat("b", 1<<20))})
	q := `SELECT (STRLEN(REPLACE(REPLACE(?o, ".", "xxxxx"), ".", "xxxxx")) AS ?n) WHERE { :big :w ?o }`
	_, err := rows(context.Background(), t, ds, q, eval.Limits{})
	var le *eval.LimitError
	if !errors.As(err, &le) || le.Limit != "value-size" || le.Max != eval.MaxValueBytes {
		t.Fatalf("err = %v, want a value-size LimitError", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := rows(ctx, t, ds, `SELECT (STRLEN(REPLACE(?o, ".", "x")) AS ?n) WHERE { :big :w ?o }`, eval.Limits{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err = %v, want context.Canceled", err)
	}
}

// TestInConstantList: IN over a long list of constants answers by lookup
// exactly as the item-by-item comparison does (IRIs, simple strings, and
// lists mixing numbers, where value equality applies).
func TestInConstantList(t *testing.T) {
	ds := memdataset.New()
	ds.Add(rdf.Quad{S: ex("a"), P: ex("v"), O: rdf.String("x3")},
		rdf.Quad{S: ex("b"), P: ex("v"), O: ex("i3")},
		rdf.Quad{S: ex("c"), P: ex("v"), O: rdf.Literal("3.0", rdf.XSDNS+"decimal")},
		rdf.Quad{S: ex("d"), P: ex("v"), O: rdf.LangString("x3", "fr")})
	list := func(f func(i int) string) string {
		var b strings.Builder
		for i := range 20 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f(i))
		}
		return b.String()
	}
	for _, tc := range []struct{ items, want string }{
		{list(func(i int) string { return fmt.Sprintf(`"x%d"`, i) }), "<http://ex/a>"},
		{list(func(i int) string { return fmt.Sprintf(`<http://ex/i%d>`, i) }), "<http://ex/b>"},
		{list(func(i int) string { return fmt.Sprintf(`%d`, i) }), "<http://ex/c>"},
	} {
		got, err := rows(context.Background(), t, ds, `SELECT ?s WHERE { ?s :v ?o FILTER(?o IN (`+tc.items+`)) }`, eval.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !strings.Contains(fmt.Sprint(got[0]), tc.want) {
			t.Errorf("IN (%.30s…) = %v, want %s", tc.items, got, tc.want)
		}
		got, err = rows(context.Background(), t, ds, `SELECT ?s WHERE { ?s :v ?o FILTER(?o NOT IN (`+tc.items+`)) }`, eval.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if strings.Contains(fmt.Sprint(r), tc.want) {
				t.Errorf("NOT IN (%.30s…) keeps %s", tc.items, tc.want)
			}
		}
	}
}

// TestRepeatedAggregate: an aggregate written twice (in SELECT and in
// HAVING, or twice in SELECT) gives the same value and is computed once,
// so it costs its memory once: the query with GROUP_CONCAT written twice
// runs within the budget the query with it once needs.
func TestRepeatedAggregate(t *testing.T) {
	ds := memdataset.New()
	for i := range 200 {
		ds.Add(rdf.Quad{S: ex(fmt.Sprintf("s%d", i%4)), P: ex("v"), O: rdf.String(fmt.Sprintf("%03d%s", i, strings.Repeat("a", 97)))})
	}
	for _, tc := range []struct{ q, want string }{
		{`SELECT ?s (COUNT(?a) AS ?n) WHERE { ?s :v ?a } GROUP BY ?s HAVING (COUNT(?a) > 49) ORDER BY ?s`, "4 rows of 50"},
		{`SELECT (COUNT(?a) AS ?n) (COUNT(DISTINCT ?a) AS ?d) (COUNT(?a) AS ?m) WHERE { ?s :v ?a }`, "200 200 200"},
		{`SELECT (MIN(?a) AS ?x) (MAX(?a) AS ?y) (MIN(?a) AS ?z) WHERE { ?s :v ?a }`, "min max min"},
	} {
		got, err := rows(context.Background(), t, ds, tc.q, eval.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		switch tc.want {
		case "4 rows of 50":
			if len(got) != 4 || !strings.Contains(got[0], `"50"`) {
				t.Errorf("%s: %q", tc.q, got)
			}
		case "200 200 200":
			if len(got) != 1 || strings.Count(got[0], `"200"`) != 3 {
				t.Errorf("%s: %q", tc.q, got)
			}
		default:
			f := strings.Fields(got[0])
			if len(f) != 3 || f[0] != f[2] || f[0] == f[1] {
				t.Errorf("%s: %q", tc.q, got)
			}
		}
	}
	once := `SELECT (STRLEN(GROUP_CONCAT(?a)) AS ?n) WHERE { ?s :v ?a }`
	twice := `SELECT (STRLEN(GROUP_CONCAT(?a)) AS ?n) (STRLEN(GROUP_CONCAT(?a)) AS ?m) WHERE { ?s :v ?a }`
	lo, hi := int64(1<<10), int64(1<<22) // the least budget once needs is in (lo, hi]
	for hi-lo > 256 {
		mid := (lo + hi) / 2
		if _, err := rows(context.Background(), t, ds, once, eval.Limits{MaxMemoryBytes: mid}); err != nil {
			lo = mid
		} else {
			hi = mid
		}
	}
	// GROUP_CONCAT holds about 20 KB here: computed twice, it would not
	// fit in 4 KB more.
	if _, err := rows(context.Background(), t, ds, twice, eval.Limits{MaxMemoryBytes: hi + 4<<10}); err != nil {
		t.Fatalf("written twice, within %d bytes: %v", hi+4<<10, err)
	}
}

// TestNotExistsCrossProductSubstitutes: a NOT EXISTS whose pattern, on its
// own, is a cross product (40,000 rows) keeps substituting each row, which
// costs a few lookups a row, instead of building the product once the
// lookups pass what reading its patterns costs: it answers within a
// budget the build would pass.
func TestNotExistsCrossProductSubstitutes(t *testing.T) {
	ds := memdataset.New()
	for i := range 200 {
		ds.Add(rdf.Quad{S: ex(fmt.Sprintf("s%d", i)), P: ex("v"), O: rdf.String(fmt.Sprintf("%03d", i))})
		if i%2 == 0 {
			ds.Add(rdf.Quad{S: ex(fmt.Sprintf("s%d", i)), P: ex("w"), O: ex("t")})
		}
	}
	got, err := rows(context.Background(), t, ds, `SELECT ?x WHERE { ?x :v ?a FILTER NOT EXISTS { ?y :v ?c . ?x :w ?d } }`, eval.Limits{MaxMemoryBytes: 256 << 10})
	if err != nil {
		t.Fatalf("err = %v, want the rows within 256 KiB", err)
	}
	if len(got) != 100 {
		t.Fatalf("%d rows, want the 100 subjects without :w", len(got))
	}
}
