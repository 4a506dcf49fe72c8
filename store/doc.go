// Package store owns ruche's quad store: a term dictionary, six index
// permutations per quad space, statistics, small meta values, snapshots,
// atomic transactions, bulk loading, consistency checks and backups, all in
// one Badger database. The key layout is written down in FORMAT.md.
//
// # Usage
//
//	s, err := store.Open(dir, store.DefaultOptions())
//	…
//	err = s.Update(ctx, func(tx *store.Txn) error {
//		return tx.Add(rdf.Quad{S: s, P: p, O: o, G: g})
//	})
//	snap := s.Snapshot()
//	defer snap.Close()
//	for q, err := range snap.Match(ctx, store.Pattern{P: p, AnyGraph: true}) { … }
//
// Readers work on snapshots (Badger read transactions) and never wait for
// writers; writers are serialised. The SPARQL evaluator works in id space
// with [Snapshot.Quads], [Snapshot.LookupID], [Snapshot.Term] and
// [Snapshot.Estimate]; importers, exporters and pages work with terms
// through [Snapshot.Match], [Txn.Add] and [Store.BulkLoad].
//
// A [Cursor] (the evaluator's way in) answers predicate patterns from the
// column cache when it holds the predicate: its quads in memory as sorted
// id rows, for one Badger read timestamp, built by the queries that read
// the predicate whole or probe it often, bounded in bytes (columns.go);
// from them, [Cursor.ScanBySubject] reads a predicate in subject order,
// which no Badger index gives, for joins that merge on the subject (given
// the other side's keys, it jumps to them instead of reading every quad).
// Patterns with the predicate unbound and the subject or object bound are
// answered from a space column, the whole space in SPOG or OSPG order with
// one directory entry per id, once their lookups have paid for it
// (across.go).
// Ids are turned back into terms through a lock-free table (cache.go).
//
// Quads live in separate spaces ([Public], [Private], [Archive]); a scan
// never crosses spaces, and only code that asks for a space with In sees it.
// The dictionary is shared by all spaces.
package store
