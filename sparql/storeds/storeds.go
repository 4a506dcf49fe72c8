// Package storeds adapts a store snapshot to the SPARQL evaluator: it is the
// one place where the sparql packages meet the store, so that the evaluator
// itself depends only on the RDF model.
package storeds

import (
	"context"
	"iter"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Dataset is a store snapshot seen by the evaluator.
type Dataset struct{ Snap *store.Snapshot }

var _ eval.Dataset = Dataset{}

// New wraps a snapshot; the caller keeps ownership and closes it.
func New(snap *store.Snapshot) Dataset { return Dataset{Snap: snap} }

func toStore(q eval.IDQuad) store.IDQuad {
	return store.IDQuad{S: store.ID(q.S), P: store.ID(q.P), O: store.ID(q.O), G: store.ID(q.G)}
}

// Quads implements eval.Dataset.
func (d Dataset) Quads(ctx context.Context, pat eval.IDQuad) iter.Seq2[eval.IDQuad, error] {
	return func(yield func(eval.IDQuad, error) bool) {
		for q, err := range d.Snap.Quads(ctx, toStore(pat)) {
			if !yield(eval.IDQuad{S: uint64(q.S), P: uint64(q.P), O: uint64(q.O), G: uint64(q.G)}, err) {
				return
			}
		}
	}
}

// LookupID implements eval.Dataset.
func (d Dataset) LookupID(t rdf.Term) (eval.ID, bool, error) {
	id, ok, err := d.Snap.LookupID(t)
	return uint64(id), ok, err
}

// Term implements eval.Dataset.
func (d Dataset) Term(id eval.ID) (rdf.Term, error) { return d.Snap.Term(store.ID(id)) }

// Estimate implements eval.Dataset.
func (d Dataset) Estimate(pat eval.IDQuad) uint64 { return d.Snap.Estimate(toStore(pat)) }

// Graphs implements eval.Dataset.
func (d Dataset) Graphs(ctx context.Context) iter.Seq2[rdf.Term, error] { return d.Snap.Graphs(ctx) }
