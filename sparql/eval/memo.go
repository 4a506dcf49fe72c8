package eval

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
)

// A filter condition that mentions one variable and calls no volatile
// function has the same outcome for every row binding that variable to the
// same term (FILTER(lang(?name) = "fr"), FILTER(?date <= "…"^^xsd:date)).
// The evaluator then remembers the outcome per term id, which spares the
// term's materialisation and the expression on repeated values. The memo
// switches itself off when values hardly repeat.
const (
	// memoMaxEntries bounds one memo's size.
	memoMaxEntries = 1 << 16
	// memoCheckEvery is how many misses pass between checks of the hit
	// rate; below one hit per memoMinHitRatio misses the memo stops.
	memoCheckEvery  = 1024
	memoMinHitRatio = 8
)

// memoSlot returns the slot of the only variable of e when e's outcome
// depends on nothing else, and -1 otherwise.
func (c *compiler) memoSlot(e algebra.Expr) int {
	if algebra.HasExists(e) || hasVolatile(e) {
		return -1
	}
	vars := algebra.ExprVars(e)
	if len(vars) != 1 {
		return -1
	}
	for v := range vars {
		return c.slot(v)
	}
	return -1
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

// filterMemo holds the outcomes of one filter condition by term id.
type filterMemo struct {
	m            map[ID]bool
	hits, misses int
	off          bool
}

// testMemo is test(f, r) through the memo id, keyed by r[slot].
func (ex *exec) testMemo(id, slot int, f evalFn, r Row) bool {
	if id >= len(ex.memos) {
		ex.memos = append(ex.memos, make([]*filterMemo, id+1-len(ex.memos))...)
	}
	fm := ex.memos[id]
	if fm == nil {
		fm = &filterMemo{m: map[ID]bool{}}
		ex.memos[id] = fm
	}
	if fm.off {
		return ex.test(f, r)
	}
	k := r[slot]
	if v, ok := fm.m[k]; ok {
		fm.hits++
		return v
	}
	v := ex.test(f, r)
	if ex.err != nil {
		return false
	}
	fm.misses++
	if fm.misses%memoCheckEvery == 0 && fm.hits*memoMinHitRatio < fm.misses {
		fm.off, fm.m = true, nil
		return v
	}
	if len(fm.m) < memoMaxEntries {
		fm.m[k] = v
	}
	return v
}

// valueMemo holds the ids a BIND computed, by the id of the one variable
// its expression reads (0: unbound or an error).
type valueMemo struct {
	m            map[ID]ID
	hits, misses int
	off          bool
}

// valueMemo is compute(ex, r) through the memo id, keyed by r[slot].
func (ex *exec) valueMemo(id, slot int, compute func(*exec, Row) (ID, bool), r Row) (ID, bool) {
	if id >= len(ex.valueMemos) {
		ex.valueMemos = append(ex.valueMemos, make([]*valueMemo, id+1-len(ex.valueMemos))...)
	}
	vm := ex.valueMemos[id]
	if vm == nil {
		vm = &valueMemo{m: map[ID]ID{}}
		ex.valueMemos[id] = vm
	}
	if vm.off {
		return compute(ex, r)
	}
	k := r[slot]
	if v, ok := vm.m[k]; ok {
		vm.hits++
		return v, true
	}
	v, ok := compute(ex, r)
	if !ok {
		return 0, false
	}
	vm.misses++
	if vm.misses%memoCheckEvery == 0 && vm.hits*memoMinHitRatio < vm.misses {
		vm.off, vm.m = true, nil
		return v, true
	}
	if len(vm.m) < memoMaxEntries {
		vm.m[k] = v
	}
	return v, true
}
