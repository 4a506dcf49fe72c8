package optimize_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/sparql/optimize"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/sparql/stats"
	"github.com/ruche-lod/ruche/store/rdf"
)

var update = flag.Bool("update", false, "rewrite the golden plans")

func ex(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }

// fixture is a deterministic dataset with skewed statistics: many :T
// nodes, few :Rare ones, names in two languages and random links.
func fixture(seed uint64, n int) *memdataset.Dataset {
	r := rand.New(rand.NewPCG(seed, 7))
	ds := memdataset.New()
	for i := range n {
		x := ex(fmt.Sprintf("x%d", i))
		ds.Add(rdf.Quad{S: x, P: ex("type"), O: ex("T")})
		if i%20 == 0 {
			ds.Add(rdf.Quad{S: x, P: ex("type"), O: ex("Rare")})
		}
		if i%3 == 0 {
			ds.Add(rdf.Quad{S: x, P: ex("type"), O: ex("U")})
		}
		if r.IntN(4) > 0 {
			ds.Add(rdf.Quad{S: x, P: ex("name"), O: rdf.LangString(fmt.Sprintf("n%d", i), []string{"fr", "en"}[r.IntN(2)])})
		}
		for range r.IntN(3) {
			ds.Add(rdf.Quad{S: x, P: ex("link"), O: ex(fmt.Sprintf("x%d", r.IntN(n)))})
		}
		if r.IntN(5) == 0 {
			ds.Add(rdf.Quad{S: x, P: ex("val"), O: rdf.Literal(fmt.Sprint(r.IntN(10)), rdf.XSDInteger)})
		}
	}
	return ds
}

func translate(t testing.TB, src string) *algebra.Query {
	t.Helper()
	ast, err := parser.ParseQuery(src, parser.Options{Prefixes: map[string]string{"": "http://ex/"}})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	q, err := algebra.Translate(ast)
	if err != nil {
		t.Fatalf("translate: %v", err)
	}
	return q
}

// TestPlansGolden optimizes testdata/*.rq over the fixture and compares the
// plans with the .plan files.
func TestPlansGolden(t *testing.T) {
	ds := fixture(1, 400)
	files, err := filepath.Glob("testdata/*.rq")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			q := translate(t, string(src))
			got := algebra.SSE(optimize.Optimize(q.Op, ds)) + "\n"
			golden := strings.TrimSuffix(f, ".rq") + ".plan"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("plan differs from %s:\n%s", golden, got)
			}
		})
	}
}

