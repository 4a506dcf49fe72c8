// Package optimize owns the rewriting of SPARQL algebra before evaluation:
// filter push-down (into joins, basic graph patterns, unions and the left
// side of OPTIONAL), join ordering of basic graph patterns and property
// paths from a dataset's cardinality estimates, and simplifications. A
// filter calling a costly function (REGEX, string search, hashing) is not
// pushed into a side of a hash join that yields more rows than the join.
// Around ORDER BY: BINDs move above a LIMIT, an ORDER BY on projected
// variables moves above the DISTINCT, and a LIMIT over OPTIONALs gives
// their left side its own top-k when the keys are its variables
// (topk.go).
//
// A filter pinning a variable of a basic graph pattern to IRIs or plain
// strings (=, sameTerm, IN) becomes a join with a table of them, looked
// up through the indexes (equality.go); a filter comparing a variable its
// group never binds keeps nothing, and its group becomes an empty table
// (scope.go).
//
// Every rewrite is a general equivalence of the algebra; none depends on
// particular queries. The rewritten tree is new: inputs are never changed.
// Constant folding evaluates only the calls the function registry declares
// foldable (expr.Foldable): never NOW, RAND, UUID, STRUUID, BNODE, IRI/URI
// nor a special form.
//
// The optimizer reads statistics through stats.Estimator (every
// eval.Dataset is one) and imports nothing of the evaluator. Its passes
// recurse over trees at most algebra.MaxDepth deep; greedy join ordering,
// quadratic in the size of a join group, is kept to groups of at most 256
// operands (larger ones are joined in source order, as a balanced tree),
// and it stops when its context is done.
package optimize
