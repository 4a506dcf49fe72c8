package eval

import (
	"context"
	"fmt"
)

// Cursor reads a sequence of quad patterns, reusing between them what a
// Dataset's Quads would set up afresh for each (for a store, an open index
// iterator that is re-seeked). It belongs to one execution, so to one
// goroutine; scans may nest (fn may call Scan).
type Cursor interface {
	// Scan calls fn with each quad matching pat, as Quads would yield
	// them, until fn returns false.
	Scan(pat IDQuad, fn func(IDQuad) bool) error
	// Close releases the cursor.
	Close()
}

// SubjectOrderCursor is a [Cursor] that can also read some patterns in
// subject order. A hash join's build keyed on the subject of a single
// triple pattern asks for it: when both inputs come sorted on the key the
// join merges them instead of hashing one (matResult).
type SubjectOrderCursor interface {
	Cursor
	// ScanBySubject is Scan for a pattern binding only its predicate, or
	// nothing, yielding the quads by ascending subject, then predicate,
	// object and graph, and returning true; it returns false without calling fn when the
	// cursor cannot read in that order without sorting. subjects, when
	// not nil, are ascending ids: only quads with those subjects are
	// yielded (a merge join's other side, whose keys the cursor may skip
	// to instead of reading every quad).
	ScanBySubject(pat IDQuad, subjects []ID, fn func(IDQuad) bool) (bool, error)
}

// DistinctCursor is a [Cursor] that can list the distinct values of one
// position of a pattern without reading every quad holding them. A
// DISTINCT over one variable of one triple pattern asks for it
// (distinctScan).
type DistinctCursor interface {
	Cursor
	// ScanDistinct calls fn with each distinct id at position of ('S',
	// 'P', 'O' or 'G') of the quads matching pat, in ascending order,
	// until fn returns false, and returns true; it returns false without
	// calling fn when it cannot list them so.
	ScanDistinct(pat IDQuad, of byte, fn func(ID) bool) (bool, error)
}

// CursorDataset is a [Dataset] that can open a [Cursor]. The evaluator
// then reads every pattern of an execution through one cursor instead of
// calling Quads, which pays off in index nested-loop joins.
type CursorDataset interface {
	Dataset
	// Cursor opens a cursor whose scans stop with ctx's error.
	Cursor(ctx context.Context) Cursor
}

// openCursor opens the dataset's cursor when it has one; the returned
// function closes it.
func (ex *exec) openCursor() func() {
	cd, ok := ex.ds.(CursorDataset)
	if !ok {
		return func() {}
	}
	ex.cur = cd.Cursor(ex.ctx)
	return func() {
		ex.cur.Close()
		ex.cur = nil
	}
}

// scanCursor is scan through the execution's cursor.
func (ex *exec) scanCursor(pat IDQuad, fn func(IDQuad) bool) bool {
	f := ex.cursors.enter(newCursorFrame)
	f.ex, f.fn, f.ok = ex, fn, true
	err := ex.cur.Scan(pat, f.push)
	ex.cursors.leave()
	ok := f.ok
	f.fn = nil
	if err != nil {
		return ex.fail(fmt.Errorf("sparql: reading quads: %w", err))
	}
	return ok && ex.err == nil
}

// cursorFrame is the state of a cursor scan running at one nesting depth.
type cursorFrame struct {
	ex   *exec
	fn   func(IDQuad) bool
	ok   bool
	push func(IDQuad) bool // onQuad, bound once
}

func newCursorFrame() *cursorFrame {
	f := &cursorFrame{}
	f.push = f.onQuad
	return f
}

func (f *cursorFrame) onQuad(q IDQuad) bool {
	if !f.ex.tick() || !f.fn(q) {
		f.ok = false
	}
	return f.ok
}
