package eval

import (
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestMemoKeys: a memo on one slot remembers by that slot's id, one on two
// slots by the pair (a row agreeing on one of the two misses); a memo whose
// lookups keep missing switches itself off and forgets what it held.
func TestMemoKeys(t *testing.T) {
	var list []*memo[int]
	one := memoAt(&list, 0, memoSlots{1, -1})
	two := memoAt(&list, 1, memoSlots{0, 2})
	if memoAt(&list, 1, memoSlots{0, 2}) != two {
		t.Fatal("memoAt made a second memo for the same id")
	}
	one.store(Row{7, 5, 9}, 50)
	two.store(Row{7, 5, 9}, 79)
	tests := []struct {
		name string
		m    *memo[int]
		row  Row
		want int
		hit  bool
	}{
		{"one slot, same id", one, Row{1, 5, 2}, 50, true},
		{"one slot, other id", one, Row{7, 6, 9}, 0, false},
		{"two slots, same pair", two, Row{7, 1, 9}, 79, true},
		{"two slots, first differs", two, Row{8, 5, 9}, 0, false},
		{"two slots, second differs", two, Row{7, 5, 8}, 0, false},
		{"two slots, swapped", two, Row{9, 5, 7}, 0, false},
	}
	for _, tc := range tests {
		if v, ok := tc.m.lookup(tc.row); v != tc.want || ok != tc.hit {
			t.Errorf("%s: lookup = %d, %v; want %d, %v", tc.name, v, ok, tc.want, tc.hit)
		}
	}

	off := memoAt(&list, 2, memoSlots{0, 1})
	for i := range memoCheckEvery {
		off.store(Row{ID(i + 1), ID(i + 2)}, i)
	}
	if !off.off || off.two != nil {
		t.Fatalf("after %d misses without a hit the memo is still on (%d entries)", memoCheckEvery, len(off.two))
	}
	if _, ok := off.lookup(Row{1, 2}); ok {
		t.Fatal("a memo switched off still answers")
	}
	off.store(Row{1, 2}, 1)
	if _, ok := off.lookup(Row{1, 2}); ok {
		t.Fatal("a memo switched off stores again")
	}
}

// TestMemoSlots: an expression is memoised on its one or two variables
// (in name order), never on three, on none, or when it calls a volatile
// function.
func TestMemoSlots(t *testing.T) {
	v := func(n string) algebra.Expr { return &algebra.ExprVar{Name: n} }
	ten := &algebra.ExprTerm{Term: rdf.Literal("10", rdf.XSDInteger)}
	call := func(op string, args ...algebra.Expr) algebra.Expr { return &algebra.ExprCall{Op: op, Args: args} }
	c := &compiler{p: &Program{slots: map[string]int{}}}
	a, b := c.slot("a"), c.slot("b")
	c.slot("d")
	tests := []struct {
		name string
		e    algebra.Expr
		want memoSlots
	}{
		{"one variable", call(">", v("a"), ten), memoSlots{a, -1}},
		{"two variables", call(">", v("b"), call("*", ten, v("a"))), memoSlots{a, b}},
		{"three variables", call("&&", call(">", v("a"), v("b")), call(">", v("d"), ten)), noMemo},
		{"no variable", call(">", ten, ten), noMemo},
		{"volatile", call(">", v("a"), call("RAND")), noMemo},
	}
	for _, tc := range tests {
		if got := c.memoSlots(tc.e); got != tc.want {
			t.Errorf("%s: memoSlots = %v, want %v", tc.name, got, tc.want)
		}
	}
}
