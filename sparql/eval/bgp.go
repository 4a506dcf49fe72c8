package eval

import (
	"fmt"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/stats"
)

type bgpStep struct {
	s, p, o pos
	// bySubject asks for the quads in subject order (matchBySubject).
	bySubject bool
	// keys, when bySubject, numbers the subjects a merge join may give
	// (exec.mergeKeys); -1 when it gives none.
	keys int
}

// boundBy reports whether r binds a variable of the step's pattern.
func (st bgpStep) boundBy(r Row) bool {
	for _, x := range [3]pos{st.s, st.p, st.o} {
		if x.slot >= 0 && x.slot < len(r) && r[x.slot] != 0 {
			return true
		}
	}
	return false
}

func (c *compiler) bgp(b *algebra.BGP) stream {
	steps := make([]bgpStep, len(b.Patterns))
	for i, tp := range b.Patterns {
		steps[i] = c.step(tp)
	}
	// A build keyed on the subject asks for subject order (ordered); the
	// request is for this pattern only, not those of nested operators.
	if key := c.subjectOrder; key != "" && len(steps) == 1 {
		tp := b.Patterns[0]
		// The predicate bound, or a variable of its own: the whole
		// dataset by subject (SPOG order).
		distinctVars := tp.P.Var == "" || tp.P.Var != key && tp.P.Var != tp.O.Var
		steps[0].bySubject = tp.S.Var == key && distinctVars && tp.O.Var != "" && tp.O.Var != key
		steps[0].keys = c.subjectKeys
	}
	c.subjectOrder, c.subjectKeys = "", -1
	gslot := c.graphSlot
	if len(steps) == 0 {
		return func(ex *exec, in Row, g ID, yield func(Row) bool) bool { return yield(in) }
	}
	// The row the patterns bind is reused from call to call (rowBuf).
	id := c.p.nmat
	c.p.nmat++
	if c.alone && len(steps) > 1 {
		// Evaluated on its own (materialised for a hash join, a semi- or
		// anti-join): the optimizer ordered the patterns for the bindings
		// it expected, so order them again for those it really has.
		return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
			order := ex.orders[id]
			if order == nil {
				order = ex.orderSteps(steps, in)
				ex.orders[id] = order
			}
			row := ex.copyRow(id, in)
			defer ex.putRowBuf(id, row)
			return runBGP(ex, order, row, g, gslot, yield)
		}
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		row := ex.copyRow(id, in)
		defer ex.putRowBuf(id, row)
		return runBGP(ex, steps, row, g, gslot, yield)
	}
}

// orderSteps orders the patterns of a basic graph pattern greedily: next
// the pattern with the smallest estimate given the slots bound by the row
// and by the patterns before it (ties keep the written order).
func (ex *exec) orderSteps(steps []bgpStep, in Row) []bgpStep {
	out, _ := ex.planSteps(steps, in)
	return out
}

// planSteps is orderSteps, and the rows the pattern is estimated to yield
// for the row: the product of the estimates in that order (a bound
// variable's value is stats.Bound: the dataset estimates a bound position
// by its average, whatever the id).
func (ex *exec) planSteps(steps []bgpStep, in Row) ([]bgpStep, float64) {
	bound := map[int]bool{}
	for i, v := range in {
		if v != 0 {
			bound[i] = true
		}
	}
	get := func(p pos) ID {
		if p.slot < 0 {
			return ex.consts[p.cst]
		}
		if bound[p.slot] {
			return stats.Bound
		}
		return AnyID
	}
	rest := append([]bgpStep(nil), steps...)
	out := make([]bgpStep, 0, len(steps))
	rows := 1.0
	for len(rest) > 0 {
		best, bestEst := 0, uint64(0)
		for i, st := range rest {
			e := ex.ds.Estimate(IDQuad{S: get(st.s), P: get(st.p), O: get(st.o)})
			if i == 0 || e < bestEst {
				best, bestEst = i, e
			}
		}
		st := rest[best]
		out = append(out, st)
		rows *= float64(bestEst)
		rest = append(rest[:best], rest[best+1:]...)
		for _, p := range []pos{st.s, st.p, st.o} {
			if p.slot >= 0 {
				bound[p.slot] = true
			}
		}
	}
	return out, rows
}

