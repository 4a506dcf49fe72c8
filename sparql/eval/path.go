package eval

import (
	"fmt"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/store/rdf"
)

// pathFn yields the pairs (subject, object) connected by a path in the
// active graph g; s and o are 0 when unbound.
type pathFn func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool

func (c *compiler) path(p *algebra.Path) (stream, error) {
	pf, err := c.pathFn(p.Path)
	if err != nil {
		return nil, err
	}
	sp, op := c.pos(p.S), c.pos(p.O)
	same := sp.slot >= 0 && sp.slot == op.slot
	id := c.p.nmat
	c.p.nmat++
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		s, o := sp.get(ex, in), op.get(ex, in)
		if (sp.slot >= 0 && isLocal(s)) || (op.slot >= 0 && isLocal(o)) {
			// A value bound elsewhere that no quad holds is not a node
			// of the graph, so not even a zero-length path matches it.
			return true
		}
		row := ex.copyRow(id, in)
		defer ex.putRowBuf(id, row)
		return pf(ex, s, o, g, func(s1, o1 ID) bool {
			if same && s1 != o1 {
				return true
			}
			if sp.slot >= 0 {
				row[sp.slot] = s1
			}
			if op.slot >= 0 {
				row[op.slot] = o1
			}
			return yield(row)
		})
	}, nil
}

func (c *compiler) pathFn(pe algebra.PathExpr) (pathFn, error) {
	switch x := pe.(type) {
	case *algebra.PathLink:
		k := c.cst(rdf.IRI(x.IRI))
		return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
			p := ex.consts[k]
			if isLocal(p) || isLocal(s) || isLocal(o) {
				return true
			}
			return ex.match(IDQuad{S: s, P: p, O: o}, g, -1, nil, func(q IDQuad) bool { return yield(q.S, q.O) })
		}, nil
	case *algebra.PathInv:
		in, err := c.pathFn(x.Path)
		if err != nil {
			return nil, err
		}
		return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
			return in(ex, o, s, g, func(a, b ID) bool { return yield(b, a) })
		}, nil
	case *algebra.PathSeq:
		l, err := c.pathFn(x.Left)
		if err != nil {
			return nil, err
		}
		r, err := c.pathFn(x.Right)
		if err != nil {
			return nil, err
		}
		// Each step of a sequence is looked up once per node the other
		// step reaches: a link read that often is read whole instead.
		l, r = c.adaptive(x.Left, l), c.adaptive(x.Right, r)
		return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
			if s == 0 && o != 0 {
				return r(ex, 0, o, g, func(m, o1 ID) bool {
					return l(ex, s, m, g, func(s1, _ ID) bool { return yield(s1, o1) })
				})
			}
			return l(ex, s, 0, g, func(s1, m ID) bool {
				return r(ex, m, o, g, func(_, o1 ID) bool { return yield(s1, o1) })
			})
		}, nil
	case *algebra.PathAlt:
		l, err := c.pathFn(x.Left)
		if err != nil {
			return nil, err
		}
		r, err := c.pathFn(x.Right)
		if err != nil {
			return nil, err
		}
		return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
			return l(ex, s, o, g, yield) && r(ex, s, o, g, yield)
		}, nil
	case *algebra.PathNPS:
		return c.nps(x), nil
	case *algebra.PathZeroOrOne:
		in, err := c.pathFn(x.Path)
		if err != nil {
			return nil, err
		}
		return zeroOrOne(in), nil
	case *algebra.PathZeroOrMore:
		in, err := c.pathFn(x.Path)
		if err != nil {
			return nil, err
		}
		return closure(c.adaptive(x.Path, in), true), nil
	case *algebra.PathOneOrMore:
		in, err := c.pathFn(x.Path)
		if err != nil {
			return nil, err
		}
		return closure(c.adaptive(x.Path, in), false), nil
	}
	return nil, fmt.Errorf("sparql: cannot evaluate path %T", pe)
}

func (c *compiler) nps(x *algebra.PathNPS) pathFn {
	fwd := make([]int, len(x.Fwd))
	for i, f := range x.Fwd {
		fwd[i] = c.cst(rdf.IRI(f))
	}
	inv := make([]int, len(x.Inv))
	for i, f := range x.Inv {
		inv[i] = c.cst(rdf.IRI(f))
	}
	doFwd := len(x.Fwd) > 0 || len(x.Inv) == 0
	doInv := len(x.Inv) > 0
	excluded := func(ex *exec, set []int, p ID) bool {
		for _, k := range set {
			if ex.consts[k] == p {
				return true
			}
		}
		return false
	}
	return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
		if isLocal(s) || isLocal(o) {
			return true
		}
		if doFwd {
			ok := ex.match(IDQuad{S: s, O: o}, g, -1, nil, func(q IDQuad) bool {
				if excluded(ex, fwd, q.P) {
					return true
				}
				return yield(q.S, q.O)
			})
			if !ok {
				return false
			}
		}
		if doInv {
			return ex.match(IDQuad{S: o, O: s}, g, -1, nil, func(q IDQuad) bool {
				if excluded(ex, inv, q.P) {
					return true
				}
				return yield(q.O, q.S)
			})
		}
		return true
	}
}

