package optimize

import (
	"errors"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// foldable reports whether a call of op may be evaluated when planning:
// the arithmetic and comparison operators, and the functions the registry
// declares foldable (expr.Foldable: never one that is fresh at each call,
// reads the clock or the base IRI, nor a special form). The logical
// operators and IN have error semantics of their own, left to the
// evaluator.
func foldable(op string) bool {
	switch op {
	case "+", "-", "*", "/", "=", "!=", "<", ">", "<=", ">=":
		return true
	}
	return expr.Foldable(op)
}

// fold evaluates the calls whose arguments are all constants. A call that
// raises an error is left alone, so that the error happens at evaluation
// where its meaning (false in a filter, unbound in BIND) applies.
func fold(e algebra.Expr) algebra.Expr {
	c, ok := e.(*algebra.ExprCall)
	if !ok {
		return e
	}
	args := make([]algebra.Expr, len(c.Args))
	consts := make([]rdf.Term, len(c.Args))
	allConst := true
	for i, a := range c.Args {
		args[i] = fold(a)
		if t, ok := args[i].(*algebra.ExprTerm); ok {
			consts[i] = t.Term
		} else {
			allConst = false
		}
	}
	out := &algebra.ExprCall{Op: c.Op, Args: args}
	if !allConst || !foldable(c.Op) {
		return out
	}
	if bound := expr.ResultBound(c.Op); bound != nil && bound(consts) > maxFoldedBytes {
		// Planning has no memory budget nor deadline inside one call:
		// a call that could build a large string is left to the
		// evaluator, which has both.
		return out
	}
	t, err := evalConst(c.Op, consts)
	if err != nil || t.IsZero() {
		return out
	}
	return &algebra.ExprTerm{Term: t}
}

var errNotFoldable = errors.New("not foldable")

// maxFoldedBytes bounds the string a call folded at planning may build.
const maxFoldedBytes = 64 << 10

func evalConst(op string, a []rdf.Term) (rdf.Term, error) {
	bin := func(f func(x, y rdf.Term) (rdf.Term, error)) (rdf.Term, error) {
		if len(a) != 2 {
			return rdf.Term{}, errNotFoldable
		}
		return f(a[0], a[1])
	}
	switch op {
	case "+":
		return bin(expr.Add)
	case "-":
		return bin(expr.Sub)
	case "*":
		return bin(expr.Mul)
	case "/":
		return bin(expr.Div)
	case "=", "!=", "<", ">", "<=", ">=":
		if len(a) != 2 {
			return rdf.Term{}, errNotFoldable
		}
		b, err := expr.Relational(op, a[0], a[1])
		return expr.Bool(b), err
	}
	if !expr.Foldable(op) {
		return rdf.Term{}, errNotFoldable
	}
	return expr.Call(nil, op, a)
}

// foldExprs folds a list of expressions.
func foldExprs(es []algebra.Expr) []algebra.Expr {
	out := make([]algebra.Expr, len(es))
	for i, e := range es {
		out[i] = fold(e)
	}
	return out
}
