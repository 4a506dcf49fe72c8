package store

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// The commit log: code outside the store (replication) registers observers
// with [Store.OnCommit]; after each committed transaction the store calls
// them, in commit order, with the new data version and what the transaction
// changed in the spaces and meta keys the observer asked for. Nothing is
// computed when no observer is registered, and an observer never sees a
// space or meta key outside its filter, so private data cannot reach it by
// accident.

// Commit is what one committed transaction changed, as seen through the
// filter of one observer.
type Commit struct {
	// Version is the data version the transaction committed.
	Version uint64
	// Time is the commit time recorded by [Store.StampCommits] (zero when
	// stamping is off).
	Time time.Time
	// Quads are the net changes per space; spaces outside the filter (and
	// spaces without change) are absent.
	Quads map[Space]QuadChanges
	// Meta are the meta changes whose keys the filter accepts, in key order.
	Meta []MetaChange
}

// QuadChanges are the net quad changes of one space. AddedIDs and
// RemovedIDs give the term ids of Added and Removed, index for index (a
// replica that copies the ids keeps its indexes, and so every scan, in the
// primary's order); both are sorted by id.
type QuadChanges struct {
	Added, Removed       []rdf.Quad
	AddedIDs, RemovedIDs []IDQuad
}

// MetaChange is a meta key set to Value, or deleted.
type MetaChange struct {
	Key     string
	Value   []byte
	Deleted bool
}

// CommitFilter chooses what an observer sees: the quads of Spaces, and the
// meta keys for which Meta returns true (none when Meta is nil).
type CommitFilter struct {
	Spaces []Space
	Meta   func(key string) bool
}

type observer struct {
	filter CommitFilter
	fn     func(*Commit)
}

// commitLog is the bookkeeping of the commit log inside a Store and inside
// one write transaction.
type commitLog struct {
	meta map[string]MetaChange // the transaction's meta writes (last one wins)
	// version, when non-zero, is the data version the transaction commits
	// instead of the next one (SetVersion).
	version uint64
	rewind  bool // version is not above the store's: version-keyed caches must go
}

func (cl *commitLog) note(key string, value []byte, deleted bool) {
	if cl.meta == nil {
		cl.meta = map[string]MetaChange{}
	}
	cl.meta[key] = MetaChange{Key: key, Value: value, Deleted: deleted}
}

// observers lives in a package-level map keyed by store, so that the Store
// struct needs no field for it.
var (
	observersMu sync.RWMutex
	observers   = map[*Store]*storeObservers{}
)

type storeObservers struct {
	list       []*observer
	stamp      bool
	followOnly bool
}

func (s *Store) observers() *storeObservers {
	observersMu.RLock()
	defer observersMu.RUnlock()
	return observers[s]
}

func (s *Store) editObservers(fn func(o *storeObservers)) {
	observersMu.Lock()
	defer observersMu.Unlock()
	o := observers[s]
	if o == nil {
		o = &storeObservers{}
	}
	c := &storeObservers{list: slices.Clone(o.list), stamp: o.stamp, followOnly: o.followOnly}
	fn(c)
	if len(c.list) == 0 && !c.stamp && !c.followOnly {
		delete(observers, s)
		return
	}
	observers[s] = c
}

// OnCommit registers fn, called after every committed transaction with what
// it changed through filter, in commit order, while the next writer waits:
// fn must be quick (hand the commit to a goroutine) and must not write to
// the store. A transaction that changed nothing fn can see still calls fn
// (with only its version), so an observer sees every version. The returned
// function unregisters fn.
func (s *Store) OnCommit(filter CommitFilter, fn func(*Commit)) (remove func()) {
	o := &observer{filter: filter, fn: fn}
	s.editObservers(func(so *storeObservers) { so.list = append(so.list, o) })
	return func() {
		s.editObservers(func(so *storeObservers) {
			so.list = slices.DeleteFunc(so.list, func(x *observer) bool { return x == o })
		})
	}
}

// CommitTimePrefix is the prefix of the meta keys where [Store.StampCommits]
// records the commit time of each data version: CommitTimePrefix followed
// by the version as 20 decimal digits, value RFC 3339 with nanoseconds.
const CommitTimePrefix = "commit/"

