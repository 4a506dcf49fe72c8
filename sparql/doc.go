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
// [StoreDataset] wraps a *store.Snapshot as a [Dataset]; package
// eval/memdataset holds an in-memory one for tests.
//
// Errors are typed so that callers can map them: a *parser.SyntaxError (also
// for scope errors found while translating, with line and column) is a bad
// query (400), a *LimitError a refused query (413 for "results", 503 for
// "memory"), an error wrapping context.DeadlineExceeded a timeout (503),
// [ErrServiceUnsupported] a query using SERVICE (501), and anything else a
// failure reading the dataset (500).
package sparql