// differentialQueries exercise every rewrite: join order, filter
// placement, OPTIONAL lifting, unions, paths, grouping and subqueries.
var differentialQueries = []string{
	`SELECT * WHERE { ?a :link ?b . ?b :link ?c . ?c :type :Rare }`,
	`SELECT * WHERE { ?a :type :T . ?b :type :Rare . ?a :link ?b . FILTER(?a != ?b) }`,
	`SELECT * WHERE { ?a :name ?n . ?a :link ?b . ?b :type :U FILTER(lang(?n) = "fr" && ?a != :x3) }`,
	`SELECT * WHERE { ?a :type :Rare OPTIONAL { ?a :link ?b . ?b :name ?n } FILTER(!BOUND(?n) || lang(?n) = "en") }`,
	`SELECT * WHERE { ?a :name ?n . OPTIONAL { ?a :link ?b } { ?a :type :Rare } }`,
	`SELECT * WHERE { ?a :name ?n . OPTIONAL { ?a :link ?b FILTER(?b != ?a) } ?b :type :T }`,
	`SELECT * WHERE { { ?a :link ?b } UNION { ?b :link ?a } ?a :type :Rare FILTER(?b != :x1) }`,
	`SELECT * WHERE { ?a :type :Rare . ?a :link+ ?b . ?b :val ?v }`,
	`SELECT * WHERE { ?b :type :Rare . ?a :link* ?b . ?a :type :U }`,
	`SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a :type :U . ?a :link ?b . ?b :type :T } GROUP BY ?a`,
	`SELECT * WHERE { ?a :val ?v . ?b :val ?w FILTER(?v = ?w && ?a != ?b) ?a :link ?b }`,
	`SELECT * WHERE { ?a :type :Rare MINUS { ?a :link ?b . ?b :type :U } ?a :name ?n }`,
	`SELECT * WHERE { ?a :link ?b { SELECT ?b (COUNT(*) AS ?k) WHERE { ?b :link ?c } GROUP BY ?b } ?a :type :Rare }`,
	`SELECT * WHERE { ?a :type :Rare FILTER EXISTS { ?a :link ?b . ?b :type :U } ?a :link ?c }`,
	`SELECT * WHERE { ?a :link ?b BIND(STR(?b) AS ?s) ?b :type :Rare FILTER(STRLEN(?s) > 11) }`,
	`SELECT * WHERE { ?a :type :Rare . ?a :name ?n FILTER(REGEX(?n, "^n1|0$", "i") && lang(?n) = "fr") }`,
	`SELECT * WHERE { ?a :type :T . ?a :name ?n FILTER(CONTAINS(?n, "1")) }`,
	`SELECT * WHERE { ?a :link ?b FILTER(?b = :x3) }`,
	`SELECT * WHERE { ?a ?p ?o FILTER(?o IN (:Rare, :U, :Rare, "n3")) }`,
	`SELECT * WHERE { ?a :type ?t ; :name ?n FILTER(sameTerm(:U, ?t) && lang(?n) = "fr") }`,
	`SELECT * WHERE { ?a :val ?v FILTER(?v = "3") }`,
	`SELECT * WHERE { ?a :val ?v FILTER(?v = 3 || ?v = "3") }`,
	`SELECT * WHERE { ?a :type :Rare OPTIONAL { ?a :link ?b } FILTER(?b = :x5) }`,
	`SELECT * WHERE { ?a :link ?b . { ?b :type ?t FILTER(?t = :U && ?a != ?b) } }`,
	`SELECT * WHERE { ?a :type :U FILTER EXISTS { ?a :link/:link* ?b . ?b :type :Rare } }`,
	`SELECT * WHERE { ?a :type :U FILTER NOT EXISTS { ?c :type :Rare . ?a :link* ?c FILTER(?c != ?a) } }`,
	`SELECT * WHERE { ?a :type :U BIND(EXISTS { ?a :link/:link* ?b . ?b :type :Rare } AS ?x) }`,
	`SELECT * WHERE { ?a :val ?v BIND(NOT EXISTS { ?c :val ?w FILTER(?w > ?v) } AS ?top) }`,
	`SELECT * WHERE { ?a :type :U OPTIONAL { ?a :link ?b FILTER EXISTS { ?b :link ?c . ?c :type :Rare FILTER(?c != ?a) } } }`,
	`SELECT * WHERE { ?a :link ?b . { ?a :type ?t } UNION { ?b :type ?t } }`,
	`SELECT * WHERE { ?a :link ?b . { ?a :type ?t } UNION { ?b :name ?t } UNION { ?a :val ?t } }`,
	`SELECT * WHERE { ?a :type :U . { ?b :link ?x BIND(?x AS ?a) } }`,
	`SELECT * WHERE { ?a :type :U . { ?b :link ?x BIND(IF(STRENDS(STR(?x), "1"), ?x, 1/0) AS ?a) } }`,
}

// TestFilterOutOfScope: a filter comparing a variable its group never
// binds keeps nothing, and its group becomes an empty table; BOUND,
// COALESCE, || and variables of the group itself keep the filter.
func TestFilterOutOfScope(t *testing.T) {
	tests := []struct {
		q     string
		empty bool
	}{
		{`SELECT * WHERE { ?a :link ?b MINUS { ?c :link ?b FILTER(?c != ?a) } }`, true},
		{`SELECT * WHERE { ?a :link ?b { ?c :type :U FILTER(?c = ?a) } }`, true},
		{`SELECT * WHERE { GRAPH ?g { ?a :link ?b FILTER(?g = :g1) } }`, true},
		{`SELECT * WHERE { ?a :val ?v { ?c :val ?w FILTER(?w > ?v + 1) } }`, true},
		{`SELECT * WHERE { ?a :link ?b { ?c :type :U FILTER(!BOUND(?a)) } }`, false},
		{`SELECT * WHERE { ?a :link ?b { ?c :type :U FILTER(COALESCE(?a, ?c) = ?c) } }`, false},
		{`SELECT * WHERE { ?a :link ?b { ?c :type :U FILTER(?a = ?c || true) } }`, false},
		{`SELECT * WHERE { ?a :link ?b FILTER(?a != ?b) }`, false},
		{`SELECT ?a (COUNT(*) AS ?n) WHERE { ?a :link ?b } GROUP BY ?a HAVING(COUNT(*) > 1)`, false},
		{`SELECT * WHERE { ?a :link ?b OPTIONAL { ?b :val ?v FILTER(?v > 2) } }`, false},
		{`SELECT * WHERE { ?a :val ?v FILTER EXISTS { ?c :val ?w FILTER(?w > ?v) } }`, false},
		{`SELECT * WHERE { ?a :val ?v FILTER NOT EXISTS { ?c :val ?w FILTER(?w > ?z) } }`, true},
	}
	ds := fixture(1, 400)
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			q := translate(t, tc.q)
			plan := algebra.SSE(optimize.Optimize(q.Op, ds))
			if got := strings.Contains(plan, "(table (vars))"); got != tc.empty {
				t.Errorf("empty table %v, want %v:\n%s", got, tc.empty, plan)
			}
			opt := *q
			opt.Op = optimize.Optimize(q.Op, ds)
			if plain, got := solutions(t, q, ds), solutions(t, &opt, ds); !slices.Equal(plain, got) {
				t.Errorf("optimized plan gives %d rows, unoptimized %d", len(got), len(plain))
			}
		})
	}
}

