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
}

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
	it, err := c.take(ix)
	if err != nil {
		return err
	}
	defer c.put(ix, it)
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
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
	return nil
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
