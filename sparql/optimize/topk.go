package optimize

import "github.com/ruche-lod/ruche/sparql/algebra"

// liftExtends moves the BINDs (Extend operators) that sit between an ORDER
// BY and the LIMIT above it over the limit, when no sort key mentions a
// variable they bind:
//
//	slice(project?(order(extend*(X))))  →  project?(extend*(slice(order(X))))
//
// An Extend neither drops nor reorders solutions, so both forms give the
// same solutions in the same order; the second computes the BINDs for the
// OFFSET+LIMIT kept rows only instead of for every row sorted, and leaves
// the LIMIT right above its ORDER BY, where the evaluator keeps only the
// first OFFSET+LIMIT rows in a bounded heap. s is returned unchanged when
// the shape or the sort keys do not allow it.
func liftExtends(s *algebra.Slice) algebra.Op {
	proj, ob, ok := limitedOrder(s)
	if !ok {
		return s
	}
	var chain []*algebra.Extend // outermost first
	below := ob.Op
	for {
		e, ok := below.(*algebra.Extend)
		if !ok {
			break
		}
		chain = append(chain, e)
		below = e.Op
	}
	if len(chain) == 0 {
		return s
	}
	keys := algebra.VarSet{}
	for _, c := range ob.Conds {
		for v := range algebra.ExprVars(c.Expr) {
			keys.Add(v)
		}
	}
	for _, e := range chain {
		if keys.Has(e.Var) {
			return s
		}
	}
	var out algebra.Op = &algebra.Slice{
		Op:     &algebra.OrderBy{Op: below, Conds: ob.Conds},
		Offset: s.Offset, Limit: s.Limit,
	}
	for i := len(chain) - 1; i >= 0; i-- {
		out = &algebra.Extend{Op: out, Var: chain[i].Var, Expr: chain[i].Expr}
	}
	return underProject(proj, out)
}

// limitedOrder matches slice(project?(order(X))) with a LIMIT: the
// projection (nil when there is none) and the ORDER BY.
func limitedOrder(s *algebra.Slice) (proj *algebra.Project, ob *algebra.OrderBy, ok bool) {
	if s.Limit < 0 {
		return nil, nil, false
	}
	inner := s.Op
	if proj, _ = s.Op.(*algebra.Project); proj != nil {
		inner = proj.Op
	}
	ob, ok = inner.(*algebra.OrderBy)
	return proj, ob, ok
}

// underProject puts op back under the projection limitedOrder found.
func underProject(proj *algebra.Project, op algebra.Op) algebra.Op {
	if proj == nil {
		return op
	}
	return &algebra.Project{Op: op, Vars: proj.Vars}
}

// sortAfterDistinct moves an ORDER BY whose sort keys mention only
// projected variables above the DISTINCT that follows its projection:
//
//	distinct(project(order(X)))  →  order(distinct(project(X)))
//
// Duplicate solutions have the same projected values, hence the same sort
// keys, so the distinct solutions come out in the same order; the sort
// then sees each distinct solution once instead of every solution of X
// (DISTINCT ?p over a million triples sorts the few predicates, not a
// million rows), and a LIMIT above keeps its bounded heap. d is returned
// unchanged when the shape or the sort keys do not allow it.
func sortAfterDistinct(d *algebra.Distinct) algebra.Op {
	proj, ok := d.Op.(*algebra.Project)
	if !ok {
		return d
	}
	ob, ok := proj.Op.(*algebra.OrderBy)
	if !ok {
		return d
	}
	projected := algebra.VarSet{}
	projected.Add(proj.Vars...)
	for _, c := range ob.Conds {
		if !subset(algebra.ExprVars(c.Expr), projected) {
			return d
		}
	}
	return &algebra.OrderBy{
		Op:    &algebra.Distinct{Op: &algebra.Project{Op: ob.Op, Vars: proj.Vars}},
		Conds: ob.Conds,
	}
}

// limitOptionalLeft gives the left side of the OPTIONALs under an ORDER BY
// and its LIMIT a top-k of its own, when every sort key mentions only
// variables that left side always binds:
//
//	slice(project?(order(leftjoin*(L, R…))))  →  slice(project?(order(leftjoin*(slice(order(L)), R…))))
//
// with the inner slice keeping the first OFFSET+LIMIT rows. An OPTIONAL
// keeps every left row at least once, with the left row's values for the
// keys, so the first OFFSET+LIMIT solutions of the whole come from the
// first OFFSET+LIMIT left rows (rows with equal keys may come in any
// order); the OPTIONALs then look up those rows only instead of every
// row. Listing items with their optional properties, ordered and paged,
// is the common case. s is returned unchanged when the shape or the keys
// do not allow it.
func limitOptionalLeft(s *algebra.Slice) algebra.Op {
	proj, ob, ok := limitedOrder(s)
	if !ok {
		return s
	}
	keys := algebra.VarSet{}
	for _, c := range ob.Conds {
		v, ok := c.Expr.(*algebra.ExprVar)
		if !ok {
			return s // keys are plain variables: no function is evaluated twice
		}
		keys.Add(v.Name)
	}
	// Down the chain of OPTIONALs to the left side that binds the keys.
	var chain []*algebra.LeftJoin // outermost first
	left := ob.Op
	for {
		lj, ok := left.(*algebra.LeftJoin)
		if !ok || !subset(keys, algebra.CertainVars(lj.Left)) {
			break
		}
		chain = append(chain, lj)
		left = lj.Left
	}
	if len(chain) == 0 {
		return s
	}
	var out algebra.Op = &algebra.Slice{Op: &algebra.OrderBy{Op: left, Conds: ob.Conds}, Offset: 0, Limit: s.Offset + s.Limit}
	for i := len(chain) - 1; i >= 0; i-- {
		out = &algebra.LeftJoin{Left: out, Right: chain[i].Right, Expr: chain[i].Expr, Hash: chain[i].Hash}
	}
	out = underProject(proj, &algebra.OrderBy{Op: out, Conds: ob.Conds})
	return &algebra.Slice{Op: out, Offset: s.Offset, Limit: s.Limit}
}
