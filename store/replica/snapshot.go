package replica

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

const snapshotMagic = "RCHS2"

// Record tags of a snapshot.
const (
	tagTerm    = 'T'
	tagPublic  = 'P'
	tagArchive = 'A'
	tagMeta    = 'M'
	tagEnd     = 'E'
)

// SnapshotInfo describes a snapshot.
type SnapshotInfo struct {
	Version  uint64
	Time     time.Time // commit time of Version, when stamped
	Public   int64     // quads of the public space
	Archive  int64     // quads of the archive space
	Meta     int64     // public meta keys
	Terms    int64     // terms defined
	Duration time.Duration
}

// WriteSnapshot writes the public state seen by snap (the Public and
// Archive spaces and the public meta keys, with the data version) to w,
// gzip'd. Nothing else of the store is read.
func WriteSnapshot(ctx context.Context, snap *store.Snapshot, w io.Writer) (SnapshotInfo, error) {
	start := time.Now()
	info := SnapshotInfo{Version: snap.Version()}
	info.Time, _ = snap.CommitTime(info.Version)
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	e := &encoder{w: bufio.NewWriterSize(zw, 256<<10)}
	e.str(snapshotMagic)
	e.uvarint(info.Version)
	e.varint(timeNanos(info.Time))
	seen := map[store.ID]struct{}{store.DefaultGraphID: {}}
	for _, x := range []struct {
		sp  store.Space
		tag byte
		n   *int64
	}{{store.Public, tagPublic, &info.Public}, {store.Archive, tagArchive, &info.Archive}} {
		for q, err := range snap.In(x.sp).Quads(ctx, store.IDQuad{}) {
			if err != nil {
				return info, fmt.Errorf("replica: snapshot: %w", err)
			}
			for _, id := range []store.ID{q.S, q.P, q.O, q.G} {
				if _, ok := seen[id]; ok {
					continue
				}
				t, err := snap.Term(id)
				if err != nil {
					return info, fmt.Errorf("replica: snapshot: term %d: %w", id, err)
				}
				seen[id] = struct{}{}
				e.byte1(tagTerm)
				e.uvarint(uint64(id))
				e.term(t)
				info.Terms++
			}
			e.byte1(x.tag)
			e.idQuad(q)
			*x.n++
			if e.err != nil {
				return info, fmt.Errorf("replica: snapshot: %w", e.err)
			}
		}
	}
	for _, prefix := range PublicMetaPrefixes {
		for m, err := range snap.ScanMeta(ctx, prefix) {
			if err != nil {
				return info, fmt.Errorf("replica: snapshot: %w", err)
			}
			e.byte1(tagMeta)
			e.meta(store.MetaChange{Key: m.Key, Value: m.Value})
			info.Meta++
		}
	}
	e.byte1(tagEnd)
	e.uvarint(uint64(info.Public + info.Archive + info.Meta + info.Terms))
	if err := e.flush(); err != nil {
		return info, fmt.Errorf("replica: snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return info, fmt.Errorf("replica: snapshot: %w", err)
	}
	info.Duration = time.Since(start)
	return info, nil
}

// SeqKey is the local meta key where a replica records the stream
// sequence of the last message it applied (never published: it is not in
// PublicMetaPrefixes).
const SeqKey = "replica/seq"

// MarkSeq records seq under SeqKey without changing the data version.
func MarkSeq(ctx context.Context, st *store.Store, seq uint64) error {
	return st.Update(ctx, func(tx *store.Txn) error {
		if err := tx.PutMeta(SeqKey, binary.BigEndian.AppendUint64(nil, seq)); err != nil {
			return err
		}
		return tx.SetVersion(tx.Version())
	})
}

// Seq returns the sequence recorded by MarkSeq or ApplyAt.
func Seq(st *store.Store) (uint64, bool) {
	snap := st.Snapshot()
	defer snap.Close()
	b, ok, err := snap.GetMeta(SeqKey)
	if err != nil || !ok || len(b) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}

// metaBatch and quadBatch bound what one bootstrap transaction writes
// (Badger takes about 100,000 entries per transaction; a quad is 6, a term 2,
// and the statistics of the batch come on top).
const (
	metaBatch = 20000
	quadBatch = 2000
)

// LoadSnapshot fills an empty store from a snapshot: bulk loads of the
// Public and Archive spaces, then the meta keys, and finally the
// snapshot's data version. A store that is not empty is refused.
func LoadSnapshot(ctx context.Context, r io.Reader, st *store.Store) (SnapshotInfo, error) {
	start := time.Now()
	var info SnapshotInfo
	snap := st.Snapshot()
	empty := snap.Version() == 0 && snap.Stats().Quads == 0 && snap.In(store.Archive).Stats().Quads == 0
	snap.Close()
	if !empty {
		return info, errors.New("replica: bootstrap needs an empty store")
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return info, fmt.Errorf("replica: snapshot: %w", err)
	}
	d := &decoder{r: bufio.NewReaderSize(zr, 256<<10)}
	if m := d.str(); d.err == nil && m != snapshotMagic {
		return info, fmt.Errorf("replica: snapshot: unknown format %q", m)
	}
	info.Version = d.uvarint()
	info.Time = nanosTime(d.varint())
	if d.err != nil {
		return info, fmt.Errorf("replica: snapshot: %w", d.err)
	}
	if info.Version == 0 {
		return info, errors.New("replica: snapshot: version 0")
	}
	// Terms and quads go in through transactions of quadBatch quads, with
	// the primary's term ids (a bulk load would number terms its own way).
	type rec struct {
		sp store.Space
		q  store.IDQuad
	}
	var terms []struct {
		id store.ID
		t  rdf.Term
	}
	var quads []rec
	var metas []store.MetaChange
	type termDef = struct {
		id store.ID
		t  rdf.Term
	}
	update := func(terms []termDef, quads []rec, metas []store.MetaChange, final bool) error {
		return st.Update(ctx, func(tx *store.Txn) error {
			for _, d := range terms {
				if err := tx.DefineTerm(d.id, d.t); err != nil {
					return err
				}
			}
			for _, r := range quads {
				if err := tx.In(r.sp).AddID(r.q); err != nil {
					return err
				}
			}
			for _, m := range metas {
				if PublicMeta(m.Key) {
					if err := tx.PutMeta(m.Key, m.Value); err != nil {
						return err
					}
				}
			}
			if final {
				return tx.SetVersion(info.Version)
			}
			return tx.SetVersion(max(tx.Version(), 1)) // allowed on a FollowOnly store
		})
	}
	// put writes a batch, halving it when it does not fit in a transaction
	// (the limit depends on the store's profile); terms go before the
	// quads that use them.
	var put func(terms []termDef, quads []rec, metas []store.MetaChange, final bool) error
	put = func(terms []termDef, quads []rec, metas []store.MetaChange, final bool) error {
		err := update(terms, quads, metas, final)
		if !errors.Is(err, store.ErrTxnTooBig) {
			return err
		}
		switch {
		case len(terms) > 1:
			h := len(terms) / 2
			if err := put(terms[:h], nil, nil, false); err != nil {
				return err
			}
			return put(terms[h:], quads, metas, final)
		case len(terms) == 1 && len(quads)+len(metas) > 0:
			if err := put(terms, nil, nil, false); err != nil {
				return err
			}
			return put(nil, quads, metas, final)
		case len(quads) > 1:
			h := len(quads) / 2
			if err := put(nil, quads[:h], nil, false); err != nil {
				return err
			}
			return put(nil, quads[h:], metas, final)
		case len(quads) == 1 && len(metas) > 0:
			if err := put(nil, quads, nil, false); err != nil {
				return err
			}
			return put(nil, nil, metas, final)
		case len(metas) > 1:
			h := len(metas) / 2
			if err := put(nil, nil, metas[:h], false); err != nil {
				return err
			}
			return put(nil, nil, metas[h:], final)
		}
		return fmt.Errorf("%w (%d terms, %d quads, %d meta keys, final %v)", err, len(terms), len(quads), len(metas), final)
	}
	flush := func(final bool) error {
		err := put(terms, quads, metas, final)
		terms, quads, metas = terms[:0], quads[:0], metas[:0]
		return err
	}
	tag := d.byte1()
	for d.err == nil && tag != tagEnd {
		switch tag {
		case tagTerm:
			id := store.ID(d.uvarint())
			t := d.term()
			terms = append(terms, struct {
				id store.ID
				t  rdf.Term
			}{id, t})
			info.Terms++
		case tagPublic, tagArchive:
			sp, n := store.Public, &info.Public
			if tag == tagArchive {
				sp, n = store.Archive, &info.Archive
			}
			quads = append(quads, rec{sp, d.idQuad()})
			*n++
		case tagMeta:
			metas = append(metas, d.meta())
			info.Meta++
		default:
			return info, fmt.Errorf("replica: snapshot: unexpected record %q", tag)
		}
		if d.err == nil && (len(quads) >= quadBatch || len(metas) >= metaBatch || len(terms) >= quadBatch) {
			if err := flush(false); err != nil {
				return info, fmt.Errorf("replica: snapshot: %w", err)
			}
		}
		tag = d.byte1()
	}
	if d.err == nil && tag != tagEnd {
		return info, fmt.Errorf("replica: snapshot: unexpected record %q", tag)
	}
	if n := d.uvarint(); d.err == nil && n != uint64(info.Public+info.Archive+info.Meta+info.Terms) {
		return info, fmt.Errorf("replica: snapshot: %d records read, the snapshot says %d", info.Public+info.Archive+info.Meta+info.Terms, n)
	}
	if d.err != nil {
		return info, fmt.Errorf("replica: snapshot: %w", d.err)
	}
	if err := flush(true); err != nil {
		return info, fmt.Errorf("replica: snapshot: %w", err)
	}
	info.Duration = time.Since(start)
	return info, nil
}
