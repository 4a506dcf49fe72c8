package optimize

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
)

// joinGroup orders the operands of a tree of joins: triple patterns, paths
// and other operators. It picks greedily the cheapest operand that shares a
// variable with those already placed (a cross product only when nothing is
// connected), and builds a left-deep join of single patterns that
// mergeBGPs later fuses back into basic graph patterns.
func (o *optimizer) joinGroup(_ []algebra.Expr, op algebra.Op) algebra.Op {
	var elems []algebra.Op
	o.flatten(op, &elems)
	if len(elems) == 0 {
		return &algebra.BGP{}
	}
	bound := algebra.VarSet{}
	var acc algebra.Op
	remaining := elems
	for len(remaining) > 0 {
		best, bestCost, bestConn := -1, 0.0, false
		for i, e := range remaining {
			conn := len(bound) == 0 || shares(algebra.MaybeVars(e), bound)
			cost := o.est.cost(e, bound)
			if best < 0 || (conn && !bestConn) || (conn == bestConn && cost < bestCost) {
				best, bestCost, bestConn = i, cost, conn
			}
		}
		e := remaining[best]
		remaining = append(remaining[:best:best], remaining[best+1:]...)
		if acc == nil {
			acc = e
		} else {
			acc = &algebra.Join{Left: acc, Right: e}
		}
		for v := range algebra.CertainVars(e) {
			bound.Add(v)
		}
	}
	return acc
}

func shares(a, b algebra.VarSet) bool {
	for v := range a {
		if b.Has(v) {
			return true
		}
	}
	return false
}

func (o *optimizer) flatten(op algebra.Op, out *[]algebra.Op) {
	switch x := op.(type) {
	case *algebra.Join:
		o.flatten(x.Left, out)
		o.flatten(x.Right, out)
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
		*out = append(*out, o.rewrite(op))
	}
}

// mergeBGPs fuses Join(BGP, BGP) into one BGP, keeping pattern order.
func mergeBGPs(op algebra.Op) algebra.Op {
	switch x := op.(type) {
	case *algebra.Join:
		l, r := mergeBGPs(x.Left), mergeBGPs(x.Right)
		lb, ok1 := l.(*algebra.BGP)
		rb, ok2 := r.(*algebra.BGP)
		if ok1 && ok2 {
			ps := append(append([]algebra.TriplePattern(nil), lb.Patterns...), rb.Patterns...)
			return &algebra.BGP{Patterns: ps}
		}
		return &algebra.Join{Left: l, Right: r}
	case *algebra.LeftJoin:
		return &algebra.LeftJoin{Left: mergeBGPs(x.Left), Right: mergeBGPs(x.Right), Expr: mergeExpr(x.Expr)}
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
