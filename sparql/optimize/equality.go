package optimize

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/store/rdf"
)

// equalityTable turns a filter that pins a variable of a basic graph
// pattern (or a join of them) to constants into a join with an inline
// table of those constants:
//
//	filter(?v = C && rest, P)           →  filter(rest, join(table(?v: C), P))
//	filter(sameTerm(?v, C) && rest, P)  →  the same
//	filter(?v IN (C1, …, Cn) && rest, P) →  filter(rest, join(table(?v: C1…Cn), P))
//
// when P binds ?v in every solution and each C is an IRI or a plain
// string (xsd:string, no language tag). For those terms equality is
// identity: no other term equals them (an IRI equals itself only; a
// string compares by code points with strings only), so the filter keeps
// exactly the solutions whose ?v is one of the constants, which is what
// the join keeps. The join then looks the constants up through the
// indexes instead of reading every quad of the pattern and testing it.
// Other constants (numbers, dates, language-tagged strings) have equal
// terms of other spellings and stay filters. ok is false when no
// condition qualifies.
func equalityTable(f *algebra.Filter) (out algebra.Op, ok bool) {
	switch f.Op.(type) {
	case *algebra.BGP, *algebra.Join:
	default:
		return nil, false
	}
	certain := algebra.CertainVars(f.Op)
	conds := splitConj(f.Exprs)
	for i, e := range conds {
		v, consts := pinnedConstants(e)
		if v == "" || !certain.Has(v) {
			continue
		}
		t := &algebra.Table{Vars: []string{v}}
		seen := map[rdf.Term]bool{}
		for _, c := range consts {
			if !seen[c] {
				seen[c] = true
				t.Rows = append(t.Rows, []rdf.Term{c})
			}
		}
		var op algebra.Op = &algebra.Join{Left: t, Right: f.Op}
		rest := append(append([]algebra.Expr(nil), conds[:i]...), conds[i+1:]...)
		if len(rest) > 0 {
			op = &algebra.Filter{Exprs: rest, Op: op}
		}
		return op, true
	}
	return nil, false
}

// pinnedConstants returns the variable and constants of e when e is
// ?v = C, C = ?v, sameTerm(?v, C), sameTerm(C, ?v) or ?v IN (C, …) with
// every C an identity-equal constant (identityEqual); "" otherwise.
func pinnedConstants(e algebra.Expr) (string, []rdf.Term) {
	call, ok := e.(*algebra.ExprCall)
	if !ok || len(call.Args) < 1 {
		return "", nil
	}
	switch call.Op {
	case "=", "SAMETERM":
		if len(call.Args) != 2 {
			return "", nil
		}
		a, b := call.Args[0], call.Args[1]
		if _, isVar := b.(*algebra.ExprVar); isVar {
			a, b = b, a
		}
		v, vok := a.(*algebra.ExprVar)
		c, cok := b.(*algebra.ExprTerm)
		if !vok || !cok || !identityEqual(c.Term) {
			return "", nil
		}
		return v.Name, []rdf.Term{c.Term}
	case "IN":
		v, ok := call.Args[0].(*algebra.ExprVar)
		if !ok || len(call.Args) < 2 {
			return "", nil
		}
		consts := make([]rdf.Term, 0, len(call.Args)-1)
		for _, a := range call.Args[1:] {
			c, ok := a.(*algebra.ExprTerm)
			if !ok || !identityEqual(c.Term) {
				return "", nil
			}
			consts = append(consts, c.Term)
		}
		return v.Name, consts
	}
	return "", nil
}

// identityEqual tells whether the only term equal to t (by SPARQL's =) is
// t itself: an IRI, or a string without a language tag.
func identityEqual(t rdf.Term) bool {
	switch t.Kind {
	case rdf.KindIRI:
		return true
	case rdf.KindLiteral:
		return t.Datatype == rdf.XSDString && t.Lang == ""
	}
	return false
}
