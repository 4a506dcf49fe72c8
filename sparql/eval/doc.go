// Package eval owns the evaluation of SPARQL algebra over a dataset in
// term-id space.
//
// [Compile] turns an [algebra.Query] into a [Program] once; each
// [Program.Run] executes it against a [Dataset] with a context and
// [Limits]. Operators pass slot-indexed rows of term ids (one slot per
// variable) and push them to their consumer; terms are materialised only for
// expressions, ORDER BY and output, through a per-execution cache.
//
// The context is checked inside every loop (scans, joins, path searches,
// sorts, grouping), so a deadline stops even a cross product. Sorts, groups,
// DISTINCT, hash joins and path searches count the rows they hold against
// [Limits.MaxMemoryRows]; exceeding it, or [Limits.MaxResults], stops the
// query with a [*LimitError].
//
// The package never imports the store: [Dataset] is the small interface it
// consumes, and package memdataset provides an in-memory implementation for
// tests.
package eval
