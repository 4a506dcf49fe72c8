package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"iter"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Pattern is a quad pattern in terms. A zero S, P or O is a wildcard. A zero
// G means the default graph, unless AnyGraph is set, which matches every
// graph (the default one included).
type Pattern struct {
	S, P, O, G rdf.Term
	AnyGraph   bool
}

// resolve turns p into an id pattern; ok is false when a bound term is not
// in the dictionary, so that nothing can match.
func (v *view) resolve(p Pattern) (pat IDQuad, ok bool, err error) {
	for _, x := range []struct {
		t   rdf.Term
		dst *ID
	}{{p.S, &pat.S}, {p.P, &pat.P}, {p.O, &pat.O}} {
		if x.t.IsZero() {
			continue
		}
		id, found, err := v.LookupID(x.t)
		if err != nil || !found {
			return pat, false, err
		}
		*x.dst = id
	}
	if !p.AnyGraph {
		id, found, err := v.LookupID(p.G)
		if err != nil || !found {
			return pat, false, err
		}
		pat.G = id
	}
	return pat, true, nil
}

// Match returns the quads of the view's space matching p, as terms, in the
// order of the index that answers the pattern (see Quads).
func (v *view) Match(ctx context.Context, p Pattern) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		pat, ok, err := v.resolve(p)
		if err != nil {
			yield(rdf.Quad{}, err)
			return
		}
		if !ok {
			return
		}
		for q, err := range v.Quads(ctx, pat) {
			if err != nil {
				yield(rdf.Quad{}, err)
				return
			}
			tq, err := v.quadTerms(q)
			if !yield(tq, err) || err != nil {
				return
			}
		}
	}
}

// quadTerms turns an id quad into terms.
func (v *view) quadTerms(q IDQuad) (rdf.Quad, error) {
	var out rdf.Quad
	var err error
	if out.S, err = v.Term(q.S); err != nil {
		return out, err
	}
	if out.P, err = v.Term(q.P); err != nil {
		return out, err
	}
	if out.O, err = v.Term(q.O); err != nil {
		return out, err
	}
	out.G, err = v.Term(q.G)
	return out, err
}

// Graphs returns the named graphs that hold at least one quad in the view's
// space, in id order. It jumps from graph to graph in the GSPO index, so it
// reads one key per graph.
func (v *view) Graphs(ctx context.Context) iter.Seq2[rdf.Term, error] {
	return func(yield func(rdf.Term, error) bool) {
		var graphs []ID
		prefix := []byte{indexPrefixByte(v.sp, idxGSPO)}
		err := v.withIterator(ctx, prefix, func(it *badger.Iterator) error {
			next := DefaultGraphID + 1
			for it.Seek(binary.BigEndian.AppendUint64(prefix[:1:1], uint64(next))); it.Valid(); it.Seek(binary.BigEndian.AppendUint64(prefix[:1:1], uint64(next))) {
				if err := ctx.Err(); err != nil {
					return err
				}
				q, ok := decodeIndexKey(idxGSPO, it.Item().Key())
				if !ok {
					return fmt.Errorf("store: corrupt GSPO key %x", it.Item().Key())
				}
				graphs = append(graphs, q.G)
				if next = q.G + 1; next == 0 {
					break
				}
			}
			return nil
		})
		if err != nil {
			yield(rdf.Term{}, err)
			return
		}
		for _, g := range graphs {
			t, err := v.Term(g)
			if !yield(t, err) || err != nil {
				return
			}
		}
	}
}
