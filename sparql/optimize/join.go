package optimize

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
)

// joinGroup orders the operands of a tree of joins: triple patterns, paths
// and other operators. It picks greedily the cheapest operand that shares a
// variable with those already placed (a cross product only when nothing is
// connected), and builds a left-deep join of single patterns that
// mergeBGPs later fuses back into basic graph patterns.
func (o *optimizer) joinGroup(op algebra.Op, bound algebra.VarSet) algebra.Op {
	var elems []algebra.Op
	flatten(op, &elems)
	if len(elems) == 0 {
		o.lastCard = 1
		return &algebra.BGP{}
	}
	if len(elems) > maxOrder || o.ctx.Err() != nil {
		return o.inOrder(elems, bound)
	}
	if lifted := o.liftOptional(elems, bound); lifted != nil {
		return lifted
	}
	return o.order(elems, bound)
}

// liftOptional rewrites Join(X, LeftJoin(A, B, e)) into
// LeftJoin(Join(X, A), B, e), so that A's patterns are ordered together
// with X's. It is an equivalence when every variable X may bind that B or
// e mentions is certainly bound by A.
func (o *optimizer) liftOptional(elems []algebra.Op, bound algebra.VarSet) algebra.Op {
	if len(elems) < 2 {
		return nil
	}
	for i, e := range elems {
		lj, ok := e.(*algebra.LeftJoin)
		if !ok {
			continue
		}
		others := algebra.VarSet{}
		for j, f := range elems {
			if j != i {
				for v := range algebra.MaybeVars(f) {
					others.Add(v)
				}
			}
		}
		risky := algebra.MaybeVars(lj.Right)
		if lj.Expr != nil {
			for v := range algebra.ExprVars(lj.Expr) {
				risky.Add(v)
			}
		}
		cert := algebra.CertainVars(lj.Left)
		safe := true
		for v := range risky {
			if others.Has(v) && !cert.Has(v) {
				safe = false
				break
			}
		}
		if !safe {
			continue
		}
		rest := make([]algebra.Op, 0, len(elems))
		rest = append(rest, elems[:i]...)
		rest = append(rest, elems[i+1:]...)
		var left algebra.Op = lj.Left
		for _, r := range rest {
			left = &algebra.Join{Left: left, Right: r}
		}
		newLeft := o.joinGroup(left, bound)
		card := o.lastCard
		right := o.rewrite(lj.Right, union(bound, algebra.CertainVars(newLeft)))
		return &algebra.LeftJoin{Left: newLeft, Right: right, Expr: lj.Expr, Hash: o.preferHashOptional(right, newLeft, card)}
	}
	return nil
}

// maxOrder is the largest join group ordered greedily (the ordering costs
// the square of the group's size); a larger one keeps its source order.
const maxOrder = 256

// inOrder joins elems in their source order as a balanced tree, each one
// optimized on its own: the plan of a join group too large to order.
func (o *optimizer) inOrder(elems []algebra.Op, bound algebra.VarSet) algebra.Op {
	out := make([]algebra.Op, len(elems))
	for i, e := range elems {
		switch e.(type) {
		case *algebra.BGP, *algebra.Path:
			out[i] = e
		default:
			out[i] = o.rewrite(e, bound)
		}
	}
	o.lastCard = unknownCost
	return balancedJoin(out)
}

func balancedJoin(ops []algebra.Op) algebra.Op {
	if len(ops) == 1 {
		return ops[0]
	}
	m := (len(ops) + 1) / 2
	return &algebra.Join{Left: balancedJoin(ops[:m]), Right: balancedJoin(ops[m:])}
}

// order builds a left-deep join of elems in a greedy order.
func (o *optimizer) order(elems []algebra.Op, outer algebra.VarSet) algebra.Op {
	bound := union(outer, nil)
	var acc algebra.Op
	card := 1.0 // estimated solutions of acc
	remaining := elems
	for len(remaining) > 0 {
		best, bestCost, bestConn := -1, 0.0, false
		for i, e := range remaining {
			conn := len(bound) == 0 || algebra.MaybeVars(e).Shares(bound)
			cost := o.est.cost(e, bound)
			if best < 0 || (conn && !bestConn) || (conn == bestConn && cost < bestCost) {
				best, bestCost, bestConn = i, cost, conn
			}
		}
		e := remaining[best]
		remaining = append(remaining[:best:best], remaining[best+1:]...)
		switch e.(type) {
		case *algebra.BGP, *algebra.Path:
		default:
			e = o.rewrite(e, bound)
		}
		if acc == nil {
			acc = e
		} else {
			acc = &algebra.Join{Left: acc, Right: e, Hash: o.preferHash(e, card, bestCost, bestConn)}
		}
		card = max(card*bestCost, 1)
		for v := range algebra.CertainVars(e) {
			bound.Add(v)
		}
	}
	o.lastCard = card
	return acc
}

// Relative costs of the two join methods: one index seek per input row,
// against one sequential read per row of the right side plus one hash probe
// per input row (the eval package's seekRows is the same ratio). A hash
// join holds the rows of its smaller side (the evaluator builds from the
// side that proves smaller), so it is chosen only when one side is
// expected to hold at most maxHashRows rows (about 120 MB, within the
// default budget of a query).
const (
	seekCost    = 20.0
	maxHashRows = 2e6
)

