package rdf

import (
	"fmt"
	"testing"
)

func TestIsomorphic(t *testing.T) {
	ex := func(s string) Term { return IRI("http://ex/" + s) }
	p, q := ex("p"), ex("q")
	b := Blank
	g1 := ex("g1")
	// ring builds a cycle of n blank nodes linked by p.
	ring := func(prefix string, n int) []Quad {
		var out []Quad
		for i := 0; i < n; i++ {
			out = append(out, Quad{S: b(fmt.Sprint(prefix, i)), P: p, O: b(fmt.Sprint(prefix, (i+1)%n))})
		}
		return out
	}
	tests := []struct {
		name string
		a, b []Quad
		want bool
	}{
		{"empty", nil, nil, true},
		{"ground equal", []Quad{{S: ex("s"), P: p, O: String("x")}}, []Quad{{S: ex("s"), P: p, O: String("x")}}, true},
		{"ground differ literal datatype", []Quad{{S: ex("s"), P: p, O: String("1")}}, []Quad{{S: ex("s"), P: p, O: Literal("1", XSDInteger)}}, false},
		{"lang differs", []Quad{{S: ex("s"), P: p, O: LangString("x", "en")}}, []Quad{{S: ex("s"), P: p, O: LangString("x", "fr")}}, false},
		{"blank relabelled", []Quad{{S: b("a"), P: p, O: ex("o")}}, []Quad{{S: b("z"), P: p, O: ex("o")}}, true},
		{"duplicates ignored", []Quad{{S: b("a"), P: p, O: ex("o")}, {S: b("a"), P: p, O: ex("o")}}, []Quad{{S: b("z"), P: p, O: ex("o")}}, true},
		{"blank vs iri", []Quad{{S: b("a"), P: p, O: ex("o")}}, []Quad{{S: ex("a"), P: p, O: ex("o")}}, false},
		{"one blank vs two", []Quad{{S: b("a"), P: p, O: ex("o")}, {S: b("a"), P: q, O: ex("o")}},
			[]Quad{{S: b("x"), P: p, O: ex("o")}, {S: b("y"), P: q, O: ex("o")}}, false},
		{"different sizes", []Quad{{S: b("a"), P: p, O: ex("o")}}, nil, false},
		{"graph position", []Quad{{S: ex("s"), P: p, O: ex("o"), G: b("g")}}, []Quad{{S: ex("s"), P: p, O: ex("o"), G: b("h")}}, true},
		{"graph named vs default", []Quad{{S: ex("s"), P: p, O: ex("o"), G: g1}}, []Quad{{S: ex("s"), P: p, O: ex("o")}}, false},
		{"blank shared across graphs", []Quad{{S: b("a"), P: p, O: ex("o"), G: g1}, {S: b("a"), P: p, O: ex("o")}},
			[]Quad{{S: b("x"), P: p, O: ex("o"), G: g1}, {S: b("y"), P: p, O: ex("o")}}, false},
		{"symmetric ring 6", ring("a", 6), ring("x", 6), true},
		// Two rings of 3 and one ring of 6 are colour-refinement equivalent:
		// only the exact check tells them apart.
		{"two 3-rings vs one 6-ring", append(ring("a", 3), ring("b", 3)...), ring("x", 6), false},
		{"self loop", []Quad{{S: b("a"), P: p, O: b("a")}}, []Quad{{S: b("x"), P: p, O: b("y")}}, false},
		{"list", []Quad{
			{S: b("l1"), P: IRI(RDFFirst), O: String("1")}, {S: b("l1"), P: IRI(RDFRest), O: b("l2")},
			{S: b("l2"), P: IRI(RDFFirst), O: String("2")}, {S: b("l2"), P: IRI(RDFRest), O: IRI(RDFNil)},
		}, []Quad{
			{S: b("m2"), P: IRI(RDFFirst), O: String("2")}, {S: b("m2"), P: IRI(RDFRest), O: IRI(RDFNil)},
			{S: b("m1"), P: IRI(RDFFirst), O: String("1")}, {S: b("m1"), P: IRI(RDFRest), O: b("m2")},
		}, true},
		{"list order differs", []Quad{
			{S: b("l1"), P: IRI(RDFFirst), O: String("1")}, {S: b("l1"), P: IRI(RDFRest), O: b("l2")},
			{S: b("l2"), P: IRI(RDFFirst), O: String("2")}, {S: b("l2"), P: IRI(RDFRest), O: IRI(RDFNil)},
		}, []Quad{
			{S: b("m1"), P: IRI(RDFFirst), O: String("2")}, {S: b("m1"), P: IRI(RDFRest), O: b("m2")},
			{S: b("m2"), P: IRI(RDFFirst), O: String("1")}, {S: b("m2"), P: IRI(RDFRest), O: IRI(RDFNil)},
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Isomorphic(tc.a, tc.b); got != tc.want {
				t.Errorf("Isomorphic(a, b) = %v, want %v", got, tc.want)
			}
			if got := Isomorphic(tc.b, tc.a); got != tc.want {
				t.Errorf("Isomorphic(b, a) = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestIsomorphicLargeSymmetric checks that backtracking copes with many ties:
// a grid of indistinguishable blank nodes, relabelled in reverse.
func TestIsomorphicLargeSymmetric(t *testing.T) {
	p := IRI("http://ex/p")
	var a, b []Quad
	const n = 40
	for i := 0; i < n; i++ {
		for j := 0; j < 3; j++ {
			a = append(a, Quad{S: Blank(fmt.Sprint("a", i)), P: p, O: Blank(fmt.Sprint("a", (i+j+1)%n))})
			b = append(b, Quad{S: Blank(fmt.Sprint("b", n-1-i)), P: p, O: Blank(fmt.Sprint("b", n-1-(i+j+1)%n))})
		}
	}
	if !Isomorphic(a, b) {
		t.Fatal("relabelled circulant graph not isomorphic")
	}
	b[0].O = Blank("b0")
	if Isomorphic(a, b) {
		t.Fatal("perturbed graph reported isomorphic")
	}
}

// TestIsomorphicManyTies covers many interchangeable components (found by
// pairing within colour classes, without deep backtracking) and a long
// list (many refinement rounds).
func TestIsomorphicManyTies(t *testing.T) {
	p := IRI("http://ex/p")
	var a, b []Quad
	for i := 0; i < 1000; i++ {
		a = append(a, Quad{S: Blank(fmt.Sprint("a", i)), P: p, O: Blank(fmt.Sprint("c", i))})
		b = append(b, Quad{S: Blank(fmt.Sprint("b", 999-i)), P: p, O: Blank(fmt.Sprint("d", i))})
	}
	if !Isomorphic(a, b) {
		t.Error("1000 identical components not isomorphic")
	}
	b[0].O = b[1].S
	if Isomorphic(a, b) {
		t.Error("joined components reported isomorphic")
	}
	list := func(prefix string, n int) []Quad {
		var qs []Quad
		for i := 0; i < n; i++ {
			next := IRI(RDFNil)
			if i+1 < n {
				next = Blank(fmt.Sprint(prefix, i+1))
			}
			qs = append(qs, Quad{S: Blank(fmt.Sprint(prefix, i)), P: IRI(RDFFirst), O: String("1")},
				Quad{S: Blank(fmt.Sprint(prefix, i)), P: IRI(RDFRest), O: next})
		}
		return qs
	}
	if !Isomorphic(list("a", 300), list("b", 300)) {
		t.Error("equal lists not isomorphic")
	}
	if Isomorphic(list("a", 300), append(list("b", 299), Quad{S: Blank("x"), P: IRI(RDFFirst), O: String("1")})) {
		t.Error("lists of different lengths reported isomorphic")
	}
}