// TestEqualityTable: a filter pinning a pattern's variable to IRIs or
// plain strings becomes a join with a table of them (looked up through
// the indexes); numbers, language-tagged strings, variables an OPTIONAL
// may leave unbound and disjunctions stay filters.
func TestEqualityTable(t *testing.T) {
	tests := []struct {
		q    string
		want string // in the plan; "" when no table is made
	}{
		{`SELECT * WHERE { ?a :link ?b FILTER(?b = :x3) }`, `(table (vars ?b)`},
		{`SELECT * WHERE { ?a :link ?b FILTER(:x3 = ?b) }`, `(table (vars ?b)`},
		{`SELECT * WHERE { ?a :link ?b FILTER(sameTerm(?a, :x1)) }`, `(table (vars ?a)`},
		{`SELECT * WHERE { ?a ?p ?o FILTER(?o IN (:U, :U, "s")) }`, `(row [?o <http://ex/U>])
      (row [?o "s"])`},
		{`SELECT * WHERE { ?a :name ?n ; :link ?b FILTER(?b = :x3 && lang(?n) = "fr") }`, `(filter (= (lang ?n) "fr")`},
		{`SELECT * WHERE { ?a :val ?v FILTER(?v = 3) }`, ""},
		{`SELECT * WHERE { ?a :name ?n FILTER(?n = "n3"@fr) }`, ""},
		{`SELECT * WHERE { ?a :val ?v FILTER(?v IN (:x1, 3)) }`, ""},
		{`SELECT * WHERE { ?a :link ?b FILTER(?b = :x3 || ?b = :x4) }`, ""},
		{`SELECT * WHERE { ?a :type :Rare OPTIONAL { ?a :link ?b } FILTER(?b = :x5) }`, ""},
		{`SELECT * WHERE { GRAPH ?g { ?a :link ?b } FILTER(?g = :g1) }`, ""},
	}
	ds := fixture(1, 400)
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			plan := algebra.SSE(optimize.Optimize(translate(t, tc.q).Op, ds))
			if tc.want == "" {
				if strings.Contains(plan, "(table") {
					t.Errorf("a table was made:\n%s", plan)
				}
				return
			}
			if !strings.Contains(plan, tc.want) {
				t.Errorf("plan lacks %s:\n%s", tc.want, plan)
			}
		})
	}
}

// TestDifferential checks that optimized and unoptimized plans give the same
// solutions on random data.
func TestDifferential(t *testing.T) {
	for seed := range uint64(4) {
		ds := fixture(seed+10, 150)
		for i, src := range differentialQueries {
			t.Run(fmt.Sprintf("seed%d/q%d", seed, i), func(t *testing.T) {
				q := translate(t, src)
				plain := solutions(t, q, ds)
				opt := *q
				opt.Op = optimize.Optimize(q.Op, ds)
				got := solutions(t, &opt, ds)
				if !slices.Equal(plain, got) {
					t.Errorf("optimized plan gives %d rows, unoptimized %d\nplan:\n%s", len(got), len(plain), algebra.SSE(opt.Op))
				}
			})
		}
	}
}

