package eval_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

// joinData: 60 subjects typed :T (some also :U, with :w values), 400
// subjects with one or two :r values, 1000 with a :q value; :T subjects
// fall among those with :r and :q; :r links form chains for paths.
func joinData() *memdataset.Dataset {
	ds := memdataset.New()
	var qs []rdf.Quad
	s := func(i int) rdf.Term { return ex(fmt.Sprintf("s%d", i)) }
	for i := range 1000 {
		qs = append(qs, rdf.Quad{S: s(i), P: ex("q"), O: rdf.Literal(fmt.Sprint(i%7), rdf.XSDInteger)})
		if i < 400 {
			qs = append(qs, rdf.Quad{S: s(i), P: ex("r"), O: s((i*37 + 11) % 1000)})
			if i%3 == 0 {
				qs = append(qs, rdf.Quad{S: s(i), P: ex("r"), O: s((i + 1) % 1000)})
			}
		}
		if i%7 == 0 && i < 420 {
			qs = append(qs, rdf.Quad{S: s(i), P: ex("a"), O: ex("T")})
			if i%2 == 0 {
				qs = append(qs, rdf.Quad{S: s(i), P: ex("a"), O: ex("U")},
					rdf.Quad{S: s(i), P: ex("w"), O: s((i*37 + 11) % 1000)})
			}
		}
	}
	ds.Add(qs...)
	return ds
}

// hashJoins marks every join of the tree as a hash join (the optimizer's
// decision on a large dataset).
func hashJoins(op algebra.Op) {
	if j, ok := op.(*algebra.Join); ok {
		j.Hash = true
	}
	for ch := range algebra.Children(op) {
		hashJoins(ch)
	}
}

