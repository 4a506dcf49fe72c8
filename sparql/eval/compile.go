package eval

import (
	"fmt"
	"slices"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/store/rdf"
)

type compiler struct {
	p *Program
	// graphSlot is the slot of the variable of an enclosing GRAPH ?g whose
	// basic graph patterns bind ?g themselves (-1: none).
	graphSlot int
	// firstRows is set while compiling an operator whose consumer may
	// stop after a few rows (under LIMIT without ORDER BY, ASK): hash
	// joins then stream their left side instead of holding it.
	firstRows bool
	// outOnly are the variables only returned (outvars.go).
	outOnly map[string]bool
	// alone is set while compiling an operator that is evaluated on its
	// own, without the bindings of the rows it is joined with.
	alone bool
	// subjectOrder, while compiling the one triple pattern of a build
	// keyed on its subject, is that variable (ordered); subjectKeys
	// numbers the subjects a merge join may give that pattern's scan
	// (exec.mergeKeys), -1 when none.
	subjectOrder string
	subjectKeys  int
}

// ordered compiles op with compile, asking, when op is one triple pattern
// (under filters and BINDs) whose subject is the variable key, for its
// quads in subject order: a build keyed on key then merges with an input
// sorted the same way instead of hashing it (matchBySubject, matResult).
// keys, when not -1, numbers the subjects the join may give the scan at
// run time (exec.mergeKeys).
func (c *compiler) ordered(op algebra.Op, key string, keys int, compile func() (stream, error)) (stream, error) {
	if tps, _, ok := scanPatterns(op); !ok || len(tps) != 1 || key == "" || tps[0].S.Var != key {
		return compile()
	}
	savedOrder, savedKeys := c.subjectOrder, c.subjectKeys
	c.subjectOrder, c.subjectKeys = key, keys
	defer func() { c.subjectOrder, c.subjectKeys = savedOrder, savedKeys }()
	return compile()
}

// consumesAll clears firstRows while compiling the input of an operator
// that reads all of it; the returned function restores it.
func (c *compiler) consumesAll() func() {
	saved := c.firstRows
	c.firstRows = false
	return func() { c.firstRows = saved }
}

// direct compiled with alone set.
func (c *compiler) directAlone(op algebra.Op) (stream, error) {
	saved, first := c.alone, c.firstRows
	c.alone, c.firstRows = true, false
	defer func() { c.alone, c.firstRows = saved, first }()
	return c.direct(op, algebra.VarSet{})
}

func (c *compiler) slot(name string) int {
	if s, ok := c.p.slots[name]; ok {
		return s
	}
	s := len(c.p.names)
	c.p.slots[name] = s
	c.p.names = append(c.p.names, name)
	return s
}

func (c *compiler) cst(t rdf.Term) int {
	if i, ok := c.p.cidx[t]; ok {
		return i
	}
	i := len(c.p.consts)
	c.p.cidx[t] = i
	c.p.consts = append(c.p.consts, t)
	return i
}

func (c *compiler) pos(n algebra.Node) pos {
	if n.Var != "" {
		return pos{slot: c.slot(n.Var), cst: -1}
	}
	return pos{slot: -1, cst: c.cst(n.Term)}
}

// step is the scan of one triple pattern.
func (c *compiler) step(tp algebra.TriplePattern) bgpStep {
	return bgpStep{s: c.pos(tp.S), p: c.pos(tp.P), o: c.pos(tp.O), keys: -1}
}

// collectVars gives every variable of the tree a slot before compiling, so
// rows have their final width.
func (c *compiler) collectVars(op algebra.Op) {
	for v := range algebra.MaybeVars(op) {
		c.slot(v)
	}
	vs := algebra.VarSet{}
	collectAll(op, vs)
	for _, v := range vs.Sorted() {
		c.slot(v)
	}
}

