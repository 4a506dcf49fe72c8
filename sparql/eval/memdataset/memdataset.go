// Package memdataset is an in-memory [eval.Dataset] in term-id space, with
// simple statistics. It serves unit tests, the conformance runner and
// differential tests; it is not meant for large data.
package memdataset

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"sync"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Dataset holds quads in memory. Add quads, then query; adding after the
// first query is allowed but rebuilds the indexes.
type Dataset struct {
	mu    sync.Mutex
	ids   map[rdf.Term]eval.ID
	terms []rdf.Term // index id-2
	quads map[eval.IDQuad]struct{}
	dirty bool

	all   []eval.IDQuad // sorted S,P,O,G
	byS   map[eval.ID][]eval.IDQuad
	byP   map[eval.ID][]eval.IDQuad
	byO   map[eval.ID][]eval.IDQuad
	byG   map[eval.ID][]eval.IDQuad
	graph []eval.ID
	preds map[eval.ID]stats
	total stats
}

// stats count quads and distinct subjects and objects.
type stats struct{ quads, subjects, objects uint64 }

var _ eval.Dataset = (*Dataset)(nil)

// New returns an empty dataset.
func New() *Dataset {
	return &Dataset{ids: map[rdf.Term]eval.ID{}, quads: map[eval.IDQuad]struct{}{}}
}

func (d *Dataset) id(t rdf.Term) eval.ID {
	if t.IsZero() {
		return eval.DefaultGraphID
	}
	if id, ok := d.ids[t]; ok {
		return id
	}
	id := eval.ID(len(d.terms) + 2)
	d.ids[t] = id
	d.terms = append(d.terms, t)
	return id
}

// Add adds quads (a zero G is the default graph).
func (d *Dataset) Add(qs ...rdf.Quad) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, q := range qs {
		iq := eval.IDQuad{S: d.id(q.S), P: d.id(q.P), O: d.id(q.O), G: d.id(q.G)}
		d.quads[iq] = struct{}{}
	}
	d.dirty = true
}

// Len returns the number of quads.
func (d *Dataset) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.quads)
}

func (d *Dataset) index() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.dirty && d.all != nil {
		return
	}
	d.all = d.all[:0]
	for q := range d.quads {
		d.all = append(d.all, q)
	}
	slices.SortFunc(d.all, func(a, b eval.IDQuad) int {
		return cmp.Or(cmp.Compare(a.S, b.S), cmp.Compare(a.P, b.P), cmp.Compare(a.O, b.O), cmp.Compare(a.G, b.G))
	})
	d.byS, d.byP, d.byO, d.byG = map[eval.ID][]eval.IDQuad{}, map[eval.ID][]eval.IDQuad{}, map[eval.ID][]eval.IDQuad{}, map[eval.ID][]eval.IDQuad{}
	for _, q := range d.all {
		d.byS[q.S] = append(d.byS[q.S], q)
		d.byP[q.P] = append(d.byP[q.P], q)
		d.byO[q.O] = append(d.byO[q.O], q)
		d.byG[q.G] = append(d.byG[q.G], q)
	}
	d.preds = map[eval.ID]stats{}
	for p, l := range d.byP {
		st := stats{quads: uint64(len(l))}
		ss, os := map[eval.ID]bool{}, map[eval.ID]bool{}
		for _, q := range l {
			ss[q.S], os[q.O] = true, true
		}
		st.subjects, st.objects = uint64(len(ss)), uint64(len(os))
		d.preds[p] = st
	}
	d.total = stats{quads: uint64(len(d.all)), subjects: uint64(len(d.byS)), objects: uint64(len(d.byO))}
	d.graph = d.graph[:0]
	for g := range d.byG {
		if g != eval.DefaultGraphID {
			d.graph = append(d.graph, g)
		}
	}
	slices.Sort(d.graph)
	d.dirty = false
}

// candidates returns the smallest index list covering pat.
func (d *Dataset) candidates(pat eval.IDQuad) []eval.IDQuad {
	list := d.all
	try := func(m map[eval.ID][]eval.IDQuad, id eval.ID) {
		if id != eval.AnyID {
			if l := m[id]; len(l) < len(list) {
				list = l
			} else if l == nil {
				list = []eval.IDQuad{}
			}
		}
	}
	try(d.byS, pat.S)
	try(d.byO, pat.O)
	try(d.byP, pat.P)
	try(d.byG, pat.G)
	return list
}

func matches(q, pat eval.IDQuad) bool {
	return (pat.S == 0 || pat.S == q.S) && (pat.P == 0 || pat.P == q.P) &&
		(pat.O == 0 || pat.O == q.O) && (pat.G == 0 || pat.G == q.G)
}

// Quads yields the quads matching pat in S,P,O,G order, so quads differing
// only by graph are adjacent.
func (d *Dataset) Quads(ctx context.Context, pat eval.IDQuad) iter.Seq2[eval.IDQuad, error] {
	d.index()
	list := d.candidates(pat)
	return func(yield func(eval.IDQuad, error) bool) {
		for _, q := range list {
			if matches(q, pat) && !yield(q, nil) {
				return
			}
		}
	}
}

// LookupID returns the id of a term.
func (d *Dataset) LookupID(t rdf.Term) (eval.ID, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if t.IsZero() {
		return eval.DefaultGraphID, true, nil
	}
	id, ok := d.ids[t]
	return id, ok, nil
}

// Term returns the term of an id.
func (d *Dataset) Term(id eval.ID) (rdf.Term, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if id < 2 || int(id-2) >= len(d.terms) {
		return rdf.Term{}, nil
	}
	return d.terms[id-2], nil
}

// Estimate returns an estimate of the number of quads matching pat from
// per-predicate statistics, as the store does: exact when nothing or only
// P is bound, an average per subject or object otherwise. Bound positions
// need not name existing terms.
func (d *Dataset) Estimate(pat eval.IDQuad) uint64 {
	d.index()
	s, p, o := pat.S != 0, pat.P != 0, pat.O != 0
	avg := func(n, k uint64) uint64 {
		if k == 0 {
			return 0
		}
		return (n + k - 1) / k
	}
	switch {
	case p:
		ps := d.preds[pat.P]
		switch {
		case s && o:
			return min(ps.quads, 1)
		case s:
			return avg(ps.quads, ps.subjects)
		case o:
			return avg(ps.quads, ps.objects)
		}
		return ps.quads
	case s && o:
		return min(avg(d.total.quads, d.total.subjects), avg(d.total.quads, d.total.objects))
	case s:
		return avg(d.total.quads, d.total.subjects)
	case o:
		return avg(d.total.quads, d.total.objects)
	}
	return d.total.quads
}

// Graphs yields the named graphs.
func (d *Dataset) Graphs(ctx context.Context) iter.Seq2[rdf.Term, error] {
	d.index()
	return func(yield func(rdf.Term, error) bool) {
		for _, g := range d.graph {
			t, _ := d.Term(g)
			if !yield(t, nil) {
				return
			}
		}
	}
}
