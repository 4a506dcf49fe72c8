package eval_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/store/rdf"
)

func ex(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }

func translate(t testing.TB, src string) *algebra.Query {
	t.Helper()
	ast, err := parser.ParseQuery(src, parser.Options{Prefixes: map[string]string{"": "http://ex/"}})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	alg, err := algebra.Translate(ast)
	if err != nil {
		t.Fatalf("translate: %v", err)
	}
	return alg
}

func compile(t testing.TB, src string) *eval.Program {
	t.Helper()
	p, err := eval.Compile(translate(t, src), eval.Options{})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return p
}

// rows runs a SELECT query and returns its rows as sorted strings.
func rows(ctx context.Context, t testing.TB, ds eval.Dataset, src string, lim eval.Limits) ([]string, error) {
	t.Helper()
	out, err := solutionStrings(ctx, compile(t, src), ds, lim, 0)
	slices.Sort(out)
	return out, err
}

// solutionStrings runs a compiled SELECT over ds and returns its
// solutions, each as its terms joined by spaces, in the order they come,
// stopping after stop of them (0: all).
func solutionStrings(ctx context.Context, p *eval.Program, ds eval.Dataset, lim eval.Limits, stop int) ([]string, error) {
	var out []string
	for row, err := range p.Select(ctx, ds, lim) {
		if err != nil {
			return out, err
		}
		parts := make([]string, len(row))
		for i, v := range row {
			parts[i] = v.String()
		}
		out = append(out, strings.Join(parts, " "))
		if len(out) == stop {
			break
		}
	}
	return out, nil
}

func smallData() *memdataset.Dataset {
	ds := memdataset.New()
	ds.Add(
		rdf.Quad{S: ex("a"), P: ex("knows"), O: ex("b")},
		rdf.Quad{S: ex("b"), P: ex("knows"), O: ex("c")},
		rdf.Quad{S: ex("c"), P: ex("knows"), O: ex("a")},
		rdf.Quad{S: ex("c"), P: ex("knows"), O: ex("d")},
		rdf.Quad{S: ex("a"), P: ex("name"), O: rdf.LangString("Anne", "fr")},
		rdf.Quad{S: ex("b"), P: ex("name"), O: rdf.String("Bob")},
		rdf.Quad{S: ex("a"), P: ex("age"), O: rdf.Literal("30", rdf.XSDInteger)},
		rdf.Quad{S: ex("b"), P: ex("age"), O: rdf.Literal("20", rdf.XSDInteger)},
		rdf.Quad{S: ex("c"), P: ex("age"), O: rdf.Literal("20", rdf.XSDInteger)},
		rdf.Quad{S: ex("d"), P: ex("name"), O: rdf.String("Dee"), G: ex("g1")},
		rdf.Quad{S: ex("a"), P: ex("name"), O: rdf.LangString("Anne", "fr"), G: ex("g1")},
	)
	return ds
}