// preferHash decides between an index nested loop (evaluate e once per
// solution of the left side, card of them, each giving fanout rows) and a
// hash join (evaluate e once on its own).
func (o *optimizer) preferHash(e algebra.Op, card, fanout float64, connected bool) bool {
	rows, ok := o.scanRows(e)
	if !ok || !connected || o.est.ds == nil || o.inExists {
		return false
	}
	if min(rows, card) > maxHashRows {
		return false
	}
	return rows+card < card*(seekCost+fanout)
}

// scanRows estimates the rows of e evaluated on its own when e is one
// triple pattern, or a union of them, under filters and BINDs (the forms
// the evaluator's adaptive join sizes); ok is false for other forms.
func (o *optimizer) scanRows(e algebra.Op) (float64, bool) {
	switch x := e.(type) {
	case *algebra.BGP:
		if len(x.Patterns) == 1 {
			return o.est.pattern(x.Patterns[0], nil), true
		}
	case *algebra.Filter:
		return o.scanRows(x.Op)
	case *algebra.Extend:
		return o.scanRows(x.Op)
	case *algebra.Union:
		l, ok1 := o.scanRows(x.Left)
		r, ok2 := o.scanRows(x.Right)
		return l + r, ok1 && ok2
	}
	return 0, false
}

// preferHashOptional decides the method of an OPTIONAL whose right side
// is one triple pattern sharing a variable with the left side.
func (o *optimizer) preferHashOptional(right, left algebra.Op, card float64) bool {
	b, ok := right.(*algebra.BGP)
	if !ok || len(b.Patterns) != 1 || o.inExists {
		return false
	}
	lv := algebra.CertainVars(left)
	fanout := o.est.pattern(b.Patterns[0], lv)
	return o.preferHash(right, card, fanout, algebra.MaybeVars(right).Shares(lv))
}

func flatten(op algebra.Op, out *[]algebra.Op) {
	switch x := op.(type) {
	case *algebra.Join:
		flatten(x.Left, out)
		flatten(x.Right, out)
	case *algebra.BGP:
		for _, tp := range x.Patterns {
			*out = append(*out, &algebra.BGP{Patterns: []algebra.TriplePattern{tp}})
		}
	case *algebra.Path:
		*out = append(*out, x)
	default:
		if algebra.IsUnit(op) {
			return
		}
		*out = append(*out, op)
	}
}

// mergeBGPs fuses Join(BGP, BGP) into one BGP, keeping pattern order.
func mergeBGPs(op algebra.Op) algebra.Op {
	switch x := op.(type) {
	case *algebra.Join:
		l, r := mergeBGPs(x.Left), mergeBGPs(x.Right)
		lb, ok1 := l.(*algebra.BGP)
		rb, ok2 := r.(*algebra.BGP)
		if ok1 && ok2 && !x.Hash {
			ps := append(append([]algebra.TriplePattern(nil), lb.Patterns...), rb.Patterns...)
			return &algebra.BGP{Patterns: ps}
		}
		return &algebra.Join{Left: l, Right: r, Hash: x.Hash}
	case *algebra.LeftJoin:
		return &algebra.LeftJoin{Left: mergeBGPs(x.Left), Right: mergeBGPs(x.Right), Expr: mergeExpr(x.Expr), Hash: x.Hash}
	case *algebra.Filter:
		es := make([]algebra.Expr, len(x.Exprs))
		for i, e := range x.Exprs {
			es[i] = mergeExpr(e)
		}
		return &algebra.Filter{Exprs: es, Op: mergeBGPs(x.Op)}
	case *algebra.Union:
		return &algebra.Union{Left: mergeBGPs(x.Left), Right: mergeBGPs(x.Right)}
	case *algebra.Minus:
		return &algebra.Minus{Left: mergeBGPs(x.Left), Right: mergeBGPs(x.Right)}
	case *algebra.Graph:
		return &algebra.Graph{Name: x.Name, Op: mergeBGPs(x.Op)}
	case *algebra.Extend:
		return &algebra.Extend{Op: mergeBGPs(x.Op), Var: x.Var, Expr: mergeExpr(x.Expr)}
	case *algebra.Group:
		return &algebra.Group{Op: mergeBGPs(x.Op), Keys: x.Keys, Aggregates: x.Aggregates}
	case *algebra.OrderBy:
		return &algebra.OrderBy{Op: mergeBGPs(x.Op), Conds: x.Conds}
	case *algebra.Project:
		return &algebra.Project{Op: mergeBGPs(x.Op), Vars: x.Vars}
	case *algebra.Distinct:
		return &algebra.Distinct{Op: mergeBGPs(x.Op)}
	case *algebra.Reduced:
		return &algebra.Reduced{Op: mergeBGPs(x.Op)}
	case *algebra.Slice:
		return &algebra.Slice{Op: mergeBGPs(x.Op), Offset: x.Offset, Limit: x.Limit}
	case *algebra.ToMultiSet:
		return &algebra.ToMultiSet{Op: mergeBGPs(x.Op)}
	case *algebra.Service:
		return &algebra.Service{Name: x.Name, Op: mergeBGPs(x.Op), Silent: x.Silent}
	}
	return op
}

// mergeExpr leaves expressions as they are; EXISTS patterns are optimized
// by the evaluator's own compile step in their original form.
func mergeExpr(e algebra.Expr) algebra.Expr { return e }
