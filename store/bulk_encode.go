package store

import (
	"sync/atomic"

	"github.com/ruche-lod/ruche/store/rdf"
)

// encoder turns chunks of term quads into id quads, assigning ids to new
// terms.
type encoder struct {
	s        *Store
	l        loader
	space    Space
	terms    map[string]ID // encoding -> id of every term seen by this load
	newTerms int64
	failed   atomic.Bool

	encBuf  []byte
	newIDs  []ID
	newEncs []string
	quads   []IDQuad
}

func (e *encoder) encodeChunk(in []rdf.Quad) (err error) {
	defer func() {
		if err != nil {
			e.failed.Store(true)
		}
	}()
	e.newIDs, e.newEncs, e.quads = e.newIDs[:0], e.newEncs[:0], e.quads[:0]
	var pending []string // encodings of this chunk's new terms, ids assigned below
	idOf := func(t rdf.Term) (ID, error) {
		if t.IsZero() {
			return DefaultGraphID, nil
		}
		enc, err := appendTermEncoding(e.encBuf[:0], t)
		if err != nil {
			return 0, err
		}
		e.encBuf = enc
		if id, ok := e.terms[string(enc)]; ok {
			return id, nil
		}
		id, ok, err := e.l.lookup(t, enc)
		if err != nil {
			return 0, err
		}
		key := string(enc)
		if !ok {
			// Mark as new; the id is set once the chunk's count is known.
			id = ID(len(pending)) | pendingBit
			pending = append(pending, key)
		}
		e.terms[key] = id
		return id, nil
	}
	for _, q := range in {
		var iq IDQuad
		if iq.S, err = idOf(q.S); err != nil {
			return err
		}
		if iq.P, err = idOf(q.P); err != nil {
			return err
		}
		if iq.O, err = idOf(q.O); err != nil {
			return err
		}
		if iq.G, err = idOf(q.G); err != nil {
			return err
		}
		e.quads = append(e.quads, iq)
	}
	if len(pending) > 0 {
		first, err := e.l.take(uint64(len(pending)))
		if err != nil {
			return err
		}
		for i, enc := range pending {
			id := first + ID(i)
			e.terms[enc] = id
			e.newIDs = append(e.newIDs, id)
		}
		e.newEncs = append(e.newEncs, pending...)
		fix := func(id ID) ID {
			if id&pendingBit != 0 {
				return first + id&^pendingBit
			}
			return id
		}
		for i := range e.quads {
			q := &e.quads[i]
			q.S, q.P, q.O, q.G = fix(q.S), fix(q.P), fix(q.O), fix(q.G)
		}
		e.newTerms += int64(len(pending))
		if err := e.l.writeTerms(e.newIDs, e.newEncs); err != nil {
			return err
		}
	}
	return e.l.writeQuads(e.quads)
}

// pendingBit marks a provisional id (index into the chunk's new terms).
const pendingBit ID = 1 << 63
