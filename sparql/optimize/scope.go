package optimize

import "github.com/ruche-lod/ruche/sparql/algebra"

// failsAlways tells whether one of f's conditions is an error, hence false,
// in every solution of f.Op: an operand of a comparison or of arithmetic
// is a variable f.Op never binds. A filter sees only its own group's
// variables, so a variable bound outside it (FILTER(?m2 != ?m) inside a
// MINUS or a nested group, ?m bound around it) is unbound there, and the
// filter keeps nothing: its group is then an empty table, read in no time.
// Inside an EXISTS, the variables it substitutes with the tested row's
// values (substituted) are in scope.
func failsAlways(f *algebra.Filter, substituted algebra.VarSet) bool {
	scope := algebra.MaybeVars(f.Op)
	for v := range substituted {
		scope.Add(v)
	}
	for _, e := range splitConj(f.Exprs) {
		if unboundError(e, scope) {
			return true
		}
	}
	return false
}

// unboundError tells whether e is an error whenever the variables outside
// scope are unbound: e is such a variable, or an operator that is an
// error when an operand is (comparisons, arithmetic, negation) applied to
// one. Expressions are at most algebra.MaxDepth deep.
func unboundError(e algebra.Expr, scope algebra.VarSet) bool {
	switch x := e.(type) {
	case *algebra.ExprVar:
		return !scope.Has(x.Name)
	case *algebra.ExprCall:
		switch x.Op {
		case "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "!", "u+", "u-":
		default:
			return false
		}
		for _, a := range x.Args {
			if unboundError(a, scope) {
				return true
			}
		}
	}
	return false
}