func runBGP(ex *exec, steps []bgpStep, row Row, g ID, gslot int, yield func(Row) bool) bool {
	if len(steps) == 0 {
		return yield(row)
	}
	st := steps[0]
	pat := IDQuad{S: st.s.get(ex, row), P: st.p.get(ex, row), O: st.o.get(ex, row)}
	if isLocal(pat.S) || isLocal(pat.P) || isLocal(pat.O) {
		return true
	}
	if st.bySubject && st.keys >= 0 && st.keys < len(ex.mergeKeys) {
		ex.subjects = ex.mergeKeys[st.keys]
	}
	f := ex.steps.enter(newBGPFrame)
	f.ex, f.st, f.rest, f.row, f.g, f.gslot, f.yield = ex, st, steps[1:], row, g, gslot, yield
	var ok bool
	if st.bySubject {
		ok = ex.matchBySubject(pat, g, gslot, row, f.push)
	} else {
		ok = ex.match(pat, g, gslot, row, f.push)
	}
	ex.steps.leave()
	f.rest, f.row, f.yield = nil, nil, nil
	return ok
}

// bgpFrame is the state of runBGP's step at one nesting depth: the quads
// of the step's pattern bind the row, and the rest of the steps run on it.
type bgpFrame struct {
	ex    *exec
	st    bgpStep
	rest  []bgpStep
	row   Row
	g     ID
	gslot int
	yield func(Row) bool
	push  func(IDQuad) bool // onQuad, bound once
}

func newBGPFrame() *bgpFrame {
	f := &bgpFrame{}
	f.push = f.onQuad
	return f
}

func (f *bgpFrame) onQuad(q IDQuad) bool {
	row := f.row
	var set [3]int
	n := 0
	// bind sets slot to v when it is free, and tells whether the row
	// still agrees with the quad (a variable repeated in the pattern).
	bind := func(slot int, v ID) bool {
		if slot < 0 {
			return true
		}
		switch cur := row[slot]; cur {
		case 0:
			row[slot] = v
			set[n] = slot
			n++
			return true
		case v:
			return true
		}
		return false
	}
	cont := true
	if bind(f.st.s.slot, q.S) && bind(f.st.p.slot, q.P) && bind(f.st.o.slot, q.O) {
		cont = runBGP(f.ex, f.rest, row, f.g, f.gslot, f.yield)
	}
	for i := range n {
		row[set[i]] = 0
	}
	return cont
}

// match scans the quads of pat in the active graph and calls fn with each.
// gslot >= 0 binds the graph to row[gslot] (GRAPH ?g); g != 0 reads the
// named graph g; otherwise it reads the query's default graph.
func (ex *exec) match(pat IDQuad, g ID, gslot int, row Row, fn func(IDQuad) bool) bool {
	switch {
	case gslot >= 0:
		if gid := row[gslot]; gid != 0 {
			if isLocal(gid) || gid == DefaultGraphID || (ex.namedSet != nil && !ex.namedSet[gid]) {
				return true
			}
			pat.G = gid
			return ex.scan(pat, fn)
		}
		if graphs := ex.graphByGraph(pat); graphs != nil {
			for _, gid := range graphs {
				pat.G = gid
				row[gslot] = gid
				ok := ex.scan(pat, fn)
				row[gslot] = 0
				if !ok {
					return false
				}
			}
			return ex.err == nil
		}
		pat.G = AnyID
		return ex.scan(pat, func(q IDQuad) bool {
			if q.G == DefaultGraphID || (ex.namedSet != nil && !ex.namedSet[q.G]) {
				return true
			}
			row[gslot] = q.G
			ok := fn(q)
			row[gslot] = 0
			return ok
		})
	case g != 0:
		if isLocal(g) {
			return true
		}
		pat.G = g
		return ex.scan(pat, fn)
	case ex.defaultGraphs != nil:
		switch len(ex.defaultGraphs) {
		case 0:
			return true
		case 1:
			for id := range ex.defaultGraphs {
				pat.G = id
			}
			return ex.scan(pat, fn)
		}
		pat.G = AnyID
		return ex.scanDedup(pat, func(q IDQuad) bool { return ex.defaultGraphs[q.G] }, fn)
	case ex.unionDefault:
		pat.G = AnyID
		return ex.scanDedup(pat, nil, fn)
	default:
		pat.G = DefaultGraphID
		return ex.scan(pat, fn)
	}
}

