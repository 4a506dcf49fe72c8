package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// ErrViewClosed is returned by reads on a closed Snapshot, or on a Txn after
// its Update returned.
var ErrViewClosed = errors.New("store: snapshot or transaction already closed")

// view is what Snapshot and Txn share: a Badger transaction seen through one
// space. Several views (from In) share one txnState.
type view struct {
	s  *Store
	st *txnState
	sp Space
}

// txnState owns the Badger transaction of a Snapshot or Txn. It counts open
// iterators so that closing never discards a transaction under a running
// scan (Badger panics on that): the discard then waits for the last scan.
type txnState struct {
	txn *badger.Txn

	mu        sync.Mutex
	iters     int
	closing   bool // Close was asked for
	discarded bool

	w *writeState // nil for snapshots
}

// acquire registers a new iterator.
func (st *txnState) acquire() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closing || st.discarded {
		return ErrViewClosed
	}
	st.iters++
	return nil
}

func (st *txnState) release() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.iters--
	if st.iters == 0 && st.closing && !st.discarded {
		st.discarded = true
		st.txn.Discard()
	}
}

// close discards the transaction now, or when its last scan ends.
func (st *txnState) close() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.closing = true
	if st.iters == 0 && !st.discarded {
		st.discarded = true
		st.txn.Discard()
	}
}

func (st *txnState) openIterators() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.iters
}

func (v *view) usable() error {
	if v.s.closed.Load() {
		return ErrClosed
	}
	if !v.sp.valid() {
		return fmt.Errorf("store: invalid space %d", v.sp)
	}
	v.st.mu.Lock()
	defer v.st.mu.Unlock()
	if v.st.closing || v.st.discarded {
		return ErrViewClosed
	}
	return nil
}

// get reads one key; found is false when the key is absent.
func (v *view) get(key []byte, fn func([]byte) error) (found bool, err error) {
	if err := v.usable(); err != nil {
		return false, err
	}
	item, err := v.st.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if fn == nil {
		return true, nil
	}
	return true, item.Value(fn)
}

// withIterator runs fn with a key-only Badger iterator limited to prefix,
// and releases the iterator when fn returns.
func (v *view) withIterator(ctx context.Context, prefix []byte, fn func(it *badger.Iterator) error) error {
	if err := v.usable(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := v.st.acquire(); err != nil {
		return err
	}
	defer v.st.release()
	it := v.st.txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: prefix})
	defer it.Close()
	return fn(it)
}

// scanKeys iterates over the keys with the given prefix (values are not
// fetched). fn's key is only valid during the call. ctx is checked every
// 1024 keys.
func (v *view) scanKeys(ctx context.Context, prefix []byte, fn func(key []byte) (bool, error)) error {
	return v.withIterator(ctx, prefix, func(it *badger.Iterator) error {
		n := 0
		for it.Seek(prefix); it.Valid(); it.Next() {
			if n++; n&1023 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			more, err := fn(it.Item().Key())
			if err != nil || !more {
				return err
			}
		}
		return nil
	})
}

// Quads returns the quads of the view's space matching pat, where AnyID
// marks an unbound position. The pattern is answered by one prefix scan of
// the index chosen by chooseIndex, in that index's key order.
//
// Guarantee: when pat.G is AnyID the scan uses a graph-last index (SPOG,
// POSG or OSPG), so quads that differ only by their graph come out one after
// the other.
//
// The Badger iterator is released when the loop ends, also on break. The
// context is checked every 1024 quads; its error is yielded as the last item.
func (v *view) Quads(ctx context.Context, pat IDQuad) iter.Seq2[IDQuad, error] {
	return func(yield func(IDQuad, error) bool) {
		ix, prefix := appendScanPrefix(make([]byte, 0, indexKeyLen), v.sp, pat)
		stopped := false
		err := v.scanKeys(ctx, prefix, func(key []byte) (bool, error) {
			q, ok := decodeIndexKey(ix, key)
			if !ok {
				return false, fmt.Errorf("store: corrupt %s key %x", ix, key)
			}
			if !yield(q, nil) {
				stopped = true
				return false, nil
			}
			return true, nil
		})
		if err != nil && !stopped {
			yield(IDQuad{}, err)
		}
	}
}

// LookupID returns the id of a term, and false if the term is not in the
// dictionary. The zero term (default graph) is DefaultGraphID.
//
// The dictionary is shared by all spaces and never shrinks, so a term may
// have an id and yet appear in no quad of this view.
func (v *view) LookupID(t rdf.Term) (ID, bool, error) {
	if t.IsZero() {
		return DefaultGraphID, true, nil
	}
	if err := v.usable(); err != nil {
		return 0, false, err
	}
	if w := v.st.w; w != nil {
		if id, ok := w.newTerms[t]; ok {
			return id, true, nil
		}
	}
	if id, ok := v.s.termIDs.get(t); ok {
		return id, true, nil
	}
	enc, err := appendTermEncoding(nil, t)
	if err != nil {
		return 0, false, err
	}
	id, ok, err := v.lookupEncoded(t, enc)
	if err != nil || !ok {
		return 0, false, err
	}
	if v.st.w == nil {
		v.s.termIDs.put(t, id)
	}
	return id, true, nil
}