func selectRows(t *testing.T, q *algebra.Query, ds eval.Dataset, lim eval.Limits) ([]string, error) {
	t.Helper()
	p, err := eval.Compile(q, eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := solutionStrings(context.Background(), p, ds, lim, 0)
	slices.Sort(out)
	return out, err
}

// TestHashJoinSides runs joins as hash joins, whichever side the
// evaluator builds from (the left side held when it is the smaller, the
// right side otherwise, index lookups for a few rows), and compares them
// with the same joins evaluated by index nested loops.
func TestHashJoinSides(t *testing.T) {
	ds := joinData()
	tests := []struct {
		name, q string
		rows    int // > 0: the expected number of rows
	}{
		{"left smaller: held and probed by the right side", `SELECT * WHERE { { ?s :a :T } { ?s :r ?x } }`, 0},
		{"left larger: streamed into the right side", `SELECT * WHERE { { ?s :q ?y } { ?s :r ?x } }`, 534},
		{"few left rows: index lookups", `SELECT * WHERE { { ?s :a :U . ?s :w ?z } { ?s :r ?x } }`, 0},
		{"second shared variable must agree", `SELECT * WHERE { { ?s :a :U . ?s :w ?x } { ?s :r ?x } }`, 0},
		{"optional on the left", `SELECT * WHERE { { ?s :a :T OPTIONAL { ?s :w ?z } } { ?s :r ?x } }`, 0},
		{"inside an outer join (key bound by the input)", `SELECT * WHERE { { ?s :a :U } { { ?s :q ?y } { ?s :r ?x } } }`, 0},
		{"chain of three", `SELECT * WHERE { { ?s :a :T } { ?s :r ?x } { ?x :q ?y } }`, 0},
		{"no shared variable", `SELECT * WHERE { { ?s :a :U } { ?t :w ?z } }`, 30 * 30},
		{"key bound on the right by a BIND of a variable", `SELECT * WHERE { { ?s :a :T } { ?y :r ?x BIND(?x AS ?s) } }`, 0},
		{"key bound on the right by a BIND of an expression", `SELECT * WHERE { { ?s :a :T } { ?y :r ?x BIND(IRI(STR(?x)) AS ?s) } }`, 0},
		{"key left unbound by an OPTIONAL on the right", `SELECT * WHERE { { ?s :a :T } { ?y :q ?z OPTIONAL { ?y :w ?s } } }`, 0},
		{"key left unbound by a BIND failing on the right", `SELECT * WHERE { { ?s :a :T } { ?y :r ?x BIND(IF(STRENDS(STR(?x), "1"), ?x, 1/0) AS ?s) } }`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nested, err := selectRows(t, translate(t, tc.q), ds, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			q := translate(t, tc.q)
			hashJoins(q.Op)
			hashed, err := selectRows(t, q, ds, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(hashed, nested) {
				t.Fatalf("hash join: %d rows, nested loop: %d rows; first difference near %q", len(hashed), len(nested), firstDiff(hashed, nested))
			}
			if len(nested) == 0 || (tc.rows > 0 && len(nested) != tc.rows) {
				t.Fatalf("%d rows, want %d (nonzero)", len(nested), tc.rows)
			}
		})
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " / " + b[i]
		}
	}
	return ""
}

// TestHashJoinLimits: a hash join whose held side passes the byte budget
// ends with the memory limit, and a cancelled context stops it.
func TestHashJoinLimits(t *testing.T) {
	ds := joinData()
	for _, src := range []string{
		`SELECT * WHERE { { ?s :a :T } { ?s :r ?x } }`, // the left side held
		`SELECT * WHERE { { ?s :q ?y } { ?s :r ?x } }`, // the right side built
	} {
		q := translate(t, src)
		hashJoins(q.Op)
		_, err := selectRows(t, q, ds, eval.Limits{MaxMemoryBytes: 2 << 10})
		var le *eval.LimitError
		if !errors.As(err, &le) || le.Limit != "memory" || !le.Bytes {
			t.Errorf("%s: err = %v, want a memory LimitError", src, err)
		}
		if _, err := selectRows(t, q, ds, eval.Limits{MaxMemoryBytes: 1 << 20}); err != nil {
			t.Errorf("%s with a large budget: %v", src, err)
		}
		p, err := eval.Compile(q, eval.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, err = range p.Select(ctx, ds, eval.Limits{}) {
			if err != nil {
				break
			}
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s cancelled: err = %v, want context.Canceled", src, err)
		}
	}
}

// TestPathSequenceInMemory runs sequence paths long enough that their
// steps switch from index lookups to the link read whole, in both
// directions, and compares them with the same joins written as patterns.
func TestPathSequenceInMemory(t *testing.T) {
	ds := joinData()
	tests := []struct{ path, bgp string }{
		// A sequence inside an alternative stays a path (alone, it is
		// translated to patterns).
		{`SELECT ?a ?b WHERE { ?a (:r/:r)|:w ?b }`, `SELECT ?a ?b WHERE { { ?a :r ?m . ?m :r ?b } UNION { ?a :w ?b } }`},
		{`SELECT ?a ?b WHERE { ?a (^:r/:r)|:w ?b }`, `SELECT ?a ?b WHERE { { ?m :r ?a . ?m :r ?b } UNION { ?a :w ?b } }`},
		{`SELECT ?a ?b WHERE { ?a (:r/^:r)|:w ?b }`, `SELECT ?a ?b WHERE { { ?a :r ?m . ?b :r ?m } UNION { ?a :w ?b } }`},
		{`SELECT ?a ?y WHERE { ?a (:r/:q)|:w ?y }`, `SELECT ?a ?y WHERE { { ?a :r ?m . ?m :q ?y } UNION { ?a :w ?y } }`},
		{`SELECT ?a WHERE { ?a (:r/:r)|:w :s11 }`, `SELECT ?a WHERE { { ?a :r ?m . ?m :r :s11 } UNION { ?a :w :s11 } }`},
		{`SELECT ?b WHERE { :s3 (:r/:r/:r)|:w ?b }`, `SELECT ?b WHERE { { :s3 :r ?m . ?m :r ?n . ?n :r ?b } UNION { :s3 :w ?b } }`},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tc.path, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := rows(context.Background(), t, ds, tc.bgp, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Fatalf("path: %d rows, patterns: %d rows", len(got), len(want))
			}
		})
	}
}

