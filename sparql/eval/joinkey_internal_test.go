package eval

import (
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestJoinKey: a hash join hashes on a variable both sides always bind,
// a subject of a triple pattern first (an object such as a class may be
// shared by most rows); else on one the right side binds only maybe; never
// on one the input binds.
func TestJoinKey(t *testing.T) {
	v := algebra.V
	iri := func(s string) algebra.Node { return algebra.Node{Term: rdf.IRI("http://ex/" + s)} }
	tp := func(s, p, o algebra.Node) algebra.TriplePattern { return algebra.TriplePattern{S: s, P: p, O: o} }
	bgp := func(tps ...algebra.TriplePattern) *algebra.BGP { return &algebra.BGP{Patterns: tps} }
	tests := []struct {
		name string
		join *algebra.Join
		bd   algebra.VarSet
		want string
	}{
		{"subject before an object that sorts first",
			&algebra.Join{Left: bgp(tp(v("s"), v("p"), v("o"))), Right: bgp(tp(v("s"), v("q"), v("o")))}, nil, "s"},
		{"object subject of the other side",
			&algebra.Join{Left: bgp(tp(v("a"), iri("p"), v("x"))), Right: bgp(tp(v("x"), iri("q"), v("a2")))}, nil, "x"},
		{"only shared variable, an object",
			&algebra.Join{Left: bgp(tp(v("s"), iri("p"), v("o"))), Right: bgp(tp(v("t"), iri("q"), v("o")))}, nil, "o"},
		{"bound by the input: the other one",
			&algebra.Join{Left: bgp(tp(v("s"), v("p"), v("o"))), Right: bgp(tp(v("s"), v("q"), v("o")))}, algebra.VarSet{"s": {}}, "o"},
		{"maybe on the right",
			&algebra.Join{Left: bgp(tp(v("s"), iri("p"), v("o"))), Right: &algebra.LeftJoin{Left: bgp(tp(v("t"), iri("q"), v("z"))), Right: bgp(tp(v("t"), iri("r"), v("s")))}}, nil, "s"},
		{"maybe on the right, another variable shared: none (a UNION binding one per branch)",
			&algebra.Join{Left: bgp(tp(v("m"), iri("p"), v("p")), tp(v("m"), iri("o"), v("c"))), Right: &algebra.Union{Left: bgp(tp(v("p"), iri("i"), v("t"))), Right: bgp(tp(v("c"), iri("s"), v("t")))}}, nil, ""},
		{"nothing shared",
			&algebra.Join{Left: bgp(tp(v("s"), iri("p"), v("o"))), Right: bgp(tp(v("t"), iri("q"), v("z")))}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := joinKey(tc.join, tc.bd); got != tc.want {
				t.Errorf("joinKey = %q, want %q", got, tc.want)
			}
		})
	}
}
