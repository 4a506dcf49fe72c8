package algebra

import "github.com/ruche-lod/ruche/store/rdf"

// Expr is a SPARQL expression.
// https://www.w3.org/TR/sparql11-query/#expressions
type Expr interface {
	isExpr()
}

// ExprVar is a variable reference.
type ExprVar struct {
	Name string
}

// ExprTerm is a constant term.
type ExprTerm struct {
	Term rdf.Term
}

// ExprCall is an operator or function call. Op is an operator symbol
// ("||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "!",
// "u+" and "u-" for the unary signs, "IN", "NOT IN"), the upper-case name of
// a built-in (BOUND, IF, COALESCE, STR, REGEX, …) or the IRI of a function.
// For IN and NOT IN, Args[0] is the tested expression.
type ExprCall struct {
	Op   string
	Args []Expr
}

// ExprExists is EXISTS or NOT EXISTS { pattern }.
// https://www.w3.org/TR/sparql11-query/#func-filter-exists
type ExprExists struct {
	Not bool
	Op  Op
}

// ExprAggregate is an aggregate inside SELECT, HAVING or ORDER BY before
// translation replaces it with a variable of a [Group]. It never occurs in
// a translated tree.
type ExprAggregate struct {
	Agg Aggregate
}

func (*ExprVar) isExpr()       {}
func (*ExprTerm) isExpr()      {}
func (*ExprCall) isExpr()      {}
func (*ExprExists) isExpr()    {}
func (*ExprAggregate) isExpr() {}
