package eval

import (
	"slices"

	"github.com/ruche-lod/ruche/sparql/algebra"
)

func (c *compiler) filter(o *algebra.Filter, bd algebra.VarSet) (stream, error) {
	inner, err := c.equalityPairs(o, bd)
	if inner == nil && err == nil {
		inner, err = c.compile(o.Op, bd)
	}
	if err != nil {
		return nil, err
	}
	ebd := union(bd, algebra.MaybeVars(o.Op))
	type cond struct {
		f    evalFn
		memo memoSlots // memoised by the terms in these slots (memo.go)
		id   int
	}
	conds := make([]cond, len(o.Exprs))
	for i, e := range o.Exprs {
		if conds[i].f, err = c.expr(e, ebd); err != nil {
			return nil, err
		}
		if conds[i].memo = c.memoSlots(e); conds[i].memo.ok() {
			conds[i].id = c.p.nmat
			c.p.nmat++
		}
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		return inner(ex, in, g, func(r Row) bool {
			ex.activeGraph = g
			for i := range conds {
				cd := &conds[i]
				var ok bool
				if cd.memo.ok() {
					ok = ex.testMemo(cd.id, cd.memo, cd.f, r)
				} else {
					ok = ex.test(cd.f, r)
				}
				if !ok {
					return ex.err == nil
				}
			}
			return yield(r)
		})
	}, nil
}

func (c *compiler) extend(o *algebra.Extend, bd algebra.VarSet) (stream, error) {
	inner, err := c.compile(o.Op, bd)
	if err != nil {
		return nil, err
	}
	f, err := c.expr(o.Expr, union(bd, algebra.MaybeVars(o.Op)))
	if err != nil {
		return nil, err
	}
	s := c.slot(o.Var)
	intern := (*exec).intern
	if c.outOnly[o.Var] {
		intern = (*exec).internOutput
	}
	// BNODE(str) gives one node per string within a solution: a new
	// solution starts at the innermost of a chain of Extends.
	_, chained := o.Op.(*algebra.Extend)
	fresh := !chained && c.p.bnodes
	// A value computed from one or two variables is remembered by their
	// ids while values repeat (memo.go).
	memo, memoID := c.memoSlots(o.Expr), -1
	if memo.ok() && !fresh {
		memoID = c.p.nmat
		c.p.nmat++
	}
	compute := func(ex *exec, r Row) (ID, bool) {
		t := ex.value(f, r)
		if ex.err != nil {
			return 0, false
		}
		id, err := intern(ex, t)
		if err != nil {
			return 0, ex.fail(err)
		}
		return id, true
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		return inner(ex, in, g, func(r Row) bool {
			if fresh {
				ex.fc.NextSolution()
			}
			ex.activeGraph = g
			var id ID
			var ok bool
			if memoID >= 0 {
				id, ok = ex.valueMemo(memoID, memo, compute, r)
			} else {
				id, ok = compute(ex, r)
			}
			if !ok {
				return false
			}
			if id == 0 {
				return yield(r)
			}
			old := r[s]
			if old != 0 {
				if old != id {
					return true
				}
				return yield(r)
			}
			r[s] = id
			ok = yield(r)
			r[s] = old
			return ok
		})
	}, nil
}

func (c *compiler) leftJoin(o *algebra.LeftJoin, bd algebra.VarSet) (stream, error) {
	left, err := c.compile(o.Left, bd)
	if err != nil {
		return nil, err
	}
	rbd := union(bd, algebra.MaybeVars(o.Left))
	var right stream
	if o.Hash {
		if right, err = c.adaptiveJoin(o.Right, rbd); err != nil {
			return nil, err
		}
	} else if right, err = c.compile(o.Right, rbd); err != nil {
		return nil, err
	}
	var cond evalFn
	if o.Expr != nil {
		if cond, err = c.expr(o.Expr, union(rbd, algebra.MaybeVars(o.Right))); err != nil {
			return nil, err
		}
	}
	// The operator is never running twice at once in one execution (it
	// is not below itself), so its state lives in one frame per
	// execution instead of closures per input row.
	id := c.p.nmat
	c.p.nmat++
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		f := ex.leftJoinFrame(id)
		f.right, f.cond, f.g, f.yield = right, cond, g, yield
		ok := left(ex, in, g, f.onLeft)
		f.yield = nil
		return ok
	}, nil
}

