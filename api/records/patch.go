package records

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// patchPrefixes are the prefixes a PATCH may use undeclared.
var patchPrefixes = vocab.Prefixes()

// applyPatch applies a SPARQL Update to the triples of one resource and
// returns the new triples. Only INSERT DATA, DELETE DATA, DELETE WHERE and
// DELETE/INSERT … WHERE are allowed, without GRAPH, WITH or USING; every
// template triple must have the resource, one of its fragments or a blank
// node as subject; WHERE may hold only triple patterns (no paths, filters
// or sub-groups) and is matched against the resource's own triples.
func applyPatch(src, iri string, cur []rdf.Quad) ([]rdf.Quad, error) {
	u, err := parser.ParseUpdate(src, parser.Options{BaseIRI: iri, Prefixes: patchPrefixes})
	if err != nil {
		var se *parser.SyntaxError
		if errors.As(err, &se) {
			return nil, syntaxError(fmt.Sprintf("line %d, column %d: %s", se.Line, se.Column, se.Msg), se.Line, se.Column)
		}
		if ie := new(parser.InternalError); errors.As(err, &ie) {
			return nil, fmt.Errorf("parsing a PATCH: %w", err)
		}
		if le := new(parser.LimitError); errors.As(err, &le) {
			return nil, &Error{Kind: ErrTooLarge, Code: "patch-limit", Detail: le.Error(), Limit: le.Limit}
		}
		return nil, malformed("the SPARQL update could not be parsed: " + err.Error())
	}
	set := map[rdf.Triple]bool{}
	var order []rdf.Triple
	add := func(t rdf.Triple) {
		if !set[t] {
			set[t] = true
			order = append(order, t)
		}
	}
	for _, q := range cur {
		add(q.Triple())
	}
	fresh := 0
	n := 0
	for _, op := range u.Operations {
		if op.Op == nil {
			continue
		}
		n++
		switch o := op.Op.(type) {
		case *parser.InsertData:
			labels := map[string]rdf.Term{}
			for _, qp := range o.Quads {
				t, err := ground(qp, iri, nil, labels, &fresh)
				if err != nil {
					return nil, err
				}
				add(t)
			}
		case *parser.DeleteData:
			for _, qp := range o.Quads {
				t, err := ground(qp, iri, nil, nil, &fresh)
				if err != nil {
					return nil, err
				}
				delete(set, t)
			}
		case *parser.DeleteWhere:
			if err := checkTemplate(o.Quads, iri); err != nil {
				return nil, err
			}
			sols, err := matchBGP(patternsOf(o.Quads), current(order, set))
			if err != nil {
				return nil, err
			}
			for _, sol := range sols {
				for _, qp := range o.Quads {
					if t, err := ground(qp, iri, sol, nil, &fresh); err == nil {
						delete(set, t)
					}
				}
			}
		case *parser.Modify:
			if !o.With.Value.IsZero() || o.With.Var != "" || len(o.Using) > 0 {
				return nil, unprocessable("patch-not-allowed", "WITH and USING are not allowed in a PATCH")
			}
			if err := checkTemplate(o.Delete, iri); err != nil {
				return nil, err
			}
			if err := checkTemplate(o.Insert, iri); err != nil {
				return nil, err
			}
			where, err := wherePatterns(o.Where)
			if err != nil {
				return nil, err
			}
			sols, err := matchBGP(where, current(order, set))
			if err != nil {
				return nil, err
			}
			for _, sol := range sols {
				for _, qp := range o.Delete {
					if t, err := ground(qp, iri, sol, nil, &fresh); err == nil {
						delete(set, t)
					}
				}
			}
			for _, sol := range sols {
				labels := map[string]rdf.Term{}
				for _, qp := range o.Insert {
					if t, err := ground(qp, iri, sol, labels, &fresh); err == nil {
						add(t)
					}
				}
			}
		default:
			return nil, unprocessable("patch-not-allowed", "a PATCH may only use INSERT DATA, DELETE DATA, DELETE WHERE or DELETE/INSERT WHERE")
		}
	}
	if n == 0 {
		return nil, malformed("the SPARQL update has no operation")
	}
	var out []rdf.Quad
	for _, t := range order {
		if set[t] {
			out = append(out, rdf.Quad{S: t.S, P: t.P, O: t.O})
		}
	}
	return out, nil
}

func current(order []rdf.Triple, set map[rdf.Triple]bool) []rdf.Triple {
	out := make([]rdf.Triple, 0, len(set))
	for _, t := range order {
		if set[t] {
			out = append(out, t)
		}
	}
	return out
}

// checkTemplate refuses template triples outside the resource.
func checkTemplate(qps []parser.QuadPattern, iri string) error {
	for _, qp := range qps {
		if err := checkQuadPattern(qp, iri); err != nil {
			return err
		}
	}
	return nil
}

