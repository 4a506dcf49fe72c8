package expr

import "github.com/ruche-lod/ruche/store/rdf"

// Number is a numeric value (xsd:integer and its subtypes, xsd:decimal,
// xsd:float, xsd:double) not written as a literal: an evaluator computing
// arithmetic inside arithmetic or a comparison ((?a > 10 * ?t)) passes
// Numbers between the operators instead of writing each intermediate
// result as a literal and parsing it again. Every operation gives exactly
// the value the operator of the same name gives on literals (Add, Sub, Mul,
// Div, Neg, Plus, Relational): Term of the result is their result.
type Number struct{ n number }

// NumberOf parses a numeric literal; other terms give the type error Add
// gives.
func NumberOf(t rdf.Term) (Number, error) {
	n, err := numericArg(t)
	return Number{n}, err
}

// NumberOK parses a numeric literal, and false for any other term.
func NumberOK(t rdf.Term) (Number, bool) {
	n, ok, err := parseNumber(t)
	return Number{n}, ok && err == nil
}

// Term is the number's canonical literal.
func (x Number) Term() rdf.Term { return x.n.term() }

// Arith returns x op y for op one of + - * / (Add, Sub, Mul, Div).
func Arith(op byte, x, y Number) (Number, error) {
	if arithOp(op) == opDiv {
		// The quotient's decimal rounding lives in divTerm: read back
		// its literal.
		t, err := divTerm(x.n, y.n)
		if err != nil {
			return Number{}, err
		}
		return NumberOf(t)
	}
	n, err := arithNumbers(arithOp(op), x.n, y.n)
	return Number{n}, err
}

// Negate returns -x (Neg).
func Negate(x Number) Number { return Number{negNumber(x.n)} }

// CompareNumbers applies a comparison operator (= != < > <= >=) to two
// numbers, as Relational does to their literals: NaN is equal to nothing,
// different from everything and ordered with nothing.
func CompareNumbers(op string, x, y Number) bool {
	c, unordered := cmpNumbers(x.n, y.n)
	if op == "!=" {
		return unordered || c != 0
	}
	if unordered {
		return false
	}
	if op == "=" {
		return c == 0
	}
	ok, _ := relation(op, c)
	return ok
}
