package eval

import (
	"context"
	"iter"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/sparql/algebra"

	"github.com/ruche-lod/ruche/store/rdf"
)

type tmplTriple struct {
	s, p, o pos
}

// Select runs a SELECT query and yields one slice of terms per solution, in
// the order of [Program.Vars] (the zero Term for unbound). The slice is
// reused: copy it to keep it.
func (p *Program) Select(ctx context.Context, ds Dataset, limits Limits) iter.Seq2[[]rdf.Term, error] {
	return func(yield func([]rdf.Term, error) bool) {
		ex, err := p.start(ctx, ds, limits)
		if err != nil {
			yield(nil, err)
			return
		}
		if td, ok := ds.(TermsDataset); ok && len(p.out) > 0 {
			p.selectBatched(ex, td, yield)
			return
		}
		out := make([]rdf.Term, len(p.out))
		stopped := false
		err = p.run(ex, func(r Row) bool {
			for i, s := range p.out {
				t, err := ex.term(r[s])
				if err != nil {
					return ex.fail(err)
				}
				out[i] = t
			}
			if !yield(out, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(nil, err)
		}
	}
}

// outBatch is how many solutions Select holds before turning their ids
// into terms together (TermsDataset).
const outBatch = 256

// selectBatched is Select over a TermsDataset: solutions are held by
// batches of outBatch as ids, then their terms read in one call. Solutions
// come out in the same order; those held when an error stops the query
// come out before it, as they would one by one.
func (p *Program) selectBatched(ex *exec, td TermsDataset, yield func([]rdf.Term, error) bool) {
	w := len(p.out)
	ids := make([]ID, 0, outBatch*w)
	terms := make([]rdf.Term, outBatch*w)
	stopped := false
	flush := func() bool {
		n := len(ids)
		if !ex.terms(td, ids, terms[:n]) {
			ids = ids[:0]
			return false
		}
		ids = ids[:0]
		for r := 0; r < n; r += w {
			if !yield(terms[r:r+w:r+w], nil) {
				stopped = true
				return false
			}
		}
		return true
	}
	err := p.run(ex, func(r Row) bool {
		for _, s := range p.out {
			ids = append(ids, r[s])
		}
		return len(ids) < cap(ids) || flush()
	})
	if !stopped && len(ids) > 0 && !flush() && !stopped && err == nil {
		err = ex.err
	}
	if err != nil && !stopped {
		yield(nil, err)
	}
}

// Ask runs an ASK query.
func (p *Program) Ask(ctx context.Context, ds Dataset, limits Limits) (bool, error) {
	ex, err := p.start(ctx, ds, limits)
	if err != nil {
		return false, err
	}
	found := false
	err = p.run(ex, func(Row) bool { found = true; return false })
	return found, err
}

// Triples runs a CONSTRUCT or DESCRIBE query and yields the triples of the
// result graph, without duplicates.
func (p *Program) Triples(ctx context.Context, ds Dataset, limits Limits) iter.Seq2[rdf.Triple, error] {
	return func(yield func(rdf.Triple, error) bool) {
		ex, err := p.start(ctx, ds, limits)
		if err != nil {
			yield(rdf.Triple{}, err)
			return
		}
		defer ex.openCursor()()
		seen := tripleSet{ids: newTupleIndex(3), terms: map[rdf.Triple]struct{}{}}
		count := int64(0)
		stopped := false
		emit := func(k [3]ID, t rdf.Triple) bool {
			b, fresh := seen.add(k, t)
			if !fresh {
				return true
			}
			if !ex.hold(1, b) {
				return false
			}
			if ex.limits.MaxResults > 0 && count >= ex.limits.MaxResults {
				return ex.fail(&LimitError{Limit: "results", Max: ex.limits.MaxResults})
			}
			count++
			if !yield(t, nil) {
				stopped = true
				return false
			}
			return true
		}
		if len(p.desc) > 0 || p.q.Form == algebra.Describe {
			err = p.describe(ex, &seen, emit)
		} else {
			err = p.construct(ex, &seen, emit)
		}
		if err != nil && !stopped {
			yield(rdf.Triple{}, err)
		}
	}
}

// tripleSet is the result graph's duplicate check: a triple is known by
// the ids of its terms (no term is hashed), except one with a blank node
// of the template (a fresh node per solution, id 0), known by its terms.
// With a template or DESCRIBE, ids name terms one to one: the dataset's
// for the terms it holds, one local id per other term (tmplID).
type tripleSet struct {
	ids   *tupleIndex // of 3 ids
	terms map[rdf.Triple]struct{}
}

// byIDs tells whether k, the ids of a triple's terms, names it.
func byIDs(k [3]ID) bool { return k[0] != 0 && k[1] != 0 && k[2] != 0 }

// seenIDs tells whether the triple of ids k (byIDs) is in the set: callers
// ask before they read its terms, and add it only when it is not.
func (s *tripleSet) seenIDs(k [3]ID) bool {
	return s.ids.find(k[:]) >= 0
}

// add puts triple t, of ids k, in the set and returns the bytes it holds;
// fresh is false when t is known by its terms and already there (one known
// by its ids was checked with seenIDs).
func (s *tripleSet) add(k [3]ID, t rdf.Triple) (bytes int64, fresh bool) {
	if byIDs(k) {
		s.ids.add(k[:])
		return tupleIndexBytes(3), true
	}
	if _, dup := s.terms[t]; dup {
		return 0, false
	}
	s.terms[t] = struct{}{}
	return termBytes(t.S) + termBytes(t.P) + termBytes(t.O) + mapEntryBytes, true
}

func (p *Program) construct(ex *exec, seen *tripleSet, emit func([3]ID, rdf.Triple) bool) error {
	n := 0
	inner := ex.p.root
	inner(ex, make(Row, len(p.names)), 0, func(r Row) bool {
		n++
		suffix := "_" + strconv.Itoa(n)
		for _, tt := range p.tmpl {
			k := [3]ID{p.tmplID(ex, tt.s, r), p.tmplID(ex, tt.p, r), p.tmplID(ex, tt.o, r)}
			if byIDs(k) && seen.seenIDs(k) {
				continue // a duplicate: its terms are not read
			}
			s, ok1 := p.tmplTerm(ex, tt.s, r, suffix)
			pr, ok2 := p.tmplTerm(ex, tt.p, r, suffix)
			o, ok3 := p.tmplTerm(ex, tt.o, r, suffix)
			if ex.err != nil {
				return false
			}
			if !ok1 || !ok2 || !ok3 || s.Kind == rdf.KindLiteral || pr.Kind != rdf.KindIRI {
				continue
			}
			if !emit(k, rdf.Triple{S: s, P: pr, O: o}) {
				return false
			}
		}
		return true
	})
	return ex.err
}

// tmplID is the id of a template position in row r, 0 for a blank node of
// the template (a fresh one per solution) or an unbound variable. With a
// template every term is interned (intern: the dataset's id, or one local
// id per term the dataset does not hold; outvars.go numbers none), so
// equal ids mean equal terms.
func (p *Program) tmplID(ex *exec, ps pos, r Row) ID {
	switch {
	case p.templateBlank(ps):
		return 0
	case ps.slot >= 0:
		return r[ps.slot]
	}
	return ex.consts[ps.cst]
}

// templateBlank tells whether a template position is a blank node of the
// template (written _:b or [], a blank-node variable after translation).
func (p *Program) templateBlank(ps pos) bool {
	if ps.slot >= 0 {
		return strings.HasPrefix(p.names[ps.slot], algebra.BlankVarPrefix)
	}
	return p.consts[ps.cst].Kind == rdf.KindBlank
}

// tmplTerm instantiates a template position; blank nodes of the template
// get a fresh label per solution.
func (p *Program) tmplTerm(ex *exec, ps pos, r Row, suffix string) (rdf.Term, bool) {
	if ps.slot >= 0 {
		name := p.names[ps.slot]
		if p.templateBlank(ps) {
			return rdf.Blank(strings.TrimPrefix(name, algebra.BlankVarPrefix) + suffix), true
		}
		t, err := ex.term(r[ps.slot])
		if err != nil {
			ex.fail(err)
			return rdf.Term{}, false
		}
		return t, !t.IsZero()
	}
	t := p.consts[ps.cst]
	if t.Kind == rdf.KindBlank {
		return rdf.Blank(t.Value + suffix), true
	}
	return t, true
}

// describe returns, for each described resource, the triples whose subject
// it is, following blank-node objects (a concise bounded description).
func (p *Program) describe(ex *exec, triples *tripleSet, emit func([3]ID, rdf.Triple) bool) error {
	var ids []ID
	seen := map[ID]bool{}
	add := func(id ID) {
		if id != 0 && !isLocal(id) && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	var vars []int
	for _, d := range p.desc {
		if d.slot >= 0 {
			vars = append(vars, d.slot)
		} else {
			add(ex.consts[d.cst])
		}
	}
	if len(vars) > 0 {
		p.root(ex, make(Row, len(p.names)), 0, func(r Row) bool {
			for _, s := range vars {
				add(r[s])
			}
			return ex.grow(0)
		})
		if ex.err != nil {
			return ex.err
		}
	}
	for i := 0; i < len(ids); i++ {
		ok := ex.match(IDQuad{S: ids[i]}, 0, -1, nil, func(q IDQuad) bool {
			k := [3]ID{q.S, q.P, q.O}
			if triples.seenIDs(k) {
				return true
			}
			s, err := ex.term(q.S)
			if err != nil {
				return ex.fail(err)
			}
			pr, err := ex.term(q.P)
			if err != nil {
				return ex.fail(err)
			}
			o, err := ex.term(q.O)
			if err != nil {
				return ex.fail(err)
			}
			if o.Kind == rdf.KindBlank && !seen[q.O] {
				seen[q.O] = true
				ids = append(ids, q.O)
			}
			return emit(k, rdf.Triple{S: s, P: pr, O: o})
		})
		if !ok {
			return ex.err
		}
	}
	return ex.err
}
