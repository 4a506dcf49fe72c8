// Package algebra owns the SPARQL 1.1 query algebra: the operator tree of
// section 18 of the specification (https://www.w3.org/TR/sparql11-query/#sparqlAlgebra),
// the translation of a parsed query into that tree (section 18.2), and an
// SSE-style printer used by explain output and golden tests.
//
// Operators are plain structs implementing [Op]; expressions implement
// [Expr]. The tree is immutable once built: the optimizer returns new nodes
// rather than editing old ones.
//
// Translation is linear in the size of the query: the joins of a group's
// elements and the alternatives of a UNION become balanced trees, filter
// conjunctions too, and the variables in scope of a group (for BIND) are
// kept up to date element by element. Its trees are at most [MaxDepth]
// deep, a bound the evaluator relies on; [Depth] measures any tree without
// recursion.
package algebra