// requiredPatterns appends to out the triple patterns that every solution
// of op needs matched in the graph op is evaluated in: those of its basic
// graph patterns, except on the right of OPTIONAL and MINUS, in UNION
// branches and in subqueries (whose variables are their own, and whose
// aggregates may answer on no match).
func requiredPatterns(op algebra.Op, out []algebra.TriplePattern) []algebra.TriplePattern {
	switch o := op.(type) {
	case *algebra.BGP:
		return append(out, o.Patterns...)
	case *algebra.Join:
		return requiredPatterns(o.Right, requiredPatterns(o.Left, out))
	case *algebra.LeftJoin:
		return requiredPatterns(o.Left, out)
	case *algebra.Minus:
		return requiredPatterns(o.Left, out)
	case *algebra.Filter:
		return requiredPatterns(o.Op, out)
	case *algebra.Extend:
		return requiredPatterns(o.Op, out)
	}
	return out
}

// graphsMatching returns, for GRAPH ?g over a pattern that is not read
// graph by graph in one scan, the named graphs in which the most selective
// of its required steps matches given the input row in (the only graphs
// where the pattern can have solutions). ok is false when there is no
// such step, or its scan reads more quads than there are graphs (n) to
// try one by one: it then stops there.
func (ex *exec) graphsMatching(required []bgpStep, in Row, n int) (graphs []ID, ok bool) {
	if len(required) == 0 {
		return nil, false
	}
	var best IDQuad
	bestEst := uint64(0)
	for i, st := range required {
		pat := IDQuad{S: st.s.get(ex, in), P: st.p.get(ex, in), O: st.o.get(ex, in)}
		if isLocal(pat.S) || isLocal(pat.P) || isLocal(pat.O) {
			return []ID{}, true // a term the dataset lacks: no graph matches
		}
		if e := ex.ds.Estimate(pat); i == 0 || e < bestEst {
			best, bestEst = pat, e
		}
	}
	var seen idSet
	graphs = []ID{}
	read, over := 0, false
	ex.scan(best, func(q IDQuad) bool {
		if read++; read > n {
			over = true
			return false
		}
		if q.G == DefaultGraphID || isLocal(q.G) || (ex.namedSet != nil && !ex.namedSet[q.G]) {
			return true
		}
		if fresh, _ := seen.add(q.G); fresh {
			graphs = append(graphs, q.G)
		}
		return true
	})
	return graphs, !over && ex.err == nil
}

// graphByGraph returns the named graphs in which to read pat one graph
// at a time for GRAPH ?g, or nil when one scan of every graph, skipping
// the default graph's quads, reads less. Graph by graph costs a seek per
// graph and reads only named graphs' quads; it pays when the default
// graph holds most of what pat matches (a store of one big default
// graph and a few named ones, or none: then GRAPH ?g reads nothing).
// The graphs are listed once per query, and only up to
// maxGraphByGraph of them.
func (ex *exec) graphByGraph(pat IDQuad) []ID {
	pat.G = AnyID
	all := ex.ds.Estimate(pat)
	pat.G = DefaultGraphID
	inDefault := min(ex.ds.Estimate(pat), all)
	if all == 0 || 2*inDefault < all {
		return nil
	}
	graphs := ex.fewNamedGraphs()
	if graphs == nil || 2*(uint64(len(graphs))+all-inDefault) >= all {
		return nil
	}
	return graphs // empty when there is no named graph: nothing to read
}

