package replica

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/replica"
)

// PublisherConfig configures the primary's side.
type PublisherConfig struct {
	StreamConfig
	// SnapshotEvery is how often a new snapshot is written when the data
	// changed (default 10 minutes); one is always written on start.
	SnapshotEvery time.Duration
	// Heartbeat is how often the primary announces its data version on a
	// plain NATS subject (default 1 s), so replicas measure their lag even
	// when the stream is idle.
	Heartbeat time.Duration
	// MaxQueue bounds the changes waiting for NATS (default 100,000):
	// beyond, they are dropped and a new snapshot is written once NATS
	// answers again (replicas bootstrap from it).
	MaxQueue int
	Logger   *slog.Logger
}

// Publisher publishes every committed transaction of a store.
type Publisher struct {
	cfg    PublisherConfig
	st     *store.Store
	log    *slog.Logger
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	obs    jetstream.ObjectStore
	remove func()

	mu        sync.Mutex
	queue     []*replica.Change
	wake      chan struct{}
	dropped   bool   // changes were dropped: a new snapshot is due
	lastSeq   uint64 // stream sequence of the last message published
	published uint64 // last version published
	snapDone  uint64 // version of the last snapshot written

	cancel context.CancelFunc
	done   sync.WaitGroup
}

// heartbeatMsg is what the primary announces on the heartbeat subject.
type heartbeatMsg struct {
	Version   uint64    `json:"version"`   // the primary's data version
	Published uint64    `json:"published"` // last version in the stream
	Time      time.Time `json:"time"`
}

// StartPublisher connects to NATS, makes sure the stream and the snapshot
// bucket exist, starts observing st and writes a first snapshot. Close
// stops it after publishing what is queued.
func StartPublisher(ctx context.Context, cfg PublisherConfig, st *store.Store) (*Publisher, error) {
	cfg.defaults()
	if cfg.SnapshotEvery <= 0 {
		cfg.SnapshotEvery = 10 * time.Minute
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = time.Second
	}
	if cfg.MaxQueue <= 0 {
		cfg.MaxQueue = 100_000
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nc, js, err := connect(cfg.URLs, "ruche primary")
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	stream, obs, err := ensureStream(sctx, js, cfg.StreamConfig)
	if err != nil {
		nc.Close()
		return nil, err
	}
	info, err := stream.Info(sctx)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("replica: stream info: %w", err)
	}
	p := &Publisher{cfg: cfg, st: st, log: log, nc: nc, js: js, stream: stream, obs: obs, wake: make(chan struct{}, 1)}
	p.lastSeq = info.State.LastSeq
	st.StampCommits()
	// Observe first, then snapshot: every commit is either in the snapshot
	// or queued (or both: replicas skip what they have).
	p.remove = st.OnCommit(replica.Filter(), p.enqueue)
	runCtx, stop := context.WithCancel(context.Background())
	p.cancel = stop
	if err := p.snapshot(ctx); err != nil {
		p.remove()
		stop()
		nc.Close()
		return nil, err
	}
	p.done.Add(3)
	go p.publishLoop(runCtx)
	go p.snapshotLoop(runCtx)
	go p.heartbeatLoop(runCtx)
	return p, nil
}

func (p *Publisher) enqueue(c *store.Commit) {
	ch := replica.FromCommit(c)
	p.mu.Lock()
	if len(p.queue) >= p.cfg.MaxQueue {
		if !p.dropped {
			p.log.Error("replication: NATS is not keeping up; dropping queued changes, a new snapshot will follow", "queued", len(p.queue))
		}
		p.queue = nil
		p.dropped = true
	}
	p.queue = append(p.queue, ch)
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// snapshotTimeout bounds writing or reading one snapshot (without a
// deadline the object store allows 5 s).
const snapshotTimeout = 30 * time.Minute

// maxBatch bounds the changes of one message.
const maxBatch = 512

func (p *Publisher) publishLoop(ctx context.Context) {
	defer p.done.Done()
	backoff := 100 * time.Millisecond
	for {
		p.mu.Lock()
		batch := p.queue[:min(len(p.queue), maxBatch)]
		p.mu.Unlock()
		if len(batch) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-p.wake:
				continue
			}
		}
		err := p.publish(ctx, batch)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.log.Warn("replication: publish failed; retrying", "versions", fmt.Sprintf("%d-%d", batch[0].Version, batch[len(batch)-1].Version), "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		p.mu.Lock()
		// The queue may have been dropped meanwhile: remove only what was sent.
		if len(p.queue) >= len(batch) && p.queue[0] == batch[0] {
			p.queue = p.queue[len(batch):]
		}
		p.published = batch[len(batch)-1].Version
		resnap := p.dropped
		p.dropped = false
		p.mu.Unlock()
		if resnap {
			if err := p.snapshot(ctx); err != nil {
				p.log.Error("replication: snapshot after dropped changes failed", "err", err)
				p.mu.Lock()
				p.dropped = true
				p.mu.Unlock()
			}
		}
	}
}

