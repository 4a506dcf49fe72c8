package replica

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/replica"
)

// FollowerConfig configures a replica.
type FollowerConfig struct {
	StreamConfig
	// Name identifies the replica: its durable consumer is
	// "replica-"+Name (what `ruche replica status` lists).
	Name string
	// Dir is the replica's data folder; it holds generations gen-NNNNNN,
	// one per bootstrap.
	Dir string
	// Base is the base IRI the replica serves under: it must be the
	// primary's.
	Base string
	// MaxLag is the lag beyond which the replica reports itself unhealthy
	// (default 30 s).
	MaxLag time.Duration
	// StaleAfter is how long without a heartbeat of the primary before the
	// status says the primary is unreachable (default 5 s).
	StaleAfter   time.Duration
	StoreOptions store.Options
	// SetStore is called with the store to serve, after the first
	// bootstrap and after each later one.
	SetStore func(*store.Store)
	// Applied, if set, is called after each change is applied (benchmarks).
	Applied func(version uint64)
	Logger  *slog.Logger
}

// Follower keeps a replica's store up to date from the stream.
type Follower struct {
	cfg FollowerConfig
	log *slog.Logger
	nc  *nats.Conn
	js  jetstream.JetStream
	sub *nats.Subscription

	mu          sync.Mutex
	st          *store.Store
	gen         int
	applied     uint64
	known       uint64
	behindSince time.Time
	lastBeat    time.Time
	ready       bool
	bootstraps  int
	lastErr     string
	started     time.Time
	parts       []byte // message parts gathered so far
	nextPart    int

	cancel context.CancelFunc
	done   chan struct{}
}

// Status is what /healthz reports on a replica.
type Status struct {
	Status         string  `json:"status"` // ok, starting, lagging
	Role           string  `json:"role"`
	Version        uint64  `json:"version"`        // data version served
	PrimaryVersion uint64  `json:"primaryVersion"` // newest version known
	LagVersions    uint64  `json:"lagVersions"`
	LagSeconds     float64 `json:"lagSeconds"` // 0 when caught up, even if the primary is idle
	// PrimarySeenSecondsAgo is the age of the primary's last heartbeat
	// (-1: none yet); PrimaryStale says it is older than StaleAfter: the
	// replica serves the last version it has.
	PrimarySeenSecondsAgo float64 `json:"primarySeenSecondsAgo"`
	PrimaryStale          bool    `json:"primaryStale"`
	MaxLagSeconds         float64 `json:"maxLagSeconds"`
	Bootstraps            int     `json:"bootstraps"`
	Stream                string  `json:"stream"`
	Consumer              string  `json:"consumer"`
	Error                 string  `json:"error,omitempty"`
}

// StartFollower connects to NATS and starts following in the background:
// the newest snapshot first (unless the data folder holds a replica store
// that the stream can still bring up to date), then the stream.
func StartFollower(ctx context.Context, cfg FollowerConfig) (*Follower, error) {
	cfg.defaults()
	if cfg.MaxLag <= 0 {
		cfg.MaxLag = 30 * time.Second
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = 5 * time.Second
	}
	if !ValidName(cfg.Name) {
		return nil, fmt.Errorf("replica: name %q: letters, digits, - and _ only", cfg.Name)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("replica: data folder: %w", err)
	}
	nc, js, err := connect(cfg.URLs, "ruche replica "+cfg.Name)
	if err != nil {
		return nil, err
	}
	f := &Follower{cfg: cfg, log: log, nc: nc, js: js, started: time.Now(), done: make(chan struct{})}
	f.sub, err = nc.Subscribe(cfg.heartbeat(), f.onHeartbeat)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("replica: heartbeat subscription: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	go f.run(runCtx)
	return f, nil
}

func (f *Follower) consumerName() string { return "replica-" + f.cfg.Name }

func (f *Follower) onHeartbeat(m *nats.Msg) {
	var hb heartbeatMsg
	if json.Unmarshal(m.Data, &hb) != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastBeat = time.Now()
	f.noteKnownLocked(hb.Version)
}

func (f *Follower) noteKnownLocked(v uint64) {
	if v > f.known {
		f.known = v
	}
	if f.known > f.applied && f.behindSince.IsZero() {
		f.behindSince = time.Now()
	}
}

func (f *Follower) noteApplied(v uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v > f.applied {
		f.applied = v
	}
	if f.applied >= f.known {
		f.behindSince = time.Time{}
	}
}

// Version is the data version the replica serves.
func (f *Follower) Version() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.applied
}

