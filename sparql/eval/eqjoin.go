package eval

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
)

// equalityPairs compiles the join under a filter as a hash join on the
// values of an equality, when the join's sides share no variable (a cross
// product, the filter alone relating them) and an expression of the filter
// is A = B or sameTerm(A, B), A over variables of one side only and B of
// the other: the right side is evaluated once per input row and hashed on
// the key of B's value (expr.AppendEqualKey), and each left row yields
// only the pairs its A's key finds. The pairs still go through every
// expression of the filter, so the key only needs to find all the pairs
// the equality accepts; a value without a key (an xsd:float) is paired
// with every row of the other side. Rows whose operand has no value (a
// type error) pair with nothing, as the equality would reject them. It
// returns nil when o has another shape.
func (c *compiler) equalityPairs(o *algebra.Filter, bd algebra.VarSet) (stream, error) {
	for _, e := range o.Exprs {
		call, ok := e.(*algebra.ExprCall)
		if !ok || (call.Op != "=" && call.Op != "SAMETERM") || len(call.Args) != 2 {
			continue
		}
		x, y := call.Args[0], call.Args[1]
		if hasVolatile(x) || hasVolatile(y) {
			continue
		}
		if l, r, a, b := crossSides(o.Op, x, y, bd); l != nil {
			return c.hashEquality(l, r, a, b, bd)
		}
	}
	return nil, nil
}

// crossSides splits op, a join or a basic graph pattern, into two parts
// sharing no variable (but those of bd, bound before), one binding the
// variables of x and the other those of y, and returns them with the
// operand over each; nil when op does not split so.
func crossSides(op algebra.Op, x, y algebra.Expr, bd algebra.VarSet) (left, right algebra.Op, a, b algebra.Expr) {
	switch o := op.(type) {
	case *algebra.Join:
		left, right = o.Left, o.Right
	case *algebra.BGP:
		rest, linked := splitBGP(o, algebra.ExprVars(y), bd)
		if rest == nil {
			return nil, nil, nil, nil
		}
		left, right = rest, linked
	default:
		return nil, nil, nil, nil
	}
	lv, rv := algebra.MaybeVars(left), algebra.MaybeVars(right)
	for v := range lv {
		if rv.Has(v) && !bd.Has(v) {
			return nil, nil, nil, nil
		}
	}
	switch {
	case onlyOf(x, lv, bd) && onlyOf(y, rv, bd):
		return left, right, x, y
	case onlyOf(y, lv, bd) && onlyOf(x, rv, bd):
		return left, right, y, x
	}
	return nil, nil, nil, nil
}

// splitBGP splits the patterns of a basic graph pattern into those
// connected (through variables not in bd) to a variable of vs, and the
// others, each in the order they had; nil when either part is empty.
func splitBGP(b *algebra.BGP, vs, bd algebra.VarSet) (rest, linked *algebra.BGP) {
	reached := algebra.VarSet{}
	for v := range vs {
		if !bd.Has(v) {
			reached.Add(v)
		}
	}
	in := make([]bool, len(b.Patterns))
	for grew := true; grew; {
		grew = false
		for i, tp := range b.Patterns {
			if in[i] {
				continue
			}
			for _, n := range [3]algebra.Node{tp.S, tp.P, tp.O} {
				if n.Var != "" && reached.Has(n.Var) {
					in[i], grew = true, true
					break
				}
			}
			if in[i] {
				for _, n := range [3]algebra.Node{tp.S, tp.P, tp.O} {
					if n.Var != "" && !bd.Has(n.Var) {
						reached.Add(n.Var)
					}
				}
			}
		}
	}
	rest, linked = &algebra.BGP{}, &algebra.BGP{}
	for i, tp := range b.Patterns {
		if in[i] {
			linked.Patterns = append(linked.Patterns, tp)
		} else {
			rest.Patterns = append(rest.Patterns, tp)
		}
	}
	if len(rest.Patterns) == 0 || len(linked.Patterns) == 0 {
		return nil, nil
	}
	return rest, linked
}

// hashEquality is the hash join of equalityPairs: left and right share no
// variable outside bd, a is over left's variables and b over right's.
func (c *compiler) hashEquality(l, r algebra.Op, a, b algebra.Expr, bd algebra.VarSet) (stream, error) {
	lv, rv := algebra.MaybeVars(l), algebra.MaybeVars(r)
	left, err := c.compile(l, bd)
	if err != nil {
		return nil, err
	}
	right, err := c.compile(r, bd)
	if err != nil {
		return nil, err
	}
	fa, err := c.expr(a, union(bd, lv))
	if err != nil {
		return nil, err
	}
	fb, err := c.expr(b, union(bd, rv))
	if err != nil {
		return nil, err
	}
	// The right rows are held as their values on the slots the right
	// side may bind; the input's bindings are in every left row too.
	cols := c.opSlots(r)
	rb := rowBytes(len(cols)) + 4
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		m := &matResult{cols: cols, key: -1}
		byKey := map[string][]int32{} // right rows by the key of b's value
		var unkeyed []int32           // right rows whose b has no key
		var key []byte
		held, heldBytes := int64(0), int64(0)
		defer func() { ex.release(held, heldBytes) }()
		// keyOf puts in key the key of f's value on r; valued is false
		// when f has none (then no pair with r passes the equality).
		keyOf := func(f evalFn, r Row) (keyed, valued bool) {
			t := ex.value(f, r)
			if t.IsZero() {
				return false, false
			}
			key, keyed = expr.AppendEqualKey(key[:0], t)
			return keyed, true
		}
		ok := right(ex, in, g, func(r Row) bool {
			if !ex.tick() {
				return false
			}
			keyed, valued := keyOf(fb, r)
			if !valued {
				return ex.err == nil
			}
			cost := rb + int64(len(key)) + 64 // the row, its key, a map entry
			if !ex.hold(1, cost) {
				return false
			}
			held, heldBytes = held+1, heldBytes+cost
			if keyed {
				byKey[string(key)] = append(byKey[string(key)], int32(m.n))
			} else {
				unkeyed = append(unkeyed, int32(m.n))
			}
			m.add(r)
			return true
		})
		if !ok && ex.err != nil {
			return false
		}
		var out Row
		pair := func(l Row, i int32) bool {
			if !ex.tick() {
				return false
			}
			out = append(out[:0], l...)
			for j, v := range m.row(int(i)) {
				if s := cols[j]; out[s] == 0 {
					out[s] = v
				}
			}
			return yield(out)
		}
		return left(ex, in, g, func(l Row) bool {
			keyed, valued := keyOf(fa, l)
			switch {
			case !valued:
				return ex.err == nil
			case !keyed:
				for i := range int32(m.n) {
					if !pair(l, i) {
						return false
					}
				}
				return true
			}
			for _, i := range byKey[string(key)] {
				if !pair(l, i) {
					return false
				}
			}
			for _, i := range unkeyed {
				if !pair(l, i) {
					return false
				}
			}
			return true
		})
	}, nil
}

// onlyOf reports whether e mentions variables, all of them in side or bd,
// at least one of them in side and none an EXISTS.
func onlyOf(e algebra.Expr, side, bd algebra.VarSet) bool {
	if algebra.HasExists(e) {
		return false
	}
	mine := false
	for v := range algebra.ExprVars(e) {
		switch {
		case side.Has(v) && !bd.Has(v):
			mine = true
		case !bd.Has(v):
			return false
		}
	}
	return mine
}
