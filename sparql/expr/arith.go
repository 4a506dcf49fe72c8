package expr

import (
	"math"
	"math/big"

	"github.com/ruche-lod/ruche/store/rdf"
)

// numericArg parses t as a valid numeric literal or returns a type error.
func numericArg(t rdf.Term) (number, error) {
	n, ok, err := parseNumber(t)
	if err != nil {
		return number{}, err
	}
	if !ok {
		return number{}, typeErrorf("not a numeric literal: %s", t)
	}
	return n, nil
}

type arithOp byte

const (
	opAdd arithOp = '+'
	opSub arithOp = '-'
	opMul arithOp = '*'
	opDiv arithOp = '/'
)

// Add returns a + b (op:numeric-add) with type promotion.
func Add(a, b rdf.Term) (rdf.Term, error) { return arith(opAdd, a, b) }

// Sub returns a - b (op:numeric-subtract).
func Sub(a, b rdf.Term) (rdf.Term, error) { return arith(opSub, a, b) }

// Mul returns a * b (op:numeric-multiply).
func Mul(a, b rdf.Term) (rdf.Term, error) { return arith(opMul, a, b) }

// Div returns a / b (op:numeric-divide). Dividing two integers yields an
// xsd:decimal; an integer or decimal division by zero is a type error, a
// float or double one gives INF or NaN.
func Div(a, b rdf.Term) (rdf.Term, error) { return arith(opDiv, a, b) }

func arith(op arithOp, a, b rdf.Term) (rdf.Term, error) {
	x, err := numericArg(a)
	if err != nil {
		return rdf.Term{}, err
	}
	y, err := numericArg(b)
	if err != nil {
		return rdf.Term{}, err
	}
	if op == opDiv {
		return divTerm(x, y)
	}
	n, err := arithNumbers(op, x, y)
	if err != nil {
		return rdf.Term{}, err
	}
	return n.term(), nil
}

// divTerm returns the literal of x / y; for small integers and decimals it
// prints the quotient without computing it as a big.Rat.
func divTerm(x, y number) (rdf.Term, error) {
	if x.small && y.small && y.i != 0 {
		if t, ok := smallDivTerm(x, y); ok {
			return t, nil
		}
	}
	n, err := arithNumbers(opDiv, x, y)
	if err != nil {
		return rdf.Term{}, err
	}
	return n.term(), nil
}

func arithNumbers(op arithOp, x, y number) (number, error) {
	k := max(x.kind, y.kind)
	if op == opDiv && k == numInteger {
		k = numDecimal
	}
	if k <= numDecimal && op != opDiv && x.small && y.small {
		if n, ok := smallArith(op, k, x, y); ok {
			return n, nil
		}
	}
	return bigArith(op, k, x, y)
}

// bigArith computes x op y in kind k with math/big for integers and
// decimals, the reference of the small fast paths.
func bigArith(op arithOp, k numKind, x, y number) (number, error) {
	switch k {
	case numInteger:
		a, b := x.bigInt(), y.bigInt()
		switch op {
		case opAdd:
			return bigIntNumber(a.Add(a, b)), nil
		case opSub:
			return bigIntNumber(a.Sub(a, b)), nil
		default:
			return bigIntNumber(a.Mul(a, b)), nil
		}
	case numDecimal:
		a, b := x.rat(), y.rat()
		r := new(big.Rat)
		switch op {
		case opAdd:
			r.Add(a, b)
		case opSub:
			r.Sub(a, b)
		case opMul:
			r.Mul(a, b)
		default:
			if b.Sign() == 0 {
				return number{}, typeErrorf("division by zero")
			}
			r.Quo(a, b)
		}
		return decNumber(r), nil
	default:
		a, b := x.as(k).f, y.as(k).f
		var f float64
		switch op {
		case opAdd:
			f = a + b
		case opSub:
			f = a - b
		case opMul:
			f = a * b
		default:
			f = a / b
		}
		return floatNumber(k, f), nil
	}
}

// Neg returns -a (op:numeric-unary-minus).
func Neg(a rdf.Term) (rdf.Term, error) {
	x, err := numericArg(a)
	if err != nil {
		return rdf.Term{}, err
	}
	return negNumber(x).term(), nil
}

// Plus returns +a (op:numeric-unary-plus): a itself, checked to be numeric.
func Plus(a rdf.Term) (rdf.Term, error) {
	x, err := numericArg(a)
	if err != nil {
		return rdf.Term{}, err
	}
	return x.term(), nil
}

func negNumber(x number) number {
	switch {
	case x.small && x.i != math.MinInt64:
		x.i = -x.i
		return x
	case x.kind == numInteger:
		v := x.bigInt()
		return bigIntNumber(v.Neg(v))
	case x.kind == numDecimal:
		return decNumber(new(big.Rat).Neg(x.rat()))
	}
	return floatNumber(x.kind, -x.f)
}

// roundMode selects ABS, CEIL, FLOOR or ROUND.
type roundMode byte

const (
	modeAbs roundMode = iota
	modeCeil
	modeFloor
	modeRound
)

func roundNumber(x number, mode roundMode) number {
	if mode == modeAbs {
		if x.sign() < 0 {
			return negNumber(x)
		}
		if x.kind == numFloat || x.kind == numDouble {
			return floatNumber(x.kind, math.Abs(x.f))
		}
		return x
	}
	switch x.kind {
	case numInteger:
		return x
	case numDecimal:
		if x.small {
			return smallRound(x, mode)
		}
		xr := x.rat()
		num, den := xr.Num(), xr.Denom()
		if mode == modeRound {
			// floor(x + 1/2): halves go towards positive infinity.
			r := new(big.Rat).Add(xr, big.NewRat(1, 2))
			num, den = r.Num(), r.Denom()
		}
		q, m := new(big.Int).DivMod(num, den, new(big.Int)) // floor division (den > 0)
		if mode == modeCeil && m.Sign() != 0 {
			q.Add(q, big.NewInt(1))
		}
		return decNumber(new(big.Rat).SetInt(q))
	}
	var f float64
	switch mode {
	case modeCeil:
		f = math.Ceil(x.f)
	case modeFloor:
		f = math.Floor(x.f)
	default:
		f = math.Floor(x.f)
		if x.f-f >= 0.5 {
			f++
		}
		if math.IsInf(x.f, 0) || math.IsNaN(x.f) {
			f = x.f
		}
	}
	return floatNumber(x.kind, f)
}