// maxGraphByGraph is the most named graphs GRAPH ?g reads one by one.
const maxGraphByGraph = 4096

// fewNamedGraphs returns the graphs GRAPH ?g ranges over (empty when
// none), or nil when there are more than maxGraphByGraph; it lists them
// once per query.
func (ex *exec) fewNamedGraphs() []ID {
	if ex.namedGraphs == nil && !ex.manyGraphs && !ex.listNamedGraphs(maxGraphByGraph) {
		ex.manyGraphs = ex.err == nil
		return nil
	}
	if len(ex.namedGraphs) > maxGraphByGraph {
		return nil
	}
	return ex.namedGraphs
}

// scanDataset reads pat from the dataset, through the cursor if there is
// one.
func (ex *exec) scanDataset(pat IDQuad, fn func(IDQuad) bool) bool {
	ex.seeks++
	if ex.cur != nil {
		return ex.scanCursor(pat, fn)
	}
	for q, err := range ex.ds.Quads(ex.ctx, pat) {
		if err != nil {
			return ex.fail(fmt.Errorf("sparql: reading quads: %w", err))
		}
		if !ex.tick() || !fn(q) {
			return false
		}
	}
	return ex.err == nil
}

// scanDedup scans with the graph unbound and drops quads that repeat the
// triple of the previous one (the dataset yields them adjacent), keeping
// only those keep accepts (all when keep is nil).
func (ex *exec) scanDedup(pat IDQuad, keep func(IDQuad) bool, fn func(IDQuad) bool) bool {
	d := ex.dedups.enter(newDedupFrame)
	d.keep, d.fn, d.first = keep, fn, true
	ok := ex.scan(pat, d.push)
	ex.dedups.leave()
	d.keep, d.fn = nil, nil
	return ok
}

// dedupFrame is the state of scanDedup's check at one nesting depth.
type dedupFrame struct {
	keep, fn func(IDQuad) bool
	last     IDQuad
	first    bool
	push     func(IDQuad) bool // onQuad, bound once
}

func newDedupFrame() *dedupFrame {
	d := &dedupFrame{}
	d.push = d.onQuad
	return d
}

func (d *dedupFrame) onQuad(q IDQuad) bool {
	if d.keep != nil && !d.keep(q) {
		return true
	}
	if !d.first && q.S == d.last.S && q.P == d.last.P && q.O == d.last.O {
		return true
	}
	d.first = false
	d.last = q
	return d.fn(q)
}

// matchBySubject is match for a pattern binding only its predicate, read
// by ascending subject when the default graph is the union of the graphs
// and the cursor can (SubjectOrderCursor); otherwise it is match, in the
// dataset's order. The order only makes a build faster: matResult checks
// it.
func (ex *exec) matchBySubject(pat IDQuad, g ID, gslot int, row Row, fn func(IDQuad) bool) bool {
	// The subjects a merge join gives for this scan (runBGP), if any:
	// taken before anything nested may set them for another scan.
	subjects := ex.subjects
	ex.subjects = nil
	oc, ok := ex.cur.(SubjectOrderCursor)
	if !ok || g != 0 || gslot >= 0 || ex.defaultGraphs != nil || !ex.unionDefault {
		return ex.match(pat, g, gslot, row, fn)
	}
	pat.G = AnyID
	stopped := false
	d := ex.dedups.enter(newDedupFrame)
	d.keep, d.fn, d.first = nil, fn, true
	read, err := oc.ScanBySubject(pat, subjects, func(q IDQuad) bool {
		if !ex.tick() || !d.onQuad(q) {
			stopped = true
		}
		return !stopped
	})
	ex.dedups.leave()
	d.fn = nil
	if err != nil {
		return ex.fail(fmt.Errorf("sparql: reading quads: %w", err))
	}
	if !read {
		return ex.match(pat, g, gslot, row, fn)
	}
	ex.seeks++
	return !stopped && ex.err == nil
}