// adjacency holds every link of one predicate in memory: the pairs
// (subject, object) back to back, and an index from each end to the pairs
// holding it, each built when a search first walks in its direction.
type adjacency struct {
	pairs []ID
	n     int
	// by[0] finds pairs by subject, by[1] by object.
	by [2]*matResult
}

// from returns the index of the pairs by their end (0: subject, 1:
// object), building it on first use.
func (a *adjacency) from(end int) *matResult {
	if a.by[end] == nil {
		m := &matResult{cols: pairCols, arena: a.pairs, n: a.n, key: end, borrowed: true}
		m.fix()
		a.by[end] = m
	}
	return a.by[end]
}

var pairCols = []int{0, 1}

// adjacencyAfter is the number of steps a closure takes through index
// lookups before it considers reading the predicate's links at once.
const adjacencyAfter = 16

// adaptive wraps the step of a closure over a single link (p or ^p). Once
// the search has made enough index lookups that reading every link of p
// costs less than the lookups so far (by the dataset's estimate), it loads
// the links into memory and walks them there.
func (c *compiler) adaptive(pe algebra.PathExpr, in pathFn) pathFn {
	inverse := false
	if inv, ok := pe.(*algebra.PathInv); ok {
		pe, inverse = inv.Path, true
	}
	link, ok := pe.(*algebra.PathLink)
	if !ok {
		return in
	}
	k := c.cst(rdf.IRI(link.IRI))
	id := c.p.nmat
	c.p.nmat++
	return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
		key := matKey{op: id, g: g}
		adj := ex.adj[key]
		if adj == nil {
			ex.pathSteps[key]++
			n := ex.pathSteps[key]
			p := ex.consts[k]
			if n < adjacencyAfter || isLocal(p) || ex.ds.Estimate(IDQuad{P: p})/seekCostRatio > uint64(n) {
				return in(ex, s, o, g, yield)
			}
			if adj = ex.loadAdjacency(p, g); adj == nil {
				return false
			}
			ex.adj[key] = adj
		}
		if inverse {
			s, o = o, s
			y := yield
			yield = func(a, b ID) bool { return y(b, a) }
		}
		switch {
		case s != 0:
			by := adj.from(0)
			for i := by.first(s); i >= 0; i = by.nextRow(i) {
				if m := adj.pairs[2*i+1]; (o == 0 || o == m) && !yield(s, m) {
					return false
				}
			}
		case o != 0:
			by := adj.from(1)
			for i := by.first(o); i >= 0; i = by.nextRow(i) {
				if !yield(adj.pairs[2*i], o) {
					return false
				}
			}
		default:
			for i := range adj.n {
				if !ex.tick() || !yield(adj.pairs[2*i], adj.pairs[2*i+1]) {
					return false
				}
			}
		}
		return true
	}
}

// seekCostRatio is how many sequentially read links cost one index lookup.
const seekCostRatio = 20

func (ex *exec) loadAdjacency(p, g ID) *adjacency {
	adj := &adjacency{}
	ok := ex.match(IDQuad{P: p}, g, -1, nil, func(q IDQuad) bool {
		// The pair, and at worst two index slots and chain links.
		if !ex.hold(1, 16+2*(2*16+4)) {
			return false
		}
		adj.pairs = append(adj.pairs, q.S, q.O)
		adj.n++
		return true
	})
	if !ok || ex.err != nil {
		return nil
	}
	return adj
}

// getVisited returns an empty set for a search, reusing an earlier one.
func (ex *exec) getVisited() map[ID]struct{} {
	if n := len(ex.visitedPool); n > 0 {
		m := ex.visitedPool[n-1]
		ex.visitedPool = ex.visitedPool[:n-1]
		return m
	}
	return map[ID]struct{}{}
}

func (ex *exec) putVisited(m map[ID]struct{}) {
	clear(m)
	ex.visitedPool = append(ex.visitedPool, m)
}

// graphNodes returns every subject and object of the active graph.
func (ex *exec) graphNodes(g ID) ([]ID, bool) {
	var seen idSet
	var out []ID
	add := func(id ID) bool {
		fresh, ok := ex.holdID(&seen, id, 8) // and its place in out
		if fresh && ok {
			out = append(out, id)
		}
		return ok
	}
	ok := ex.match(IDQuad{}, g, -1, nil, func(q IDQuad) bool { return add(q.S) && add(q.O) })
	ex.releaseIDs(&seen, 8)
	return out, ok
}

