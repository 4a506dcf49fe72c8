// Package sparql is the facade of the SPARQL 1.1 query engine used by the
// HTTP API and the command line: [Prepare] parses, translates and
// simplifies a query once; [Query.Exec] plans it against a dataset's
// statistics and streams its results under [Limits]; [Query.Explain]
// prints the plan.
//
// The engine lives in sub-packages: parser (syntax), algebra (section 18
// of the specification), optimize (rewrites and join ordering), eval
// (execution in term-id space), expr (values and functions) and results
// (result formats).
//
// Errors are typed so that callers can map them: a *parser.SyntaxError or
// *algebra.TranslateError is a bad query, a *LimitError a refused query,
// and an error wrapping context.DeadlineExceeded a timeout.
package sparql
