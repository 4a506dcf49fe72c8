// Package replica runs ruche's read replicas over NATS JetStream: the
// primary's publisher, the replicas' follower, the HTTP middleware both
// serve through, and the status that `ruche replica status` prints. The
// record format and the application of changes to a store are in
// store/replica.
//
// # Primary (`ruche serve --publish-to nats://…`)
//
// The publisher observes the store (store.Store.OnCommit, public spaces and
// allowlisted meta only) and sends the changes, in commit order, to the
// subject STREAM.tx of the JetStream stream STREAM (default "ruche"): one
// message per batch of up to 512 consecutive transactions (one per
// transaction unless writes queue up), split into parts above the server's
// maximum payload; headers Ruche-Version / Ruche-First-Version, and
// Nats-Msg-Id for deduplication. Retention: limits, the last 7 days
// (--retention) and at most 1 GiB, oldest dropped; file storage; --replicas
// copies. A snapshot of the public state (store/replica.WriteSnapshot) goes
// to the object store bucket STREAM-snapshots, object "public-snapshot",
// on start and every --snapshot-every when the data changed; its
// description records its version and the last stream sequence it
// includes. Every second the primary announces its data version on the
// plain subject STREAM.heartbeat, so replicas know their lag even when
// nothing is written. Commit times are stamped in the data
// (store.Store.StampCommits), so Last-Modified is the same everywhere.
//
// # Replica (`ruche serve --follow nats://… [--primary URL]`)
//
// The follower keeps its store in DATA/replica/gen-NNNNNN (one generation
// per bootstrap). On start it reopens the newest generation if the stream
// still holds the message after the one it applied last (recorded in the
// store under replica/seq, in the same transaction as the change), else it
// loads the newest snapshot into a new generation. It then (re)creates its
// durable pull consumer "replica-NAME" at that sequence and applies each
// change exactly once: a version already applied is skipped (redelivery),
// a missing version (a primary killed with changes unpublished) makes it
// bootstrap again from a snapshot at least that recent, while the previous
// generation keeps serving. The replica's store refuses every other write
// (store.Store.FollowOnly) and keeps the primary's term ids, so every
// document, dump, page and query result is byte-identical to the
// primary's at the same data version.
//
// # HTTP
//
// Middleware adds Ruche-Data-Version to every response. On a replica,
// /healthz reports Status (version, primary's version, lag in versions and
// seconds, 0 when caught up even if the primary is idle, age of the
// primary's last heartbeat) and answers 503 until the snapshot is loaded
// and the stream's tail applied, or when the lag passes --max-lag; reads
// then answer 503 too, so a front retries them elsewhere. Writes answer
// 307 to --primary (403 without it); SPARQL by POST stays local. The
// reference nginx configuration is deploy/nginx.conf.
//
// Only features of nats-server 2.9 are used (one filter subject per
// consumer, no stream metadata, compression or subject transforms).
package replica