func collectAll(op algebra.Op, vs algebra.VarSet) {
	for v := range algebra.MaybeVars(op) {
		vs.Add(v)
	}
	for ch := range algebra.Children(op) {
		collectAll(ch, vs)
	}
	addExpr := func(e algebra.Expr) {
		if e == nil {
			return
		}
		for v := range algebra.ExprVars(e) {
			vs.Add(v)
		}
		walkExists(e, func(o algebra.Op) { collectAll(o, vs) })
	}
	switch o := op.(type) {
	case *algebra.Filter:
		for _, e := range o.Exprs {
			addExpr(e)
		}
	case *algebra.LeftJoin:
		addExpr(o.Expr)
	case *algebra.Extend:
		addExpr(o.Expr)
	case *algebra.Group:
		for _, k := range o.Keys {
			addExpr(k.Expr)
		}
		for _, a := range o.Aggregates {
			addExpr(a.Arg)
		}
	case *algebra.OrderBy:
		for _, k := range o.Conds {
			addExpr(k.Expr)
		}
	}
}

// callsBNode reports whether any expression of the tree calls BNODE.
func callsBNode(op algebra.Op) bool {
	return calls(op, func(name string) bool { return name == "BNODE" })
}

// calls reports whether an expression of the tree (of a BIND or a FILTER)
// calls a function that match accepts.
func calls(op algebra.Op, match func(string) bool) bool {
	var inExpr func(e algebra.Expr) bool
	inExpr = func(e algebra.Expr) bool {
		switch x := e.(type) {
		case *algebra.ExprCall:
			if match(x.Op) {
				return true
			}
			for _, a := range x.Args {
				if inExpr(a) {
					return true
				}
			}
		case *algebra.ExprExists:
			return calls(x.Op, match)
		}
		return false
	}
	switch o := op.(type) {
	case *algebra.Extend:
		if inExpr(o.Expr) {
			return true
		}
	case *algebra.Filter:
		for _, e := range o.Exprs {
			if inExpr(e) {
				return true
			}
		}
	}
	for ch := range algebra.Children(op) {
		if calls(ch, match) {
			return true
		}
	}
	return false
}

func walkExists(e algebra.Expr, fn func(algebra.Op)) {
	switch x := e.(type) {
	case *algebra.ExprExists:
		fn(x.Op)
	case *algebra.ExprCall:
		for _, a := range x.Args {
			walkExists(a, fn)
		}
	}
}

// compile returns a stream for op whose input rows may bind the variables
// of bd. When feeding bindings into op would change its meaning, op is
// evaluated on its own once and joined with each input.
func (c *compiler) compile(op algebra.Op, bd algebra.VarSet) (stream, error) {
	if len(bd) > 0 && !safe(op, bd) {
		inner, err := c.directAlone(op)
		if err != nil {
			return nil, err
		}
		return c.materialize(op, inner, bd), nil
	}
	return c.direct(op, bd)
}

func union(a, b algebra.VarSet) algebra.VarSet {
	s := algebra.VarSet{}
	for v := range a {
		s.Add(v)
	}
	for v := range b {
		s.Add(v)
	}
	return s
}

// safe reports whether evaluating op with some variables of bd already
// bound (substitution) gives the join of those bindings with op's solutions.
func safe(op algebra.Op, bd algebra.VarSet) bool {
	exprOK := func(es []algebra.Expr, inner algebra.Op) bool {
		var cert algebra.VarSet
		for _, e := range es {
			if e == nil {
				continue
			}
			for v := range algebra.ExprVars(e) {
				if bd.Has(v) {
					if cert == nil {
						cert = algebra.CertainVars(inner)
					}
					if !cert.Has(v) {
						return false
					}
				}
			}
		}
		return true
	}
	switch o := op.(type) {
	case *algebra.BGP, *algebra.Path, *algebra.Join, *algebra.Union, *algebra.Graph, *algebra.Table, *algebra.Service:
		return true
	case *algebra.Filter:
		return exprOK(o.Exprs, o.Op)
	case *algebra.Extend:
		return exprOK([]algebra.Expr{o.Expr}, o.Op)
	case *algebra.LeftJoin:
		risky := algebra.MaybeVars(o.Right)
		if o.Expr != nil {
			for v := range algebra.ExprVars(o.Expr) {
				risky.Add(v)
			}
		}
		cert := algebra.CertainVars(o.Left)
		for v := range bd {
			if risky.Has(v) && !cert.Has(v) {
				return false
			}
		}
		return true
	case *algebra.Minus:
		right := algebra.MaybeVars(o.Right)
		cert := algebra.CertainVars(o.Left)
		for v := range bd {
			if right.Has(v) && !cert.Has(v) {
				return false
			}
		}
		return true
	}
	return false
}

