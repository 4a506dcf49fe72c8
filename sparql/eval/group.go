package eval

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

type aggSpec struct {
	slot      int
	argSlot   int // slot of a plain variable argument, or -1
	name      string
	distinct  bool
	star      bool
	arg       evalFn
	separator string
}

type groupState struct {
	accs []accumulator
	seen []idSet             // per DISTINCT aggregate, its values' ids
	rows map[string]struct{} // for COUNT(DISTINCT *), the row keys
}

func (c *compiler) group(o *algebra.Group) (stream, error) {
	if s := c.countGroup(o); s != nil {
		return s, nil
	}
	inner, err := c.compile(o.Op, algebra.VarSet{})
	if err != nil {
		return nil, err
	}
	bd := algebra.MaybeVars(o.Op)
	keyFns := make([]evalFn, len(o.Keys))
	keySlots := make([]int, len(o.Keys))
	keyVars := make([]int, len(o.Keys)) // slot of a plain variable key, or -1
	for i, k := range o.Keys {
		keyVars[i] = -1
		if v, ok := k.Expr.(*algebra.ExprVar); ok {
			keyVars[i] = c.slot(v.Name)
		}
		if keyFns[i], err = c.expr(k.Expr, bd); err != nil {
			return nil, err
		}
		keySlots[i] = -1
		if k.Var != "" {
			keySlots[i] = c.slot(k.Var)
		}
	}
	aggs := make([]aggSpec, len(o.Aggregates))
	for i, a := range o.Aggregates {
		aggs[i] = aggSpec{slot: c.slot(a.Var), argSlot: -1, name: strings.ToUpper(a.Name), distinct: a.Distinct, star: a.Star, separator: a.Separator}
		if v, ok := a.Arg.(*algebra.ExprVar); ok {
			aggs[i].argSlot = c.slot(v.Name)
		}
		if a.Arg != nil {
			if aggs[i].arg, err = c.expr(a.Arg, bd); err != nil {
				return nil, err
			}
		}
	}
	// An aggregate written twice (in SELECT and in HAVING) is computed
	// once: dup[i] is the earlier identical aggregate, or -1.
	dup := make([]int, len(aggs))
	seenAgg := map[string]int{}
	for i, a := range o.Aggregates {
		dup[i] = -1
		if a.Arg != nil && hasVolatile(a.Arg) {
			continue
		}
		arg := ""
		if a.Arg != nil {
			arg = algebra.ExprString(a.Arg)
		}
		k := fmt.Sprintf("%s %t %t %q %s", aggs[i].name, a.Distinct, a.Star, a.Separator, arg)
		if j, ok := seenAgg[k]; ok {
			dup[i] = j
		} else {
			seenAgg[k] = i
		}
	}
	width := len(c.p.names)
	newState := func() *groupState {
		st := &groupState{accs: make([]accumulator, len(aggs)), seen: make([]idSet, len(aggs))}
		for i, a := range aggs {
			st.accs[i] = newAccumulator(a.name, a.separator)
		}
		return st
	}
	generic := stream(func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		groups := newTupleIndex(len(keyFns))
		var order []*groupState
		held := int64(0)
		heldBytes := int64(0)
		defer func() {
			ex.release(held, heldBytes)
			for _, st := range order {
				for i := range st.seen {
					ex.releaseIDs(&st.seen[i], 0)
				}
			}
		}()
		// A group costs its key and slots in the index, its state and
		// accumulators.
		groupBytes := tupleIndexBytes(len(keyFns)) + int64(96*len(aggs)) + 64
		keyBuf := make(Row, len(keyFns))
		lastKey, lastGroup := make(Row, len(keyFns)), -1
		ok := inner(ex, make(Row, max(width, len(in))), g, func(r Row) bool {
			if !ex.tick() {
				return false
			}
			ex.activeGraph = g
			for i, f := range keyFns {
				if s := keyVars[i]; s >= 0 {
					keyBuf[i] = r[s]
					continue
				}
				t := ex.value(f, r)
				id, err := ex.intern(t)
				if err != nil {
					return ex.fail(err)
				}
				keyBuf[i] = id
			}
			// Rows often come grouped (a scan in the order of the key):
			// the group of the row before is checked first.
			n, fresh := lastGroup, false
			if lastGroup < 0 || !slices.Equal(keyBuf, lastKey) {
				n, fresh = groups.add(keyBuf)
				copy(lastKey, keyBuf)
				lastGroup = n
			}
			if fresh {
				if !ex.hold(1, groupBytes) {
					return false
				}
				held++
				heldBytes += groupBytes
				order = append(order, newState())
			}
			st := order[n]
			for i := range aggs {
				if dup[i] >= 0 {
					continue
				}
				if !ex.aggregateRow(&aggs[i], st, i, r, &held, &heldBytes) {
					return false
				}
			}
			return true
		})
		if !ok && ex.err != nil {
			return false
		}
		if len(order) == 0 && len(keyFns) == 0 {
			order = append(order, newState())
		}
		out := make(Row, len(in))
		k := len(keyFns)
		for n, st := range order {
			if !ex.tick() {
				return false
			}
			clear(out)
			for i, s := range keySlots {
				if s >= 0 {
					out[s] = groups.keys[n*k+i]
				}
			}
			for i, a := range aggs {
				if j := dup[i]; j >= 0 {
					out[a.slot] = out[aggs[j].slot]
					continue
				}
				t := st.accs[i].result()
				id, err := ex.intern(t)
				if err != nil {
					return ex.fail(err)
				}
				out[a.slot] = id
			}
			if !compatible(in, out) {
				continue
			}
			merge(out, in, out)
			if !yield(out) {
				return false
			}
		}
		return true
	})
	if s := c.countByKey(o, generic); s != nil {
		return s, nil
	}
	return generic, nil
}

