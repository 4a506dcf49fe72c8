// Package eval owns the evaluation of SPARQL algebra over a dataset in
// term-id space.
//
// [Compile] turns an [algebra.Query] into a [Program] once; each
// [Program.Run] executes it against a [Dataset] with a context and
// [Limits]. Operators pass slot-indexed rows of term ids (one slot per
// variable) and push them to their consumer; terms are materialised only for
// expressions, ORDER BY and output, through a per-execution cache.
//
// Joins bind the left side's values into the right side (index nested
// loop) when that is equivalent to the join; otherwise, and for joins the
// optimizer marks as hash joins once the input rows exceed what an index
// lookup per row is worth, the right side is evaluated once and probed
// through a hash index on a shared variable. Closures (p+, p*) over one
// predicate likewise switch from index lookups to the predicate's links
// loaded in memory when that is cheaper. By default the default graph is the
// union of all graphs (quads repeated across graphs count once).
//
// Reading the dataset: when it is a [CursorDataset] (the store is), one
// [Cursor] per execution answers every pattern by re-seeking open index
// iterators. Small scan results are kept per execution in a cache keyed by
// the pattern, so that a pattern asked again (the same subject read by a
// group and its OPTIONAL) costs no lookup; adaptive joins count only the
// lookups really made. Filter conditions on one variable remember their
// outcome per term id while values repeat, and sameTerm or = / != against
// a constant IRI compare ids without materialising terms.
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
