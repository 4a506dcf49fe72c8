package eval

import (
	"container/heap"
	"fmt"
	"slices"
	"unsafe"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

func (c *compiler) project(o *algebra.Project) (stream, error) {
	inner, err := c.compile(o.Op, algebra.VarSet{})
	if err != nil {
		return nil, err
	}
	keep := make([]int, len(o.Vars))
	for i, v := range o.Vars {
		keep[i] = c.slot(v)
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		buf := make(Row, len(in))
		return inner(ex, in, g, func(r Row) bool {
			clear(buf)
			for _, s := range keep {
				buf[s] = r[s]
			}
			return yield(buf)
		})
	}, nil
}

// rowKey returns the bytes of a row as a map key without copying; the key
// must be copied (string()) before it is stored.
func rowKey(r Row) []byte {
	if len(r) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&r[0])), len(r)*8)
}

// distinct removes duplicate rows.
func (c *compiler) distinct(op algebra.Op) (stream, error) {
	inner, err := c.compile(op, algebra.VarSet{})
	if err != nil {
		return nil, err
	}
	// Rows are told apart by the slots op may bind (the others are
	// those of the input, the same for every row of one call); a
	// projection binds its variables only.
	cols := c.opSlots(op)
	if pr, ok := op.(*algebra.Project); ok {
		cols = cols[:0]
		for _, v := range pr.Vars {
			cols = append(cols, c.slot(v))
		}
		slices.Sort(cols)
		cols = slices.Compact(cols)
	}
	if len(cols) == 1 {
		generic := distinctIDs(inner, cols[0])
		if listed := c.distinctScan(op, generic); listed != nil {
			return listed, nil
		}
		return generic, nil
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		seen := newTupleIndex(len(cols))
		entry := tupleIndexBytes(len(cols))
		defer func() { ex.release(int64(seen.n), int64(seen.n)*entry) }()
		key := make([]ID, len(cols))
		return inner(ex, in, g, func(r Row) bool {
			for j, s := range cols {
				key[j] = r[s]
			}
			if seen.find(key) >= 0 {
				return true
			}
			if !ex.hold(1, entry) {
				return false
			}
			seen.add(key)
			return yield(r)
		})
	}, nil
}

// distinctScan answers DISTINCT over the one projected variable of one
// triple pattern, which holds it once and repeats no variable, with the
// cursor's list of the distinct values at that position (DistinctCursor):
// seeking past each value instead of reading every quad holding it. An
// execution runs generic instead when the cursor cannot list them, the
// active graph is a merge of several, or the input binds a variable of the
// pattern. It returns nil when op has another shape.
func (c *compiler) distinctScan(op algebra.Op, generic stream) stream {
	pr, ok := op.(*algebra.Project)
	if !ok || len(pr.Vars) != 1 || c.graphSlot >= 0 {
		return nil
	}
	b, ok := pr.Op.(*algebra.BGP)
	if !ok || len(b.Patterns) != 1 {
		return nil
	}
	where, repeated := varPositions(b.Patterns[0])
	of, ok := where[pr.Vars[0]]
	if !ok || repeated {
		return nil
	}
	step, slot, width := c.step(b.Patterns[0]), c.slot(pr.Vars[0]), len(c.p.names)
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		dc, pat, none, ok := ex.listing(step, in, g)
		switch {
		case !ok:
			return generic(ex, in, g, yield)
		case none:
			return true // a constant no quad holds
		}
		out := make(Row, max(width, len(in)))
		stopped := false
		listed, err := dc.ScanDistinct(pat, of, func(id ID) bool {
			if !ex.tick() {
				stopped = true
				return false
			}
			out[slot] = id
			stopped = !yield(out)
			return !stopped
		})
		switch {
		case err != nil:
			return ex.fail(fmt.Errorf("sparql: listing distinct values: %w", err))
		case !listed:
			return generic(ex, in, g, yield)
		}
		return !stopped
	}
}

