package optimize

import (
	"context"
	"fmt"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/sparql/stats"
)

// Optimize rewrites op for evaluation over ds (nil: no statistics, only
// structural heuristics). op is at most algebra.MaxDepth deep; the passes
// recurse over it, and their work is linear in its size times its depth
// (greedy join ordering is quadratic in the operands of one join group,
// up to [maxOrder] of them).
func Optimize(op algebra.Op, ds stats.Estimator) algebra.Op {
	out, _ := OptimizeContext(context.Background(), op, ds)
	return out
}

// OptimizeContext is [Optimize] stopping with ctx's error (wrapped) when
// ctx is done; op is then returned unchanged.
func OptimizeContext(ctx context.Context, op algebra.Op, ds stats.Estimator) (algebra.Op, error) {
	o := &optimizer{est: newEstimator(ds), ctx: ctx}
	out := mergeBGPs(o.rewrite(op, algebra.VarSet{}))
	if err := ctx.Err(); err != nil {
		return op, fmt.Errorf("sparql: optimization stopped: %w", context.Cause(ctx))
	}
	return out, nil
}

type optimizer struct {
	ctx context.Context
	est *estimator
	// lastCard is the estimated number of solutions of the join group
	// ordered last.
	lastCard float64
	// substituted are the variables an enclosing EXISTS substitutes with
	// the values of the row it tests: in scope of every filter inside.
	substituted algebra.VarSet
	// inExists is set while rewriting an EXISTS pattern: its joins are
	// never marked as hash joins, so that its patterns fuse back into
	// basic graph patterns (mergeBGPs), which the evaluator's semi-join
	// estimates and substitutes row by row, stopping at the first
	// solution.
	inExists bool
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
		cond := x.Expr
		if cond != nil && algebra.HasExists(cond) {
			cond = o.rewriteExists(cond, union(bound, union(algebra.CertainVars(x.Left), algebra.CertainVars(x.Right))))
		}
		return &algebra.LeftJoin{Left: left, Right: right, Expr: cond, Hash: o.preferHashOptional(right, left, card)}
	case *algebra.Filter:
		if failsAlways(x, o.substituted) {
			return &algebra.Table{}
		}
		if eq, ok := equalityTable(x); ok {
			return o.rewrite(eq, bound)
		}
		inner := o.rewrite(x.Op, bound)
		exprs := foldExprs(x.Exprs)
		var rowVars algebra.VarSet // the tested row's variables, for EXISTS
		for i, e := range exprs {
			if algebra.HasExists(e) {
				if rowVars == nil {
					rowVars = union(bound, algebra.CertainVars(x.Op))
				}
				exprs[i] = o.rewriteExists(e, rowVars)
			}
		}
		return o.pushFilters(exprs, inner)
	case *algebra.Union:
		return &algebra.Union{Left: o.rewrite(x.Left, bound), Right: o.rewrite(x.Right, bound)}
	case *algebra.Minus:
		return &algebra.Minus{Left: o.rewrite(x.Left, bound), Right: o.rewrite(x.Right, none)}
	case *algebra.Graph:
		return &algebra.Graph{Name: x.Name, Op: o.rewrite(x.Op, bound)}
	case *algebra.Extend:
		e := fold(x.Expr)
		if algebra.HasExists(e) {
			e = o.rewriteExists(e, union(bound, algebra.CertainVars(x.Op)))
		}
		return &algebra.Extend{Op: o.rewrite(x.Op, bound), Var: x.Var, Expr: e}
	case *algebra.Group:
		return &algebra.Group{Op: o.rewrite(x.Op, none), Keys: x.Keys, Aggregates: x.Aggregates}
	case *algebra.OrderBy:
		return &algebra.OrderBy{Op: o.rewrite(x.Op, none), Conds: x.Conds}
	case *algebra.Project:
		return &algebra.Project{Op: o.rewrite(x.Op, none), Vars: x.Vars}
	case *algebra.Distinct:
		return sortAfterDistinct(&algebra.Distinct{Op: o.rewrite(x.Op, none)})
	case *algebra.Reduced:
		return &algebra.Reduced{Op: o.rewrite(x.Op, none)}
	case *algebra.Slice:
		s := &algebra.Slice{Op: o.rewrite(x.Op, none), Offset: x.Offset, Limit: x.Limit}
		if out := limitOptionalLeft(s); out != algebra.Op(s) {
			return out
		}
		return liftExtends(s)
	case *algebra.ToMultiSet:
		return &algebra.ToMultiSet{Op: o.rewrite(x.Op, none)}
	case *algebra.Service:
		return &algebra.Service{Name: x.Name, Op: o.rewrite(x.Op, none), Silent: x.Silent}
	}
	return op
}

