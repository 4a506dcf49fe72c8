package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Txn is a write transaction, given to the function passed to
// [Store.Update]. It has every read method of a [Snapshot]; reads see the
// transaction's own writes (except Stats and Version, which show the state
// the transaction started from). A Txn must not be used after its Update
// returned, nor from several goroutines at once.
type Txn struct{ view }

// writeState is the bookkeeping of one write transaction.
type writeState struct {
	newTerms map[rdf.Term]ID // terms created by this transaction
	newIDs   map[ID]rdf.Term
	net      [numSpaces]map[IDQuad]int8 // +1 added, -1 deleted (net effect)
	dirty    bool                       // anything written
	// Set by finish: the statistics written per space (nil if unchanged)
	// and the new data version, for the statistics cache after commit.
	stats   [numSpaces]*Stats
	version uint64
	log     commitLog // meta writes and version override, for observers (commitlog.go)
	stage   *stage    // set when the write may be staged (staged.go)
}

// In returns a view of another space through the same write transaction.
// Reads and writes through a view of an invalid space fail.
func (tx *Txn) In(sp Space) *Txn {
	return &Txn{view{s: tx.s, st: tx.st, sp: sp}}
}

// Space returns the space the transaction writes to.
func (tx *Txn) Space() Space { return tx.sp }

// maxConflictRetries bounds the retries of a transaction that conflicted.
// Writers are serialised, so conflicts should not happen at all.
const maxConflictRetries = 3

// Update runs fn in one atomic Badger transaction: either every write of fn
// is committed, or none is (when fn returns an error, when the commit
// fails, or when ctx ends before the commit). When Update returns nil the
// writes are durable against a process crash (see Options.SyncWrites for
// power loss). fn may run more than once if the transaction conflicts, so
// it must not have side effects outside tx. A transaction holds at most
// about 100,000 Badger entries (each quad takes 6, each new term 2): beyond
// that Update fails with ErrTxnTooBig and writes nothing.
func (s *Store) Update(ctx context.Context, fn func(tx *Txn) error) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	for attempt := 0; ; attempt++ {
		if s.closed.Load() {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		err := s.updateOnce(ctx, fn)
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
		if attempt == maxConflictRetries {
			return fmt.Errorf("store: transaction conflicted %d times, giving up: %w", attempt+1, err)
		}
	}
}

func (s *Store) updateOnce(ctx context.Context, fn func(tx *Txn) error) error {
	w := &writeState{newTerms: map[rdf.Term]ID{}, newIDs: map[ID]rdf.Term{}}
	st := &txnState{txn: s.db.NewTransaction(true), w: w}
	defer st.close()
	tx := &Txn{view{s: s, st: st, sp: Public}}
	if dirty, err := s.prepare(ctx, tx, fn); err != nil || !dirty {
		return err
	}
	if err := st.txn.Commit(); err != nil {
		return txnError(fmt.Errorf("store: commit: %w", err))
	}
	s.committed(w)
	s.afterCommit(w)
	return nil
}

// prepare runs fn in tx and readies what it wrote for the commit: no scan
// left open, the commit hooks run, the indexes and statistics written.
// dirty is false when fn wrote nothing (there is nothing to commit).
func (s *Store) prepare(ctx context.Context, tx *Txn, fn func(tx *Txn) error) (dirty bool, err error) {
	if err := fn(tx); err != nil {
		return false, err
	}
	if n := tx.st.openIterators(); n > 0 {
		return false, fmt.Errorf("store: Update's function returned with %d scans still open", n)
	}
	if !tx.st.w.dirty {
		return false, nil
	}
	if err := s.beforeCommit(tx); err != nil {
		return false, txnError(err)
	}
	if err := tx.finish(); err != nil {
		return false, txnError(err)
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	return true, nil
}

// committed hands what a committed transaction wrote to the caches: its
// new terms and its statistics.
func (s *Store) committed(w *writeState) {
	for t, id := range w.newTerms {
		s.termIDs.put(t, id)
		s.idTerms.put(id, t)
	}
	s.cacheCommittedStats(w)
}

// cacheCommittedStats primes the statistics cache with what a committed
// transaction wrote, so that the next Stats call (often the next
// transaction's) does not read them back.
func (s *Store) cacheCommittedStats(w *writeState) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	for sp := Space(0); sp < numSpaces; sp++ {
		c := s.statsCache[sp]
		switch {
		case w.stats[sp] != nil:
			s.statsCache[sp] = &cachedStats{version: w.version, stats: *w.stats[sp]}
		case c != nil && c.version == w.version-1:
			s.statsCache[sp] = &cachedStats{version: w.version, stats: c.stats}
		}
	}
}

