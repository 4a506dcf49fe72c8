package eval

import (
	"context"
	"iter"

	"github.com/ruche-lod/ruche/sparql/stats"
	"github.com/ruche-lod/ruche/store/rdf"
)

// ID is a term id of a [Dataset]. It mirrors store.ID.
type ID = uint64

// Reserved ids.
const (
	// AnyID is the wildcard of a quad pattern; no term has it.
	AnyID ID = 0
	// DefaultGraphID names the dataset's own default graph.
	DefaultGraphID ID = 1
)

// IDQuad is a quad, or a quad pattern, in term-id space.
type IDQuad = stats.IDQuad

// Dataset is what the evaluator reads. *store.Snapshot satisfies it through
// a thin adapter (the id types match).
type Dataset interface {
	// Quads yields the quads matching pat, where AnyID is a wildcard. With
	// G unbound, quads that differ only by graph must come out adjacent.
	Quads(ctx context.Context, pat IDQuad) iter.Seq2[IDQuad, error]
	// LookupID returns the id of a term, and false when the dataset does
	// not hold it.
	LookupID(t rdf.Term) (ID, bool, error)
	// Term returns the term of an id.
	Term(id ID) (rdf.Term, error)
	// Estimate returns an estimate of the number of quads matching pat.
	Estimate(pat IDQuad) uint64
	// Graphs yields the names of the named graphs (not the default graph).
	Graphs(ctx context.Context) iter.Seq2[rdf.Term, error]
}

// TermsDataset is a [Dataset] that reads the terms of many ids at once
// faster than with a Term call each (the store reads its id → term table
// for all of them before anything slower, so the memory loads overlap).
// Select turns the ids of its solutions into terms by batches through it.
type TermsDataset interface {
	Dataset
	// Terms sets out[i] to the term of ids[i], as Term would; out is at
	// least as long as ids.
	Terms(ids []ID, out []rdf.Term) error
}
