package optimize

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval"
)

// Optimize rewrites op for evaluation over ds (nil: no statistics, only
// structural heuristics).
func Optimize(op algebra.Op, ds eval.Dataset) algebra.Op {
	o := &optimizer{est: newEstimator(ds)}
	return mergeBGPs(o.rewrite(op, algebra.VarSet{}))
}

type optimizer struct {
	est *estimator
	// lastCard is the estimated number of solutions of the join group
	// ordered last.
	lastCard float64
}

// rewrite optimizes op, knowing that the variables of bound are bound by
// the operators evaluated before it (the left side of enclosing joins).
func (o *optimizer) rewrite(op algebra.Op, bound algebra.VarSet) algebra.Op {
	none := algebra.VarSet{}
	switch x := op.(type) {
	case *algebra.Join, *algebra.BGP, *algebra.Path:
		return o.joinGroup(op, bound)
	case *algebra.LeftJoin:
		left := o.joinGroup(x.Left, bound)
		card := o.lastCard
		right := o.rewrite(x.Right, union(bound, algebra.CertainVars(left)))
		return &algebra.LeftJoin{Left: left, Right: right, Expr: x.Expr, Hash: o.preferHashOptional(right, left, card)}
	case *algebra.Filter:
		inner := o.rewrite(x.Op, bound)
		return o.pushFilters(foldExprs(x.Exprs), inner)
	case *algebra.Union:
		return &algebra.Union{Left: o.rewrite(x.Left, bound), Right: o.rewrite(x.Right, bound)}
	case *algebra.Minus:
		return &algebra.Minus{Left: o.rewrite(x.Left, bound), Right: o.rewrite(x.Right, none)}
	case *algebra.Graph:
		return &algebra.Graph{Name: x.Name, Op: o.rewrite(x.Op, bound)}
	case *algebra.Extend:
		return &algebra.Extend{Op: o.rewrite(x.Op, bound), Var: x.Var, Expr: fold(x.Expr)}
	case *algebra.Group:
		return &algebra.Group{Op: o.rewrite(x.Op, none), Keys: x.Keys, Aggregates: x.Aggregates}
	case *algebra.OrderBy:
		return &algebra.OrderBy{Op: o.rewrite(x.Op, none), Conds: x.Conds}
	case *algebra.Project:
		return &algebra.Project{Op: o.rewrite(x.Op, none), Vars: x.Vars}
	case *algebra.Distinct:
		return &algebra.Distinct{Op: o.rewrite(x.Op, none)}
	case *algebra.Reduced:
		return &algebra.Reduced{Op: o.rewrite(x.Op, none)}
	case *algebra.Slice:
		return &algebra.Slice{Op: o.rewrite(x.Op, none), Offset: x.Offset, Limit: x.Limit}
	case *algebra.ToMultiSet:
		return &algebra.ToMultiSet{Op: o.rewrite(x.Op, none)}
	case *algebra.Service:
		return &algebra.Service{Name: x.Name, Op: o.rewrite(x.Op, none), Silent: x.Silent}
	}
	return op
}

func union(a, b algebra.VarSet) algebra.VarSet {
	s := algebra.VarSet{}
	for v := range a {
		s.Add(v)
	}
	for v := range b {
		s.Add(v)
	}
	return s
}

// pushFilters places each filter expression as deep as it stays correct:
// an expression may move below an operator only where every variable it
// mentions is certainly bound.
func (o *optimizer) pushFilters(exprs []algebra.Expr, op algebra.Op) algebra.Op {
	var keep []algebra.Expr
	for _, e := range splitConj(exprs) {
		if algebra.HasExists(e) {
			keep = append(keep, e)
			continue
		}
		vars := algebra.ExprVars(e)
		switch x := op.(type) {
		case *algebra.Join:
			if subset(vars, algebra.CertainVars(x.Left)) {
				op = &algebra.Join{Left: o.pushFilters([]algebra.Expr{e}, x.Left), Right: x.Right, Hash: x.Hash}
				continue
			}
			if subset(vars, algebra.CertainVars(x.Right)) {
				op = &algebra.Join{Left: x.Left, Right: o.pushFilters([]algebra.Expr{e}, x.Right), Hash: x.Hash}
				continue
			}
		case *algebra.LeftJoin:
			if subset(vars, algebra.CertainVars(x.Left)) {
				op = &algebra.LeftJoin{Left: o.pushFilters([]algebra.Expr{e}, x.Left), Right: x.Right, Expr: x.Expr, Hash: x.Hash}
				continue
			}
		case *algebra.Union:
			op = &algebra.Union{Left: o.pushFilters([]algebra.Expr{e}, x.Left), Right: o.pushFilters([]algebra.Expr{e}, x.Right)}
			continue
		case *algebra.Extend:
			if !vars.Has(x.Var) {
				op = &algebra.Extend{Op: o.pushFilters([]algebra.Expr{e}, x.Op), Var: x.Var, Expr: x.Expr}
				continue
			}
		case *algebra.Filter:
			op = &algebra.Filter{Exprs: x.Exprs, Op: o.pushFilters([]algebra.Expr{e}, x.Op)}
			continue
		}
		keep = append(keep, e)
	}
	if len(keep) == 0 {
		return op
	}
	if f, ok := op.(*algebra.Filter); ok {
		return &algebra.Filter{Exprs: append(append([]algebra.Expr(nil), f.Exprs...), keep...), Op: f.Op}
	}
	return &algebra.Filter{Exprs: keep, Op: op}
}

// splitConj splits a && b into separate filter expressions: a solution
// passes both exactly when it passes the conjunction.
func splitConj(es []algebra.Expr) []algebra.Expr {
	var out []algebra.Expr
	for _, e := range es {
		if c, ok := e.(*algebra.ExprCall); ok && c.Op == "&&" && len(c.Args) == 2 {
			out = append(out, splitConj(c.Args)...)
			continue
		}
		out = append(out, e)
	}
	return out
}

func subset(a, b algebra.VarSet) bool {
	for v := range a {
		if !b.Has(v) {
			return false
		}
	}
	return true
}