func (c *compiler) direct(op algebra.Op, bd algebra.VarSet) (stream, error) {
	if len(bd) > 0 && c.alone {
		// Inside an operator evaluated alone, a part fed with bindings
		// (the right side of a join) is ordered for them already.
		c.alone = false
		defer func() { c.alone = true }()
	}
	switch o := op.(type) {
	case *algebra.BGP:
		return c.bgp(o), nil
	case *algebra.Path:
		return c.path(o)
	case *algebra.Table:
		return c.table(o), nil
	case *algebra.Join:
		var left stream
		var err error
		if o.Hash {
			left, err = c.ordered(o.Left, joinKey(o, bd), -1, func() (stream, error) { return c.compile(o.Left, bd) })
		} else {
			left, err = c.compile(o.Left, bd)
		}
		if err != nil {
			return nil, err
		}
		if o.Hash {
			right, err := c.adaptiveJoin(o.Right, union(bd, algebra.MaybeVars(o.Left)))
			if err != nil {
				return nil, err
			}
			return c.buildSmaller(o, bd, left, right)
		}
		right, err := c.compile(o.Right, union(bd, algebra.MaybeVars(o.Left)))
		if err != nil {
			return nil, err
		}
		return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
			return left(ex, in, g, func(r Row) bool { return right(ex, r, g, yield) })
		}, nil
	case *algebra.LeftJoin:
		return c.leftJoin(o, bd)
	case *algebra.Filter:
		return c.filter(o, bd)
	case *algebra.Union:
		left, err := c.compile(o.Left, bd)
		if err != nil {
			return nil, err
		}
		right, err := c.compile(o.Right, bd)
		if err != nil {
			return nil, err
		}
		return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
			return left(ex, in, g, yield) && right(ex, in, g, yield)
		}, nil
	case *algebra.Minus:
		return c.minus(o, bd)
	case *algebra.Extend:
		return c.extend(o, bd)
	case *algebra.Graph:
		return c.graph(o, bd)
	case *algebra.Service:
		silent := o.Silent
		return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
			if silent {
				return yield(in)
			}
			return ex.fail(ErrServiceUnsupported)
		}, nil
	case *algebra.Group:
		defer c.consumesAll()()
		return c.group(o)
	case *algebra.OrderBy:
		defer c.consumesAll()()
		return c.orderBy(o, -1)
	case *algebra.Project:
		return c.project(o)
	case *algebra.Distinct:
		return c.distinct(o.Op)
	case *algebra.Reduced:
		// REDUCED permits, but does not require, dropping duplicates:
		// passing every row costs no memory.
		return c.compile(o.Op, algebra.VarSet{})
	case *algebra.Slice:
		return c.slice(o)
	case *algebra.ToMultiSet:
		return c.compile(o.Op, algebra.VarSet{})
	}
	return nil, fmt.Errorf("sparql: cannot evaluate operator %T", op)
}

// seekRows is how many rows a scan reads in the time of one index lookup.
// Measured on the 1M-triple bench store (sample queries, cursor seeks
// against hash builds), 20 beats 8: seeks miss the block cache where
// sequential reads do not. filteredRowCost weighs a row that must also pass
// a filter before it is stored: the hash side filters every row (often
// materialising a term), the nested loop only the rows each lookup finds.
const (
	seekRows        = 20
	filteredRowCost = 4
)

// scanPatterns returns the triple patterns whose scans make up op when op
// is one triple pattern, or a union of them, under filters and BINDs; and
// whether some rows must pass a filter.
func scanPatterns(op algebra.Op) ([]algebra.TriplePattern, bool, bool) {
	switch x := op.(type) {
	case *algebra.BGP:
		if len(x.Patterns) == 1 {
			return x.Patterns, false, true
		}
	case *algebra.Filter:
		tps, _, ok := scanPatterns(x.Op)
		return tps, true, ok
	case *algebra.Extend:
		return scanPatterns(x.Op)
	case *algebra.Union:
		l, lf, ok1 := scanPatterns(x.Left)
		r, rf, ok2 := scanPatterns(x.Right)
		return append(append([]algebra.TriplePattern(nil), l...), r...), lf || rf, ok1 && ok2
	}
	return nil, false, false
}

