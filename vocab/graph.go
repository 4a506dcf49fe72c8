package vocab

import (
	"slices"

	"github.com/ruche-lod/ruche/store/rdf"
)

// graph is a small in-memory index of the union of the graphs of a set of
// quads (graph names are ignored), for the validator and the shapes reader.
type graph struct {
	// out maps subject → predicate → objects, deduplicated and sorted by
	// rdf.Compare.
	out map[rdf.Term]map[string][]rdf.Term
	// subjects sorted by rdf.Compare, so that iteration does not depend on
	// the order of the input.
	subjects []rdf.Term
	// sub memoizes subClassOf through the graph's own statements, so that
	// many instances of a class at the end of a long rdfs:subClassOf chain
	// cost one walk of the chain, not one each.
	sub map[subClassKey]bool
}

type subClassKey struct {
	t     rdf.Term
	class string
}

func newGraph(quads []rdf.Quad) *graph {
	g := &graph{out: map[rdf.Term]map[string][]rdf.Term{}}
	seen := make(map[rdf.Triple]struct{}, len(quads))
	for _, q := range quads {
		t := q.Triple()
		if _, ok := seen[t]; ok {
			continue
		}
		seen[t] = struct{}{}
		ps, ok := g.out[q.S]
		if !ok {
			ps = map[string][]rdf.Term{}
			g.out[q.S] = ps
			g.subjects = append(g.subjects, q.S)
		}
		ps[q.P.Value] = append(ps[q.P.Value], q.O)
	}
	slices.SortFunc(g.subjects, rdf.Compare)
	for _, ps := range g.out {
		for _, os := range ps {
			slices.SortFunc(os, rdf.Compare)
		}
	}
	return g
}

// objects returns the objects of (s, p).
func (g *graph) objects(s rdf.Term, p string) []rdf.Term { return g.out[s][p] }

// object returns the first object of (s, p) in rdf.Compare order, if any.
func (g *graph) object(s rdf.Term, p string) (rdf.Term, bool) {
	os := g.out[s][p]
	if len(os) == 0 {
		return rdf.Term{}, false
	}
	return os[0], true
}

// isInstance reports whether node is an instance of class: it has a type
// that is class or a sub-class of it, by the fixed hierarchy of the
// materialisation (classClosure) or by rdfs:subClassOf statements in the
// graph itself, as SHACL defines class membership.
func (g *graph) isInstance(node rdf.Term, class string) bool {
	for _, t := range g.out[node][RDFType] {
		if t.IsIRI() && (IsInstance(t.Value, class) || g.subClassOf(t, class)) {
			return true
		}
	}
	return false
}

// subClassOf reports whether t reaches class through rdfs:subClassOf
// statements of the graph (transitively, cycles allowed).
func (g *graph) subClassOf(t rdf.Term, class string) bool {
	if t.Value == class {
		return true
	}
	if len(g.out[t][RDFSSubClassOf]) == 0 {
		return false // the common case: no allocation
	}
	key := subClassKey{t, class}
	if r, ok := g.sub[key]; ok {
		return r
	}
	if g.sub == nil {
		g.sub = map[subClassKey]bool{}
	}
	r := g.reachesClass(t, class)
	g.sub[key] = r
	return r
}

// reachesClass walks the rdfs:subClassOf statements up from t, without
// recursion.
func (g *graph) reachesClass(t rdf.Term, class string) bool {
	seen := map[rdf.Term]bool{t: true}
	stack := []rdf.Term{t}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, sup := range g.out[n][RDFSSubClassOf] {
			if sup.IsIRI() && (sup.Value == class || IsInstance(sup.Value, class)) {
				return true
			}
			if !seen[sup] {
				seen[sup] = true
				stack = append(stack, sup)
			}
		}
	}
	return false
}

// instances returns the nodes that are instances of class, sorted.
func (g *graph) instances(class string) []rdf.Term {
	var out []rdf.Term
	for _, s := range g.subjects {
		if g.isInstance(s, class) {
			out = append(out, s)
		}
	}
	return out
}

// list reads the RDF collection starting at head. It stops at rdf:nil, at a
// node without rdf:first, or at a cycle, and reports whether the list was
// well formed.
func (g *graph) list(head rdf.Term) ([]rdf.Term, bool) {
	var out []rdf.Term
	seen := map[rdf.Term]bool{}
	for n := head; !(n.IsIRI() && n.Value == RDFNil); {
		if seen[n] {
			return out, false
		}
		seen[n] = true
		first, ok := g.object(n, RDFFirst)
		if !ok {
			return out, false
		}
		out = append(out, first)
		if n, ok = g.object(n, RDFRest); !ok {
			return out, false
		}
	}
	return out, true
}