func (c *compiler) table(t *algebra.Table) stream {
	slots := make([]int, len(t.Vars))
	for i, v := range t.Vars {
		slots[i] = c.slot(v)
	}
	rows := make([][]int, len(t.Rows)) // constant index or -1 for UNDEF
	for i, r := range t.Rows {
		rows[i] = make([]int, len(slots))
		for j := range slots {
			rows[i][j] = -1
			if j < len(r) && !r[j].IsZero() {
				rows[i][j] = c.cst(r[j])
			}
		}
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		buf := make(Row, len(in))
	rows:
		for _, r := range rows {
			copy(buf, in)
			for j, s := range slots {
				if r[j] < 0 {
					continue
				}
				v := ex.consts[r[j]]
				if buf[s] != 0 && buf[s] != v {
					continue rows
				}
				buf[s] = v
			}
			if !yield(buf) {
				return false
			}
		}
		return true
	}
}

// graphBindable reports whether every solution of op comes from a
// non-empty basic graph pattern, so that scans can bind GRAPH's variable.
func graphBindable(op algebra.Op) bool {
	switch o := op.(type) {
	case *algebra.BGP:
		return len(o.Patterns) > 0
	case *algebra.Join:
		return graphBindable(o.Left) && graphBindable(o.Right)
	case *algebra.Union:
		return graphBindable(o.Left) && graphBindable(o.Right)
	case *algebra.LeftJoin:
		return graphBindable(o.Left) && graphBindable(o.Right) && (o.Expr == nil || !algebra.HasExists(o.Expr))
	case *algebra.Filter:
		for _, e := range o.Exprs {
			if algebra.HasExists(e) {
				return false
			}
		}
		return graphBindable(o.Op)
	case *algebra.Extend:
		return !algebra.HasExists(o.Expr) && graphBindable(o.Op)
	}
	return false
}

func (c *compiler) graph(o *algebra.Graph, bd algebra.VarSet) (stream, error) {
	if o.Name.Var == "" {
		k := c.cst(o.Name.Term)
		saved := c.graphSlot
		c.graphSlot = -1
		inner, err := c.compile(o.Op, bd)
		c.graphSlot = saved
		if err != nil {
			return nil, err
		}
		return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
			id := ex.consts[k]
			if isLocal(id) || (ex.namedSet != nil && !ex.namedSet[id]) {
				return true
			}
			return inner(ex, in, id, yield)
		}, nil
	}
	slot := c.slot(o.Name.Var)
	bd2 := union(bd, algebra.VarSet{o.Name.Var: {}})
	used := algebra.MaybeVars(o.Op)
	collectAll(o.Op, used)
	if graphBindable(o.Op) && !used.Has(o.Name.Var) {
		saved := c.graphSlot
		c.graphSlot = slot
		inner, err := c.compile(o.Op, bd2)
		c.graphSlot = saved
		return inner, err
	}
	saved := c.graphSlot
	c.graphSlot = -1
	inner, err := c.compile(o.Op, bd2)
	c.graphSlot = saved
	if err != nil {
		return nil, err
	}
	var required []bgpStep
	for _, tp := range requiredPatterns(o.Op, nil) {
		required = append(required, c.step(tp))
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		graphs, ok := ex.namedGraphList()
		if !ok {
			return false
		}
		if in[slot] == 0 && len(graphs) > 1 {
			if some, ok := ex.graphsMatching(required, in, len(graphs)); ok {
				graphs = some
			}
		}
		row := ex.cloneRow(in)
		for _, gid := range graphs {
			if in[slot] != 0 && in[slot] != gid {
				continue
			}
			row[slot] = gid
			if !inner(ex, row, gid, yield) {
				return false
			}
		}
		return true
	}, nil
}