// leftJoinFrame is the state of an OPTIONAL running in an execution: its
// right side, condition, active graph and consumer, and whether the right
// side matched the current left row.
type leftJoinFrame struct {
	ex              *exec
	right           stream
	cond            evalFn
	g               ID
	yield           func(Row) bool
	matched         bool
	onLeft, onRight func(Row) bool // bound once
}

// leftJoinFrame returns the frame of the OPTIONAL numbered id, made at its
// first use in the execution.
func (ex *exec) leftJoinFrame(id int) *leftJoinFrame {
	if id >= len(ex.leftJoins) {
		ex.leftJoins = append(ex.leftJoins, make([]*leftJoinFrame, id+1-len(ex.leftJoins))...)
	}
	f := ex.leftJoins[id]
	if f == nil {
		f = &leftJoinFrame{ex: ex}
		f.onLeft, f.onRight = f.left, f.rightRow
		ex.leftJoins[id] = f
	}
	return f
}

func (f *leftJoinFrame) left(a Row) bool {
	f.matched = false
	if !f.right(f.ex, a, f.g, f.onRight) {
		return false
	}
	if !f.matched {
		return f.yield(a)
	}
	return true
}

func (f *leftJoinFrame) rightRow(r Row) bool {
	if f.cond != nil {
		f.ex.activeGraph = f.g
		if !f.ex.test(f.cond, r) {
			return f.ex.err == nil
		}
	}
	f.matched = true
	return f.yield(r)
}

func (c *compiler) minus(o *algebra.Minus, bd algebra.VarSet) (stream, error) {
	left, err := c.compile(o.Left, bd)
	if err != nil {
		return nil, err
	}
	rightOp, err := c.directAlone(o.Right)
	if err != nil {
		return nil, err
	}
	id := c.p.nmat
	c.p.nmat++
	var shared []int
	lv := algebra.MaybeVars(o.Left)
	for _, v := range algebra.MaybeVars(o.Right).Sorted() {
		if lv.Has(v) {
			shared = append(shared, c.slot(v))
		}
	}
	if len(shared) > 64 {
		return c.minusScan(left, rightOp, id, shared), nil
	}
	width := len(c.p.names)
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		if len(shared) == 0 {
			// No shared variable: MINUS removes nothing.
			return left(ex, in, g, yield)
		}
		// A hash anti-join: the right side is evaluated once per active
		// graph and kept only as its shared values (probeSet), each left
		// row costs one probe per binding pattern of the right rows.
		mk := matKey{op: id, g: g}
		ps := ex.probes[mk]
		if ps == nil {
			ps = newProbeSet(shared)
			ok := rightOp(ex, make(Row, max(width, len(in))), g, func(r Row) bool {
				return ex.tick() && ps.add(ex, r)
			})
			if !ok && ex.err != nil {
				return false
			}
			ex.probes[mk] = ps
		}
		return left(ex, in, g, func(a Row) bool {
			if !ex.tick() {
				return false
			}
			if ps.match(ex, a, true) {
				return true
			}
			if ex.err != nil {
				return false
			}
			return yield(a)
		})
	}, nil
}

// minusScan is MINUS by comparing each left row with every right row, for
// the (unlikely) case of more shared variables than a probe set handles.
func (c *compiler) minusScan(left, rightOp stream, id int, shared []int) stream {
	width := len(c.p.names)
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		mk := matKey{op: id, g: g}
		m := ex.mats[mk]
		if m == nil {
			m = &matResult{cols: shared, key: -1}
			ok := rightOp(ex, make(Row, max(width, len(in))), g, func(r Row) bool {
				if !ex.growRow(len(shared)) {
					return false
				}
				m.add(r)
				return true
			})
			if !ok && ex.err != nil {
				return false
			}
			ex.mats[mk] = m
		}
		return left(ex, in, g, func(a Row) bool {
			for i := range m.n {
				if !ex.tick() {
					return false
				}
				if minusMatch(a, m.row(i), shared) {
					return true
				}
			}
			return yield(a)
		})
	}
}

