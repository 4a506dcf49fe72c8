package algebra

import (
	"slices"
)

// VarSet is a set of variable names.
type VarSet map[string]struct{}

// Add adds names to s.
func (s VarSet) Add(names ...string) {
	for _, n := range names {
		s[n] = struct{}{}
	}
}

// Shares reports whether s and o have a variable in common.
func (s VarSet) Shares(o VarSet) bool {
	for v := range s {
		if o.Has(v) {
			return true
		}
	}
	return false
}

// Has reports whether s holds name.
func (s VarSet) Has(name string) bool {
	_, ok := s[name]
	return ok
}

// Sorted returns the names of s in order.
func (s VarSet) Sorted() []string {
	out := make([]string, 0, len(s))
	for n := range s {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func (n Node) addTo(s VarSet) {
	if n.Var != "" {
		s.Add(n.Var)
	}
}

// MaybeVars returns the variables that solutions of op may bind: the
// in-scope variables of section 18.2.1.
func MaybeVars(op Op) VarSet {
	s := VarSet{}
	maybeVars(op, s)
	return s
}

func maybeVars(op Op, s VarSet) {
	switch o := op.(type) {
	case *BGP:
		for _, tp := range o.Patterns {
			tp.S.addTo(s)
			tp.P.addTo(s)
			tp.O.addTo(s)
		}
	case *Path:
		o.S.addTo(s)
		o.O.addTo(s)
	case *Join:
		maybeVars(o.Left, s)
		maybeVars(o.Right, s)
	case *LeftJoin:
		maybeVars(o.Left, s)
		maybeVars(o.Right, s)
	case *Filter:
		maybeVars(o.Op, s)
	case *Union:
		maybeVars(o.Left, s)
		maybeVars(o.Right, s)
	case *Graph:
		o.Name.addTo(s)
		maybeVars(o.Op, s)
	case *Extend:
		maybeVars(o.Op, s)
		s.Add(o.Var)
	case *Minus:
		maybeVars(o.Left, s)
	case *Table:
		s.Add(o.Vars...)
	case *Group:
		for _, k := range o.Keys {
			if k.Var != "" {
				s.Add(k.Var)
			}
		}
		for _, a := range o.Aggregates {
			s.Add(a.Var)
		}
	case *OrderBy:
		maybeVars(o.Op, s)
	case *Project:
		s.Add(o.Vars...)
	case *Distinct:
		maybeVars(o.Op, s)
	case *Reduced:
		maybeVars(o.Op, s)
	case *Slice:
		maybeVars(o.Op, s)
	case *ToMultiSet:
		maybeVars(o.Op, s)
	case *Service:
		o.Name.addTo(s)
		maybeVars(o.Op, s)
	}
}

// CertainVars returns the variables bound in every solution of op.
func CertainVars(op Op) VarSet {
	switch o := op.(type) {
	case *BGP, *Path:
		return MaybeVars(op)
	case *Join:
		s := CertainVars(o.Left)
		for v := range CertainVars(o.Right) {
			s.Add(v)
		}
		return s
	case *LeftJoin:
		return CertainVars(o.Left)
	case *Filter:
		return CertainVars(o.Op)
	case *Union:
		l, r := CertainVars(o.Left), CertainVars(o.Right)
		s := VarSet{}
		for v := range l {
			if r.Has(v) {
				s.Add(v)
			}
		}
		return s
	case *Graph:
		s := CertainVars(o.Op)
		o.Name.addTo(s)
		return s
	case *Extend:
		// BIND of a constant, or of a variable bound in every solution,
		// cannot fail: it binds its variable in every solution too.
		s := CertainVars(o.Op)
		switch e := o.Expr.(type) {
		case *ExprTerm:
			s.Add(o.Var)
		case *ExprVar:
			if s.Has(e.Name) {
				s.Add(o.Var)
			}
		}
		return s
	case *Minus:
		return CertainVars(o.Left)
	case *Table:
		s := VarSet{}
	vars:
		for i, v := range o.Vars {
			for _, row := range o.Rows {
				if i >= len(row) || row[i].IsZero() {
					continue vars
				}
			}
			s.Add(v)
		}
		return s
	case *Group:
		s := VarSet{}
		for _, k := range o.Keys {
			if ev, ok := k.Expr.(*ExprVar); ok && k.Var == ev.Name && CertainVars(o.Op).Has(ev.Name) {
				s.Add(k.Var)
			}
		}
		return s
	case *OrderBy:
		return CertainVars(o.Op)
	case *Project:
		c := CertainVars(o.Op)
		s := VarSet{}
		for _, v := range o.Vars {
			if c.Has(v) {
				s.Add(v)
			}
		}
		return s
	case *Distinct:
		return CertainVars(o.Op)
	case *Reduced:
		return CertainVars(o.Op)
	case *Slice:
		return CertainVars(o.Op)
	case *ToMultiSet:
		return CertainVars(o.Op)
	case *Service:
		return CertainVars(o.Op)
	}
	return VarSet{}
}

// ExprVars returns every variable an expression mentions, including the
// variables of EXISTS patterns.
func ExprVars(e Expr) VarSet {
	s := VarSet{}
	exprVars(e, s)
	return s
}

func exprVars(e Expr, s VarSet) {
	switch x := e.(type) {
	case *ExprVar:
		s.Add(x.Name)
	case *ExprCall:
		for _, a := range x.Args {
			exprVars(a, s)
		}
	case *ExprExists:
		maybeVars(x.Op, s)
		collectFilterVars(x.Op, s)
	case *ExprAggregate:
		if x.Agg.Arg != nil {
			exprVars(x.Agg.Arg, s)
		}
	}
}

// collectFilterVars adds the variables of expressions nested in op.
func collectFilterVars(op Op, s VarSet) {
	for c := range Children(op) {
		collectFilterVars(c, s)
	}
	switch o := op.(type) {
	case *Filter:
		for _, e := range o.Exprs {
			exprVars(e, s)
		}
	case *LeftJoin:
		if o.Expr != nil {
			exprVars(o.Expr, s)
		}
	case *Extend:
		exprVars(o.Expr, s)
	}
}

// HasExists reports whether e contains EXISTS or NOT EXISTS.
func HasExists(e Expr) bool {
	switch x := e.(type) {
	case *ExprExists:
		return true
	case *ExprCall:
		for _, a := range x.Args {
			if HasExists(a) {
				return true
			}
		}
	}
	return false
}