// lookupEncoded reads the term->id entry of an encoded term from Badger.
func (v *view) lookupEncoded(t rdf.Term, enc []byte) (ID, bool, error) {
	key := termKey(enc)
	var id ID
	found, err := v.get(key, func(val []byte) error {
		if len(val) != 8 {
			return fmt.Errorf("store: corrupt dictionary entry for %s", t)
		}
		id = ID(binary.BigEndian.Uint64(val))
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("store: look up %s: %w", t, err)
	}
	if !found {
		return 0, false, nil
	}
	if key[0] == prefixTermHash {
		// Hashed key: make sure the id really names this term.
		got, err := v.Term(id)
		if err != nil {
			return 0, false, err
		}
		if got != t {
			return 0, false, fmt.Errorf("store: dictionary hash collision between %s and %s", t, got)
		}
	}
	return id, true, nil
}

// Term returns the term of an id. DefaultGraphID gives the zero term.
func (v *view) Term(id ID) (rdf.Term, error) {
	switch id {
	case AnyID:
		return rdf.Term{}, errors.New("store: AnyID names no term")
	case DefaultGraphID:
		return rdf.Term{}, nil
	}
	if err := v.usable(); err != nil {
		return rdf.Term{}, err
	}
	if w := v.st.w; w != nil {
		if t, ok := w.newIDs[id]; ok {
			return t, nil
		}
	}
	if t, ok := v.s.idTerms.get(id); ok {
		return t, nil
	}
	var t rdf.Term
	found, err := v.get(idKey(id), func(val []byte) error {
		var err error
		t, err = decodeTerm(val)
		return err
	})
	if err != nil {
		return rdf.Term{}, fmt.Errorf("store: term of id %d: %w", id, err)
	}
	if !found {
		return rdf.Term{}, fmt.Errorf("store: no term has id %d", id)
	}
	v.s.idTerms.put(id, t)
	return t, nil
}

// Terms reads the terms of ids into out (at least as long), each as Term
// would. The view is checked once, and the id → term table is read for
// every id before any missing term is read from Badger: the table's loads
// then do not wait on each other, and a result's terms, spread over a
// large dictionary, cost about one memory latency per batch instead of
// two or three per term.
func (v *view) Terms(ids []ID, out []rdf.Term) error {
	if err := v.usable(); err != nil {
		return err
	}
	// In a transaction its own new terms come first: Term looks them up.
	table := v.st.w == nil
	var missed []int
	for i, id := range ids {
		var ok bool
		if table && id > DefaultGraphID {
			out[i], ok = v.s.idTerms.get(id)
		}
		if !ok {
			missed = append(missed, i)
		}
	}
	for _, i := range missed {
		t, err := v.Term(ids[i])
		if err != nil {
			return err
		}
		out[i] = t
	}
	return nil
}

// Version returns the data version: it increases with every committed write
// (a use is ETags). In a Txn it is the version the transaction started from.
func (v *view) Version() uint64 {
	var n uint64
	if _, err := v.get(keyVersion, func(val []byte) error {
		if len(val) == 8 {
			n = binary.BigEndian.Uint64(val)
		}
		return nil
	}); err != nil {
		v.s.log.Error("store: read data version", "err", err)
	}
	return n
}

// MetaEntry is one meta key and its value.
type MetaEntry struct {
	Key   string
	Value []byte
}

// GetMeta returns the value of a meta key.
func (v *view) GetMeta(key string) ([]byte, bool, error) {
	var out []byte
	found, err := v.get(metaKey(key), func(val []byte) error {
		out = append([]byte(nil), val...)
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: get meta %q: %w", key, err)
	}
	return out, found, nil
}

// ScanMeta returns the meta entries whose key starts with prefix, in key
// order.
func (v *view) ScanMeta(ctx context.Context, prefix string) iter.Seq2[MetaEntry, error] {
	return func(yield func(MetaEntry, error) bool) {
		if err := v.usable(); err != nil {
			yield(MetaEntry{}, err)
			return
		}
		if err := v.st.acquire(); err != nil {
			yield(MetaEntry{}, err)
			return
		}
		defer v.st.release()
		p := metaKey(prefix)
		it := v.st.txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 16, Prefix: p})
		defer it.Close()
		for it.Seek(p); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				yield(MetaEntry{}, err)
				return
			}
			item := it.Item()
			val, err := item.ValueCopy(nil)
			if err != nil {
				yield(MetaEntry{}, fmt.Errorf("store: scan meta: %w", err))
				return
			}
			if !yield(MetaEntry{Key: string(item.Key()[1:]), Value: val}, nil) {
				return
			}
		}
	}
}
