package eval

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Within an execution two ids are equal exactly when their terms are: the
// dataset gives one id per term, and computed terms are interned once
// (exec.intern). So sameTerm(?v, c), and ?v = c or ?v != c for a constant c
// that is not a literal (RDFterm-equal is then term identity), compare ids
// without materialising ?v's term.

// idCompare returns the id comparison for x, or nil when x is not one of
// those forms.
func (c *compiler) idCompare(x *algebra.ExprCall) evalFn {
	if len(x.Args) != 2 {
		return nil
	}
	var neg bool
	switch x.Op {
	case "SAMETERM", "=":
	case "!=":
		neg = true
	default:
		return nil
	}
	v, t := x.Args[0], x.Args[1]
	if _, ok := v.(*algebra.ExprTerm); ok {
		v, t = t, v
	}
	vv, ok1 := v.(*algebra.ExprVar)
	tt, ok2 := t.(*algebra.ExprTerm)
	if !ok1 || !ok2 || tt.Term.IsZero() {
		return nil
	}
	if x.Op != "SAMETERM" && tt.Term.Kind == rdf.KindLiteral {
		return nil // literal equality is by value, not by term
	}
	s, k := c.slot(vv.Name), c.cst(tt.Term)
	return func(ex *exec, r Row) (rdf.Term, error) {
		id := r[s]
		if id == 0 {
			return rdf.Term{}, errUnbound
		}
		if isLocal(id) {
			// A value numbered without the dataset (outvars.go) may
			// be a term the dataset holds: compare the terms.
			t, err := ex.term(id)
			if err != nil {
				return rdf.Term{}, err
			}
			return expr.Bool((t == tt.Term) != neg), nil
		}
		return expr.Bool((id == ex.consts[k]) != neg), nil
	}
}