// Status reports the replica's state; healthy is false before the
// snapshot is loaded and the stream's tail applied, and when the lag is
// beyond MaxLag.
func (f *Follower) Status() (st Status, healthy bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	st = Status{Role: "replica", Version: f.applied, PrimaryVersion: max(f.known, f.applied), Bootstraps: f.bootstraps,
		Stream: f.cfg.Stream, Consumer: f.consumerName(), Error: f.lastErr, MaxLagSeconds: f.cfg.MaxLag.Seconds(), PrimarySeenSecondsAgo: -1}
	st.LagVersions = st.PrimaryVersion - st.Version
	if !f.behindSince.IsZero() && st.LagVersions > 0 {
		st.LagSeconds = now.Sub(f.behindSince).Seconds()
	}
	if !f.lastBeat.IsZero() {
		st.PrimarySeenSecondsAgo = now.Sub(f.lastBeat).Seconds()
	}
	st.PrimaryStale = f.lastBeat.IsZero() && now.Sub(f.started) > f.cfg.StaleAfter || !f.lastBeat.IsZero() && now.Sub(f.lastBeat) > f.cfg.StaleAfter
	switch {
	case !f.ready || f.st == nil:
		st.Status = "starting"
	case st.LagSeconds > f.cfg.MaxLag.Seconds():
		st.Status = "lagging"
	default:
		st.Status = "ok"
		healthy = true
	}
	return st, healthy
}

// Close stops following and closes the store.
func (f *Follower) Close() error {
	f.cancel()
	<-f.done
	_ = f.sub.Unsubscribe()
	f.nc.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.st != nil {
		return f.st.Close()
	}
	return nil
}

