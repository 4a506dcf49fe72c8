package store

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Cursor answers a sequence of quad patterns through Badger iterators that
// it keeps open and re-seeks, instead of opening one iterator per pattern as
// Quads does (opening one costs more than reading a few keys). It suits
// index nested-loop joins, which ask for thousands of small prefixes.
//
// A Cursor belongs to one goroutine. Scans may nest (a scan's callback may
// start another scan): each running scan holds its own iterator, and
// finished ones are reused. Close releases the iterators; the Snapshot
// stays open until its cursors are closed.
type Cursor struct {
	v      view
	ctx    context.Context
	free   [numIndexes][]*badger.Iterator
	ticks  uint32
	closed bool

	// The snapshot's data version and statistics, read at the first scan
	// that may use the column cache (columns.go).
	readTs uint64
	stats  *Stats
	// columns are the columns this cursor has used (held), kept whatever
	// the cache evicts meanwhile.
	columns map[colKey]*column
	// noSpaceColumn tells, per order, that the space has no room for a
	// space column: lookups with the predicate unbound read Badger and
	// charge no rent (across.go).
	noSpaceColumn [2]bool
}

// Cursor returns a new cursor over the snapshot's space. ctx is checked
// every 1024 keys read.
func (snap *Snapshot) Cursor(ctx context.Context) *Cursor {
	return &Cursor{v: snap.view, ctx: ctx}
}

// Scan calls fn with each quad matching pat (AnyID is a wildcard), in the
// order Quads gives, until fn returns false; but a pattern binding nothing
// is read in the order of the POSG index when the store has a column cache
// (scanByPredicate). Either way, with pat.G unbound, quads that differ
// only by graph come out adjacent. The error is that of a closed snapshot
// or cursor, a cancelled context or a corrupt key.
func (c *Cursor) Scan(pat IDQuad, fn func(IDQuad) bool) error {
	if err := c.ready(); err != nil {
		return err
	}
	if c.v.s.cols != nil && pat.G == AnyID {
		if pat.P != AnyID {
			if done, err := c.scanColumn(pat, fn); done {
				return err
			}
		} else if pat.S == AnyID && pat.O == AnyID {
			return c.scanByPredicate(fn)
		} else {
			return c.scanAcross(pat, fn)
		}
	}
	return c.scanIndex(pat, fn)
}

// maxScanPredicates is the most predicates a full scan reads one by one;
// a space with more reads its subject index instead (a column per
// predicate pays for a few large predicates, not for many small ones).
const maxScanPredicates = 1024

// scanByPredicate reads every quad of the space one predicate after the
// other, in ascending order of predicate (the order of the POSG index),
// each through the column cache: a predicate read whole is kept as its
// column, so that once a full scan has run, the next ones read memory
// instead of Badger's keys (several times faster). The predicates are
// listed from the index itself (ScanDistinct), not from the statistics.
func (c *Cursor) scanByPredicate(fn func(IDQuad) bool) error {
	var preds []ID
	if _, err := c.ScanDistinct(IDQuad{}, 'P', func(p ID) bool {
		preds = append(preds, p)
		return len(preds) <= maxScanPredicates
	}); err != nil {
		return err
	}
	if len(preds) > maxScanPredicates {
		return c.scanIndex(IDQuad{}, fn)
	}
	stopped := false
	stop := func(q IDQuad) bool {
		stopped = !fn(q)
		return !stopped
	}
	for _, p := range preds {
		if err := c.Scan(IDQuad{P: p}, stop); err != nil || stopped {
			return err
		}
	}
	return nil
}

// scanIndex is Scan through the Badger index that answers pat.
func (c *Cursor) scanIndex(pat IDQuad, fn func(IDQuad) bool) error {
	// The prefix lives on this frame: nested scans have their own.
	var buf [indexKeyLen]byte
	ix, prefix := appendScanPrefix(buf[:0], c.v.sp, pat)
	return c.scanPrefix(ix, prefix, fn)
}

// scanPrefix calls fn with the quads of index ix whose keys start with
// prefix, in the index's order, until fn returns false.
func (c *Cursor) scanPrefix(ix index, prefix []byte, fn func(IDQuad) bool) error {
	it, err := c.take(ix)
	if err != nil {
		return err
	}
	defer c.put(ix, it)
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if err := c.tick(); err != nil {
			return err
		}
		key := it.Item().Key()
		q, ok := decodeIndexKey(ix, key)
		if !ok {
			return fmt.Errorf("store: corrupt %s key %x", ix, key)
		}
		if !fn(q) {
			return nil
		}
	}
	return nil
}

