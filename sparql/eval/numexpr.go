package eval

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Arithmetic without literals in between: an arithmetic expression inside
// another one or inside a comparison ((?a > 10 * ?t), ((?x + ?y) / 2)) is
// compiled to a numFn, which passes expr.Numbers from operator to operator;
// the generic evaluation wrote every intermediate result as a literal and
// parsed it again (two thirds of the cost of FILTER(?a > 10 * ?t)). The
// results are the generic ones exactly (expr.Number's contract); the
// operands are evaluated in the same order, so errors are the same too.

// numFn evaluates an arithmetic expression to its number.
type numFn func(ex *exec, r Row) (expr.Number, error)

// arithOps are the arithmetic operators, binary and unary.
var arithOps = map[string]bool{"+": true, "-": true, "*": true, "/": true, "u+": true, "u-": true}

// isArith tells whether e is an arithmetic operator call.
func isArith(e algebra.Expr) bool {
	c, ok := e.(*algebra.ExprCall)
	return ok && arithOps[c.Op] && (len(c.Args) == 2 || (len(c.Args) == 1 && c.Op[0] == 'u'))
}

// numExpr compiles arithmetic expression x (isArith) to a numFn; its
// operands that are not arithmetic are compiled as usual and read as
// numbers.
func (c *compiler) numExpr(x *algebra.ExprCall, bd algebra.VarSet) (numFn, error) {
	args := make([]numFn, len(x.Args))
	for i, a := range x.Args {
		if sub, ok := a.(*algebra.ExprCall); ok && isArith(sub) {
			f, err := c.numExpr(sub, bd)
			if err != nil {
				return nil, err
			}
			args[i] = f
			continue
		}
		if k, ok := a.(*algebra.ExprTerm); ok {
			if n, ok := expr.NumberOK(k.Term); ok {
				args[i] = func(*exec, Row) (expr.Number, error) { return n, nil }
				continue
			}
		}
		f, err := c.expr(a, bd)
		if err != nil {
			return nil, err
		}
		if v, ok := a.(*algebra.ExprVar); ok {
			s := c.slot(v.Name)
			args[i] = func(ex *exec, r Row) (expr.Number, error) {
				if n, ok := ex.numberOf(r[s]); ok {
					return n, nil
				}
				t, err := f(ex, r)
				if err != nil {
					return expr.Number{}, err
				}
				return expr.NumberOf(t)
			}
			continue
		}
		args[i] = func(ex *exec, r Row) (expr.Number, error) {
			t, err := f(ex, r)
			if err != nil {
				return expr.Number{}, err
			}
			return expr.NumberOf(t)
		}
	}
	if len(args) == 1 {
		a, neg := args[0], x.Op == "u-"
		return func(ex *exec, r Row) (expr.Number, error) {
			n, err := a(ex, r)
			if err != nil || !neg {
				return n, err
			}
			return expr.Negate(n), nil
		}, nil
	}
	a, b, op := args[0], args[1], x.Op[0]
	return func(ex *exec, r Row) (expr.Number, error) {
		x, err := a(ex, r)
		if err != nil {
			return expr.Number{}, err
		}
		y, err := b(ex, r)
		if err != nil {
			return expr.Number{}, err
		}
		return expr.Arith(op, x, y)
	}, nil
}

// nestedArith compiles an arithmetic call with an arithmetic operand
// through numExpr, writing only the final result as a literal; nil when x
// is not such a call.
func (c *compiler) nestedArith(x *algebra.ExprCall, bd algebra.VarSet) (evalFn, error) {
	if !isArith(x) || !(isArith(x.Args[0]) || (len(x.Args) == 2 && isArith(x.Args[1]))) {
		return nil, nil
	}
	f, err := c.numExpr(x, bd)
	if err != nil {
		return nil, err
	}
	return func(ex *exec, r Row) (rdf.Term, error) {
		n, err := f(ex, r)
		if err != nil {
			return rdf.Term{}, err
		}
		return n.Term(), nil
	}, nil
}

