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

// Bound stands for the unknown value of a bound position when asking an
// Estimator: a position bound by an earlier pattern, whose value is not
// known when estimating. No term has it; estimators average over the
// bound positions.
const Bound ID = 1 << 62

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
