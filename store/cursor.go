package store

import (
	"bytes"
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
	free   [numIndexes][]*cursorIter
	opened [numIndexes]int
	ticks  uint32
	closed bool
	// seeks counts the Badger seeks made (tests).
	seeks int
}

// cursorIter is one of a cursor's iterators and what is known of its
// position. A Badger seek costs a binary search over a table's block
// index and a block read (a decompression when the block is not cached)
// at every level, even when the key sought is the next one: an index
// nested-loop join whose outer rows come in key order (as they do from
// an index scan) asks for prefixes that follow each other in the index,
// and stepping forward from where the last scan ended finds them for the
// price of a few Next calls.
type cursorIter struct {
	it *badger.Iterator
	// past is the prefix of the scan that last ran this iterator to its
	// end, when passed is set: the iterator stands on the first key after
	// every key beginning with past (or is exhausted), and every key from
	// past to there begins with past.
	past   []byte
	passed bool
}

const (
	// stepLimit bounds the Next calls tried before a seek.
	stepLimit = 16
	// streamIters is how many iterators over one index a cursor opens
	// before it reuses one positioned elsewhere.
	streamIters = 4
)

// Cursor returns a new cursor over the snapshot's space. ctx is checked
// every 1024 keys read.
func (snap *Snapshot) Cursor(ctx context.Context) *Cursor {
	return &Cursor{v: snap.view, ctx: ctx}
}

// Scan calls fn with each quad matching pat (AnyID is a wildcard), in the
// order Quads gives, until fn returns false. The same guarantee holds: with
// pat.G unbound, quads that differ only by graph come out adjacent. The
// error is that of a closed snapshot or cursor, a cancelled context or a
// corrupt key.
func (c *Cursor) Scan(pat IDQuad, fn func(IDQuad) bool) error {
	if c.closed {
		return ErrViewClosed
	}
	if err := c.v.usable(); err != nil {
		return err
	}
	// The prefix lives on this frame: nested scans have their own.
	var buf [indexKeyLen]byte
	ix, prefix := appendScanPrefix(buf[:0], c.v.sp, pat)
	ci, err := c.take(ix, prefix)
	if err != nil {
		return err
	}
	defer c.put(ix, ci)
	c.position(ci, prefix)
	it := ci.it
	for ; it.ValidForPrefix(prefix); it.Next() {
		if c.ticks++; c.ticks&1023 == 0 {
			if err := c.ctx.Err(); err != nil {
				return err
			}
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
	ci.past = append(ci.past[:0], prefix...)
	ci.passed = true
	return nil
}

// steps reports whether ci may step forward to prefix (see position).
func (ci *cursorIter) steps(prefix []byte) bool {
	return ci.passed && bytes.Compare(prefix, ci.past) > 0 && !bytes.HasPrefix(prefix, ci.past)
}

// position brings ci to the first key at or after prefix: by stepping
// forward when its last scan ended before prefix (every key it passed
// then began with that scan's prefix, so none of them can begin with a
// greater prefix that does not extend it), otherwise by a seek.
func (c *Cursor) position(ci *cursorIter, prefix []byte) {
	it := ci.it
	if ci.steps(prefix) {
		ci.passed = false
		for range stepLimit {
			if !it.Valid() || bytes.Compare(it.Item().Key(), prefix) >= 0 {
				return
			}
			it.Next()
		}
	}
	ci.passed = false
	c.seeks++
	it.Seek(prefix)
}

// take returns an idle iterator over index ix for a scan of prefix: the
// one that can step forward to it from the closest position, else a new
// one while the cursor holds fewer than streamIters over ix (so that the
// others keep their positions: a join interleaves scans of several key
// sequences over one index, such as the evaluations' subjects and their
// authors'), else the one idle longest.
func (c *Cursor) take(ix index, prefix []byte) (*cursorIter, error) {
	f := c.free[ix]
	best := -1
	for i, ci := range f {
		if ci.steps(prefix) && (best < 0 || bytes.Compare(ci.past, f[best].past) > 0) {
			best = i
		}
	}
	if best < 0 && len(f) > 0 && c.opened[ix] >= streamIters {
		best = 0
	}
	if best >= 0 {
		ci := f[best]
		c.free[ix] = append(f[:best], f[best+1:]...)
		return ci, nil
	}
	if err := c.v.st.acquire(); err != nil {
		return nil, err
	}
	c.opened[ix]++
	p := []byte{indexPrefixByte(c.v.sp, ix)}
	return &cursorIter{it: c.v.st.txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: p})}, nil
}

// put makes an iterator idle again, or closes it if the cursor is closed.
func (c *Cursor) put(ix index, ci *cursorIter) {
	if c.closed {
		ci.it.Close()
		c.v.st.release()
		return
	}
	c.free[ix] = append(c.free[ix], ci)
}

// Close releases the cursor's iterators. It may be called more than once;
// scans after Close fail with ErrViewClosed.
func (c *Cursor) Close() {
	if c.closed {
		return
	}
	c.closed = true
	for ix := range c.free {
		for _, ci := range c.free[ix] {
			ci.it.Close()
			c.v.st.release()
		}
		c.free[ix] = nil
	}
}
