package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/api/replica"
	"github.com/ruche-lod/ruche/store"
)

// replicationFlags are the flags of `ruche serve` for replication through
// NATS JetStream; without --publish-to or --follow nothing of it runs.
type replicationFlags struct {
	publishTo, follow, stream, primary, name string
	replicas                                 int
	snapshotEvery, retention, maxLag         time.Duration
}

func addReplicationFlags(fs *flag.FlagSet) *replicationFlags {
	r := &replicationFlags{}
	fs.StringVar(&r.publishTo, "publish-to", envOr("RUCHE_PUBLISH_TO", ""), "primary: publish every committed transaction's public changes to NATS JetStream at nats://HOST:PORT[,…]")
	fs.StringVar(&r.follow, "follow", envOr("RUCHE_FOLLOW", ""), "replica: follow the primary's stream at nats://HOST:PORT[,…] and serve read-only")
	fs.StringVar(&r.stream, "stream", replica.DefaultStream, "JetStream stream name (snapshots go to the object store STREAM-snapshots)")
	fs.IntVar(&r.replicas, "replicas", 1, "JetStream replicas of the stream and the object store (primary)")
	fs.DurationVar(&r.snapshotEvery, "snapshot-every", 10*time.Minute, "primary: write a snapshot this often when the data changed (and always on start)")
	fs.DurationVar(&r.retention, "retention", replica.DefaultMaxAge, "primary: how long the stream keeps changes (at most 1 GiB); a replica away longer bootstraps again")
	fs.StringVar(&r.primary, "primary", "", "replica: the primary's URL; writes are redirected there (307), else refused with 403")
	fs.StringVar(&r.name, "replica-name", "", "replica: its name in the stream (durable consumer replica-NAME; default from the host name and --addr)")
	fs.DurationVar(&r.maxLag, "max-lag", 30*time.Second, "replica: /healthz answers 503 when the replica is further behind than this")
	return r
}

func (r *replicationFlags) enabled() bool { return r.publishTo != "" || r.follow != "" }

func (r *replicationFlags) check() error {
	switch {
	case r.publishTo != "" && r.follow != "":
		return usageError{"--publish-to and --follow exclude each other"}
	case !replica.ValidName(r.stream):
		return usageError{fmt.Sprintf("--stream %q: letters, digits, - and _ only", r.stream)}
	case r.replicas < 1 || r.replicas > 5:
		return usageError{"--replicas must be between 1 and 5"}
	case r.name != "" && !replica.ValidName(r.name):
		return usageError{fmt.Sprintf("--replica-name %q: letters, digits, - and _ only", r.name)}
	}
	return nil
}

// serve runs the server as a publishing primary or as a replica.
func (r *replicationFlags) serve(ctx context.Context, srv *api.Server, data, addr, base string, log *slog.Logger) error {
	if err := r.check(); err != nil {
		return err
	}
	srv.UseCommitTimes()
	if r.follow != "" {
		return r.serveReplica(ctx, srv, data, addr, base, log)
	}
	return r.servePrimary(ctx, srv, data, addr, base, log)
}

func (r *replicationFlags) streamConfig(urls string) replica.StreamConfig {
	return replica.StreamConfig{URLs: urls, Stream: r.stream, Replicas: r.replicas, MaxAge: r.retention}
}

func (r *replicationFlags) servePrimary(ctx context.Context, srv *api.Server, data, addr, base string, log *slog.Logger) error {
	st, err := openForServe(ctx, data, base, log)
	if err != nil {
		return err
	}
	defer st.Close()
	srv.SetStore(st)
	if err := srv.SeedEventStream(ctx); err != nil {
		return fmt.Errorf("seed the event stream: %w", err)
	}
	if err := stampCurrentVersion(ctx, st); err != nil {
		return err
	}
	pub, err := replica.StartPublisher(ctx, replica.PublisherConfig{StreamConfig: r.streamConfig(r.publishTo), SnapshotEvery: r.snapshotEvery, Logger: log}, st)
	if err != nil {
		return err
	}
	srv.Wrap(replica.Middleware(func() uint64 { return replica.StoreVersion(st) }, nil, ""))
	err = srv.ListenAndServe(ctx, addr, 15*time.Second, func(a string) {
		log.Info("listening (primary, publishing)", "addr", a, "base", base, "data", data, "nats", r.publishTo, "stream", r.stream)
	})
	cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if perr := pub.Close(cctx); perr != nil {
		log.Warn("replication: not everything was published before stopping", "err", perr)
	}
	log.Info("stopped")
	return err
}

// stampCurrentVersion makes sure the current data version has a commit
// time (a folder served before without replication has none), so that its
// documents are dated identically on every replica.
func stampCurrentVersion(ctx context.Context, st *store.Store) error {
	snap := st.Snapshot()
	_, ok := snap.CommitTime(snap.Version())
	snap.Close()
	if ok {
		return nil
	}
	st.StampCommits()
	return st.Update(ctx, func(tx *store.Txn) error {
		return tx.PutMeta("ruche/published-since", []byte(time.Now().UTC().Format(time.RFC3339)))
	})
}

func (r *replicationFlags) serveReplica(ctx context.Context, srv *api.Server, data, addr, base string, log *slog.Logger) error {
	name := r.name
	if name == "" {
		host, _ := os.Hostname()
		name = sanitizeName(host + "-" + addr)
	}
	opts := storeOptions()
	opts.Logger = log
	f, err := replica.StartFollower(ctx, replica.FollowerConfig{
		StreamConfig: r.streamConfig(r.follow), Name: name, Dir: filepath.Join(data, "replica"), Base: base,
		MaxLag: r.maxLag, StoreOptions: opts, SetStore: srv.SetStore, Logger: log,
	})
	if err != nil {
		return err
	}
	srv.Wrap(replica.Middleware(f.Version, f, r.primary))
	err = srv.ListenAndServe(ctx, addr, 15*time.Second, func(a string) {
		log.Info("listening (replica)", "addr", a, "base", base, "data", data, "nats", r.follow, "stream", r.stream, "name", name)
	})
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close replica store: %w", cerr)
	}
	log.Info("stopped")
	return err
}

func sanitizeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
