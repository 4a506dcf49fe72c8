package store

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// batchLoader writes into a non-empty store through Badger write batches,
// which split themselves under the transaction limit.
type batchLoader struct {
	s    *Store
	sp   Space
	wb   *badger.WriteBatch
	snap *Snapshot // the store before the load, for dictionary lookups
}

func newBatchLoader(s *Store, opts LoadOptions) *batchLoader {
	wb := s.db.NewWriteBatch()
	wb.SetMaxPendingTxns(8)
	return &batchLoader{s: s, sp: opts.Space, wb: wb, snap: s.Snapshot()}
}

func (b *batchLoader) method() string { return "batch" }

func (b *batchLoader) take(n uint64) (ID, error) { return b.s.ids.take(n) }

func (b *batchLoader) lookup(t rdf.Term, enc []byte) (ID, bool, error) {
	if id, ok := b.s.termIDs.get(t); ok {
		return id, true, nil
	}
	return b.snap.lookupEncoded(t, enc)
}

func (b *batchLoader) writeTerms(ids []ID, encs []string) error {
	for i, id := range ids {
		enc := []byte(encs[i])
		if err := b.wb.Set(idKey(id), enc); err != nil {
			return err
		}
		if err := b.wb.Set(termKey(enc), putID(id)); err != nil {
			return err
		}
	}
	return nil
}

func (b *batchLoader) writeQuads(quads []IDQuad) error {
	slab := make([]byte, 0, len(quads)*int(numIndexes)*indexKeyLen)
	for _, q := range quads {
		for ix := index(0); ix < numIndexes; ix++ {
			slab = appendIndexKey(slab, b.sp, ix, q)
			if err := b.wb.Set(slab[len(slab)-indexKeyLen:], nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *batchLoader) finish(ctx context.Context) error {
	defer b.snap.Close()
	if err := b.wb.Flush(); err != nil {
		// Some batches may be in: keep the statistics true anyway.
		if serr := b.s.finishLoad(context.WithoutCancel(ctx), b.sp, nil); serr != nil {
			b.s.log.Error("store: recount statistics after a failed load", "err", serr)
		}
		return fmt.Errorf("write batch: %w", err)
	}
	if err := b.s.finishLoad(ctx, b.sp, nil); err != nil {
		return err
	}
	return b.s.db.Sync()
}

func (b *batchLoader) abort() {
	defer b.snap.Close()
	// Batches already committed stay; flush the rest so the statistics
	// recount sees a settled store.
	if err := b.wb.Flush(); err != nil {
		b.s.log.Error("store: flush after a failed load", "err", err)
	}
	if err := b.s.finishLoad(context.Background(), b.sp, nil); err != nil {
		b.s.log.Error("store: recount statistics after a failed load", "err", err)
	}
}