// publish sends one batch as one message, or as several parts when it is
// larger than the server's maximum payload.
func (p *Publisher) publish(ctx context.Context, batch []*replica.Change) error {
	var payload []byte
	for _, c := range batch {
		b, err := c.Encode()
		if err != nil {
			return err
		}
		payload = binary.AppendUvarint(payload, uint64(len(b)))
		payload = append(payload, b...)
	}
	first, last := batch[0].Version, batch[len(batch)-1].Version
	partSize := int(p.nc.MaxPayload()) - 8<<10
	if partSize < 4<<10 {
		partSize = 4 << 10
	}
	n := (len(payload) + partSize - 1) / partSize
	for i := range n {
		part := payload[i*partSize : min(len(payload), (i+1)*partSize)]
		msg := nats.NewMsg(p.cfg.subject())
		msg.Data = part
		msg.Header.Set(hdrVersion, strconv.FormatUint(last, 10))
		msg.Header.Set(hdrFirst, strconv.FormatUint(first, 10))
		id := "v" + strconv.FormatUint(first, 10) + "-" + strconv.FormatUint(last, 10)
		if n > 1 {
			msg.Header.Set(hdrPart, fmt.Sprintf("%d/%d", i+1, n))
			id += "-" + strconv.Itoa(i+1)
		}
		msg.Header.Set(jetstream.MsgIDHeader, id)
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ack, err := p.js.PublishMsg(pctx, msg)
		cancel()
		if err != nil {
			return err
		}
		p.mu.Lock()
		p.lastSeq = max(p.lastSeq, ack.Sequence)
		p.mu.Unlock()
	}
	return nil
}

// snapshot writes the public state to the object store. The sequence
// recorded with it is read before the store snapshot is taken: every
// message up to it holds versions the snapshot includes.
func (p *Publisher) snapshot(ctx context.Context) error {
	p.mu.Lock()
	seq := p.lastSeq
	p.mu.Unlock()
	snap := p.st.Snapshot()
	defer snap.Close()
	version := snap.Version()
	start := time.Now()
	pr, pw := io.Pipe()
	written := make(chan replica.SnapshotInfo, 1)
	go func() {
		info, err := replica.WriteSnapshot(ctx, snap, pw)
		pw.CloseWithError(err)
		written <- info
	}()
	desc, _ := json.Marshal(snapshotMeta{Version: version, Seq: seq, Time: time.Now().UTC()})
	putCtx, cancel := context.WithTimeout(ctx, snapshotTimeout)
	defer cancel()
	_, err := p.obs.Put(putCtx, jetstream.ObjectMeta{Name: snapshotObject, Description: string(desc)}, pr)
	pr.CloseWithError(err)
	info := <-written // the writer has stopped: snap may be closed
	if err != nil {
		return fmt.Errorf("replica: write snapshot of version %d: %w", version, err)
	}
	p.mu.Lock()
	p.snapDone = version
	p.mu.Unlock()
	p.log.Info("replication: snapshot written", "version", version, "seq", seq, "quads", info.Public+info.Archive, "meta", info.Meta, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func (p *Publisher) snapshotLoop(ctx context.Context) {
	defer p.done.Done()
	t := time.NewTicker(p.cfg.SnapshotEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		p.mu.Lock()
		due := p.published > p.snapDone
		p.mu.Unlock()
		if due {
			if err := p.snapshot(ctx); err != nil && ctx.Err() == nil {
				p.log.Warn("replication: periodic snapshot failed", "err", err)
			}
		}
	}
}

func (p *Publisher) heartbeatLoop(ctx context.Context) {
	defer p.done.Done()
	t := time.NewTicker(p.cfg.Heartbeat)
	defer t.Stop()
	for {
		p.mu.Lock()
		hb := heartbeatMsg{Published: p.published, Time: time.Now().UTC()}
		p.mu.Unlock()
		hb.Version = replica.Version(p.st)
		b, _ := json.Marshal(hb)
		_ = p.nc.Publish(p.cfg.heartbeat(), b) // best effort: a missed beat is harmless
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Snapshot writes a snapshot now.
func (p *Publisher) Snapshot(ctx context.Context) error { return p.snapshot(ctx) }

// Flush waits until every change committed so far is in the stream.
func (p *Publisher) Flush(ctx context.Context) error {
	for {
		p.mu.Lock()
		n := len(p.queue)
		p.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("replica: %d changes not yet published: %w", n, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Close stops observing the store, publishes what is queued (within the
// time ctx allows) and disconnects.
func (p *Publisher) Close(ctx context.Context) error {
	p.remove()
	err := p.Flush(ctx)
	p.cancel()
	p.done.Wait()
	if derr := p.nc.Drain(); derr != nil && !errors.Is(derr, nats.ErrConnectionClosed) {
		err = errors.Join(err, derr)
	}
	return err
}