// scanGroups is scanPatterns for basic graph patterns of any size: one
// group of triple patterns per alternative of a union.
func scanGroups(op algebra.Op) ([][]algebra.TriplePattern, bool, bool) {
	switch x := op.(type) {
	case *algebra.BGP:
		if len(x.Patterns) > 0 {
			return [][]algebra.TriplePattern{x.Patterns}, false, true
		}
	case *algebra.Filter:
		gs, _, ok := scanGroups(x.Op)
		return gs, true, ok
	case *algebra.Extend:
		return scanGroups(x.Op)
	case *algebra.Union:
		l, lf, ok1 := scanGroups(x.Left)
		r, rf, ok2 := scanGroups(x.Right)
		return append(append([][]algebra.TriplePattern(nil), l...), r...), lf || rf, ok1 && ok2
	}
	return nil, false, false
}

// adaptiveJoin evaluates op for each input row with its bindings (index
// nested loop) until the index lookups made make evaluating op once and
// probing it cheaper, by the dataset's estimate of op's size; then it
// switches to the hash join. Estimates can be far off on skewed data: counting actual input
// rows bounds the cost of a wrong guess to about twice the better method.
func (c *compiler) adaptiveJoin(op algebra.Op, bd algebra.VarSet) (stream, error) {
	return c.adaptive2(op, bd, false)
}

// adaptive2 is adaptiveJoin; with groups, a basic graph pattern of several
// triple patterns is estimated as a whole (estimateAlts: its first scan
// and the rows it yields) instead of being hashed at once.
func (c *compiler) adaptive2(op algebra.Op, bd algebra.VarSet, groups bool) (stream, error) {
	nested, err := c.compile(op, bd)
	if err != nil {
		return nil, err
	}
	key := buildKey(op, bd)
	if key == "" && algebra.MaybeVars(op).Shares(bd) {
		// No variable op always binds is bound by the input, yet they
		// share one (a UNION whose branches bind one each): a build
		// would have no key, and every input row would be compared with
		// all of it; the row's bindings keep the lookups selective.
		return nested, nil
	}
	inner, err := c.ordered(op, key, -1, func() (stream, error) { return c.directAlone(op) })
	if err != nil {
		return nil, err
	}
	hashed := c.materialize(op, inner, bd)
	alts, rowCost := c.scanAlts(op, groups)
	id := c.p.nmat
	c.p.nmat++
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		a := ex.adaptive[id]
		if a == nil {
			a = &adaptiveState{}
			a.threshold = int64(ex.estimateAlts(alts, len(in))) * rowCost / seekRows
			ex.adaptive[id] = a
		}
		if a.seen < a.threshold {
			// Count the index lookups the nested side makes for this row
			// (not those of the consumer): lookups answered by the scan
			// cache cost nothing and do not bring the switch closer.
			start, downstream := ex.seeks, int64(0)
			ok := nested(ex, in, g, func(r Row) bool {
				s := ex.seeks
				ok := yield(r)
				downstream += ex.seeks - s
				return ok
			})
			a.seen += ex.seeks - start - downstream
			return ok
		}
		return hashed(ex, in, g, yield)
	}, nil
}

// scanAlts returns the patterns that estimate the rows of op evaluated on
// its own (see adaptive2), as alternatives of patterns, and what a row
// costs (filteredRowCost when rows must pass a filter); nil when op is not
// of a form estimated so.
func (c *compiler) scanAlts(op algebra.Op, groups bool) ([][]bgpStep, int64) {
	var alts [][]bgpStep // estimate: sum over alternatives of the minimum over patterns
	rowCost := int64(1)
	if tps, filtered, ok := scanPatterns(op); ok {
		for _, tp := range tps {
			alts = append(alts, []bgpStep{c.step(tp)})
		}
		if filtered {
			rowCost = filteredRowCost
		}
	} else if groups {
		if gs, filtered, ok := scanGroups(op); ok {
			for _, g := range gs {
				var alt []bgpStep
				for _, tp := range g {
					alt = append(alt, c.step(tp))
				}
				alts = append(alts, alt)
			}
			if filtered {
				rowCost = filteredRowCost
			}
		}
	}
	return alts, rowCost
}