// tick counts one row read and checks the context every 1024.
func (c *Cursor) tick() error {
	if c.ticks++; c.ticks&1023 == 0 {
		return c.ctx.Err()
	}
	return nil
}

// ScanBySubject calls fn with the quads of pat, a pattern binding its
// predicate only, by ascending subject (then object, then graph, so quads
// differing only by graph stay adjacent), until fn returns false, and
// returns true. When subjects is not nil it holds ascending subject ids
// and only their quads are yielded, each subject's found through the
// column's directory: a merge join whose other side holds far fewer keys
// than the predicate has quads skips the quads that would find no partner
// instead of reading them. It returns false, without calling fn, when the
// store cannot read the quads in that order without sorting them itself:
// only the column cache holds a predicate in subject order, and such a
// column is built here only by reordering the predicate's object-ordered
// one, which a scan of the predicate whole keeps. A join on the subject
// then merges two sorted inputs instead of hashing one. A pattern binding
// nothing is read the same way, in SPOG order, from the space column
// (scanSpaceBySubject).
func (c *Cursor) ScanBySubject(pat IDQuad, subjects []ID, fn func(IDQuad) bool) (bool, error) {
	if err := c.ready(); err != nil {
		return false, err
	}
	if c.v.s.cols == nil {
		return false, nil
	}
	if pat == (IDQuad{}) {
		return c.scanSpaceBySubject(subjects, fn)
	}
	if pat.P == AnyID || pat.S != AnyID || pat.O != AnyID || pat.G != AnyID {
		return false, nil
	}
	c.loadStats()
	k := colKey{sp: c.v.sp, p: pat.P, order: bySubject}
	kept := c.held(k)
	if kept == nil {
		if c.held(colKey{sp: k.sp, p: k.p, order: byObject}) == nil {
			return false, nil
		}
		col, err := c.buildColumn(k, c.stats.Predicates[pat.P].Quads)
		if col == nil || err != nil {
			return false, err
		}
		kept = c.hold(k, col)
	}
	if subjects == nil {
		return true, c.yield(kept, pat.P, kept.rows, fn)
	}
	stopped := false
	stop := func(q IDQuad) bool {
		stopped = !fn(q)
		return !stopped
	}
	for _, s := range subjects {
		if err := c.tick(); err != nil {
			return true, err
		}
		if err := c.yield(kept, pat.P, kept.span(s, 0, false), stop); err != nil || stopped {
			return true, err
		}
	}
	return true, nil
}

// ready fails when the cursor or its snapshot is closed.
func (c *Cursor) ready() error {
	if c.closed {
		return ErrViewClosed
	}
	return c.v.usable()
}

// yield calls fn with the quads of predicate p that rows of col hold,
// until fn returns false.
func (c *Cursor) yield(col *column, p ID, rows []colRow, fn func(IDQuad) bool) error {
	for _, r := range rows {
		if err := c.tick(); err != nil {
			return err
		}
		if !fn(quadOf(col.order, p, r)) {
			return nil
		}
	}
	return nil
}

// loadStats reads the snapshot's data version and statistics, once.
func (c *Cursor) loadStats() {
	if c.stats == nil {
		st := c.v.Stats()
		c.readTs, c.stats = c.v.st.txn.ReadTs(), &st
	}
}

// scanColumn answers pat (P bound, G unbound) from the column cache when
// it has, or this scan builds, the predicate's column; done is false when
// the index must answer instead.
func (c *Cursor) scanColumn(pat IDQuad, fn func(IDQuad) bool) (done bool, err error) {
	cc := c.v.s.cols
	c.loadStats()
	s, o := pat.S != AnyID, pat.O != AnyID
	k := colKey{sp: c.v.sp, p: pat.P, order: byObject}
	if s && !o {
		k.order = bySubject
	}
	kept := c.held(k)
	if kept == nil && s && o {
		kept = c.held(colKey{sp: k.sp, p: k.p, order: bySubject})
	}
	quads := c.stats.Predicates[pat.P].Quads
	if kept == nil {
		if !s && !o {
			return true, c.scanKeeping(pat, k, quads, fn)
		}
		if !cc.paidFor(k, c.readTs, quads) {
			rows := uint64(0)
			err := c.scanIndex(pat, func(q IDQuad) bool {
				rows++
				return fn(q)
			})
			cc.charge(k, c.readTs, rows)
			return true, err
		}
		col, err := c.buildColumn(k, quads)
		if col == nil || err != nil {
			return err != nil, err
		}
		kept = c.hold(k, col)
	}
	rows := kept.rows
	switch {
	case s && o && kept.order == bySubject:
		rows = kept.span(pat.S, pat.O, true)
	case s && o:
		rows = kept.span(pat.O, pat.S, true)
	case s:
		rows = kept.span(pat.S, 0, false)
	case o:
		rows = kept.span(pat.O, 0, false)
	}
	return true, c.yield(kept, pat.P, rows, fn)
}

