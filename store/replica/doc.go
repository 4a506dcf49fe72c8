// Package replica is the format of ruche's replication log and its
// application to a replica's store, independent of the transport (the NATS
// JetStream publisher and follower live in api/replica).
//
// A primary observes its store ([store.Store.OnCommit] with [Filter]) and
// turns every committed transaction into a [Change]: the data version, the
// commit time, the net quad changes of the Public and Archive spaces and the
// changes of the public meta keys ([PublicMetaPrefixes]: an allowlist).
// The Private space, tokens and the audit log never enter a Change or a
// snapshot: the filter is applied by the store before any term is read, and
// again here.
//
// A replica starts from a snapshot ([WriteSnapshot] on the primary,
// [LoadSnapshot] into an empty store), then applies changes in version order
// with [Apply], which is idempotent (a version already applied is skipped)
// and refuses gaps ([ErrGap]), and commits the primary's version number, so
// that the same version means the same public state everywhere.
//
// # Format
//
// Both records are gzip'd. Integers are unsigned varints (the time a signed
// varint of Unix nanoseconds, 0 when unknown); a string is its length and
// bytes; a term is its kind byte (0 default graph, 1 IRI, 2 blank node, 3
// literal) followed by its value (and, for a literal, datatype and
// language), so blank node labels and lexical forms travel byte for byte.
//
//	change:   "RCHC1" version time  4×(count quad…)  count meta…
//	          (the four quad lists: public added, public removed, archive added, archive removed)
//	snapshot: "RCHS1" version time  ('P' quad)… ('A' quad)… ('M' meta)… 'E' count
//	meta:     key flag [value]      (flag 0: set to value; 1: deleted)
package replica