// txnError maps Badger's ErrTxnTooBig to ours.
func txnError(err error) error {
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("%w (%v)", ErrTxnTooBig, err)
	}
	return err
}

func (tx *Txn) set(k, v []byte) error {
	if err := tx.usable(); err != nil {
		return err
	}
	tx.st.w.dirty = true
	if tx.st.w.stage != nil {
		return tx.stagedWrite(k, v, false)
	}
	return txnError(tx.st.txn.Set(k, v))
}

func (tx *Txn) del(k []byte) error {
	if err := tx.usable(); err != nil {
		return err
	}
	tx.st.w.dirty = true
	if tx.st.w.stage != nil {
		return tx.stagedWrite(k, nil, true)
	}
	return txnError(tx.st.txn.Delete(k))
}

// intern returns the id of t, adding t to the dictionary if needed.
func (tx *Txn) intern(t rdf.Term) (ID, error) {
	id, ok, err := tx.LookupID(t)
	if err != nil || ok {
		return id, err
	}
	enc, err := appendTermEncoding(nil, t)
	if err != nil {
		return 0, err
	}
	if id, err = tx.s.ids.take(1); err != nil {
		return 0, err
	}
	if err := tx.set(idKey(id), enc); err != nil {
		return 0, err
	}
	if err := tx.set(termKey(enc), binary.BigEndian.AppendUint64(nil, uint64(id))); err != nil {
		return 0, err
	}
	tx.st.w.newTerms[t] = id
	tx.st.w.newIDs[id] = t
	return id, nil
}

func (tx *Txn) internQuad(q rdf.Quad) (IDQuad, error) {
	var iq IDQuad
	var err error
	for _, x := range []struct {
		t    rdf.Term
		dst  *ID
		name string
	}{{q.S, &iq.S, "subject"}, {q.P, &iq.P, "predicate"}, {q.O, &iq.O, "object"}} {
		if x.t.IsZero() {
			return iq, fmt.Errorf("store: quad %s has no %s", q, x.name)
		}
		if *x.dst, err = tx.intern(x.t); err != nil {
			return iq, err
		}
	}
	if q.G.IsZero() {
		iq.G = DefaultGraphID
	} else if iq.G, err = tx.intern(q.G); err != nil {
		return iq, err
	}
	return iq, nil
}

// Add adds a quad to the transaction's space. Adding a quad that is already
// there does nothing.
func (tx *Txn) Add(q rdf.Quad) error {
	if err := tx.usable(); err != nil {
		return fmt.Errorf("store: add: %w", err)
	}
	iq, err := tx.internQuad(q)
	if err != nil {
		return fmt.Errorf("store: add: %w", err)
	}
	return tx.AddID(iq)
}

// AddID adds a quad of ids, which must all name terms (G may be
// DefaultGraphID).
func (tx *Txn) AddID(q IDQuad) error {
	if q.S <= DefaultGraphID || q.P <= DefaultGraphID || q.O <= DefaultGraphID || q.G == AnyID {
		return fmt.Errorf("store: add: invalid id quad %v", q)
	}
	return tx.change(q, +1)
}

