package eval

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
)

// A filter condition that mentions one or two variables and calls no
// volatile function has the same outcome for every row binding them to the
// same terms (FILTER(lang(?name) = "fr"), FILTER(?date <= "…"^^xsd:date),
// FILTER(?a > 10 * ?t)). The evaluator then remembers the outcome per term
// ids, which spares the terms' materialisation and the expression on
// repeated values; a BIND computed from one or two variables likewise
// remembers its value. A memo switches itself off when values hardly
// repeat.
const (
	// memoMaxEntries bounds one memo's size.
	memoMaxEntries = 1 << 16
	// memoCheckEvery is how many misses pass between checks of the hit
	// rate; below one hit per memoMinHitRatio misses the memo stops.
	memoCheckEvery  = 1024
	memoMinHitRatio = 8
)

// memoSlots are the slots of the variables a memoised expression reads:
// one or two, the second -1 when there is one.
type memoSlots [2]int

// noMemo marks an expression that is not memoised.
var noMemo = memoSlots{-1, -1}

// memoKey is the ids of a row on memoSlots.
type memoKey [2]ID

func (ms memoSlots) ok() bool { return ms[0] >= 0 }

// memoSlots returns the slots of the variables of e when e's outcome
// depends on them only and they are one or two, and noMemo otherwise.
func (c *compiler) memoSlots(e algebra.Expr) memoSlots {
	if algebra.HasExists(e) || hasVolatile(e) {
		return noMemo
	}
	vars := algebra.ExprVars(e)
	if len(vars) == 0 || len(vars) > 2 {
		return noMemo
	}
	ms := noMemo
	for i, v := range vars.Sorted() {
		ms[i] = c.slot(v)
	}
	return ms
}

func hasVolatile(e algebra.Expr) bool {
	switch x := e.(type) {
	case *algebra.ExprCall:
		if expr.Volatile(x.Op) {
			return true
		}
		for _, a := range x.Args {
			if hasVolatile(a) {
				return true
			}
		}
	case *algebra.ExprVar, *algebra.ExprTerm:
		return false
	default:
		// Unknown forms (aggregates, EXISTS) are not memoised.
		return true
	}
	return false
}

// memo remembers values computed from a row by the row's ids on its
// slots (one slot: keyed by an id, two: by the pair).
type memo[V any] struct {
	ms           memoSlots
	one          map[ID]V
	two          map[memoKey]V
	hits, misses int
	off          bool
}

// memoAt returns the memo id of list, made on first use.
func memoAt[V any](list *[]*memo[V], id int, ms memoSlots) *memo[V] {
	if id >= len(*list) {
		*list = append(*list, make([]*memo[V], id+1-len(*list))...)
	}
	m := (*list)[id]
	if m == nil {
		m = &memo[V]{ms: ms}
		if ms[1] < 0 {
			m.one = map[ID]V{}
		} else {
			m.two = map[memoKey]V{}
		}
		(*list)[id] = m
	}
	return m
}

// lookup returns the value remembered for r's ids.
func (m *memo[V]) lookup(r Row) (V, bool) {
	var v V
	var ok bool
	switch {
	case m.off:
	case m.ms[1] < 0:
		v, ok = m.one[r[m.ms[0]]]
	default:
		v, ok = m.two[memoKey{r[m.ms[0]], r[m.ms[1]]}]
	}
	if ok {
		m.hits++
	}
	return v, ok
}

// store remembers v for r's ids, or switches the memo off when values
// hardly repeat.
func (m *memo[V]) store(r Row, v V) {
	if m.off {
		return
	}
	m.misses++
	if m.misses%memoCheckEvery == 0 && m.hits*memoMinHitRatio < m.misses {
		m.off, m.one, m.two = true, nil, nil
		return
	}
	if m.ms[1] < 0 {
		if len(m.one) < memoMaxEntries {
			m.one[r[m.ms[0]]] = v
		}
	} else if len(m.two) < memoMaxEntries {
		m.two[memoKey{r[m.ms[0]], r[m.ms[1]]}] = v
	}
}

// testMemo is test(f, r) through the filter memo id on slots ms.
func (ex *exec) testMemo(id int, ms memoSlots, f evalFn, r Row) bool {
	m := memoAt(&ex.memos, id, ms)
	if v, ok := m.lookup(r); ok {
		return v
	}
	v := ex.test(f, r)
	if ex.err != nil {
		return false
	}
	m.store(r, v)
	return v
}

// valueMemo is compute(ex, r) through the BIND memo id on slots ms (a
// value of 0: unbound or an error).
func (ex *exec) valueMemo(id int, ms memoSlots, compute func(*exec, Row) (ID, bool), r Row) (ID, bool) {
	m := memoAt(&ex.valueMemos, id, ms)
	if v, ok := m.lookup(r); ok {
		return v, true
	}
	v, ok := compute(ex, r)
	if !ok {
		return 0, false
	}
	m.store(r, v)
	return v, true
}