// rewriteExists optimizes the patterns of the EXISTS and NOT EXISTS in e
// (a filter, an OPTIONAL's condition, a BIND), knowing that the variables
// of bound are bound by the row each is
// evaluated for (the evaluator substitutes them, or, once that costs
// more, evaluates the pattern alone and orders its basic graph patterns
// again). e is returned when it holds none; otherwise a copy.
func (o *optimizer) rewriteExists(e algebra.Expr, bound algebra.VarSet) algebra.Expr {
	switch x := e.(type) {
	case *algebra.ExprExists:
		// The row's values are substituted into the pattern: its
		// variables are in scope of the pattern's filters too.
		savedCard, savedSub, savedIn := o.lastCard, o.substituted, o.inExists
		o.substituted, o.inExists = union(o.substituted, bound), true
		op := mergeBGPs(o.rewrite(x.Op, bound))
		o.lastCard, o.substituted, o.inExists = savedCard, savedSub, savedIn
		return &algebra.ExprExists{Not: x.Not, Op: op}
	case *algebra.ExprCall:
		var args []algebra.Expr
		for i, a := range x.Args {
			na := o.rewriteExists(a, bound)
			if na != a && args == nil {
				args = append([]algebra.Expr(nil), x.Args...)
			}
			if args != nil {
				args[i] = na
			}
		}
		if args != nil {
			return &algebra.ExprCall{Op: x.Op, Args: args}
		}
	}
	return e
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
// mentions is certainly bound. The expressions going to one side move
// together, so each operator's variables are computed once.
func (o *optimizer) pushFilters(exprs []algebra.Expr, op algebra.Op) algebra.Op {
	var keep, left, right []algebra.Expr
	var lc, rc algebra.VarSet // certain variables of the two sides
	switch x := op.(type) {
	case *algebra.Join:
		lc, rc = algebra.CertainVars(x.Left), algebra.CertainVars(x.Right)
	case *algebra.LeftJoin:
		lc = algebra.CertainVars(x.Left)
	}
	for _, e := range splitConj(exprs) {
		if algebra.HasExists(e) {
			keep = append(keep, e)
			continue
		}
		switch x := op.(type) {
		case *algebra.Join, *algebra.LeftJoin:
			vars := algebra.ExprVars(e)
			j, _ := x.(*algebra.Join)
			if subset(vars, lc) && o.pushPays(e, j, false) {
				left = append(left, e)
				continue
			}
			if rc != nil && subset(vars, rc) && o.pushPays(e, j, true) {
				right = append(right, e)
				continue
			}
		case *algebra.Union, *algebra.Filter:
			left = append(left, e)
			continue
		case *algebra.Extend:
			if !algebra.ExprVars(e).Has(x.Var) {
				left = append(left, e)
				continue
			}
		}
		keep = append(keep, e)
	}
	if len(left) > 0 || len(right) > 0 {
		push := func(es []algebra.Expr, op algebra.Op) algebra.Op {
			if len(es) == 0 {
				return op
			}
			return o.pushFilters(es, op)
		}
		switch x := op.(type) {
		case *algebra.Join:
			op = &algebra.Join{Left: push(left, x.Left), Right: push(right, x.Right), Hash: x.Hash}
		case *algebra.LeftJoin:
			op = &algebra.LeftJoin{Left: push(left, x.Left), Right: x.Right, Expr: x.Expr, Hash: x.Hash}
		case *algebra.Union:
			op = &algebra.Union{Left: push(left, x.Left), Right: push(left, x.Right)}
		case *algebra.Extend:
			op = &algebra.Extend{Op: push(left, x.Op), Var: x.Var, Expr: x.Expr}
		case *algebra.Filter:
			op = &algebra.Filter{Exprs: x.Exprs, Op: push(left, x.Op)}
		}
	}
	if len(keep) == 0 {
		return op
	}
	if f, ok := op.(*algebra.Filter); ok {
		return &algebra.Filter{Exprs: append(append([]algebra.Expr(nil), f.Exprs...), keep...), Op: f.Op}
	}
	return &algebra.Filter{Exprs: keep, Op: op}
}

// pushPays tells whether filter expression e, whose variables one side of
// join j (nil: a LeftJoin) certainly binds, is better evaluated on that
// side (the right one when right) than above the join: always for a cheap
// expression, which thins the rows the join reads; for a costly one (see
// costly) only when that side yields no more rows than the join, by the
// estimates. Both sides of a hash join are evaluated whole, so a costly
// test pushed into the side that the join mostly discards runs on every
// row of it (a REGEX on every name of the store, to keep the names of a
// few thousand subjects).
func (o *optimizer) pushPays(e algebra.Expr, j *algebra.Join, right bool) bool {
	if j == nil || o.est.ds == nil || !costly(e) || (right && !j.Hash) {
		// The right side of an index nested loop is evaluated per left
		// row: it yields the join's rows.
		return true
	}
	none := algebra.VarSet{}
	side := o.est.cost(j.Left, none)
	joined := side * o.est.cost(j.Right, algebra.CertainVars(j.Left))
	if right {
		side = o.est.cost(j.Right, none)
	}
	return side <= joined
}

// costly tells whether e calls a built-in that scans text
// (expr.ScansText). Expressions are at most algebra.MaxDepth deep.
func costly(e algebra.Expr) bool {
	c, ok := e.(*algebra.ExprCall)
	if !ok {
		return false
	}
	if expr.ScansText(c.Op) {
		return true
	}
	for _, a := range c.Args {
		if costly(a) {
			return true
		}
	}
	return false
}

// splitConj splits a && b into separate filter expressions: a solution
// passes both exactly when it passes the conjunction.
func splitConj(es []algebra.Expr) []algebra.Expr {
	var out []algebra.Expr
	for _, e := range es {
		// Iterative: a balanced conjunction splits without deep recursion.
		stack := []algebra.Expr{e}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if c, ok := x.(*algebra.ExprCall); ok && c.Op == "&&" && len(c.Args) == 2 {
				stack = append(stack, c.Args[1], c.Args[0])
				continue
			}
			out = append(out, x)
		}
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
