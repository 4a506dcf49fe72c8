package rdfio

import (
	"github.com/ruche-lod/ruche/store/rdf"
)

// turtleWindow is the number of quads the Turtle/TriG encoder holds back
// to find the blank nodes it can write in place. A document of at most
// that many quads is written grouped (by graph, then subject, then
// predicate, each in order of first appearance) with blank nodes nested as
// "[ … ]" and lists written as "( … )"; past it the encoder falls back to
// flat output, written as the quads come.
const turtleWindow = 10_000

// maxInlineDepth bounds the nesting of "[ … ]" and "( … )" the encoder
// writes (the decoder accepts maxNesting); a blank node that would be
// nested deeper is written with its label at the top level instead.
const maxInlineDepth = 32

// nestPlan decides, for a whole document, which blank nodes are written in
// place. A blank node is written in place when it is the object of exactly
// one quad (not its own subject), names no graph, and is the subject of
// quads only in the graph of that quad; it is then written where it is
// referenced: "( … )" if it starts a well-formed list (a chain of nodes
// with exactly one rdf:first and one rdf:rest each, ending in rdf:nil,
// every node of which is written in place), "[]" if it has no quads of its
// own, "[ … ]" otherwise (on one line when it has one quad whose object is
// not written in place itself); rdf:nil is written "()". A chain of such
// references that loops back on itself is written with labels. A blank
// node that is referenced nowhere and is the subject of quads in one graph
// only is written as "[]" at the top level. The writing itself is in
// turtle_nest_write.go.
type nestPlan struct {
	held    *heldQuads
	keys    []subjKey           // (graph, subject) groups in order of first appearance
	members [][]int             // quad indices of each group of keys, in order
	groupOf map[subjKey]int     // index of a group in keys
	refs    map[string][]int    // blank label -> quads having it as object
	named   map[string]bool     // blank labels naming a graph
	subjG   map[string]rdf.Term // blank label -> graph of its quads as subject
	spread  map[string]bool     // blank labels that are subjects in several graphs
	state   map[string]nestState
	tailOK  map[string]bool // memo of wellFormedTail
	anonTop map[string]bool // unreferenced blank subjects written as []
}

type subjKey struct{ g, s rdf.Term }

type nestState struct {
	visiting bool // on the path being resolved
	inline   bool // written in place
	depth    int  // nesting depth when written in place
}

func newNestPlan(qs *heldQuads) *nestPlan {
	p := &nestPlan{
		held: qs, groupOf: make(map[subjKey]int, qs.n/4), refs: map[string][]int{}, named: map[string]bool{},
		subjG: map[string]rdf.Term{}, spread: map[string]bool{}, state: map[string]nestState{},
		tailOK: map[string]bool{}, anonTop: map[string]bool{},
	}
	gid := make([]int32, qs.n) // group of each quad
	var count []int32          // quads in each group
	last := -1
	for i := range qs.n {
		q := qs.at(i)
		k := subjKey{q.G, q.S}
		// Quads of one subject usually come together: skip the map then.
		if last < 0 || p.keys[last] != k {
			g, ok := p.groupOf[k]
			if !ok {
				g = len(p.keys)
				p.groupOf[k] = g
				p.keys = append(p.keys, k)
				count = append(count, 0)
			}
			last = g
		}
		gid[i] = int32(last)
		count[last]++
		if q.O.IsBlank() {
			p.refs[q.O.Value] = append(p.refs[q.O.Value], i)
		}
		if q.G.IsBlank() {
			p.named[q.G.Value] = true
		}
		if q.S.IsBlank() {
			if g, ok := p.subjG[q.S.Value]; ok && g != q.G {
				p.spread[q.S.Value] = true
			}
			p.subjG[q.S.Value] = q.G
		}
	}
	p.members = groupMembers(gid, count)
	for i := range qs.n {
		if q := qs.at(i); q.O.IsBlank() {
			p.resolve(q.O.Value)
		}
	}
	for _, k := range p.keys {
		if b := k.s; b.IsBlank() && len(p.refs[b.Value]) == 0 && !p.named[b.Value] && !p.spread[b.Value] {
			p.anonTop[b.Value] = true
		}
	}
	return p
}

// groupMembers lists the quads of each group in order, all in one array
// (a counting sort of the quads by group).
func groupMembers(gid, count []int32) [][]int {
	flat := make([]int, len(gid))
	members := make([][]int, len(count))
	start := 0
	for g, c := range count {
		members[g] = flat[start : start : start+int(c)]
		start += int(c)
	}
	for i, g := range gid {
		members[g] = append(members[g], i)
	}
	return members
}

// group returns the indices of the quads of subject s in graph g.
func (p *nestPlan) group(g, s rdf.Term) []int {
	if i, ok := p.groupOf[subjKey{g, s}]; ok {
		return p.members[i]
	}
	return nil
}