func zeroOrOne(in pathFn) pathFn {
	return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
		if s != 0 || o != 0 {
			// Every pair shares the bound end: distinct pairs are
			// distinct other ends, kept in a set reused across calls.
			seen := ex.getVisited()
			defer func() {
				ex.release(int64(len(seen)), int64(len(seen))*idSetBytes)
				ex.putVisited(seen)
			}()
			emit := func(a, b ID) bool {
				k := b
				if s == 0 {
					k = a
				}
				if _, ok := seen[k]; ok {
					return true
				}
				if !ex.hold(1, idSetBytes) {
					return false
				}
				seen[k] = struct{}{}
				return yield(a, b)
			}
			switch {
			case s != 0 && o != 0:
				if s == o && !emit(s, o) {
					return false
				}
			case s != 0:
				if !emit(s, s) {
					return false
				}
			default:
				if !emit(o, o) {
					return false
				}
			}
			return in(ex, s, o, g, emit)
		}
		seen := map[[2]ID]struct{}{}
		held := int64(0)
		defer func() { ex.release(held, held*2*idSetBytes) }()
		emit := func(a, b ID) bool {
			k := [2]ID{a, b}
			if _, ok := seen[k]; ok {
				return true
			}
			if !ex.hold(1, 2*idSetBytes) {
				return false
			}
			held++
			seen[k] = struct{}{}
			return yield(a, b)
		}
		nodes, ok := ex.graphNodes(g)
		if !ok {
			return false
		}
		for _, n := range nodes {
			if !emit(n, n) {
				return false
			}
		}
		return in(ex, s, o, g, emit)
	}
}

// closure evaluates path+ (zero false) and path* (zero true) by breadth-first
// search, yielding each reachable node once per start node.
func closure(in pathFn, zero bool) pathFn {
	return func(ex *exec, s, o, g ID, yield func(s, o ID) bool) bool {
		switch {
		case s != 0:
			return ex.bfs(in, s, o, g, zero, false, func(n ID) bool { return yield(s, n) })
		case o != 0:
			return ex.bfs(in, o, 0, g, zero, true, func(n ID) bool { return yield(n, o) })
		}
		var starts []ID
		if zero {
			nodes, ok := ex.graphNodes(g)
			if !ok {
				return false
			}
			starts = nodes
		} else {
			var seen idSet
			defer ex.releaseIDs(&seen, 8) // and its place in starts
			ok := in(ex, 0, 0, g, func(a, _ ID) bool {
				fresh, ok := ex.holdID(&seen, a, 8)
				if !ok {
					return false
				}
				if fresh {
					starts = append(starts, a)
				}
				return ex.tick()
			})
			if !ok && ex.err != nil {
				return false
			}
		}
		for _, st := range starts {
			if !ex.bfs(in, st, 0, g, zero, false, func(n ID) bool { return yield(st, n) }) {
				return false
			}
		}
		return true
	}
}

// bfs walks from start along in (backwards when inverse) and yields each
// reached node once; with target != 0 it yields only the target.
func (ex *exec) bfs(in pathFn, start, target, g ID, zero, inverse bool, yield func(ID) bool) bool {
	visited := ex.getVisited()
	defer func() {
		ex.release(int64(len(visited)), int64(len(visited))*(idSetBytes+8))
		ex.putVisited(visited)
	}()
	if zero {
		if target == start {
			return yield(start)
		}
		if !ex.hold(1, idSetBytes+8) {
			return false
		}
		visited[start] = struct{}{}
		if target == 0 && !yield(start) {
			return false
		}
	}
	found, stopped := false, false
	frontier := []ID{start}
	for len(frontier) > 0 {
		var next []ID
		for _, n := range frontier {
			step := func(a, b ID) bool {
				m := b
				if inverse {
					m = a
				}
				if _, ok := visited[m]; ok {
					return ex.tick()
				}
				if !ex.hold(1, idSetBytes+8) {
					return false
				}
				visited[m] = struct{}{}
				next = append(next, m)
				if target == 0 {
					if !yield(m) {
						stopped = true
						return false
					}
					return ex.tick()
				}
				if m == target {
					found = true
					stopped = !yield(m)
					return false
				}
				return ex.tick()
			}
			var ok bool
			if inverse {
				ok = in(ex, 0, n, g, step)
			} else {
				ok = in(ex, n, 0, g, step)
			}
			if !ok {
				if ex.err != nil || stopped {
					return false
				}
				if found {
					return true
				}
				return false
			}
		}
		frontier = next
	}
	return true
}
