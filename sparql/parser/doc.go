// Package parser owns the SPARQL 1.1 Query and Update syntax: a lexer that
// writes into the caller's token, a recursive-descent parser in the manner
// of go/parser (one-token look-ahead, "expected X, found Y" errors), the
// positioned syntax tree of ast.go, the static checks of the specification
// (variable scope in projections and GROUP BY, BIND scope, blank node label
// reuse, aggregates, VALUES arity, no blank nodes in DELETE) and a printer
// whose output parses back to the same tree.
//
// Nesting is bounded by [MaxDepth] ([LimitError] beyond it), and chains of
// operators count into it, so that neither the parser nor the recursive
// walks over its trees can exhaust the stack; chains of ||, && and path
// operators become balanced trees. A panic inside the parser is recovered
// at its entry points as an [InternalError], a bug rather than a
// [SyntaxError]. [ParseQueryContext] and [ParseUpdateContext] stop when
// their context is done.
//
// Prefixed names and relative IRIs are resolved while parsing, so the tree
// holds absolute IRIs as rdf.Term values; the algebra translation (package
// sparql/algebra) consumes it.
//
// # Usage
//
//	q, err := parser.ParseQuery(src, parser.Options{BaseIRI: "http://example.org/"})
//	var se *parser.SyntaxError
//	if errors.As(err, &se) {
//		fmt.Println(se.Line, se.Column, se.Msg)
//	}
//	fmt.Println(q) // SPARQL again
package parser
