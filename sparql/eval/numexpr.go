package eval

import (
	"fmt"

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
	args := make([]numOperand, len(x.Args))
	for i, a := range x.Args {
		var err error
		if args[i], err = c.numOperand(a, bd); err != nil {
			return nil, err
		}
	}
	if len(args) == 1 {
		a, neg := &args[0], x.Op == "u-"
		return func(ex *exec, r Row) (expr.Number, error) {
			n, err := a.arg(ex, r)
			if err != nil || !neg {
				return n, err
			}
			return expr.Negate(n), nil
		}, nil
	}
	a, b, op := &args[0], &args[1], x.Op[0]
	return func(ex *exec, r Row) (expr.Number, error) {
		x, err := a.arg(ex, r)
		if err != nil {
			return expr.Number{}, err
		}
		y, err := b.arg(ex, r)
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
	var sides [2]numOperand
	for i, a := range x.Args {
		var err error
		if sides[i], err = c.numOperand(a, bd); err != nil {
			return nil, err
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

// numOperand is an operand of arithmetic, or of a comparison with an
// arithmetic operand.
type numOperand struct {
	num  numFn  // an arithmetic operand or a numeric constant: its number
	slot int    // a plain variable's slot (its number remembered per id), or -1
	term evalFn // any other operand, as a term (nil when num is set)
}

// numOperand compiles operand a.
func (c *compiler) numOperand(a algebra.Expr, bd algebra.VarSet) (numOperand, error) {
	o := numOperand{slot: -1}
	switch x := a.(type) {
	case *algebra.ExprCall:
		if isArith(x) {
			var err error
			o.num, err = c.numExpr(x, bd)
			return o, err
		}
	case *algebra.ExprTerm:
		if n, ok := expr.NumberOK(x.Term); ok {
			o.num = func(*exec, Row) (expr.Number, error) { return n, nil }
			return o, nil
		}
	case *algebra.ExprVar:
		o.slot = c.slot(x.Name)
	}
	var err error
	o.term, err = c.expr(a, bd)
	return o, err
}

// errNotNumber is the type error of an arithmetic operand that is not a
// number (the generic operators give the same kind of error).
var errNotNumber = fmt.Errorf("%w: not a numeric literal", expr.ErrType)

// number evaluates the operand: its number, and false when it is not a
// number (an error is that of the operand's evaluation).
func (o *numOperand) number(ex *exec, r Row) (expr.Number, bool, error) {
	if o.num != nil {
		n, err := o.num(ex, r)
		return n, err == nil, err
	}
	if o.slot >= 0 {
		if n, ok := ex.numberOf(r[o.slot]); ok {
			return n, true, nil
		}
	}
	t, err := o.term(ex, r)
	if err != nil {
		return expr.Number{}, false, err
	}
	n, ok := expr.NumberOK(t)
	return n, ok, nil
}

// arg evaluates the operand as an argument of arithmetic: a value that
// is not a number is a type error.
func (o *numOperand) arg(ex *exec, r Row) (expr.Number, error) {
	n, ok, err := o.number(ex, r)
	if !ok && err == nil {
		err = errNotNumber
	}
	return n, err
}

// literal is the operand as a term, for the generic comparison: the
// literal of its number n when it has one (ok), else its term again.
func (o *numOperand) literal(ex *exec, r Row, n expr.Number, ok bool) (rdf.Term, error) {
	if ok {
		return n.Term(), nil
	}
	return o.term(ex, r)
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