// estimateAlts is the dataset's estimate of what evaluating scanAlts'
// patterns once costs: the sum over alternatives of each group's least
// pattern (what its first scan reads) and, for a group of several
// patterns, the rows the group yields (planSteps): a join on an object
// many subjects share (the chantiers and the people of one theme) yields
// far more rows than any of its scans reads.
func (ex *exec) estimateAlts(alts [][]bgpStep, width int) uint64 {
	empty := make(Row, width)
	est := uint64(0)
	for _, alt := range alts {
		least := uint64(0)
		for i, pat := range alt {
			e := ex.ds.Estimate(IDQuad{S: pat.s.get(ex, empty), P: pat.p.get(ex, empty), O: pat.o.get(ex, empty)})
			if i == 0 || e < least {
				least = e
			}
		}
		est += least
		if len(alt) > 1 {
			_, rows := ex.planSteps(alt, empty)
			est += uint64(min(rows, 1<<60))
		}
	}
	return est
}

type adaptiveState struct {
	// seen counts the index lookups of the nested side so far.
	seen, threshold int64
}

// buildKey is the variable a build of op, probed by rows binding bd, is
// keyed on: the first (by name) that op always binds and bd holds; "" when
// there is none.
func buildKey(op algebra.Op, bd algebra.VarSet) string {
	for _, v := range algebra.CertainVars(op).Sorted() {
		if bd.Has(v) {
			return v
		}
	}
	return ""
}

// materialize evaluates inner once per active graph and joins each input
// row with the stored solutions, found through the key: a variable the
// input may bind (bd) and op always binds.
func (c *compiler) materialize(op algebra.Op, inner stream, bd algebra.VarSet) stream {
	id := c.p.nmat
	c.p.nmat++
	cols := c.opSlots(op)
	key := -1
	if v := buildKey(op, bd); v != "" {
		key = slices.Index(cols, c.slot(v))
	}
	width := len(c.p.names)
	keySlot := -1
	if key >= 0 {
		keySlot = cols[key]
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		mk := matKey{op: id, g: g}
		m := ex.mats[mk]
		if m == nil {
			m = &matResult{cols: cols, key: key, charge: ex.growBytes}
			rb := rowBytes(len(cols)) + 4
			ok := inner(ex, make(Row, max(width, len(in))), g, func(r Row) bool {
				if !ex.grow(1) || !ex.growBytes(rb) || !ex.tick() {
					return false
				}
				m.add(r)
				return true
			})
			if !ok && ex.err != nil {
				return false
			}
			if m.fix(); ex.err != nil {
				return false
			}
			ex.mats[mk] = m
		}
		buf := ex.rowBuf(id, len(in))
		defer ex.putRowBuf(id, buf)
		copy(buf, in)
		try := func(vals []ID) bool {
			if !ex.tick() {
				return false
			}
			for j, s := range cols {
				if x, y := in[s], vals[j]; x != 0 && y != 0 && x != y {
					return true
				}
			}
			for j, s := range cols {
				if in[s] == 0 {
					buf[s] = vals[j]
				}
			}
			return yield(buf)
		}
		if keySlot >= 0 && in[keySlot] != 0 {
			for i := m.first(in[keySlot]); i >= 0; i = m.nextRow(i) {
				if !try(m.row(i)) {
					return false
				}
			}
			return true
		}
		for i := range m.n {
			if !try(m.row(i)) {
				return false
			}
		}
		return true
	}
}

// opSlots returns, sorted, the slots op's solutions may bind: those of
// every variable op mentions, and the slot of an enclosing GRAPH ?g that
// its patterns bind.
func (c *compiler) opSlots(op algebra.Op) []int {
	vs := algebra.VarSet{}
	collectAll(op, vs)
	var cols []int
	for v := range vs {
		cols = append(cols, c.slot(v))
	}
	if c.graphSlot >= 0 && !slices.Contains(cols, c.graphSlot) {
		cols = append(cols, c.graphSlot)
	}
	slices.Sort(cols)
	return cols
}

func compatible(a, b Row) bool {
	for i, x := range a {
		if x != 0 && b[i] != 0 && x != b[i] {
			return false
		}
	}
	return true
}

func merge(dst, a, b Row) {
	for i, x := range a {
		if x == 0 {
			x = b[i]
		}
		dst[i] = x
	}
}
