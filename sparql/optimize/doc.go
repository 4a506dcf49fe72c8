// Package optimize owns the rewriting of SPARQL algebra before evaluation:
// filter push-down (into joins, basic graph patterns, unions and the left
// side of OPTIONAL), join ordering of basic graph patterns and property
// paths from a dataset's cardinality estimates, and simplifications.
//
// Every rewrite is a general equivalence of the algebra; none depends on
// particular queries. The rewritten tree is new: inputs are never changed.
package optimize