func TestSelect(t *testing.T) {
	ds := smallData()
	tests := []struct {
		name, q string
		want    []string
	}{
		{"bgp join", `SELECT ?x ?n WHERE { ?x :knows ?y . ?y :name ?n }`,
			[]string{`<http://ex/a> "Bob"`, `<http://ex/c> "Anne"@fr`, `<http://ex/c> "Dee"`}},
		{"optional", `SELECT ?x ?n WHERE { ?x :age ?a OPTIONAL { ?x :name ?n } }`,
			[]string{`<http://ex/a> "Anne"@fr`, `<http://ex/b> "Bob"`, `<http://ex/c> `}},
		{"optional filter", `SELECT ?x ?n WHERE { ?x :age ?a OPTIONAL { ?x :name ?n FILTER(lang(?n) = "fr") } }`,
			[]string{`<http://ex/a> "Anne"@fr`, `<http://ex/b> `, `<http://ex/c> `}},
		{"filter scope", `SELECT ?x WHERE { ?x :age ?a { FILTER(BOUND(?a)) } }`, nil},
		{"minus", `SELECT ?x WHERE { ?x :age ?a MINUS { ?x :name ?n } }`, []string{`<http://ex/c>`}},
		{"not exists", `SELECT ?x WHERE { ?x :age ?a FILTER NOT EXISTS { ?x :knows :a } }`,
			[]string{`<http://ex/a>`, `<http://ex/b>`}},
		{"union", `SELECT ?v WHERE { { :a :age ?v } UNION { :b :name ?v } }`,
			[]string{`"30"^^<http://www.w3.org/2001/XMLSchema#integer>`, `"Bob"`}},
		{"bind", `SELECT ?x ?d WHERE { ?x :age ?a BIND(?a * 2 AS ?d) FILTER(?d > 50) }`,
			[]string{`<http://ex/a> "60"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"group runs and a key coming back", `SELECT ?x (COUNT(*) AS ?n) WHERE { VALUES (?x ?v) { (:a 1) (:a 2) (:b 3) (:a 4) (:b 5) (:c 6) (:c 7) } } GROUP BY ?x`,
			[]string{`<http://ex/a> "3"^^<http://www.w3.org/2001/XMLSchema#integer>`, `<http://ex/b> "2"^^<http://www.w3.org/2001/XMLSchema#integer>`, `<http://ex/c> "2"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"values", `SELECT ?x ?a WHERE { VALUES ?x { :a :c :z } ?x :age ?a }`,
			[]string{`<http://ex/a> "30"^^<http://www.w3.org/2001/XMLSchema#integer>`, `<http://ex/c> "20"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"group count", `SELECT ?a (COUNT(*) AS ?n) WHERE { ?x :age ?a } GROUP BY ?a`,
			[]string{`"20"^^<http://www.w3.org/2001/XMLSchema#integer> "2"^^<http://www.w3.org/2001/XMLSchema#integer>`, `"30"^^<http://www.w3.org/2001/XMLSchema#integer> "1"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"count empty", `SELECT (COUNT(*) AS ?n) WHERE { ?x :nothing ?y }`, []string{`"0"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"having", `SELECT ?a WHERE { ?x :age ?a } GROUP BY ?a HAVING (COUNT(?x) > 1)`, []string{`"20"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"distinct", `SELECT DISTINCT ?a WHERE { ?x :age ?a }`,
			[]string{`"20"^^<http://www.w3.org/2001/XMLSchema#integer>`, `"30"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"path plus", `SELECT ?y WHERE { :a :knows+ ?y }`, []string{`<http://ex/a>`, `<http://ex/b>`, `<http://ex/c>`, `<http://ex/d>`}},
		{"path star inverse", `SELECT ?y WHERE { :d ^:knows* ?y }`, []string{`<http://ex/a>`, `<http://ex/b>`, `<http://ex/c>`, `<http://ex/d>`}},
		{"path both bound", `SELECT * WHERE { :a :knows+ :d }`, []string{``}},
		{"path optional", `SELECT ?y WHERE { :a :knows? ?y }`, []string{`<http://ex/a>`, `<http://ex/b>`}},
		{"path seq alt", `SELECT ?n WHERE { :a :knows/(:name|:age) ?n }`, []string{`"20"^^<http://www.w3.org/2001/XMLSchema#integer>`, `"Bob"`}},
		{"negated set", `SELECT ?o WHERE { :a !(:knows|:name) ?o }`, []string{`"30"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"graph var", `SELECT ?g ?n WHERE { GRAPH ?g { ?x :name ?n } }`,
			[]string{`<http://ex/g1> "Anne"@fr`, `<http://ex/g1> "Dee"`}},
		{"graph iri", `SELECT ?n WHERE { GRAPH :g1 { :d :name ?n } }`, []string{`"Dee"`}},
		{"union default graph dedup", `SELECT ?n WHERE { :a :name ?n }`, []string{`"Anne"@fr`}},
		{"from", `SELECT ?n FROM :g1 WHERE { ?x :name ?n }`, []string{`"Anne"@fr`, `"Dee"`}},
		{"order limit", `SELECT ?x WHERE { ?x :age ?a } ORDER BY DESC(?a) ?x LIMIT 2`, []string{`<http://ex/a>`, `<http://ex/b>`}},
		{"subquery", `SELECT ?x ?m WHERE { ?x :age ?a { SELECT (MAX(?b) AS ?m) WHERE { ?y :age ?b } } FILTER(?a = ?m) }`,
			[]string{`<http://ex/a> "30"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{"or error", `SELECT ?x WHERE { ?x :age ?a OPTIONAL { ?x :name ?n } FILTER(?n = "Bob" || ?a = 20) }`,
			[]string{`<http://ex/b>`, `<http://ex/c>`}},
		{"coalesce if in", `SELECT ?x (COALESCE(?n, IF(?a IN (20, 21), "young", "old")) AS ?l) WHERE { ?x :age ?a OPTIONAL { ?x :name ?n } }`,
			[]string{`<http://ex/a> "Anne"@fr`, `<http://ex/b> "Bob"`, `<http://ex/c> "young"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tc.q, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func TestAskConstructDescribe(t *testing.T) {
	ds := smallData()
	ctx := context.Background()
	ok, err := compile(t, `ASK { :a :knows :b }`).Ask(ctx, ds, eval.Limits{})
	if err != nil || !ok {
		t.Errorf("ASK = %v, %v; want true", ok, err)
	}
	ok, err = compile(t, `ASK { :b :knows :a }`).Ask(ctx, ds, eval.Limits{})
	if err != nil || ok {
		t.Errorf("ASK = %v, %v; want false", ok, err)
	}
	tests := []struct {
		name, q string
		want    int
	}{
		{"construct", `CONSTRUCT { ?y :knownBy ?x . ?x :n "lit" } WHERE { ?x :knows ?y }`, 7},
		{"construct bnode", `CONSTRUCT { _:b :of ?x } WHERE { ?x :age ?a }`, 3},
		{"construct drops invalid", `CONSTRUCT { ?n :is ?x } WHERE { ?x :name ?n }`, 0},
		{"describe", `DESCRIBE :b`, 3},
		// One triple reached from data ids and from computed values (a
		// BIND, a constant the data holds): the result graph holds it once.
		{"duplicates across ids and computed values", `CONSTRUCT { ?x :age ?v } WHERE {
			{ ?x :age ?v } UNION { ?x :age ?a BIND(STRDT(STR(?a), <http://www.w3.org/2001/XMLSchema#integer>) AS ?v) }
			UNION { ?x :age ?a BIND(20 AS ?v) FILTER(?a = 20) } }`, 3},
		{"duplicates within a solution, one computed", `CONSTRUCT { ?x :age ?v . ?x :age ?a } WHERE {
			?x :age ?a BIND(STRDT(STR(?a), <http://www.w3.org/2001/XMLSchema#integer>) AS ?v) }`, 3},
		{"one triple of constants", `CONSTRUCT { :a :age 20 } WHERE { ?x :age ?a }`, 1},
		{"template blank nodes are fresh per solution", `CONSTRUCT { _:b :of :a . _:b :of :a } WHERE { ?x :age ?a }`, 3},
		{"duplicates of a describe", `DESCRIBE :b :b ?x WHERE { :a :knows ?x }`, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for _, err := range compile(t, tc.q).Triples(ctx, ds, eval.Limits{}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != tc.want {
				t.Errorf("got %d triples, want %d", n, tc.want)
			}
		})
	}
}

// bigData has n subjects each with one :p and one :q triple.
func bigData(n int) *memdataset.Dataset {
	ds := memdataset.New()
	qs := make([]rdf.Quad, 0, 2*n)
	for i := range n {
		s := ex(fmt.Sprintf("s%d", i))
		qs = append(qs, rdf.Quad{S: s, P: ex("p"), O: rdf.Literal(fmt.Sprint(i), rdf.XSDInteger)},
			rdf.Quad{S: s, P: ex("q"), O: ex(fmt.Sprintf("s%d", (i+1)%n))})
	}
	ds.Add(qs...)
	return ds
}

func TestLimits(t *testing.T) {
	ds := bigData(2000)
	tests := []struct {
		name  string
		q     string
		lim   eval.Limits
		limit string
	}{
		{"results", `SELECT * WHERE { ?s :p ?o }`, eval.Limits{MaxResults: 10}, "results"},
		{"order by", `SELECT * WHERE { ?s :p ?o } ORDER BY ?o`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"top-k within budget", `SELECT * WHERE { ?s :p ?o } ORDER BY ?o LIMIT 5`, eval.Limits{MaxMemoryRows: 100}, ""},
		{"distinct", `SELECT DISTINCT ?o WHERE { ?s :p ?o }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"group", `SELECT ?o (COUNT(*) AS ?n) WHERE { ?s :p ?o } GROUP BY ?o`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"count distinct of one pattern", `SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s :p ?o }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"count distinct in a group", `SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s :q ?o . ?o :p ?x }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"path nodes", `SELECT * WHERE { ?x :q* ?y }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"materialised subquery", `SELECT * WHERE { ?s :q ?t { SELECT ?t ?o WHERE { ?t :p ?o } } }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"path", `SELECT * WHERE { :s0 :q+ ?x }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"equality join", `SELECT * WHERE { { ?s :p ?o } { ?t :p ?u } FILTER(?o = ?u) }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
		{"equality join in one pattern", `SELECT * WHERE { ?s :p ?o . ?t :p ?u FILTER(?o = ?u) }`, eval.Limits{MaxMemoryRows: 100}, "memory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rows(context.Background(), t, ds, tc.q, tc.lim)
			var le *eval.LimitError
			switch {
			case tc.limit == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.limit == "":
			case !errors.As(err, &le):
				t.Fatalf("got %v, want a *LimitError", err)
			case le.Limit != tc.limit:
				t.Errorf("limit %q, want %q", le.Limit, tc.limit)
			}
		})
	}
}

func TestCancellation(t *testing.T) {
	ds := bigData(2000)
	tests := []struct{ name, q string }{
		{"cross product", `SELECT * WHERE { ?a :p ?b . ?c :p ?d . ?e :p ?f }`},
		{"path closure", `SELECT * WHERE { ?a :q* ?b . ?c :q* ?d }`},
		{"sort", `SELECT * WHERE { ?a :p ?b . ?c :p ?d } ORDER BY ?d ?b`},
		{"group", `SELECT ?b (COUNT(*) AS ?n) WHERE { ?a :p ?b . ?c :p ?d } GROUP BY ?b`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, err := rows(ctx, t, ds, tc.q, eval.Limits{})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want an error wrapping context.DeadlineExceeded", err)
			}
		})
	}
}

func TestService(t *testing.T) {
	_, err := rows(context.Background(), t, smallData(), `SELECT * WHERE { SERVICE <http://remote/> { ?s ?p ?o } }`, eval.Limits{})
	if !errors.Is(err, eval.ErrServiceUnsupported) {
		t.Fatalf("got %v, want ErrServiceUnsupported", err)
	}
	got, err := rows(context.Background(), t, smallData(), `SELECT * WHERE { :a :age ?a SERVICE SILENT <http://remote/> { ?s ?p ?o } }`, eval.Limits{})
	if err != nil || len(got) != 1 {
		t.Fatalf("SERVICE SILENT: got %v, %v; want one row", got, err)
	}
}

// TestStopEarly checks that breaking out of the sequence stops evaluation.
func TestStopEarly(t *testing.T) {
	p := compile(t, `SELECT * WHERE { ?a :p ?b . ?c :p ?d }`)
	n := 0
	for _, err := range p.Select(context.Background(), bigData(2000), eval.Limits{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatalf("got %d rows", n)
	}
}

// TestPathInMemoryLinks runs closures long enough to switch from index
// lookups to the predicate's links loaded in memory, in both directions.
func TestPathInMemoryLinks(t *testing.T) {
	const n = 60
	ds := bigData(n) // :q links s0 → s1 → … → s59 → s0
	tests := []struct {
		name, q string
		want    int
	}{
		{"plus unbound", `SELECT * WHERE { ?a :q+ ?b }`, n * n},
		{"star inverse", `SELECT * WHERE { ?a ^:q* ?b }`, n*n + n}, // zero-length: the :p literals are nodes too
		{"plus bound object", `SELECT * WHERE { ?a :p ?v . ?a :q+ :s7 }`, n},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tc.q, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want || len(slices.Compact(slices.Clone(got))) != tc.want {
				t.Errorf("got %d rows (%d distinct), want %d", len(got), len(slices.Compact(slices.Clone(got))), tc.want)
			}
		})
	}
}
