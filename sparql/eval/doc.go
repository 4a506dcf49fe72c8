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
// through a hash index on a shared variable. A join marked as a hash join
// first holds its left rows while they are fewer than the right side's
// estimate: when the left side ends smaller, its rows are the ones hashed
// and the right side, evaluated once, probes them (the smaller side is
// built from real row counts). A build keeps only the slots its side may
// bind, back to back in one array; when it arrives sorted on its key (a
// scan in the index's order) probes search it from where the last one
// stopped, a merge join when they come in the same order, and it is hashed
// once that costs less. Both sides of a hash join that are one triple
// pattern keyed on its subject (the other positions free) are read in
// subject order when the cursor can ([SubjectOrderCursor]: the store
// does from its column cache), so that they merge; when the rows held have
// at most half as many keys as the other side has rows, that side's scan is
// given the keys and skips to them. Closures (p+, p*) over one predicate, and the steps
// of a path sequence, likewise switch from index lookups to the
// predicate's links loaded in memory when that is cheaper. By default the
// default graph is the union of all graphs (quads repeated across graphs
// count once).
//
// MINUS is a hash anti-join: the right side is evaluated once per active
// graph and kept as its values on the shared variables only, partitioned by
// which of them each row binds, so a left row costs one hash probe per
// partition (rows where a shared variable is unbound on either side are
// answered exactly; with no shared variable nothing is removed). EXISTS and
// NOT EXISTS are semi- and anti-joins that start by substituting each row
// and switch to probing the pattern's solutions, evaluated once, when the
// index lookups made pass what that costs (as joins do; for a group of
// patterns, what its first scan reads plus the rows it yields); an EXISTS that
// shares no variable with the row is answered once per active graph, and
// one whose filter reads a variable of the row the pattern does not bind is
// always evaluated by substitution. A basic graph pattern evaluated on its
// own for such a build is ordered again at run time by the dataset's
// estimates for the bindings it really has.
//
// GROUP BY keys and DISTINCT rows are numbered in id space by an open
// addressing table over the ids themselves (GROUP BY checks the previous
// row's group first: rows often come grouped); the values of COUNT(DISTINCT),
// a one-column DISTINCT and a path's node sets are id sets that turn into
// bitmaps once that costs fewer bytes (store ids are dense counters); a top-k ORDER BY (with LIMIT)
// keeps a bounded heap, computes a row's keys only while they tie with
// the worst row kept, and remembers by id how a first key that is a
// variable compares with that row. A BIND computed from one or two
// variables remembers its value by their ids while values repeat, and a
// BIND whose variable is read only as a term (by expressions, ORDER BY,
// aggregates, GROUP BY on it, the output) numbers its values locally,
// without a dictionary lookup per computed term.
//
// COUNT(*), COUNT(?v) and COUNT(DISTINCT ?v) over one triple pattern, with
// no GROUP BY, are answered by a [CountDataset] (the store, from its
// statistics) when its count is exact, and otherwise by counting ids
// without decoding a term. A DISTINCT over one variable of one triple
// pattern, and a GROUP BY on one with COUNT aggregates, list the values
// through a [DistinctCursor] (the store seeks past each value in an index),
// the group's counts then coming from the CountDataset when exact.
//
// A hash join's key is a variable both sides always bind (a subject of a
// triple pattern first: an object may be shared by much of the data) or,
// failing one, a variable the left side always binds and the right side
// may (through BIND or OPTIONAL): right rows without it then meet every
// left row held.
//
// GRAPH ?g over a pattern read with the graph free scans once, skipping
// the default graph's quads, unless the default graph holds most of what
// the pattern matches: then it reads the named graphs one by one (at most
// 4,096 of them; none when there is none). A GRAPH ?g pattern evaluated
// graph by graph (one holding EXISTS, MINUS or a subquery) tries only the
// graphs where its most selective required triple matches for the input
// row, found by one scan bounded by the number of graphs.
//
// A filter relating, by = or sameTerm, two parts of a pattern that share
// no variable (a cross product) hashes one part on the key of its
// operand's value (expr.AppendEqualKey) and pairs each row of the other
// only with the rows its key finds; every pair still passes the whole
// filter.
//
// Reading the dataset: when it is a [CursorDataset] (the store is), one
// [Cursor] per execution answers every pattern by re-seeking open index
// iterators. Small scan results are kept per execution in a cache keyed by
// the pattern, so that a pattern asked again (the same subject read by a
// group and its OPTIONAL) costs no lookup; adaptive joins count only the
// lookups really made. The layers of a lookup (a pattern's step, the scan
// cache, the duplicate check, the cursor) and each OPTIONAL keep their state
// in frames made once per execution and nesting depth, so a lookup
// allocates nothing in the evaluator. Filter conditions on one or two variables remember
// their outcome per term ids while values repeat, and sameTerm or = / != against
// a constant IRI compare ids without materialising terms. Arithmetic inside
// a comparison or inside arithmetic passes numbers between the operators
// (expr.Number), with each variable's number remembered per id, instead of
// writing intermediate results as literals.
//
// The context is checked inside every loop (scans, joins, path searches,
// sorts, grouping, anti-join builds), so a deadline stops even a cross
// product. Sorts, groups, DISTINCT, hash joins and path searches count the
// rows they hold against [Limits.MaxMemoryRows], and the bytes they hold
// against [Limits.MaxMemoryBytes], as do anti-join builds, GROUP_CONCAT
// buffers, CONSTRUCT's duplicate set and every term computed during the
// execution (the strings REPLACE, CONCAT and the other functions build);
// REPLACE, CONCAT, UCASE, LCASE and ENCODE_FOR_URI are refused before they
// run when their result could pass what is left of the byte budget.
// Exceeding a budget, or [Limits.MaxResults], stops the query with a
// [*LimitError] (errors.As finds it; Limit is "memory" or "results").
//
// The package never imports the store: [Dataset] is the small interface it
// consumes, and package memdataset provides an in-memory implementation for
// tests.
package eval
