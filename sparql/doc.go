// Package sparql is the facade of the SPARQL 1.1 query engine used by the
// HTTP API and the command line: [Prepare] parses and translates a query
// once; [Query.Exec] plans it (rewrites and join ordering against a
// dataset's statistics) and streams its results under [Limits];
// [Query.Explain] prints the plan.
//
// The engine lives in sub-packages: parser (syntax), algebra (section 18
// of the specification), optimize (rewrites and join ordering), stats (what
// the optimizer and the evaluator share about a dataset), eval (execution
// in term-id space), expr (values and the function registry) and results
// (result formats).
//
// [StoreDataset] wraps a *store.Snapshot as a [Dataset]; package
// eval/memdataset holds an in-memory one for tests.
//
// [PrepareContext] and [Query.Exec] look at their context in every phase:
// parsing, translation and planning stop when it is done, as evaluation
// does. Parsing, translation and planning are linear (or n log n) in the
// query's text, at most [MaxQueryBytes] long.
//
// Errors are typed so that callers can map them: a *parser.SyntaxError (also
// for scope errors found while translating, with line and column) is a bad
// query (400); a *LimitError a refused query: when preparing, "depth" (nested
// deeper than parser.MaxDepth or algebra.MaxDepth) or "query-size" (413),
// when executing "results" (413) or "memory" (503); an error wrapping
// context.DeadlineExceeded a timeout (503); [ErrServiceUnsupported] a query
// using SERVICE (501); an *InternalError a bug of the parser, and anything
// else a failure reading the dataset (500).
package sparql
