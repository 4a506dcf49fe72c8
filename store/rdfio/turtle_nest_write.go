package rdfio

import (
	"slices"

	"github.com/ruche-lod/ruche/store/rdf"
)

// writeDocument writes the statements of the whole document through
// e.buf, handing it to the writer whenever it grows large.
func (e *turtleEncoder) writeDocument(p *nestPlan) error {
	var graphs []rdf.Term
	byGraph := map[rdf.Term][]int{} // graph -> indices in p.keys
	last := -1
	for i, k := range p.keys {
		if k.s.IsBlank() && p.inline(k.s) {
			continue
		}
		if last >= 0 && graphs[last] == k.g {
			byGraph[k.g] = append(byGraph[k.g], i)
			continue
		}
		if _, ok := byGraph[k.g]; !ok {
			graphs = append(graphs, k.g)
		}
		last = slices.Index(graphs, k.g)
		byGraph[k.g] = append(byGraph[k.g], i)
	}
	for i, g := range graphs {
		if i > 0 { // a blank line between graphs
			e.buf = append(e.buf, '\n')
		}
		indent := ""
		if !g.IsZero() {
			e.buf = append(e.buf, "GRAPH "...)
			e.buf = e.appendTerm(e.buf, g, false)
			e.buf = append(e.buf, " {\n"...)
			indent = "  "
		}
		for _, ki := range byGraph[g] {
			k := p.keys[ki]
			e.buf = append(e.buf, indent...)
			if k.s.IsBlank() && p.anonTop[k.s.Value] {
				e.buf = append(e.buf, "[]"...)
			} else {
				e.buf = e.appendTerm(e.buf, k.s, false)
			}
			e.buf = append(e.buf, ' ')
			e.buf = e.appendPredicateObjects(e.buf, p, p.members[ki], indent+"    ")
			e.buf = append(e.buf, " .\n"...)
			if len(e.buf) >= 32<<10 {
				if err := e.write(); err != nil {
					return err
				}
				e.buf = e.buf[:0]
			}
		}
		if !g.IsZero() {
			e.buf = append(e.buf, "}\n"...)
		}
	}
	return nil
}

// appendPredicateObjects appends the quads idx (of one subject) as a
// predicate-object list, predicates in order of first appearance; indent
// starts the lines of the second and later predicates.
func (e *turtleEncoder) appendPredicateObjects(dst []byte, p *nestPlan, idx []int, indent string) []byte {
	// Quads of one predicate are gathered by a scan of the group, which
	// needs no allocation while the group is small (the usual case).
	var doneBuf [64]bool
	done := doneBuf[:0]
	if len(idx) > len(doneBuf) {
		return e.appendPredicateObjectsMap(dst, p, idx, indent)
	}
	done = done[:len(idx)]
	for a, i := range idx {
		if done[a] {
			continue
		}
		pred := p.held.at(i).P
		if a > 0 {
			dst = append(dst, " ;\n"...)
			dst = append(dst, indent...)
		}
		dst = e.appendTerm(dst, pred, true)
		dst = append(dst, ' ')
		for b := a; b < len(idx); b++ {
			if done[b] || p.held.at(idx[b]).P != pred {
				continue
			}
			if b > a {
				dst = append(dst, ", "...)
			}
			done[b] = true
			dst = e.appendObject(dst, p, p.held.at(idx[b]).O, idx, indent)
		}
	}
	return dst
}

// appendPredicateObjectsMap is appendPredicateObjects for large groups.
func (e *turtleEncoder) appendPredicateObjectsMap(dst []byte, p *nestPlan, idx []int, indent string) []byte {
	var preds []rdf.Term
	objs := map[rdf.Term][]rdf.Term{}
	for _, i := range idx {
		q := p.held.at(i)
		if _, ok := objs[q.P]; !ok {
			preds = append(preds, q.P)
		}
		objs[q.P] = append(objs[q.P], q.O)
	}
	for i, pred := range preds {
		if i > 0 {
			dst = append(dst, " ;\n"...)
			dst = append(dst, indent...)
		}
		dst = e.appendTerm(dst, pred, true)
		dst = append(dst, ' ')
		for j, o := range objs[pred] {
			if j > 0 {
				dst = append(dst, ", "...)
			}
			dst = e.appendObject(dst, p, o, idx, indent)
		}
	}
	return dst
}

// appendObject appends o, in place if it is a blank node written so.
// idx are the quads of the subject, whose graph the nested ones share.
func (e *turtleEncoder) appendObject(dst []byte, p *nestPlan, o rdf.Term, idx []int, indent string) []byte {
	if o.IsIRI() && o.Value == rdf.RDFNil {
		return append(dst, "()"...)
	}
	if !p.inline(o) {
		return e.appendTerm(dst, o, false)
	}
	g := p.held.at(idx[0]).G
	if p.wellFormedTail(o.Value, g) {
		dst = append(dst, '(')
		for x := o.Value; ; {
			first, rest, _ := p.listParts(x, g)
			dst = append(dst, ' ')
			dst = e.appendObject(dst, p, first, p.group(g, rdf.Blank(x)), indent)
			if !rest.IsBlank() {
				break
			}
			x = rest.Value
		}
		return append(dst, " )"...)
	}
	own := p.group(g, o)
	switch {
	case len(own) == 0:
		return append(dst, "[]"...)
	case len(own) == 1 && !p.inline(p.held.at(own[0]).O):
		// One plain predicate and object: "[ p o ]" on one line.
		dst = append(dst, "[ "...)
		dst = e.appendPredicateObjects(dst, p, own, indent)
		return append(dst, " ]"...)
	}
	dst = append(dst, "[\n"...)
	dst = append(dst, indent...)
	dst = append(dst, "    "...)
	dst = e.appendPredicateObjects(dst, p, own, indent+"    ")
	dst = append(dst, '\n')
	dst = append(dst, indent...)
	return append(dst, ']')
}