// minusMatch reports whether b (the values of a right row on the shared
// slots) removes a: compatible and sharing a bound variable.
func minusMatch(a Row, b []ID, shared []int) bool {
	common := false
	for j, s := range shared {
		x, y := a[s], b[j]
		if x == 0 || y == 0 {
			continue
		}
		if x != y {
			return false
		}
		common = true
	}
	return common
}

// joinKey is the variable a hash join of o, under bindings bd, hashes on:
// one both sides always bind that bd does not, or else one the left side
// always binds and the right side may (a BIND of an expression, an
// OPTIONAL: right rows without it meet every left row held, the others
// only those of their key) when it is the only variable they share; ""
// when there is none. Among several, a subject of a triple pattern of
// either side comes first (by name among equals): a subject has the triples describing it, while an object may
// be shared by a large part of the data (a class, a common value), and a
// hash on it pairs all of them with each other before the other shared
// variables are compared.
func joinKey(o *algebra.Join, bd algebra.VarSet) string {
	subjects := algebra.VarSet{}
	subjectVars(o, subjects)
	pick := func(both algebra.VarSet) string {
		key := ""
		for _, v := range algebra.CertainVars(o.Left).Sorted() {
			if !both.Has(v) || bd.Has(v) {
				continue
			}
			if subjects.Has(v) {
				return v
			}
			if key == "" {
				key = v
			}
		}
		return key
	}
	if v := pick(algebra.CertainVars(o.Right)); v != "" {
		return v
	}
	// A key the right side may leave unbound only when it is the one
	// variable the sides share: right rows without it then meet every
	// left row because they are compatible with all of them. With another
	// shared variable (a UNION whose branches bind one each), those rows
	// would be compared with every left row to find the few that match.
	shared, left := algebra.VarSet{}, algebra.MaybeVars(o.Left)
	for v := range algebra.MaybeVars(o.Right) {
		if left.Has(v) && !bd.Has(v) {
			shared.Add(v)
		}
	}
	if len(shared) != 1 {
		return ""
	}
	return pick(shared)
}

// subjectVars adds to s the variables in subject position of op's triple
// patterns. Operators are at most algebra.MaxDepth deep.
func subjectVars(op algebra.Op, s algebra.VarSet) {
	if b, ok := op.(*algebra.BGP); ok {
		for _, tp := range b.Patterns {
			if tp.S.Var != "" {
				s.Add(tp.S.Var)
			}
		}
		return
	}
	for ch := range algebra.Children(op) {
		subjectVars(ch, s)
	}
}