// OwnGraphPrefix is the prefix of the meta keys of the graphs of one's own
// (written through SPARQL Update or the Graph Store Protocol): followed by
// the graph's IRI, the value its licence IRI. They are public, and
// replicated.
const OwnGraphPrefix = "update/graph/"

// keptCommitTimes is how many of the latest versions keep their commit time.
const keptCommitTimes = 256

// CommitTimeKey is the meta key of the commit time of a version.
func CommitTimeKey(version uint64) string {
	return fmt.Sprintf("%s%020d", CommitTimePrefix, version)
}

// StampCommits makes every later transaction record its commit time in the
// meta key CommitTimeKey(version) (the latest 256 are kept), so that the
// time of a version is data, the same for every copy of the store. Off by
// default; it cannot be turned off again.
func (s *Store) StampCommits() {
	s.editObservers(func(so *storeObservers) { so.stamp = true })
}

// CommitTime returns the commit time recorded for version, if any.
func (snap *Snapshot) CommitTime(version uint64) (time.Time, bool) {
	raw, ok, err := snap.GetMeta(CommitTimeKey(version))
	if err != nil || !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(raw))
	return t, err == nil
}

// SetVersion makes the transaction commit the given data version instead
// of the next one (replicas copy the primary's versions; a replica that
// bootstraps from a snapshot takes the snapshot's version whatever its own
// bulk loads counted). Version 0 is refused.
func (tx *Txn) SetVersion(version uint64) error {
	if err := tx.usable(); err != nil {
		return err
	}
	if version == 0 {
		return fmt.Errorf("store: set version 0")
	}
	tx.st.w.log.version = version
	tx.st.w.log.rewind = version <= tx.Version()
	tx.st.w.dirty = true
	return nil
}

// nextVersion is the version the transaction commits.
func (tx *Txn) nextVersion() uint64 {
	if v := tx.st.w.log.version; v != 0 {
		return v
	}
	return tx.Version() + 1
}

// FollowOnly makes the store refuse every transaction that does not set
// its version with SetVersion (a replica's store changes only by what it
// copies from the primary). It cannot be turned off again.
func (s *Store) FollowOnly() {
	s.editObservers(func(so *storeObservers) { so.followOnly = true })
}

// beforeCommit refuses writes of a FollowOnly store, and stamps the commit
// time when asked to (StampCommits).
func (s *Store) beforeCommit(tx *Txn) error {
	so := s.observers()
	if so != nil && so.followOnly && tx.st.w.log.version == 0 {
		return fmt.Errorf("%w (a replica copies its data from the primary)", ErrReadOnly)
	}
	if so == nil || !so.stamp || tx.st.w.log.version != 0 {
		return nil
	}
	v := tx.nextVersion()
	// Whole seconds (HTTP dates have no finer resolution), strictly later
	// than the version before: two versions never share a Last-Modified, so
	// If-Modified-Since never answers 304 for a document that changed.
	t := time.Now().UTC().Truncate(time.Second)
	if prev, ok := tx.commitTime(v - 1); ok && !t.After(prev) {
		t = prev.Add(time.Second)
	}
	if err := tx.PutMeta(CommitTimeKey(v), []byte(t.Format(time.RFC3339Nano))); err != nil {
		return err
	}
	if v > keptCommitTimes {
		if err := tx.DeleteMeta(CommitTimeKey(v - keptCommitTimes)); err != nil {
			return err
		}
	}
	return nil
}

