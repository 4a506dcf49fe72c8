package replica

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// StreamStatus is what `ruche replica status` prints.
type StreamStatus struct {
	Stream      string           `json:"stream"`
	Messages    uint64           `json:"messages"`
	Bytes       uint64           `json:"bytes"`
	FirstSeq    uint64           `json:"firstSeq"`
	LastSeq     uint64           `json:"lastSeq"`
	LastVersion uint64           `json:"lastVersion"` // newest version in the stream
	LastTime    time.Time        `json:"lastTime"`
	Snapshot    *snapshotMeta    `json:"snapshot,omitempty"`
	Followers   []FollowerStatus `json:"followers"`
}

// FollowerStatus is one replica as its durable consumer shows it.
type FollowerStatus struct {
	Name string `json:"name"`
	// Version is the newest version the replica acknowledged (every
	// message up to its acknowledgement floor is applied).
	Version     uint64    `json:"version"`
	LagVersions uint64    `json:"lagVersions"`
	Pending     uint64    `json:"pending"` // messages not yet acknowledged
	LastActive  time.Time `json:"lastActive"`
}

// ReadStatus reads the stream, its snapshot and its replicas' consumers.
func ReadStatus(ctx context.Context, c StreamConfig) (*StreamStatus, error) {
	c.defaults()
	nc, js, err := connect(c.URLs, "ruche replica status")
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	stream, obs, err := lookupStream(ctx, js, c)
	if err != nil {
		return nil, err
	}
	info, err := stream.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("replica: stream info: %w", err)
	}
	out := &StreamStatus{Stream: c.Stream, Messages: info.State.Msgs, Bytes: info.State.Bytes,
		FirstSeq: info.State.FirstSeq, LastSeq: info.State.LastSeq, LastTime: info.State.LastTime, Followers: []FollowerStatus{}}
	versionAt := func(seq uint64) uint64 {
		if seq == 0 {
			return 0
		}
		m, err := stream.GetMsg(ctx, seq)
		if err != nil {
			return 0
		}
		v, _ := parseVersion(m.Header, hdrVersion)
		return v
	}
	out.LastVersion = versionAt(out.LastSeq)
	if oi, err := obs.GetInfo(ctx, snapshotObject); err == nil {
		var m snapshotMeta
		if json.Unmarshal([]byte(oi.Description), &m) == nil {
			out.Snapshot = &m
			out.LastVersion = max(out.LastVersion, m.Version)
		}
	} else if !errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, fmt.Errorf("replica: snapshot info: %w", err)
	}
	lister := stream.ListConsumers(ctx)
	for ci := range lister.Info() {
		name, ok := strings.CutPrefix(ci.Name, "replica-")
		if !ok {
			continue
		}
		f := FollowerStatus{Name: name, Pending: ci.NumPending + uint64(ci.NumAckPending)}
		f.Version = versionAt(ci.AckFloor.Stream)
		if ci.AckFloor.Stream == 0 || ci.AckFloor.Stream < out.FirstSeq && f.Version == 0 {
			// Nothing acknowledged since the consumer started at its
			// store's sequence: the message before its start tells.
			f.Version = versionAt(ci.Config.OptStartSeq - 1)
		}
		if f.Version == 0 && out.Snapshot != nil && f.Pending == 0 {
			f.Version = out.Snapshot.Version
		}
		if f.Version < out.LastVersion {
			f.LagVersions = out.LastVersion - f.Version
		}
		if ci.Delivered.Last != nil {
			f.LastActive = *ci.Delivered.Last
		}
		out.Followers = append(out.Followers, f)
	}
	if err := lister.Err(); err != nil {
		return nil, fmt.Errorf("replica: list consumers: %w", err)
	}
	return out, nil
}