func (f *Follower) run(ctx context.Context) {
	defer close(f.done)
	for ctx.Err() == nil {
		err := f.follow(ctx)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, errRebootstrapped) {
			continue
		}
		if err != nil {
			f.log.Warn("replication: following interrupted; retrying", "err", err)
			f.mu.Lock()
			f.lastErr = err.Error()
			f.mu.Unlock()
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// errRebootstrapped: the store was replaced, the consumer must start again.
var errRebootstrapped = errors.New("replica: bootstrapped again")

func (f *Follower) follow(ctx context.Context) error {
	f.mu.Lock()
	st := f.st
	f.mu.Unlock()
	stream, obs, err := lookupStream(ctx, f.js, f.cfg.StreamConfig)
	if err != nil {
		return err
	}
	if st == nil {
		if st, err = f.openLocal(); err != nil {
			return err
		}
		if st == nil {
			if st, err = f.bootstrap(ctx, obs, 0); err != nil {
				return err
			}
		} else {
			f.install(st, f.gen, false)
		}
	}
	seq, _ := replica.Seq(st)
	info, err := stream.Info(ctx)
	if err != nil {
		return fmt.Errorf("replica: stream info: %w", err)
	}
	if seq > info.State.LastSeq || seq+1 < info.State.FirstSeq {
		// The stream was recreated, or dropped what this replica still
		// needs: start again from the newest snapshot.
		f.log.Warn("replication: the stream no longer continues this replica's store; bootstrapping again", "seq", seq, "first", info.State.FirstSeq, "last", info.State.LastSeq)
		if st, err = f.bootstrap(ctx, obs, replica.Version(st)+1); err != nil {
			return err
		}
		seq, _ = replica.Seq(st)
	}
	name := f.consumerName()
	if err := f.js.DeleteConsumer(ctx, f.cfg.Stream, name); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return fmt.Errorf("replica: reset consumer %s: %w", name, err)
	}
	cons, err := f.js.CreateOrUpdateConsumer(ctx, f.cfg.Stream, jetstream.ConsumerConfig{
		Durable:       name,
		Description:   "ruche replica " + f.cfg.Name,
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:   seq + 1,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       time.Minute,
		MaxAckPending: 4096,
		FilterSubject: f.cfg.subject(),
	})
	if err != nil {
		return fmt.Errorf("replica: consumer %s: %w", name, err)
	}
	f.mu.Lock()
	f.parts, f.nextPart = nil, 0
	f.lastErr = ""
	f.mu.Unlock()
	for ctx.Err() == nil {
		batch, err := cons.Fetch(256, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return fmt.Errorf("replica: fetch: %w", err)
		}
		n := 0
		var pending uint64 = 1
		for msg := range batch.Messages() {
			n++
			md, err := msg.Metadata()
			if err != nil {
				return fmt.Errorf("replica: message metadata: %w", err)
			}
			if err := f.handle(ctx, obs, msg, md.Sequence.Stream); err != nil {
				return err
			}
			pending = md.NumPending
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			return fmt.Errorf("replica: fetch: %w", err)
		}
		if n == 0 {
			ci, err := cons.Info(ctx)
			if err != nil {
				return fmt.Errorf("replica: consumer info: %w", err)
			}
			pending = ci.NumPending + uint64(ci.NumAckPending)
		}
		if pending == 0 {
			f.mu.Lock()
			if !f.ready {
				f.log.Info("replication: caught up with the stream", "version", f.applied)
			}
			f.ready = true
			f.mu.Unlock()
		}
	}
	return nil
}

// handle applies one message (or gathers one part of a batch).
func (f *Follower) handle(ctx context.Context, obs jetstream.ObjectStore, msg jetstream.Msg, seq uint64) error {
	h := msg.Headers()
	last, err := parseVersion(h, hdrVersion)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.noteKnownLocked(last)
	f.mu.Unlock()
	i, n, err := parsePart(h.Get(hdrPart))
	if err != nil {
		return err
	}
	data := msg.Data()
	if n > 1 {
		if i == 1 {
			f.parts, f.nextPart = nil, 1
		}
		if i != f.nextPart {
			return fmt.Errorf("replica: part %d/%d of version %d out of order", i, n, last)
		}
		f.parts = append(f.parts, data...)
		f.nextPart++
		if i < n {
			return msg.Ack()
		}
		data, f.parts, f.nextPart = f.parts, nil, 0
	}
	changes, err := splitBatch(data)
	if err != nil {
		return fmt.Errorf("replica: message %d: %w", seq, err)
	}
	f.mu.Lock()
	st := f.st
	f.mu.Unlock()
	for k, c := range changes {
		at := uint64(0)
		if k == len(changes)-1 {
			at = seq
		}
		_, err := replica.ApplyAt(ctx, st, c, at)
		if errors.Is(err, replica.ErrGap) {
			f.log.Warn("replication: a change is missing from the stream; bootstrapping again", "have", replica.Version(st), "got", c.Version)
			if _, err := f.bootstrap(ctx, obs, c.Version-1); err != nil {
				return err
			}
			return errRebootstrapped
		}
		if err != nil {
			return err
		}
		f.noteApplied(replica.Version(st))
		if f.cfg.Applied != nil {
			f.cfg.Applied(c.Version)
		}
	}
	return msg.Ack()
}

// splitBatch decodes the changes of a message.
func splitBatch(data []byte) ([]*replica.Change, error) {
	var out []*replica.Change
	for len(data) > 0 {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data)-k) {
			return nil, errors.New("corrupt batch")
		}
		c, err := replica.DecodeChange(data[k : k+int(n)])
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		data = data[k+int(n):]
	}
	if len(out) == 0 {
		return nil, errors.New("empty batch")
	}
	return out, nil
}

func genDir(dir string, gen int) string { return filepath.Join(dir, fmt.Sprintf("gen-%06d", gen)) }

// openLocal opens the newest generation in the data folder if it is a
// complete replica store, removing anything else; nil when there is none.
func (f *Follower) openLocal() (*store.Store, error) {
	entries, err := os.ReadDir(f.cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("replica: data folder: %w", err)
	}
	var gens []int
	for _, e := range entries {
		var g int
		if _, err := fmt.Sscanf(e.Name(), "gen-%06d", &g); err == nil && e.IsDir() {
			gens = append(gens, g)
		}
	}
	slices.Sort(gens)
	if len(gens) == 0 {
		return nil, nil
	}
	newest := gens[len(gens)-1]
	f.gen = newest
	for _, g := range gens[:len(gens)-1] {
		os.RemoveAll(genDir(f.cfg.Dir, g))
	}
	st, err := store.Open(genDir(f.cfg.Dir, newest), f.cfg.StoreOptions)
	if err != nil {
		return nil, err
	}
	if _, ok := replica.Seq(st); !ok || replica.Version(st) == 0 {
		st.Close()
		os.RemoveAll(genDir(f.cfg.Dir, newest))
		return nil, nil
	}
	if err := f.checkBase(st); err != nil {
		st.Close()
		return nil, err
	}
	st.FollowOnly()
	f.log.Info("replication: reopened the replica store", "version", replica.Version(st), "dir", genDir(f.cfg.Dir, newest))
	return st, nil
}