// solutions are the solutions of q, sorted.
func solutions(t *testing.T, q *algebra.Query, ds eval.Dataset) []string {
	t.Helper()
	out := orderedSolutions(t, q, ds)
	slices.Sort(out)
	return out
}

func TestFold(t *testing.T) {
	tests := []struct{ name, q, want string }{
		{"arithmetic", `SELECT * WHERE { ?a :val ?v FILTER(?v > 2 * 3 + 1) }`, `(> ?v "7"^^<http://www.w3.org/2001/XMLSchema#integer>)`},
		{"function", `SELECT * WHERE { ?a :val ?v FILTER(?v = STRLEN("abc")) }`, `(= ?v "3"^^<http://www.w3.org/2001/XMLSchema#integer>)`},
		{"error kept", `SELECT * WHERE { ?a :val ?v FILTER(?v = 1 / 0) }`, `(= ?v (/ "1"^^<http://www.w3.org/2001/XMLSchema#integer> "0"^^<http://www.w3.org/2001/XMLSchema#integer>))`},
		{"volatile kept", `SELECT * WHERE { ?a :val ?v FILTER(?v < RAND()) }`, `(< ?v (rand))`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan := algebra.SSE(optimize.Optimize(translate(t, tc.q).Op, nil))
			if !strings.Contains(plan, tc.want) {
				t.Errorf("plan lacks %s:\n%s", tc.want, plan)
			}
		})
	}
}

// scaled multiplies a dataset's estimates, to plan as if it were larger.
type scaled struct {
	*memdataset.Dataset
	k uint64
}

func (s scaled) Estimate(pat stats.IDQuad) uint64 { return s.Dataset.Estimate(pat) * s.k }

// TestHashJoinHoldsTheSmallerSide: a join of a large pattern with a much
// larger one is hashed when the smaller side is expected to fit
// (maxHashRows), whatever the larger side's size, and not when both are
// too large to hold.
func TestHashJoinHoldsTheSmallerSide(t *testing.T) {
	const q = `SELECT ?type (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s :type ?type ; ?p ?o } GROUP BY ?type`
	ds := fixture(1, 400)
	types := ds.Estimate(stats.IDQuad{P: mustID(t, ds, ex("type"))})
	all := ds.Estimate(stats.IDQuad{})
	for _, tc := range []struct {
		k      uint64
		hashed bool
	}{
		{1_500_000 / types, true},   // ?s :type ?type about 1.5M rows, every triple several millions
		{10_000_000 / types, false}, // both sides beyond maxHashRows
	} {
		if tc.k*all <= 2_000_000 {
			t.Fatalf("scale %d: %d triples, not larger than what a hash join holds", tc.k, tc.k*all)
		}
		plan := algebra.SSE(optimize.Optimize(translate(t, q).Op, scaled{ds, tc.k}))
		if got := strings.Contains(plan, "hashjoin"); got != tc.hashed {
			t.Errorf("scale %d: hashed %v, want %v:\n%s", tc.k, got, tc.hashed, plan)
		}
	}
}

func mustID(t *testing.T, ds *memdataset.Dataset, term rdf.Term) stats.ID {
	t.Helper()
	id, ok, err := ds.LookupID(term)
	if err != nil || !ok {
		t.Fatalf("no id for %s: %v", term, err)
	}
	return id
}

// TestExistsPatternNotHashed: the pattern of an EXISTS is ordered but its
// joins are never hash joins, so its patterns fuse back into one basic
// graph pattern: the evaluator substitutes it row by row and stops at the
// first solution, where a hash join would read a side whole first.
func TestExistsPatternNotHashed(t *testing.T) {
	ds := fixture(1, 400)
	for _, q := range []string{
		`SELECT * WHERE { ?a :type :U FILTER EXISTS { ?b :link ?c . ?d :link ?c } }`,
		`SELECT * WHERE { ?a :type :U FILTER NOT EXISTS { ?a :link ?c . ?d :link ?c . ?d :type :T } }`,
	} {
		plan := algebra.SSE(optimize.Optimize(translate(t, q).Op, scaled{ds, 20000}))
		exists := plan[strings.Index(plan, "exists"):]
		if strings.Contains(exists, "hashjoin") || strings.Count(exists, "(bgp") != 2 {
			t.Errorf("%s: the EXISTS pattern is not one basic graph pattern:\n%s", q, plan)
		}
	}
}