// buildSmaller is a hash join (Join marked Hash) that builds its hash table
// from the smaller side by the real row counts. The right side probes the
// left rows it receives (adaptiveJoin: index lookups, then a hash table of
// the right side evaluated once); when the left side ends with fewer rows
// than the right side is estimated to hold, and index lookups for each
// would cost more than reading the right side once, the left rows are kept
// instead, hashed on a variable both sides bind, and the right side is
// evaluated once on its own and probes them. Holding the left rows stops
// as soon as they outnumber the right side's estimate: the rows held so
// far then go to the right side as they would have, and the rest streams.
func (c *compiler) buildSmaller(o *algebra.Join, bd algebra.VarSet, left, right stream) (stream, error) {
	joined := func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		return left(ex, in, g, func(r Row) bool { return right(ex, r, g, yield) })
	}
	alts, _ := c.scanAlts(o.Right, false)
	if alts == nil || c.firstRows {
		return joined, nil
	}
	keyVar := joinKey(o, bd)
	if keyVar == "" {
		return joined, nil
	}
	key := c.slot(keyVar)
	// The right side's rows probe the left rows held, sorted on the key
	// when the left side is one pattern read in subject order (ordered):
	// in the same order, the probes merge.
	// keysID numbers the left rows' keys, which the right side's scan in
	// subject order may skip to (mergeKeys).
	keysID := c.p.nmat
	c.p.nmat++
	alone, err := c.ordered(o.Right, keyVar, keysID, func() (stream, error) { return c.compile(o.Right, bd) })
	if err != nil {
		return nil, err
	}
	// Once the left side proves as large as the right side, its rows
	// probe the right side evaluated once (index lookups first, as the
	// adaptive join does, would cost more).
	hbd := union(bd, algebra.MaybeVars(o.Left))
	rightOnce, err := c.ordered(o.Right, buildKey(o.Right, hbd), -1, func() (stream, error) { return c.directAlone(o.Right) })
	if err != nil {
		return nil, err
	}
	hashed := c.materialize(o.Right, rightOnce, hbd)
	// Left rows are held as their values on the slots the left side may
	// bind; the input's bindings are in every right row too.
	cols := c.opSlots(o.Left)
	keyCol := slices.Index(cols, key)
	id := c.p.nmat
	c.p.nmat++
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		if in[key] != 0 || keyCol < 0 {
			return joined(ex, in, g, yield)
		}
		est := int64(ex.estimateAlts(alts, len(in)))
		m := &matResult{cols: cols, key: keyCol, charge: ex.growBytes}
		rb := rowBytes(len(cols)) + 4
		defer func() {
			ex.release(int64(m.n), int64(m.n)*rb)
			ex.shrinkBytes(m.indexBytes)
		}()
		buf := ex.rowBuf(id, len(in))
		defer ex.putRowBuf(id, buf)
		// replay passes the rows held to the right side as they came.
		replay := func(right stream) bool {
			copy(buf, in)
			for i := range m.n {
				for j, v := range m.row(i) {
					buf[cols[j]] = v
				}
				if !right(ex, buf, g, yield) {
					return false
				}
			}
			return true
		}
		streaming := false
		ok := left(ex, in, g, func(r Row) bool {
			if streaming {
				return hashed(ex, r, g, yield)
			}
			if int64(m.n) < est {
				if !ex.tick() || !ex.hold(1, rb) {
					return false
				}
				m.add(r)
				return true
			}
			// As many rows as the right side: give up holding.
			streaming = true
			return replay(hashed) && hashed(ex, r, g, yield)
		})
		if !ok || streaming {
			return ok && ex.err == nil
		}
		if !ex.checkCtx() {
			return false
		}
		if int64(m.n)*seekRows <= est {
			// Few rows: index lookups for each cost less than reading
			// the right side.
			return replay(right)
		}
		if m.fix(); ex.err != nil {
			return false
		}
		if !ex.setMergeKeys(keysID, m, est) {
			return false
		}
		defer ex.setMergeKeys(keysID, nil, 0)
		return alone(ex, in, g, func(r Row) bool {
			try := func(vals []ID) bool {
				if !ex.tick() {
					return false
				}
				for j, s := range cols {
					if x, y := r[s], vals[j]; x != 0 && y != 0 && x != y {
						return true
					}
				}
				copy(buf, r)
				for j, s := range cols {
					if r[s] == 0 {
						buf[s] = vals[j]
					}
				}
				return yield(buf)
			}
			if k := r[key]; k != 0 {
				for i := m.first(k); i >= 0; i = m.nextRow(i) {
					if !try(m.row(i)) {
						return false
					}
				}
				return true
			}
			for i := range m.n { // a right row without the key
				if !try(m.row(i)) {
					return false
				}
			}
			return true
		})
	}, nil
}

// setMergeKeys gives the scan of a merge join's right side (numbered id)
// the distinct keys of the left rows held in m, ascending, when those rows
// are at most half the rows the right side is expected to read (est): the
// scan then skips to the keys instead of reading every row. A nil m takes
// the keys back. False when the keys do not fit in the memory budget.
func (ex *exec) setMergeKeys(id int, m *matResult, est int64) bool {
	if len(ex.mergeKeys) <= id {
		if m == nil {
			return true
		}
		ex.mergeKeys = append(ex.mergeKeys, make([][]ID, id+1-len(ex.mergeKeys))...)
	}
	if m == nil {
		if k := ex.mergeKeys[id]; k != nil {
			ex.release(0, int64(8*cap(k)))
		}
		ex.mergeKeys[id] = nil
		return true
	}
	if m.key < 0 || 2*int64(m.n) > est {
		return true
	}
	if !ex.hold(0, int64(8*m.n)) {
		return false
	}
	keys := make([]ID, 0, m.n)
	for i := range m.n {
		keys = append(keys, m.keyAt(i))
	}
	if m.next != nil { // rows chained by the index; sorted or grouped rows ascend
		slices.Sort(keys)
	}
	ex.mergeKeys[id] = slices.Compact(keys)
	return true
}