// held returns the cursor's column k, taken from the cache the first time
// (once per cursor, not per lookup); nil when the cache has no such
// column.
func (c *Cursor) held(k colKey) *column {
	if col := c.columns[k]; col != nil {
		return col
	}
	col := c.v.s.cols.get(k, c.readTs)
	if col == nil {
		return nil
	}
	return c.hold(k, col)
}

// hold keeps col as the cursor's column k.
func (c *Cursor) hold(k colKey, col *column) *column {
	if c.columns == nil {
		c.columns = map[colKey]*column{}
	}
	c.columns[k] = col
	return col
}

// scanKeeping scans a predicate whole through its index and, when the scan
// runs to its end, keeps what it read as the predicate's byObject column.
func (c *Cursor) scanKeeping(pat IDQuad, k colKey, quads uint64, fn func(IDQuad) bool) error {
	cc := c.v.s.cols
	if quads == 0 || quads > cc.maxRows() || !cc.reserve(int64(quads)*colRowBytes) {
		return c.scanIndex(pat, fn)
	}
	defer cc.release(int64(quads) * colRowBytes)
	// Grown as rows come: a scan stopped early (LIMIT, ASK) allocates
	// little.
	rows := make([]colRow, 0, min(quads, 1<<12))
	whole := true
	err := c.scanIndex(pat, func(q IDQuad) bool {
		if uint64(len(rows)) < quads {
			rows = append(rows, rowOf(byObject, q))
		}
		if !fn(q) {
			whole = false
		}
		return whole
	})
	if err == nil && whole && uint64(len(rows)) == quads {
		cc.add(k, newColumn(k.order, c.readTs, rows))
	}
	return err
}

// buildColumn reads predicate k.p whole (or reorders its other column) and
// adds its column in order k.order. It returns nil when the predicate did
// not read back as its statistics say.
func (c *Cursor) buildColumn(k colKey, quads uint64) (*column, error) {
	cc := c.v.s.cols
	need := 3 * int64(quads) * colRowBytes // the rows read, their reordered copy and its sort buffer
	if !cc.reserve(need) {
		return nil, nil
	}
	defer cc.release(need)
	var rows []colRow
	if other := cc.get(colKey{sp: k.sp, p: k.p, order: 1 - k.order}, c.readTs); other != nil {
		var err error
		if rows, err = reorder(c.ctx, other.rows); err != nil {
			return nil, err
		}
	} else {
		rows = make([]colRow, 0, quads)
		err := c.scanIndex(IDQuad{P: k.p}, func(q IDQuad) bool {
			rows = append(rows, rowOf(byObject, q))
			return uint64(len(rows)) <= quads
		})
		if err != nil {
			return nil, err
		}
		if uint64(len(rows)) != quads {
			return nil, nil
		}
		cc.add(colKey{sp: k.sp, p: k.p, order: byObject}, newColumn(byObject, c.readTs, rows))
		if k.order == bySubject {
			if rows, err = reorder(c.ctx, rows); err != nil {
				return nil, err
			}
		}
	}
	col := newColumn(k.order, c.readTs, rows)
	cc.add(k, col)
	return col, nil
}

// take returns an idle iterator over index ix, opening one if none is idle.
func (c *Cursor) take(ix index) (*badger.Iterator, error) {
	if f := c.free[ix]; len(f) > 0 {
		it := f[len(f)-1]
		c.free[ix] = f[:len(f)-1]
		return it, nil
	}
	if err := c.v.st.acquire(); err != nil {
		return nil, err
	}
	p := []byte{indexPrefixByte(c.v.sp, ix)}
	return c.v.st.txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: p}), nil
}

// put makes an iterator idle again, or closes it if the cursor is closed.
func (c *Cursor) put(ix index, it *badger.Iterator) {
	if c.closed {
		it.Close()
		c.v.st.release()
		return
	}
	c.free[ix] = append(c.free[ix], it)
}

// Close releases the cursor's iterators. It may be called more than once;
// scans after Close fail with ErrViewClosed.
func (c *Cursor) Close() {
	if c.closed {
		return
	}
	c.closed = true
	for ix := range c.free {
		for _, it := range c.free[ix] {
			it.Close()
			c.v.st.release()
		}
		c.free[ix] = nil
	}
}