func checkQuadPattern(qp parser.QuadPattern, iri string) error {
	if qp.Graph.Var != "" || !qp.Graph.Value.IsZero() {
		return unprocessable("patch-not-allowed", "GRAPH is not allowed in a PATCH")
	}
	if qp.Path != nil {
		return unprocessable("patch-not-allowed", "property paths are not allowed in a PATCH")
	}
	if qp.Subject.Var != "" || !ownSubject(qp.Subject.Value, iri) {
		return unprocessable("patch-outside-resource", "a PATCH may only touch triples whose subject is "+iri+" (or its fragments and blank nodes)")
	}
	return nil
}

// ground instantiates a quad pattern with a solution; blank nodes of an
// insert template get fresh labels (one per template instance).
func ground(qp parser.QuadPattern, iri string, sol map[string]rdf.Term, labels map[string]rdf.Term, fresh *int) (rdf.Triple, error) {
	if err := checkQuadPattern(qp, iri); err != nil {
		return rdf.Triple{}, err
	}
	var out [3]rdf.Term
	for i, t := range []parser.Term{qp.Subject, qp.Predicate, qp.Object} {
		switch {
		case t.Var != "":
			v, ok := sol[t.Var]
			if !ok {
				return rdf.Triple{}, errors.New("unbound")
			}
			out[i] = v
		case t.Value.IsBlank() && labels != nil:
			b, ok := labels[t.Value.Value]
			if !ok {
				*fresh++
				b = rdf.Blank("patch" + strconv.Itoa(*fresh))
				labels[t.Value.Value] = b
			}
			out[i] = b
		default:
			out[i] = t.Value
		}
	}
	return rdf.Triple{S: out[0], P: out[1], O: out[2]}, nil
}

// pat is a triple pattern: a term, or a variable name when var is set.
type pat struct {
	terms [3]rdf.Term
	vars  [3]string
}

func patternsOf(qps []parser.QuadPattern) []pat {
	var out []pat
	for _, qp := range qps {
		out = append(out, patOf(qp.TriplePattern))
	}
	return out
}

func patOf(tp parser.TriplePattern) pat {
	var p pat
	for i, t := range []parser.Term{tp.Subject, tp.Predicate, tp.Object} {
		switch {
		case t.Var != "":
			p.vars[i] = t.Var
		case t.Value.IsBlank():
			p.vars[i] = "_:" + t.Value.Value
		default:
			p.terms[i] = t.Value
		}
	}
	return p
}

// wherePatterns accepts a WHERE made only of triple patterns.
func wherePatterns(g *parser.GroupPattern) ([]pat, error) {
	if g == nil {
		return nil, nil
	}
	var out []pat
	for _, el := range g.Elements {
		tb, ok := el.(*parser.TriplesBlock)
		if !ok {
			return nil, unprocessable("patch-not-allowed", "the WHERE of a PATCH may hold only triple patterns")
		}
		for _, tp := range tb.Triples {
			if tp.Path != nil {
				return nil, unprocessable("patch-not-allowed", "property paths are not allowed in a PATCH")
			}
			out = append(out, patOf(tp))
		}
	}
	return out, nil
}

// maxPatchSolutions bounds the solutions of a PATCH's WHERE.
const maxPatchSolutions = 10000

// matchBGP returns the solutions of patterns over triples (backtracking).
func matchBGP(patterns []pat, triples []rdf.Triple) ([]map[string]rdf.Term, error) {
	var out []map[string]rdf.Term
	steps := 0
	var walk func(i int, sol map[string]rdf.Term)
	walk = func(i int, sol map[string]rdf.Term) {
		if len(out) >= maxPatchSolutions || steps > maxPatchSteps {
			return
		}
		steps += len(triples)
		if i == len(patterns) {
			cp := make(map[string]rdf.Term, len(sol))
			for k, v := range sol {
				cp[k] = v
			}
			out = append(out, cp)
			return
		}
		p := patterns[i]
		for _, t := range triples {
			vals := [3]rdf.Term{t.S, t.P, t.O}
			bound := []string{}
			ok := true
			for j := 0; j < 3 && ok; j++ {
				if p.vars[j] == "" {
					ok = p.terms[j] == vals[j]
					continue
				}
				if v, has := sol[p.vars[j]]; has {
					ok = v == vals[j]
					continue
				}
				sol[p.vars[j]] = vals[j]
				bound = append(bound, p.vars[j])
			}
			if ok {
				walk(i+1, sol)
			}
			for _, b := range bound {
				delete(sol, b)
			}
		}
	}
	walk(0, map[string]rdf.Term{})
	if steps > maxPatchSteps {
		return nil, &Error{Kind: ErrInvalid, Code: "limit-exceeded", Limit: LimitPatchWork,
			Detail: fmt.Sprintf("the WHERE of this PATCH needs more than %d matching steps; use fewer or more selective patterns", maxPatchSteps)}
	}
	return out, nil
}

// maxPatchSteps bounds the work of matching a PATCH's WHERE (triples
// compared), so that a cross product of patterns that never match ends
// quickly.
const maxPatchSteps = 2_000_000