// distinctIDs removes duplicate rows of inner when they differ only by
// slot col: an id set, which a large result keeps as a bitmap.
func distinctIDs(inner stream, col int) stream {
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		var seen idSet
		defer ex.releaseIDs(&seen, 0)
		return inner(ex, in, g, func(r Row) bool {
			fresh, ok := ex.holdID(&seen, r[col], 0)
			if !fresh {
				return ok
			}
			return ok && yield(r)
		})
	}
}

func (c *compiler) slice(o *algebra.Slice) (stream, error) {
	var inner stream
	var err error
	if o.Limit >= 0 {
		// ORDER BY + LIMIT keeps only the first offset+limit rows.
		k := o.Offset + o.Limit
		defer c.consumesAll()()
		switch x := o.Op.(type) {
		case *algebra.OrderBy:
			inner, err = c.orderBy(x, k)
		case *algebra.Project:
			if ob, ok := x.Op.(*algebra.OrderBy); ok {
				var sorted stream
				if sorted, err = c.orderBy(ob, k); err == nil {
					inner, err = c.projectOver(x, sorted)
				}
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if inner == nil {
		saved := c.firstRows
		c.firstRows = c.firstRows || o.Limit >= 0
		inner, err = c.compile(o.Op, algebra.VarSet{})
		c.firstRows = saved
		if err != nil {
			return nil, err
		}
	}
	off, lim := o.Offset, o.Limit
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		var skipped, n int64
		if lim == 0 {
			return true
		}
		cont := true
		inner(ex, in, g, func(r Row) bool {
			if skipped < off {
				skipped++
				return true
			}
			n++
			if !yield(r) {
				cont = false
				return false
			}
			return lim < 0 || n < lim
		})
		return cont && ex.err == nil
	}, nil
}

// projectOver is project with an already compiled input.
func (c *compiler) projectOver(o *algebra.Project, inner stream) (stream, error) {
	keep := make([]int, len(o.Vars))
	for i, v := range o.Vars {
		keep[i] = c.slot(v)
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		buf := make(Row, len(in))
		return inner(ex, in, g, func(r Row) bool {
			clear(buf)
			for _, s := range keep {
				buf[s] = r[s]
			}
			return yield(buf)
		})
	}, nil
}

type sortRow struct {
	row  Row
	keys []expr.OrderKey
	seq  int
}

// orderKeyBytes is what holding a sort key of term t costs.
func orderKeyBytes(t rdf.Term) int64 {
	return termBytes(t) + int64(unsafe.Sizeof(expr.OrderKey{})-unsafe.Sizeof(rdf.Term{}))
}

type sorter struct {
	ex    *exec
	desc  []bool
	items []sortRow
}

func (s *sorter) cmp(a, b *sortRow) int {
	if !s.ex.tick() {
		return 0
	}
	for i, d := range s.desc {
		c := expr.CompareOrderKeys(&a.keys[i], &b.keys[i])
		if c != 0 {
			if d {
				return -c
			}
			return c
		}
	}
	return a.seq - b.seq
}

// heap.Interface over items as a max-heap (worst row on top) for top-k.
func (s *sorter) Len() int           { return len(s.items) }
func (s *sorter) Less(i, j int) bool { return s.cmp(&s.items[i], &s.items[j]) > 0 }
func (s *sorter) Swap(i, j int)      { s.items[i], s.items[j] = s.items[j], s.items[i] }
func (s *sorter) Push(x any)         { s.items = append(s.items, x.(sortRow)) }
func (s *sorter) Pop() any {
	it := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return it
}

// orderBy sorts its input; with k >= 0 it keeps only the first k rows.
func (c *compiler) orderBy(o *algebra.OrderBy, k int64) (stream, error) {
	inner, err := c.compile(o.Op, algebra.VarSet{})
	if err != nil {
		return nil, err
	}
	bd := algebra.MaybeVars(o.Op)
	keys := make([]evalFn, len(o.Conds))
	desc := make([]bool, len(o.Conds))
	for i, oc := range o.Conds {
		if keys[i], err = c.expr(oc.Expr, bd); err != nil {
			return nil, err
		}
		desc[i] = oc.Desc
	}
	// A first key that is a variable is known by its id: while the worst
	// row kept stays the same, a row whose first key has an id seen before
	// compares with it as that id did (topMemo), without reading the term.
	firstSlot := -1
	if v, ok := o.Conds[0].Expr.(*algebra.ExprVar); ok && k > 0 {
		firstSlot = c.slot(v.Name)
	}
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		s := &sorter{ex: ex, desc: desc}
		held, heldBytes := int64(0), int64(0)
		defer func() { ex.release(held, heldBytes) }()
		seq := 0
		var pre []expr.OrderKey // keys already computed for the current row
		var memo *topMemo
		ok := inner(ex, in, g, func(r Row) bool {
			if k == 0 {
				return false
			}
			ex.activeGraph = g
			if k > 0 && int64(len(s.items)) >= k {
				// The heap is full: compute the row's keys one at a time,
				// only as long as they tie with the worst row kept, so
				// that most rows are rejected on their first key.
				top := &s.items[0]
				if firstSlot >= 0 {
					if memo == nil {
						memo = &topMemo{}
					}
					switch memo.get(r[firstSlot], top.seq) {
					case 1: // sorts after the worst row kept
						seq++
						return ex.tick()
					case -1: // sorts before: keep it
						pre = pre[:0]
						goto keep
					}
				}
				worse := true
				pre = pre[:0]
				for i, f := range keys {
					pre = append(pre, expr.NewOrderKey(ex.value(f, r)))
					if ex.err != nil {
						return false
					}
					c := expr.CompareOrderKeys(&pre[i], &top.keys[i])
					if desc[i] {
						c = -c
					}
					if i == 0 && firstSlot >= 0 {
						memo.put(r[firstSlot], top.seq, c)
					}
					if c != 0 {
						worse = c > 0
						break
					}
				}
				if worse { // also a full tie: the later row sorts after
					seq++
					return ex.tick()
				}
			}
		keep:
			it := sortRow{keys: make([]expr.OrderKey, len(keys)), seq: seq}
			seq++
			n := copy(it.keys, pre)
			pre = pre[:0]
			for i := n; i < len(keys); i++ {
				it.keys[i] = expr.NewOrderKey(ex.value(keys[i], r))
			}
			if ex.err != nil {
				return false
			}
			if k > 0 && int64(len(s.items)) >= k {
				it.row = ex.cloneRow(r)
				s.items[0] = it
				heap.Fix(s, 0)
				return ex.tick()
			}
			b := rowBytes(len(r)) + 40
			for _, k := range it.keys {
				b += orderKeyBytes(k.Term)
			}
			if !ex.hold(1, b) {
				return false
			}
			held++
			heldBytes += b
			it.row = ex.cloneRow(r)
			if k > 0 {
				heap.Push(s, it)
			} else {
				s.items = append(s.items, it)
			}
			return ex.tick()
		})
		if !ok && ex.err != nil {
			return false
		}
		slices.SortFunc(s.items, func(a, b sortRow) int { return s.cmp(&a, &b) })
		if !ex.checkCtx() {
			return false
		}
		for i := range s.items {
			if !yield(s.items[i].row) {
				return false
			}
		}
		return true
	}, nil
}

// topMemo remembers how the first sort keys of rows compare with the first
// key of the worst row a top-k sort keeps, by the keys' ids, for as long as
// that row stays the worst (its sequence number).
type topMemo struct {
	entries [topMemoSize]topMemoEntry
}

const topMemoSize = 1 << 12

type topMemoEntry struct {
	id  ID
	top int // the worst row's seq + 1 when the entry was stored
	c   int8
}

// get returns the sign of the comparison of id with the first key of the
// worst row top (1: after it, -1: before it), or 0 when unknown or tied.
func (m *topMemo) get(id ID, top int) int {
	e := &m.entries[(id*0x9E3779B97F4A7C15)>>52]
	if e.id != id || e.top != top+1 {
		return 0
	}
	return int(e.c)
}

// put records the comparison c of id with the first key of the worst row
// top.
func (m *topMemo) put(id ID, top, c int) {
	e := &m.entries[(id*0x9E3779B97F4A7C15)>>52]
	e.id, e.top, e.c = id, top+1, int8(max(-1, min(1, c)))
}
