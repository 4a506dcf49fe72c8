// Package expr owns SPARQL value semantics and the function library of
// SPARQL 1.1 section 17: effective boolean value, the comparison operators,
// numeric type promotion and exact decimal arithmetic, the built-in
// functions, XSD casts and the aggregate accumulators of section 18.5.
//
// Everything here is a pure function of [rdf.Term] values: the package knows
// nothing of the parser or the evaluator. Every failure of an expression is
// an error wrapping [ErrType], which the evaluator treats as the SPARQL
// "type error" (an unbound result for BIND and SELECT expressions, false for
// FILTER).
//
// # Usage
//
//	ok, err := expr.Equal(a, b)                 // the = operator
//	sum, err := expr.Add(a, b)                  // the + operator
//	t, err := expr.Call(fc, "STRLEN", args)     // a built-in by keyword
//	t, err := expr.Call(fc, rdf.XSDInteger, args) // a cast by IRI
//
// One registry declares every function: its keyword or IRI, its arity and
// its [Props] (fresh values, reading the clock or the base IRI, special
// form), each given by the table that declares the function. The parser
// checks built-in calls against it ([Arity], [Keywords]), the optimizer
// folds only what it declares [Foldable], and the evaluator resolves calls
// with [Lookup].
//
// # Numbers
//
// Integers and decimals that fit are held as an int64 scaled by a power of
// ten (at most 10^18), others as a big.Rat. Arithmetic, rounding, casts,
// comparisons, the canonical forms and the sums of SUM and AVG take an
// int64 path, checked for overflow, and fall back on math/big when a bound
// would be passed; a quotient is printed by long division. The results are
// those of the math/big path, which the tests check at the boundaries and
// on random operands (smalldec_test.go).
//
// A [FuncContext] carries what is shared by a query (NOW, the base IRI) and
// by one solution (BNODE labels); the evaluator makes one per query and
// calls [FuncContext.NextSolution] between solutions.
package expr
