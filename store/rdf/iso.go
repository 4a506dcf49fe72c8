package rdf

import (
	"hash/fnv"
	"slices"
)

// Isomorphic reports whether the datasets a and b are the same up to a
// renaming of blank nodes (RDF 1.1 Concepts §3.6, extended to datasets: a
// blank node may also name a graph). Duplicate quads are ignored.
//
// It refines blank-node colours by hashing each node's neighbourhood until
// the partition is stable, then backtracks over the remaining ties; a found
// bijection is always checked quad by quad, so a hash collision can never
// make it answer true wrongly.
func Isomorphic(a, b []Quad) bool {
	ga, gb := newIsoGraph(a), newIsoGraph(b)
	if len(ga.quads) != len(gb.quads) || len(ga.blanks) != len(gb.blanks) {
		return false
	}
	// Ground quads must match exactly.
	if len(ga.ground) != len(gb.ground) {
		return false
	}
	for q := range ga.ground {
		if _, ok := gb.ground[q]; !ok {
			return false
		}
	}
	if len(ga.blanks) == 0 {
		return true
	}
	return isoSearch(ga, gb, ga.initialColours(), gb.initialColours())
}

// isoGraph is the blank-node part of a dataset: the quads that mention at
// least one blank node, with blank nodes numbered and other terms hashed.
type isoGraph struct {
	ground map[Quad]struct{}
	quads  []Quad // non-ground quads, deduplicated
	terms  [][4]isoTerm
	blanks []string         // label of blank node i
	index  map[string]int   // label -> i
	adj    [][]isoOccurence // quads mentioning blank node i
	set    map[Quad]struct{}
}

type isoTerm struct {
	blank int // index of the blank node, or -1
	hash  uint64
}

type isoOccurence struct {
	quad, pos int
}

func newIsoGraph(qs []Quad) *isoGraph {
	g := &isoGraph{ground: map[Quad]struct{}{}, index: map[string]int{}, set: map[Quad]struct{}{}}
	for _, q := range qs {
		if !q.S.IsBlank() && !q.O.IsBlank() && !q.G.IsBlank() && !q.P.IsBlank() {
			g.ground[q] = struct{}{}
			continue
		}
		if _, dup := g.set[q]; dup {
			continue
		}
		g.set[q] = struct{}{}
		qi := len(g.quads)
		g.quads = append(g.quads, q)
		var ts [4]isoTerm
		for pos, t := range [4]Term{q.S, q.P, q.O, q.G} {
			if !t.IsBlank() {
				ts[pos] = isoTerm{blank: -1, hash: termHash(t)}
				continue
			}
			i, ok := g.index[t.Value]
			if !ok {
				i = len(g.blanks)
				g.index[t.Value] = i
				g.blanks = append(g.blanks, t.Value)
				g.adj = append(g.adj, nil)
			}
			ts[pos] = isoTerm{blank: i}
			g.adj[i] = append(g.adj[i], isoOccurence{qi, pos})
		}
		g.terms = append(g.terms, ts)
	}
	return g
}

func termHash(t Term) uint64 {
	h := fnv.New64a()
	h.Write([]byte{byte(t.Kind)})
	h.Write([]byte(t.Value))
	h.Write([]byte{0})
	h.Write([]byte(t.Datatype))
	h.Write([]byte{0})
	h.Write([]byte(t.Lang))
	return h.Sum64()
}

// mix is the splitmix64 finaliser: a cheap, well-spread 64-bit mixer.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

const isoSelf = 0x5e1f5e1f5e1f5e1f

func (g *isoGraph) initialColours() []uint64 {
	c := make([]uint64, len(g.blanks))
	for i := range c {
		c[i] = 1
	}
	return c
}

// refine computes one round of colour refinement.
func (g *isoGraph) refine(c []uint64) []uint64 {
	next := make([]uint64, len(c))
	for b := range c {
		var sum uint64
		for _, occ := range g.adj[b] {
			h := uint64(occ.pos) + 0x9e3779b97f4a7c15
			for _, t := range g.terms[occ.quad] {
				var th uint64
				switch {
				case t.blank == b:
					th = isoSelf
				case t.blank >= 0:
					th = c[t.blank]
				default:
					th = t.hash
				}
				h = mix(h ^ th + 0x632be59bd9b4e019)
			}
			sum += mix(h)
		}
		next[b] = mix(c[b]*31 + sum)
	}
	return next
}

func distinct(c []uint64) int {
	s := slices.Clone(c)
	slices.Sort(s)
	return len(slices.Compact(s))
}

// stabilise refines both colourings in lockstep until the number of colour
// classes of a stops growing.
func stabilise(ga, gb *isoGraph, ca, cb []uint64) ([]uint64, []uint64) {
	n := distinct(ca)
	for {
		na, nb := ga.refine(ca), gb.refine(cb)
		m := distinct(na)
		ca, cb = na, nb
		if m == n {
			return ca, cb
		}
		n = m
	}
}

func isoSearch(ga, gb *isoGraph, ca, cb []uint64) bool {
	ca, cb = stabilise(ga, gb, ca, cb)
	sa, sb := slices.Clone(ca), slices.Clone(cb)
	slices.Sort(sa)
	slices.Sort(sb)
	if !slices.Equal(sa, sb) {
		return false
	}
	// Find the smallest class with more than one member.
	best, bestSize := uint64(0), 0
	for i := 0; i < len(sa); {
		j := i
		for j < len(sa) && sa[j] == sa[i] {
			j++
		}
		if size := j - i; size > 1 && (bestSize == 0 || size < bestSize) {
			best, bestSize = sa[i], size
		}
		i = j
	}
	// Pairing the members of each class in order is right whenever they are
	// interchangeable (always so once every class is a singleton); it costs
	// one pass, so try it before branching.
	if verifyBijection(ga, gb, pairByColour(ca, cb)) {
		return true
	}
	if bestSize == 0 {
		return false
	}
	x := slices.Index(ca, best)
	marker := mix(best ^ 0xa5a5a5a5a5a5a5a5)
	for y, cy := range cb {
		if cy != best {
			continue
		}
		na, nb := slices.Clone(ca), slices.Clone(cb)
		na[x], nb[y] = marker, marker
		if isoSearch(ga, gb, na, nb) {
			return true
		}
	}
	return false
}

// pairByColour maps each blank node of ga to a node of gb of the same
// colour, pairing the members of a class in index order.
func pairByColour(ca, cb []uint64) []int {
	byColour := make(map[uint64][]int, len(cb))
	for i, c := range cb {
		byColour[c] = append(byColour[c], i)
	}
	m := make([]int, len(ca))
	for i, c := range ca {
		l := byColour[c]
		m[i], byColour[c] = l[0], l[1:]
	}
	return m
}

// verifyBijection checks that the blank node mapping m (ga index to gb
// index) maps every quad of ga onto a quad of gb.
func verifyBijection(ga, gb *isoGraph, m []int) bool {
	mapTerm := func(t Term) Term {
		if !t.IsBlank() {
			return t
		}
		return Blank(gb.blanks[m[ga.index[t.Value]]])
	}
	for _, q := range ga.quads {
		mq := Quad{mapTerm(q.S), mapTerm(q.P), mapTerm(q.O), mapTerm(q.G)}
		if _, ok := gb.set[mq]; !ok {
			return false
		}
	}
	return true
}