// TestOutputOnlyResults: values of BINDs only returned are numbered without
// the dataset, yet equal terms stay one value (DISTINCT), terms the
// dataset holds come out as themselves, and a BIND read elsewhere still
// joins with the data.
func TestOutputOnlyResults(t *testing.T) {
	ds := memdataset.New()
	ds.Add(rdf.Quad{S: ex("a"), P: ex("p"), O: rdf.String("http://ex/b")},
		rdf.Quad{S: ex("c"), P: ex("p"), O: rdf.String("http://ex/b")},
		rdf.Quad{S: ex("b"), P: ex("p"), O: rdf.String("x")})
	tests := []struct {
		q    string
		want []string
	}{
		{`SELECT DISTINCT ?i WHERE { ?s :p ?o BIND(IRI(?o) AS ?i) }`, []string{"<http://ex/b>", "<x>"}},
		{`SELECT ?i ?v WHERE { ?s :p ?o BIND(IRI(?o) AS ?i) ?i :p ?v }`, []string{`<http://ex/b> "x"`, `<http://ex/b> "x"`}},
		{`SELECT ?s WHERE { ?s :p ?o BIND(IRI(?o) AS ?i) FILTER(?i = :b) }`, []string{"<http://ex/a>", "<http://ex/c>"}},
		{`SELECT ?s WHERE { ?s :p ?o BIND(IRI(?o) AS ?i) FILTER(sameTerm(?i, :b)) }`, []string{"<http://ex/a>", "<http://ex/c>"}},
		{`SELECT ?s WHERE { ?s :p ?o BIND(IRI(?o) AS ?i) FILTER(?i != :b) }`, []string{"<http://ex/b>"}},
		{`SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?s :p ?o BIND(IRI(?o) AS ?i) }`, []string{`"2"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
		{`SELECT ?s ?x WHERE { ?s :p ?o BIND(IRI(?o) AS ?i) OPTIONAL { ?x :p ?v FILTER(?x = ?i) } }`, []string{"<http://ex/a> <http://ex/b>", "<http://ex/b> ", "<http://ex/c> <http://ex/b>"}},
		{`SELECT ?i (COUNT(*) AS ?n) WHERE { ?s :p ?o BIND(UCASE(?o) AS ?i) } GROUP BY ?i`, []string{`"HTTP://EX/B" "2"^^<http://www.w3.org/2001/XMLSchema#integer>`, `"X" "1"^^<http://www.w3.org/2001/XMLSchema#integer>`}},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tc.q, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestZeroOrOnePath: p? gives each pair once, the zero-length one
// included, whichever ends are bound; a self loop on a bound node is one
// solution, not two.
func TestZeroOrOnePath(t *testing.T) {
	ds := memdataset.New()
	ds.Add(rdf.Quad{S: ex("x"), P: ex("r"), O: ex("x")},
		rdf.Quad{S: ex("x"), P: ex("r"), O: ex("y")},
		rdf.Quad{S: ex("y"), P: ex("r"), O: ex("z")},
		rdf.Quad{S: ex("y"), P: ex("r"), O: ex("z"), G: ex("g")})
	tests := []struct {
		q    string
		rows int
	}{
		{`SELECT * WHERE { :x :r? :x }`, 1},
		{`SELECT * WHERE { :y :r? :y }`, 1},
		{`SELECT * WHERE { :x :r? :z }`, 0},
		{`SELECT ?o WHERE { :x :r? ?o }`, 2},            // x, y
		{`SELECT ?o WHERE { :y :r? ?o }`, 2},            // y, z (z in two graphs, once)
		{`SELECT ?s WHERE { ?s :r? :z }`, 2},            // z, y
		{`SELECT ?s WHERE { ?s (:r|:r)? :y }`, 2},       // y, x (two ways, once)
		{`SELECT ?s ?o WHERE { ?s :r? ?o }`, 3 + 2},     // x, y, z to themselves (x-x once); x-y, y-z
		{`SELECT ?s WHERE { ?s :r ?m . ?m :r? ?s }`, 1}, // x (self loop)
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got, err := rows(context.Background(), t, ds, tc.q, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.rows {
				t.Fatalf("got %d rows %q, want %d", len(got), got, tc.rows)
			}
		})
	}
}

// TestHashJoinFirstRows: under LIMIT without ORDER BY, and in ASK, a hash
// join streams its left side into index lookups instead of holding it, so
// the first rows come without reading either side whole (shown by a byte
// budget the held rows would pass).
func TestHashJoinFirstRows(t *testing.T) {
	ds := joinData()
	const budget = 1 << 10
	run := func(src string) error {
		q := translate(t, src)
		hashJoins(q.Op)
		p, err := eval.Compile(q, eval.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if q.Form == algebra.Ask {
			_, err := p.Ask(context.Background(), ds, eval.Limits{MaxMemoryBytes: budget})
			return err
		}
		for _, err := range p.Select(context.Background(), ds, eval.Limits{MaxMemoryBytes: budget}) {
			if err != nil {
				return err
			}
		}
		return nil
	}
	const join = `{ ?s :a :T } { ?s :r ?x }`
	tests := []struct {
		q      string
		stream bool
	}{
		{`SELECT * WHERE { ` + join + ` } LIMIT 3`, true},
		{`SELECT ?x WHERE { ` + join + ` } LIMIT 3 OFFSET 2`, true},
		{`ASK { ` + join + ` }`, true},
		{`SELECT DISTINCT ?s WHERE { ` + join + ` } LIMIT 2`, true},
		{`SELECT * WHERE { ` + join + ` }`, false},
		{`SELECT * WHERE { ` + join + ` } ORDER BY ?x LIMIT 3`, false},
		{`SELECT ?s (COUNT(*) AS ?n) WHERE { ` + join + ` } GROUP BY ?s LIMIT 3`, false},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			err := run(tc.q)
			var le *eval.LimitError
			if tc.stream && err != nil {
				t.Fatalf("err = %v, want the first rows within %d bytes", err, budget)
			}
			if !tc.stream && (!errors.As(err, &le) || le.Limit != "memory") {
				t.Fatalf("err = %v, want a memory LimitError (the left side held)", err)
			}
		})
	}
}

// TestHashJoinInGraph: inside GRAPH ?g, rows of the two sides of a hash
// join come from the same graph, whichever side is held.
func TestHashJoinInGraph(t *testing.T) {
	ds := memdataset.New()
	var qs []rdf.Quad
	for i := range 300 {
		s := ex(fmt.Sprintf("s%d", i))
		g := ex(fmt.Sprintf("g%d", i%3))
		qs = append(qs, rdf.Quad{S: s, P: ex("r"), O: ex(fmt.Sprintf("o%d", i%11)), G: g},
			rdf.Quad{S: s, P: ex("r"), O: ex("shared"), G: ex("g0")})
		if i%5 == 0 {
			qs = append(qs, rdf.Quad{S: s, P: ex("a"), O: ex("T"), G: ex(fmt.Sprintf("g%d", i%2))})
		}
	}
	ds.Add(qs...)
	for _, src := range []string{
		`SELECT * WHERE { GRAPH ?g { { ?s :a :T } { ?s :r ?x } } }`,
		`SELECT * WHERE { GRAPH ?g { { ?s :r ?x } { ?s :a :T } } }`,
		`SELECT * WHERE { GRAPH :g0 { { ?s :a :T } { ?s :r ?x } } }`,
		`SELECT * WHERE { { ?s :a :T } { ?s :r ?x } }`,
	} {
		t.Run(src, func(t *testing.T) {
			nested, err := selectRows(t, translate(t, src), ds, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			q := translate(t, src)
			hashJoins(q.Op)
			hashed, err := selectRows(t, q, ds, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(hashed, nested) || len(nested) == 0 {
				t.Fatalf("hash join: %d rows, nested loop: %d rows; first difference near %q", len(hashed), len(nested), firstDiff(hashed, nested))
			}
		})
	}
}

// orderedData is a dataset whose cursor reads patterns binding only their
// predicate in subject order, as the store does from its columns; it counts
// the scans it answered so.
type orderedData struct {
	*memdataset.Dataset
	refuse  bool // answer no scan in subject order
	ordered int
	// restricted counts the scans in subject order given the subjects
	// to skip to.
	restricted int
}

func (d *orderedData) Cursor(ctx context.Context) eval.Cursor { return &orderedCursor{d, ctx} }

type orderedCursor struct {
	d   *orderedData
	ctx context.Context
}

func (c *orderedCursor) Scan(pat eval.IDQuad, fn func(eval.IDQuad) bool) error {
	for q, err := range c.d.Quads(c.ctx, pat) {
		if err != nil {
			return err
		}
		if !fn(q) {
			return nil
		}
	}
	return nil
}

func (c *orderedCursor) ScanBySubject(pat eval.IDQuad, subjects []eval.ID, fn func(eval.IDQuad) bool) (bool, error) {
	if c.d.refuse || pat.S != eval.AnyID || pat.O != eval.AnyID || pat.G != eval.AnyID {
		return false, nil
	}
	if subjects != nil {
		if !slices.IsSorted(subjects) {
			return false, fmt.Errorf("subjects out of order: %v", subjects)
		}
		c.d.restricted++
	}
	var qs []eval.IDQuad
	for q, err := range c.d.Quads(c.ctx, pat) {
		if err != nil {
			return false, err
		}
		if _, in := slices.BinarySearch(subjects, q.S); subjects == nil || in {
			qs = append(qs, q)
		}
	}
	slices.SortFunc(qs, func(x, y eval.IDQuad) int {
		return cmp.Or(cmp.Compare(x.S, y.S), cmp.Compare(x.P, y.P), cmp.Compare(x.O, y.O), cmp.Compare(x.G, y.G))
	})
	c.d.ordered++
	for _, q := range qs {
		if !fn(q) {
			break
		}
	}
	return true, nil
}

func (c *orderedCursor) Close() {}

// TestSubjectOrderedJoins: hash joins on a subject read the patterns keyed
// on it in subject order when the cursor can, and merge; the results equal
// the nested loops' whether the cursor reads in that order or refuses, with
// triples repeated across graphs counted once in the union default graph
// and GRAPH patterns read in the dataset's order.
func TestSubjectOrderedJoins(t *testing.T) {
	mem := orderedJoinData()
	tests := []struct {
		q       string
		ordered bool // some scan is read in subject order
		// restricted: some scan in subject order skips to the subjects
		// of a much smaller left side
		restricted bool
	}{
		{`SELECT * WHERE { { ?s :q ?y } { ?s :r ?x } }`, true, false},
		{`SELECT * WHERE { { ?s :r ?x } { ?s :q ?y } }`, true, true},
		{`SELECT * WHERE { { ?s :a :T } { ?s :r ?x } }`, true, true},
		{`SELECT * WHERE { { ?s :a :T } { ?s :q ?x } }`, true, true},
		{`SELECT * WHERE { { ?s :a :T } { ?s :q ?x FILTER(?x != 3) } }`, true, true},
		{`SELECT * WHERE { { ?s :r ?x } { ?s :r ?x2 } }`, true, false},
		{`SELECT * WHERE { { ?s :q ?y } { ?s :r ?x FILTER(?x != :o3) } }`, true, false},
		{`SELECT * WHERE { { ?s :q ?y } OPTIONAL { ?s :r ?x } }`, true, false},
		{`SELECT * WHERE { { ?y :q ?s } { ?s :r ?x } }`, true, false},
		{`SELECT * WHERE { GRAPH ?g { { ?s :r ?x } { ?s :r ?x2 } } }`, false, false},
		{`SELECT * WHERE { { ?s :r ?s } { ?s :q ?y } }`, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			want, err := selectRows(t, translate(t, tc.q), mem, eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			for _, refuse := range []bool{false, true} {
				ds := &orderedData{Dataset: mem, refuse: refuse}
				q := translate(t, tc.q)
				hashJoins(q.Op)
				markHashLeftJoins(q.Op)
				got, err := selectRows(t, q, ds, eval.Limits{})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("refuse %v: %d rows, nested loop %d; first difference near %q", refuse, len(got), len(want), firstDiff(got, want))
				}
				if !refuse && (ds.ordered > 0) != tc.ordered {
					t.Errorf("%d scans in subject order, want some: %v", ds.ordered, tc.ordered)
				}
				if !refuse && (ds.restricted > 0) != tc.restricted {
					t.Errorf("%d scans skipping to a join's subjects, want some: %v", ds.restricted, tc.restricted)
				}
			}
		})
	}
}

// orderedJoinData: 900 subjects created out of order, each with a :q
// value; half with a :r link held in one or two graphs, a fifth typed :T.
func orderedJoinData() *memdataset.Dataset {
	mem := memdataset.New()
	var qs []rdf.Quad
	for i := range 900 {
		s := ex(fmt.Sprintf("s%d", (i*389)%900))
		qs = append(qs, rdf.Quad{S: s, P: ex("q"), O: rdf.Literal(fmt.Sprint(i%7), rdf.XSDInteger)})
		if i%2 == 0 {
			qs = append(qs, rdf.Quad{S: s, P: ex("r"), O: ex(fmt.Sprintf("o%d", i%13)), G: ex(fmt.Sprintf("g%d", i%3))},
				rdf.Quad{S: s, P: ex("r"), O: ex(fmt.Sprintf("o%d", i%13)), G: ex("g1")})
		}
		if i%5 == 0 {
			qs = append(qs, rdf.Quad{S: s, P: ex("a"), O: ex("T")})
		}
	}
	mem.Add(qs...)
	return mem
}

// TestConstructThroughCursor: CONSTRUCT reads through the execution's
// cursor as SELECT does (its hash join merges in subject order) and gives
// the graph the nested loops give.
func TestConstructThroughCursor(t *testing.T) {
	mem := orderedJoinData()
	const src = `CONSTRUCT { ?s :both ?x . ?x :of ?s } WHERE { { ?s :q ?y } { ?s :r ?x } }`
	graph := func(ds eval.Dataset, hash bool) []string {
		q := translate(t, src)
		if hash {
			hashJoins(q.Op)
		}
		p, err := eval.Compile(q, eval.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for tr, err := range p.Triples(context.Background(), ds, eval.Limits{}) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, tr.S.String()+" "+tr.P.String()+" "+tr.O.String())
		}
		slices.Sort(out)
		return out
	}
	want := graph(mem, false)
	ds := &orderedData{Dataset: mem}
	got := graph(ds, true)
	if !slices.Equal(got, want) || len(want) != 900 {
		t.Fatalf("%d triples through the cursor, %d by nested loops (want 900)", len(got), len(want))
	}
	if ds.ordered == 0 {
		t.Fatal("CONSTRUCT never read through the cursor in subject order")
	}
}

// markHashLeftJoins marks every OPTIONAL of the tree as a hash join.
func markHashLeftJoins(op algebra.Op) {
	if j, ok := op.(*algebra.LeftJoin); ok {
		j.Hash = true
	}
	for ch := range algebra.Children(op) {
		markHashLeftJoins(ch)
	}
}

// TestUnionSharingTwoVariablesNotBuilt: the right side of a hash join is a
// UNION whose branches each bind one of two variables the left side binds;
// with no variable it always binds, a build would have no key, so it is
// evaluated with each left row's bindings (a few lookups a row) and never
// held: the join answers within a budget its build would pass.
func TestUnionSharingTwoVariablesNotBuilt(t *testing.T) {
	ds := memdataset.New()
	var qs []rdf.Quad
	for i := range 2000 {
		m, p, c := ex(fmt.Sprintf("m%d", i)), ex(fmt.Sprintf("p%d", i)), ex(fmt.Sprintf("c%d", i%50))
		qs = append(qs, rdf.Quad{S: m, P: ex("a"), O: p}, rdf.Quad{S: m, P: ex("b"), O: c},
			rdf.Quad{S: p, P: ex("i"), O: ex(fmt.Sprintf("t%d", i%7))},
			rdf.Quad{S: ex(fmt.Sprintf("c%d", i)), P: ex("s"), O: ex(fmt.Sprintf("t%d", i%11))})
	}
	ds.Add(qs...)
	q := translate(t, `SELECT * WHERE { { ?m :a ?p . ?m :b ?c } { { ?p :i ?t } UNION { ?c :s ?t } } }`)
	hashJoins(q.Op)
	got, err := selectRows(t, q, ds, eval.Limits{MaxMemoryBytes: 64 << 10})
	if err != nil {
		t.Fatalf("err = %v, want the rows within 64 KiB", err)
	}
	if len(got) != 4000 { // each membership: its person's topic, its chantier's subject
		t.Fatalf("%d rows, want 4000", len(got))
	}
}