// afterCommit calls the observers with the committed transaction w.
func (s *Store) afterCommit(w *writeState) {
	if w.log.rewind {
		s.statsMu.Lock()
		clear(s.statsCache[:])
		s.statsMu.Unlock()
	}
	so := s.observers()
	if so == nil || len(so.list) == 0 {
		return
	}
	snap := s.Snapshot()
	defer snap.Close()
	var stamp time.Time
	if ch, ok := w.log.meta[CommitTimeKey(w.version)]; ok && !ch.Deleted {
		stamp, _ = time.Parse(time.RFC3339Nano, string(ch.Value))
	}
	for _, o := range so.list {
		c := &Commit{Version: w.version, Time: stamp, Quads: map[Space]QuadChanges{}}
		for _, sp := range o.filter.Spaces {
			if !sp.valid() || len(w.net[sp]) == 0 {
				continue
			}
			qc, err := s.termChanges(snap, w, w.net[sp])
			if err != nil {
				// Terms are never deleted, so this is a broken store; the
				// observer learns of it by a version without its changes.
				s.log.Error("commit log: cannot read the terms of a committed transaction", "version", w.version, "err", err)
				continue
			}
			c.Quads[sp] = qc
		}
		if o.filter.Meta != nil {
			for k, ch := range w.log.meta {
				if o.filter.Meta(k) {
					c.Meta = append(c.Meta, ch)
				}
			}
			slices.SortFunc(c.Meta, func(a, b MetaChange) int { return strings.Compare(a.Key, b.Key) })
		}
		o.fn(c)
	}
}

func (s *Store) termChanges(snap *Snapshot, w *writeState, net map[IDQuad]int8) (QuadChanges, error) {
	var qc QuadChanges
	for iq, d := range net {
		if d > 0 {
			qc.AddedIDs = append(qc.AddedIDs, iq)
		} else {
			qc.RemovedIDs = append(qc.RemovedIDs, iq)
		}
	}
	slices.SortFunc(qc.AddedIDs, compareIDQuads)
	slices.SortFunc(qc.RemovedIDs, compareIDQuads)
	var err error
	if qc.Added, err = quadTermsOf(snap, w, qc.AddedIDs); err != nil {
		return qc, err
	}
	qc.Removed, err = quadTermsOf(snap, w, qc.RemovedIDs)
	return qc, err
}

func compareIDQuads(a, b IDQuad) int {
	for i := range 4 {
		if c := cmpID(a.at(i), b.at(i)); c != 0 {
			return c
		}
	}
	return 0
}

func cmpID(a, b ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func quadTermsOf(snap *Snapshot, w *writeState, ids []IDQuad) ([]rdf.Quad, error) {
	term := func(id ID) (rdf.Term, error) {
		if id == DefaultGraphID {
			return rdf.Term{}, nil
		}
		if t, ok := w.newIDs[id]; ok {
			return t, nil
		}
		return snap.Term(id)
	}
	out := make([]rdf.Quad, 0, len(ids))
	for _, iq := range ids {
		var q rdf.Quad
		var err error
		for _, x := range []struct {
			id  ID
			dst *rdf.Term
		}{{iq.S, &q.S}, {iq.P, &q.P}, {iq.O, &q.O}, {iq.G, &q.G}} {
			if *x.dst, err = term(x.id); err != nil {
				return nil, err
			}
		}
		out = append(out, q)
	}
	return out, nil
}

// DefineTerm puts t in the dictionary under the given id (a replica copies
// the primary's ids, so that its scans return quads in the same order).
// Defining a term again with the same id does nothing; a term or an id
// already used otherwise is an error.
func (tx *Txn) DefineTerm(id ID, t rdf.Term) error {
	if id <= DefaultGraphID || t.IsZero() {
		return fmt.Errorf("store: define term: invalid id %d or empty term", id)
	}
	have, ok, err := tx.LookupID(t)
	if err != nil {
		return err
	}
	if ok {
		if have != id {
			return fmt.Errorf("store: define term %s as %d: it is already %d", t, id, have)
		}
		return nil
	}
	if found, err := tx.get(idKey(id), nil); err != nil {
		return err
	} else if found {
		return fmt.Errorf("store: define term %s as %d: the id is taken", t, id)
	}
	enc, err := appendTermEncoding(nil, t)
	if err != nil {
		return err
	}
	if err := tx.set(idKey(id), enc); err != nil {
		return err
	}
	if err := tx.set(termKey(enc), binary.BigEndian.AppendUint64(nil, uint64(id))); err != nil {
		return err
	}
	tx.st.w.newTerms[t] = id
	tx.st.w.newIDs[id] = t
	return nil
}

// commitTime reads the commit time recorded for version in the
// transaction's view.
func (tx *Txn) commitTime(version uint64) (time.Time, bool) {
	raw, ok, err := tx.GetMeta(CommitTimeKey(version))
	if err != nil || !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(raw))
	return t, err == nil
}