// ref returns the only quad having b as object, if b may be written in
// place as far as its own quads tell.
func (p *nestPlan) ref(b string) (rdf.Quad, bool) {
	refs := p.refs[b]
	if len(refs) != 1 || p.named[b] || p.spread[b] {
		return rdf.Quad{}, false
	}
	q := p.held.at(refs[0])
	if q.S == rdf.Blank(b) {
		return rdf.Quad{}, false
	}
	if g, ok := p.subjG[b]; ok && g != q.G {
		return rdf.Quad{}, false
	}
	return *q, true
}

// listParts returns the rdf:first and rdf:rest objects of b if those are
// b's only quads.
func (p *nestPlan) listParts(b string, g rdf.Term) (first, rest rdf.Term, ok bool) {
	idx := p.group(g, rdf.Blank(b))
	if len(idx) != 2 {
		return first, rest, false
	}
	for _, i := range idx {
		switch q := p.held.at(i); {
		case q.P.Value == rdf.RDFFirst && first.IsZero():
			first = q.O
		case q.P.Value == rdf.RDFRest && rest.IsZero():
			rest = q.O
		}
	}
	return first, rest, !first.IsZero() && !rest.IsZero()
}

// wellFormedTail reports whether the list that starts at b (a node that
// may be written in place, in graph g) is well formed: every node has one
// rdf:first and one rdf:rest, every node after b is referenced only by the
// rdf:rest before it, and the chain ends in rdf:nil.
func (p *nestPlan) wellFormedTail(b string, g rdf.Term) bool {
	if ok, done := p.tailOK[b]; done {
		return ok
	}
	var path []string
	ok := false
	for x := b; ; {
		if v, done := p.tailOK[x]; done {
			ok = v
			break
		}
		p.tailOK[x] = false // provisional: a loop ends as not well formed
		path = append(path, x)
		_, rest, isNode := p.listParts(x, g)
		if !isNode {
			break
		}
		if rest.IsIRI() && rest.Value == rdf.RDFNil {
			ok = true
			break
		}
		if !rest.IsBlank() {
			break
		}
		if q, single := p.ref(rest.Value); !single || q.P.Value != rdf.RDFRest || q.G != g {
			break
		}
		x = rest.Value
	}
	for _, x := range path {
		p.tailOK[x] = ok
	}
	return ok
}

// continuation reports whether b is a node after the first of a
// well-formed list (written inside the same "( … )" as its predecessor).
func (p *nestPlan) continuation(b string, q rdf.Quad) bool {
	return q.P.Value == rdf.RDFRest && q.S.IsBlank() && p.wellFormedTail(q.S.Value, q.G)
}

// resolve decides whether b is written in place, walking up the chain of
// references to a node written at the top level and deciding on the way
// down, so that loops and excessive depth fall back to labels.
func (p *nestPlan) resolve(b string) {
	var path []string
	depth := 0
	for x := b; ; {
		if st, ok := p.state[x]; ok {
			if st.visiting { // a loop: its nodes keep their labels
				for _, y := range path[indexOf(path, x):] {
					p.state[y] = nestState{}
				}
				path = path[:indexOf(path, x)]
				depth = 0
			} else if st.inline {
				depth = st.depth
			}
			break
		}
		q, ok := p.ref(x)
		if !ok {
			p.state[x] = nestState{}
			break
		}
		p.state[x] = nestState{visiting: true}
		path = append(path, x)
		if !q.S.IsBlank() {
			break
		}
		x = q.S.Value
	}
	for i := len(path) - 1; i >= 0; i-- {
		x := path[i]
		q, _ := p.ref(x)
		d := depth + 1
		if p.continuation(x, q) {
			d = depth
		}
		if d > maxInlineDepth {
			p.state[x] = nestState{}
			depth = 0
			continue
		}
		p.state[x] = nestState{inline: true, depth: d}
		depth = d
	}
}

func indexOf(s []string, x string) int {
	for i, y := range s {
		if y == x {
			return i
		}
	}
	return -1
}

// inline reports whether blank node b is written in place.
func (p *nestPlan) inline(b rdf.Term) bool {
	return b.IsBlank() && p.state[b.Value].inline
}

// heldQuads holds the quads of a document in chunks, so that holding many
// never copies them (as a growing slice would) nor makes one huge object.
type heldQuads struct {
	chunks [][]rdf.Quad
	n      int
}

// heldChunk is the size of every chunk but the first, which grows.
const heldChunk = 1024

func (h *heldQuads) add(q rdf.Quad) {
	if len(h.chunks) == 0 || len(h.chunks[len(h.chunks)-1]) == heldChunk {
		var c []rdf.Quad
		if len(h.chunks) > 0 {
			c = make([]rdf.Quad, 0, heldChunk)
		}
		h.chunks = append(h.chunks, c)
	}
	c := &h.chunks[len(h.chunks)-1]
	*c = append(*c, q)
	h.n++
}

func (h *heldQuads) at(i int) *rdf.Quad {
	return &h.chunks[i/heldChunk][i%heldChunk]
}
