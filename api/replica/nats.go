package replica

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of the stream.
const (
	DefaultStream   = "ruche"
	DefaultMaxAge   = 7 * 24 * time.Hour
	DefaultMaxBytes = 1 << 30
)

// Message headers.
const (
	hdrVersion = "Ruche-Version"       // last data version in the message
	hdrFirst   = "Ruche-First-Version" // first data version in the message
	hdrPart    = "Ruche-Part"          // "i/n" when a batch spans several messages
)

// StreamConfig names the stream and its retention. The stream keeps the
// last MaxAge of changes (and at most MaxBytes), discarding the oldest:
// a replica that was away longer bootstraps again from the newest snapshot.
type StreamConfig struct {
	URLs     string // nats://HOST:PORT[,…]
	Stream   string
	Replicas int // JetStream replicas of the stream and the object store
	MaxAge   time.Duration
	MaxBytes int64
}

func (c *StreamConfig) defaults() {
	if c.Stream == "" {
		c.Stream = DefaultStream
	}
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.MaxAge <= 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
}

func (c StreamConfig) subject() string   { return c.Stream + ".tx" }
func (c StreamConfig) heartbeat() string { return c.Stream + ".heartbeat" }
func (c StreamConfig) bucket() string    { return c.Stream + "-snapshots" }

// snapshotObject is the name of the snapshot in the object store.
const snapshotObject = "public-snapshot"

// ValidName reports whether s can name a stream, a bucket or a consumer.
func ValidName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func connect(urls, name string) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect(urls,
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(true),
		nats.Timeout(2*time.Second),
	)
	if err != nil {
		return nil, nil, fmt.Errorf("replica: connect to %s: %w", urls, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("replica: jetstream: %w", err)
	}
	return nc, js, nil
}

// ensureStream creates the stream and the snapshot bucket, or updates their
// retention. Only features of nats-server 2.9 are used.
//
// A JetStream cluster that is still forming (no meta leader yet, peers
// catching up) answers with timeouts for a while: each step is tried again
// until ctx ends, so a primary started beside its cluster waits for it
// instead of failing.
func ensureStream(ctx context.Context, js jetstream.JetStream, c StreamConfig) (jetstream.Stream, jetstream.ObjectStore, error) {
	for {
		attempt, cancel := context.WithTimeout(ctx, 10*time.Second)
		stream, obs, err := ensureStreamOnce(attempt, js, c)
		cancel()
		if err == nil || ctx.Err() != nil {
			return stream, obs, err
		}
		select {
		case <-ctx.Done():
			return nil, nil, err
		case <-time.After(time.Second):
		}
	}
}

func ensureStreamOnce(ctx context.Context, js jetstream.JetStream, c StreamConfig) (jetstream.Stream, jetstream.ObjectStore, error) {
	stream, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        c.Stream,
		Description: "ruche: one message per committed transaction, public state only",
		Subjects:    []string{c.subject()},
		Retention:   jetstream.LimitsPolicy,
		Discard:     jetstream.DiscardOld,
		MaxAge:      c.MaxAge,
		MaxBytes:    c.MaxBytes,
		Storage:     jetstream.FileStorage,
		Replicas:    c.Replicas,
		Duplicates:  2 * time.Minute,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("replica: stream %s: %w", c.Stream, err)
	}
	obs, err := js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      c.bucket(),
		Description: "ruche: snapshots of the public state",
		Storage:     jetstream.FileStorage,
		Replicas:    c.Replicas,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("replica: object store %s: %w", c.bucket(), err)
	}
	return stream, obs, nil
}

// lookupStream finds the stream and bucket made by a primary.
func lookupStream(ctx context.Context, js jetstream.JetStream, c StreamConfig) (jetstream.Stream, jetstream.ObjectStore, error) {
	stream, err := js.Stream(ctx, c.Stream)
	if err != nil {
		return nil, nil, fmt.Errorf("replica: stream %s: %w", c.Stream, err)
	}
	obs, err := js.ObjectStore(ctx, c.bucket())
	if err != nil {
		return nil, nil, fmt.Errorf("replica: object store %s: %w", c.bucket(), err)
	}
	return stream, obs, nil
}

// snapshotMeta is the description of a snapshot object.
type snapshotMeta struct {
	Version uint64 `json:"version"`
	// Seq is the last stream sequence whose message is included in the
	// snapshot: a replica starts with the message after it.
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
}

// parseVersion reads a version header.
func parseVersion(h nats.Header, key string) (uint64, error) {
	v := h.Get(key)
	if v == "" {
		return 0, fmt.Errorf("replica: message without %s", key)
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("replica: header %s: %w", key, err)
	}
	return n, nil
}

// parsePart reads "i/n".
func parsePart(s string) (i, n int, err error) {
	if s == "" {
		return 1, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	if ok {
		if i, err = strconv.Atoi(a); err == nil {
			n, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || i < 1 || n < i {
		return 0, 0, errors.New("replica: bad " + hdrPart + " header " + strconv.Quote(s))
	}
	return i, n, nil
}
