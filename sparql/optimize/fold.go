package optimize

import (
	"errors"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Volatile functions (expr.Volatile) and those that depend on the
// execution (its time, its base IRI) are never folded.
var execDependent = map[string]bool{"NOW": true, "IRI": true, "URI": true}

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
	if !allConst || expr.Volatile(c.Op) || execDependent[c.Op] {
		return out
	}
	t, err := evalConst(c.Op, consts)
	if err != nil || t.IsZero() {
		return out
	}
	return &algebra.ExprTerm{Term: t}
}

var errNotFoldable = errors.New("not foldable")

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
	case "&&", "||", "!", "IN", "NOT IN", "IF", "COALESCE", "BOUND", "u+", "u-":
		// Special forms with error semantics of their own: left to the
		// evaluator.
		return rdf.Term{}, errNotFoldable
	}
	if _, _, ok := expr.Arity(op); !ok {
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