// Delete removes a quad from the transaction's space. Deleting a quad that
// is not there does nothing.
func (tx *Txn) Delete(q rdf.Quad) error {
	pat, ok, err := tx.resolve(Pattern{S: q.S, P: q.P, O: q.O, G: q.G})
	if err != nil {
		return fmt.Errorf("store: delete: %w", err)
	}
	if !ok || pat.S == AnyID || pat.P == AnyID || pat.O == AnyID {
		return nil
	}
	return tx.change(pat, -1)
}

// DeleteID removes a quad of ids.
func (tx *Txn) DeleteID(q IDQuad) error {
	if q.S == AnyID || q.P == AnyID || q.O == AnyID || q.G == AnyID {
		return fmt.Errorf("store: delete: id quad %v has a wildcard", q)
	}
	return tx.change(q, -1)
}

// change adds (d = +1) or deletes (d = -1) q in all six indexes, if the
// quad is not already in the wanted state.
func (tx *Txn) change(q IDQuad, d int8) error {
	slab := make([]byte, 0, int(numIndexes)*indexKeyLen)
	slab = appendIndexKey(slab, tx.sp, idxSPOG, q)
	found, err := tx.get(slab, nil)
	if err != nil {
		return err
	}
	if found == (d > 0) {
		return nil
	}
	if sg := tx.st.w.stage; sg != nil {
		sg.noteQuad(tx.sp, q, found)
	}
	for ix := index(0); ix < numIndexes; ix++ {
		if ix > 0 {
			slab = appendIndexKey(slab, tx.sp, ix, q)
		}
		key := slab[len(slab)-indexKeyLen:]
		if d > 0 {
			err = tx.set(key, nil)
		} else {
			err = tx.del(key)
		}
		if err != nil {
			return err
		}
	}
	net := tx.st.w.net[tx.sp]
	if net == nil {
		net = map[IDQuad]int8{}
		tx.st.w.net[tx.sp] = net
	}
	if net[q] == -d {
		delete(net, q)
	} else {
		net[q] = d
	}
	return nil
}

// DeleteMatching deletes every quad of the transaction's space matching p
// and returns how many it deleted.
func (tx *Txn) DeleteMatching(ctx context.Context, p Pattern) (int, error) {
	pat, ok, err := tx.resolve(p)
	if err != nil || !ok {
		return 0, err
	}
	var victims []IDQuad
	for q, err := range tx.Quads(ctx, pat) {
		if err != nil {
			return 0, err
		}
		victims = append(victims, q)
	}
	for i, q := range victims {
		if err := tx.change(q, -1); err != nil {
			return i, err
		}
	}
	return len(victims), nil
}

// PutMeta sets a meta value (outside every quad space).
func (tx *Txn) PutMeta(key string, value []byte) error {
	if err := tx.set(metaKey(key), append([]byte(nil), value...)); err != nil {
		return fmt.Errorf("store: put meta %q: %w", key, err)
	}
	tx.st.w.log.note(key, append([]byte(nil), value...), false)
	return nil
}

// DeleteMeta removes a meta value.
func (tx *Txn) DeleteMeta(key string) error {
	if err := tx.del(metaKey(key)); err != nil {
		return fmt.Errorf("store: delete meta %q: %w", key, err)
	}
	tx.st.w.log.note(key, nil, true)
	return nil
}

// finish applies the statistics of the transaction's net changes and bumps
// the data version, inside the transaction.
func (tx *Txn) finish() error {
	for sp := Space(0); sp < numSpaces; sp++ {
		if len(tx.st.w.net[sp]) == 0 {
			continue
		}
		if err := tx.In(sp).applyStatsDelta(tx.st.w.net[sp]); err != nil {
			return fmt.Errorf("store: update statistics: %w", err)
		}
	}
	tx.st.w.version = tx.nextVersion()
	return tx.set(keyVersion, binary.BigEndian.AppendUint64(nil, tx.st.w.version))
}