func (f *Follower) checkBase(st *store.Store) error {
	snap := st.Snapshot()
	defer snap.Close()
	b, ok, err := snap.GetMeta("ruche/base")
	if err != nil || !ok || f.cfg.Base == "" || string(b) == f.cfg.Base {
		return err
	}
	return fmt.Errorf("replica: the primary serves under %s; serve the replica with --base %s", b, b)
}

// bootstrap loads the newest snapshot whose version is at least
// minVersion (waiting for the primary to write one) into a new generation,
// and serves it.
func (f *Follower) bootstrap(ctx context.Context, obs jetstream.ObjectStore, minVersion uint64) (*store.Store, error) {
	start := time.Now()
	var meta snapshotMeta
	for {
		info, err := obs.GetInfo(ctx, snapshotObject)
		if err == nil && json.Unmarshal([]byte(info.Description), &meta) == nil && meta.Version >= minVersion && meta.Version > 0 {
			break
		}
		if err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
			f.log.Warn("replication: reading the snapshot's description", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
	gen := f.gen + 1
	dir := genDir(f.cfg.Dir, gen)
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	st, err := store.Open(dir, f.cfg.StoreOptions)
	if err != nil {
		return nil, err
	}
	st.FollowOnly()
	fail := func(err error) (*store.Store, error) {
		st.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	// Download first, then load: a slow load must not stall the object
	// store's delivery (it times out).
	tmp, err := os.CreateTemp(f.cfg.Dir, "snapshot-*.tmp")
	if err != nil {
		return fail(err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	// Without a deadline the object store gives the whole read 5 s.
	gctx, cancel := context.WithTimeout(ctx, snapshotTimeout)
	defer cancel()
	res, err := obs.Get(gctx, snapshotObject)
	if err != nil {
		return fail(fmt.Errorf("replica: read snapshot: %w", err))
	}
	_, err = io.Copy(tmp, res) // to the end: the object store checks the digest there
	res.Close()
	if err != nil {
		return fail(fmt.Errorf("replica: read snapshot: %w", err))
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	info, err := replica.LoadSnapshot(ctx, bufio.NewReaderSize(tmp, 1<<20), st)
	if err != nil {
		return fail(err)
	}
	if info.Version != meta.Version {
		// The snapshot was replaced between GetInfo and Get: its own
		// version is what counts, but the sequence must be read again.
		return fail(fmt.Errorf("replica: the snapshot changed while being read (version %d, expected %d)", info.Version, meta.Version))
	}
	if err := f.checkBase(st); err != nil {
		return fail(err)
	}
	if err := replica.MarkSeq(ctx, st, meta.Seq); err != nil {
		return fail(err)
	}
	f.log.Info("replication: bootstrapped from the snapshot", "version", info.Version, "quads", info.Public+info.Archive, "meta", info.Meta, "took", time.Since(start).Round(time.Millisecond))
	f.install(st, gen, true)
	return st, nil
}

// install serves st; a previous store is closed a little later, when the
// requests that use it are done.
func (f *Follower) install(st *store.Store, gen int, bootstrapped bool) {
	f.mu.Lock()
	old, oldGen := f.st, f.gen
	f.st, f.gen = st, gen
	f.applied = replica.Version(st)
	if f.applied >= f.known {
		f.behindSince = time.Time{}
	}
	if bootstrapped {
		f.bootstraps++
	}
	f.mu.Unlock()
	if f.cfg.SetStore != nil {
		f.cfg.SetStore(st)
	}
	if old != nil && old != st {
		go func() {
			time.Sleep(30 * time.Second)
			old.Close()
			os.RemoveAll(genDir(f.cfg.Dir, oldGen))
		}()
	}
}
