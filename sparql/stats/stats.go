// Package stats declares what the optimizer (sparql/optimize) and the
// evaluator (sparql/eval) share about a dataset: term ids, quad patterns in
// id space, and the estimates the optimizer plans with. It imports nothing
// of the engine, so that the optimizer needs no part of the evaluator.
package stats

import "github.com/ruche-lod/ruche/store/rdf"

// ID is a term id of a dataset.
type ID = uint64

// AnyID is the wildcard of a quad pattern; no term has it.
const AnyID ID = 0

// IDQuad is a quad, or a quad pattern, in term-id space.
type IDQuad struct {
	S, P, O, G ID
}

// Estimator is what the optimizer reads of a dataset. Every
// eval.Dataset is one.
type Estimator interface {
	// LookupID returns the id of a term, and false when the dataset does
	// not hold it.
	LookupID(t rdf.Term) (ID, bool, error)
	// Estimate returns an estimate of the number of quads matching pat,
	// where AnyID is a wildcard.
	Estimate(pat IDQuad) uint64
}