// numCompare compiles a comparison with an arithmetic operand: the
// arithmetic side as a number, the other one as a term read as a number
// when it is one; when it is not (a string, an IRI, an unbound or invalid
// value), the comparison falls back to expr.Relational on the arithmetic
// side's literal. nil when x is not such a comparison.
func (c *compiler) numCompare(x *algebra.ExprCall, bd algebra.VarSet) (evalFn, error) {
	switch x.Op {
	case "=", "!=", "<", ">", "<=", ">=":
	default:
		return nil, nil
	}
	if len(x.Args) != 2 || !(isArith(x.Args[0]) || isArith(x.Args[1])) {
		return nil, nil
	}
	var sides [2]numSide
	for i, a := range x.Args {
		f, err := c.expr(a, bd)
		if err != nil {
			return nil, err
		}
		sides[i] = numSide{term: f, slot: -1}
		if call, ok := a.(*algebra.ExprCall); ok && isArith(call) {
			if sides[i].num, err = c.numExpr(call, bd); err != nil {
				return nil, err
			}
		} else if v, ok := a.(*algebra.ExprVar); ok {
			sides[i].slot = c.slot(v.Name)
		}
	}
	op := x.Op
	return func(ex *exec, r Row) (rdf.Term, error) {
		na, oka, err := sides[0].number(ex, r)
		if err != nil {
			return rdf.Term{}, err
		}
		nb, okb, err := sides[1].number(ex, r)
		if err != nil {
			return rdf.Term{}, err
		}
		if oka && okb {
			return expr.Bool(expr.CompareNumbers(op, na, nb)), nil
		}
		ta, err := sides[0].literal(ex, r, na, oka)
		if err != nil {
			return rdf.Term{}, err
		}
		tb, err := sides[1].literal(ex, r, nb, okb)
		if err != nil {
			return rdf.Term{}, err
		}
		ok, err := expr.Relational(op, ta, tb)
		if err != nil {
			return rdf.Term{}, err
		}
		return expr.Bool(ok), nil
	}, nil
}

// numSide is an operand of a comparison compiled by numCompare.
type numSide struct {
	num  numFn  // an arithmetic operand; nil for another one
	slot int    // a plain variable's slot, or -1
	term evalFn // the operand as a term
}

// number evaluates the operand: its number, and false when it is not a
// number (nor an arithmetic result).
func (s *numSide) number(ex *exec, r Row) (expr.Number, bool, error) {
	if s.num != nil {
		n, err := s.num(ex, r)
		return n, err == nil, err
	}
	if s.slot >= 0 {
		if n, ok := ex.numberOf(r[s.slot]); ok {
			return n, true, nil
		}
	}
	t, err := s.term(ex, r)
	if err != nil {
		return expr.Number{}, false, err
	}
	n, ok := expr.NumberOK(t)
	return n, ok, nil
}

// literal is the operand as a term, for the generic comparison: the
// literal of its number n when it has one (ok), else its term again.
func (s *numSide) literal(ex *exec, r Row, n expr.Number, ok bool) (rdf.Term, error) {
	if ok {
		return n.Term(), nil
	}
	return s.term(ex, r)
}

// numSlot is an entry of an execution's number memo.
type numSlot struct {
	id ID
	n  expr.Number
}

// numMemoSize is the number of entries of an execution's number memo
// (direct-mapped by id): numeric columns repeat a few values (prices,
// scores, counts), each parsed once instead of once per row.
const numMemoSize = 1 << 12

// numberOf returns the number that id holds, and false when id is unbound,
// not a numeric literal, or unreadable (the caller then evaluates it as a
// term, which gives the error).
func (ex *exec) numberOf(id ID) (expr.Number, bool) {
	if id == 0 {
		return expr.Number{}, false
	}
	if ex.nums == nil {
		ex.nums = make([]numSlot, numMemoSize)
	}
	e := &ex.nums[id&(numMemoSize-1)]
	if e.id == id {
		return e.n, true
	}
	t, err := ex.term(id)
	if err != nil {
		return expr.Number{}, false
	}
	n, ok := expr.NumberOK(t)
	if ok {
		e.id, e.n = id, n
	}
	return n, ok
}
