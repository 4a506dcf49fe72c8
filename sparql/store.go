package sparql

import (
	"context"
	"iter"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// StoreDataset adapts a store snapshot to the evaluator's [Dataset]. The
// caller keeps ownership of the snapshot and closes it after the query.
func StoreDataset(snap *store.Snapshot) Dataset { return storeDataset{snap} }

type storeDataset struct{ snap *store.Snapshot }

var (
	_ eval.CursorDataset      = storeDataset{}
	_ eval.CountDataset       = storeDataset{}
	_ eval.TermsDataset       = storeDataset{}
	_ eval.SubjectOrderCursor = storeCursor{}
	_ eval.DistinctCursor     = storeCursor{}
)

func (d storeDataset) Quads(ctx context.Context, pat eval.IDQuad) iter.Seq2[eval.IDQuad, error] {
	return func(yield func(eval.IDQuad, error) bool) {
		for q, err := range d.snap.Quads(ctx, storeQuad(pat)) {
			if !yield(evalQuad(q), err) {
				return
			}
		}
	}
}

func (d storeDataset) LookupID(t rdf.Term) (eval.ID, bool, error) {
	id, ok, err := d.snap.LookupID(t)
	return eval.ID(id), ok, err
}

func (d storeDataset) Term(id eval.ID) (rdf.Term, error) { return d.snap.Term(store.ID(id)) }

// Terms reads many terms at once (eval.TermsDataset).
func (d storeDataset) Terms(ids []eval.ID, out []rdf.Term) error {
	return d.snap.Terms(storeIDs(ids), out)
}

func (d storeDataset) Estimate(pat eval.IDQuad) uint64 {
	return d.snap.Estimate(storeQuad(pat))
}

func (d storeDataset) Graphs(ctx context.Context) iter.Seq2[rdf.Term, error] {
	return d.snap.Graphs(ctx)
}

// Cursor reads the patterns of one execution through a store cursor, which
// re-seeks open index iterators instead of opening one per pattern.
func (d storeDataset) Cursor(ctx context.Context) eval.Cursor {
	return storeCursor{d.snap.Cursor(ctx)}
}

type storeCursor struct{ c *store.Cursor }

func (c storeCursor) Scan(pat eval.IDQuad, fn func(eval.IDQuad) bool) error {
	return c.c.Scan(storeQuad(pat), func(q store.IDQuad) bool { return fn(evalQuad(q)) })
}

// ScanBySubject reads a predicate in subject order when the store's column
// cache holds it so (eval.SubjectOrderCursor).
func (c storeCursor) ScanBySubject(pat eval.IDQuad, subjects []eval.ID, fn func(eval.IDQuad) bool) (bool, error) {
	return c.c.ScanBySubject(storeQuad(pat), storeIDs(subjects), func(q store.IDQuad) bool { return fn(evalQuad(q)) })
}

// ScanDistinct lists the distinct values of one position of a pattern by
// seeking through an index (eval.DistinctCursor).
func (c storeCursor) ScanDistinct(pat eval.IDQuad, of byte, fn func(eval.ID) bool) (bool, error) {
	return c.c.ScanDistinct(storeQuad(pat), of, func(id store.ID) bool { return fn(eval.ID(id)) })
}

func (c storeCursor) Close() { c.c.Close() }

// storeIDs converts ids (nil stays nil).
func storeIDs(ids []eval.ID) []store.ID {
	if ids == nil {
		return nil
	}
	out := make([]store.ID, len(ids))
	for i, id := range ids {
		out[i] = store.ID(id)
	}
	return out
}

func storeQuad(q eval.IDQuad) store.IDQuad {
	return store.IDQuad{S: store.ID(q.S), P: store.ID(q.P), O: store.ID(q.O), G: store.ID(q.G)}
}

func evalQuad(q store.IDQuad) eval.IDQuad {
	return eval.IDQuad{S: eval.ID(q.S), P: eval.ID(q.P), O: eval.ID(q.O), G: eval.ID(q.G)}
}

// Count answers counts from the store's statistics when they are exact
// (eval.CountDataset).
func (d storeDataset) Count(pat eval.IDQuad, of byte) (uint64, bool) {
	return d.snap.Count(storeQuad(pat), of)
}