func (ex *exec) aggregateRow(a *aggSpec, st *groupState, i int, r Row, held, heldBytes *int64) bool {
	if a.star {
		if a.distinct {
			if st.rows == nil {
				st.rows = map[string]struct{}{}
			}
			k := string(rowKey(r))
			if _, dup := st.rows[k]; dup {
				return true
			}
			b := int64(len(k)) + mapEntryBytes
			if !ex.hold(1, b) {
				return false
			}
			*held++
			*heldBytes += b
			st.rows[k] = struct{}{}
		}
		st.accs[i].add(trueTerm, nil)
		return true
	}
	var t rdf.Term
	var id ID
	var err error
	if a.argSlot >= 0 {
		// A plain variable: its id serves DISTINCT, and COUNT needs no
		// term at all.
		if id = r[a.argSlot]; id == 0 {
			err = errUnbound
		} else if a.name == "COUNT" {
			t = trueTerm
		} else {
			t, err = ex.term(id)
		}
	} else {
		t, err = a.arg(ex, r)
		if err == nil && t.IsZero() {
			err = errUnbound
		}
	}
	if err != nil {
		if ex.err != nil {
			return false
		}
		st.accs[i].add(rdf.Term{}, err)
		return true
	}
	if a.distinct {
		if id == 0 {
			var ierr error
			if id, ierr = ex.intern(t); ierr != nil {
				return ex.fail(ierr)
			}
		}
		if fresh, ok := ex.holdID(&st.seen[i], id, 0); !fresh || !ok {
			return ok
		}
	}
	if a.name == "GROUP_CONCAT" {
		// The concatenation grows by the value and a separator.
		b := int64(len(t.Value) + len(a.separator) + 1)
		if !ex.growBytes(b) {
			return false
		}
		*heldBytes += b
	}
	st.accs[i].add(t, nil)
	return true
}

// accumulator computes one aggregate over the values of a group; it wraps
// expr.Aggregate, whose result error means "unbound". DISTINCT is applied
// by the evaluator on term ids, so that its memory is counted.
type accumulator struct {
	a      expr.Aggregate
	concat bool
}

func newAccumulator(name, sep string) accumulator {
	return accumulator{a: expr.NewAggregate(name, false, sep), concat: name == "GROUP_CONCAT"}
}

func (a accumulator) add(t rdf.Term, err error) { a.a.Add(t, err) }

func (a accumulator) result() rdf.Term {
	t, err := a.a.Result()
	if err != nil {
		return rdf.Term{}
	}
	if a.concat && t.Kind == rdf.KindLiteral {
		// SPARQL 1.1 defines GROUP_CONCAT's result as a simple literal.
		return rdf.String(t.Value)
	}
	return t
}
