package expr

import (
	"math/big"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Aggregate accumulates the values of one aggregate over one group (SPARQL
// 18.5). The evaluator calls Add once per solution of the group with the
// value of the argument expression (or the error it raised; a zero Term is
// an unbound value) and Result once at the end. COUNT(*) counts solutions,
// so the evaluator gives it any bound term per solution.
type Aggregate interface {
	Add(t rdf.Term, err error)
	Result() (rdf.Term, error)
}

// NewAggregate returns an accumulator for the aggregate name ("COUNT",
// "SUM", "MIN", "MAX", "AVG", "SAMPLE" or "GROUP_CONCAT", in upper case).
// With distinct, duplicate terms are added once. separator is the
// GROUP_CONCAT separator ("" means the default single space). An unknown
// name gives an aggregate whose Result is an error.
//
// Errors and unbound values are skipped by COUNT, MIN, MAX, SAMPLE and
// GROUP_CONCAT; they make the result of SUM and AVG an error, as does a
// non-numeric value. MIN and MAX use the ORDER BY order ([OrderCompare]).
// SUM and AVG of no values are 0; MIN, MAX and SAMPLE of no values are an
// error (unbound).
func NewAggregate(name string, distinct bool, separator string) Aggregate {
	a := &aggregate{name: name, sep: separator, sum: intNumber(0), kind: numInteger}
	if separator == "" && name == "GROUP_CONCAT" {
		a.sep = " "
	}
	if distinct {
		a.seen = make(map[rdf.Term]struct{})
	}
	switch name {
	case "SUM", "AVG":
		a.op = aggSum
	case "MIN":
		a.op = aggMin
	case "MAX":
		a.op = aggMax
	case "SAMPLE":
		a.op = aggSample
	case "GROUP_CONCAT":
		a.op = aggConcat
	case "COUNT":
	default:
		a.err = typeErrorf("unknown aggregate %s", name)
	}
	return a
}

// aggOp is what Add does with a value, decided once from the name.
type aggOp uint8

const (
	aggCount aggOp = iota
	aggSum         // SUM and AVG
	aggMin
	aggMax
	aggSample
	aggConcat
)

type aggregate struct {
	name string
	op   aggOp
	sep  string
	seen map[rdf.Term]struct{}
	err  error
	n    int64
	best rdf.Term
	// bestKey is best prepared for MIN and MAX, to parse each value
	// once.
	bestKey OrderKey
	text    strings.Builder
	lang    string

	// The sum of SUM and AVG is exact while every value is an integer or
	// a decimal (kind is the highest kind seen): in sum, a small number,
	// while it fits, else in big at bigScale (the sum is big /
	// 10^bigScale). After the first float or double (inexact), sum is
	// the sum with the promotions of [arithNumbers] at each step.
	sum      number
	kind     numKind
	big      *big.Int
	bigScale int
	inexact  bool
	tmp      big.Int
	parsed   bigScratch // the last long decimal read
}

func (a *aggregate) Add(t rdf.Term, err error) {
	if a.err != nil {
		return
	}
	if err != nil || t.Kind == rdf.KindNone {
		if a.op == aggSum {
			a.err = typeErrorf("%s over an error or unbound value", a.name)
		}
		return
	}
	if a.seen != nil {
		if _, dup := a.seen[t]; dup {
			return
		}
		a.seen[t] = struct{}{}
	}
	a.n++
	switch a.op {
	case aggSum:
		if err := a.addNumber(t); err != nil {
			a.err = err
		}
	case aggMin, aggMax:
		k := NewOrderKey(t)
		if a.n == 1 {
			a.best, a.bestKey = t, k
			return
		}
		c := CompareOrderKeys(&k, &a.bestKey)
		if (a.op == aggMin && c < 0) || (a.op == aggMax && c > 0) {
			a.best, a.bestKey = t, k
		}
	case aggSample:
		if a.n == 1 {
			a.best = t
		}
	case aggConcat:
		if t.IsBlank() {
			a.n--
			return
		}
		if a.n == 1 {
			a.lang = t.Lang
		} else {
			a.text.WriteString(a.sep)
			if t.Lang != a.lang {
				a.lang = ""
			}
		}
		a.text.WriteString(t.Value)
	}
}

func (a *aggregate) Result() (rdf.Term, error) {
	if a.err != nil {
		return rdf.Term{}, a.err
	}
	switch a.name {
	case "COUNT":
		return intNumber(a.n).term(), nil
	case "SUM":
		return a.total().term(), nil
	case "AVG":
		if a.n == 0 {
			return intNumber(0).term(), nil
		}
		return divTerm(a.total(), intNumber(a.n))
	case "GROUP_CONCAT":
		if a.lang != "" {
			return rdf.LangString(a.text.String(), a.lang), nil
		}
		return rdf.String(a.text.String()), nil
	}
	if a.n == 0 {
		return rdf.Term{}, typeErrorf("%s of no values", a.name)
	}
	return a.best, nil
}

// addNumber adds t to the sum of SUM or AVG.
func (a *aggregate) addNumber(t rdf.Term) error {
	var x number
	var u *big.Int // the unscaled value of a big integer or decimal
	us := 0        // its scale
	if t.Kind == rdf.KindLiteral && t.Datatype == rdf.XSDDecimal {
		// A long decimal is read as an unscaled integer, not a big.Rat.
		var ok bool
		x, u, us, ok = scanDecimal(strings.TrimSpace(t.Value), &a.parsed)
		if !ok {
			return typeErrorf("invalid lexical form %q for %s", t.Value, t.Datatype)
		}
		x.kind = numDecimal
	} else {
		var err error
		if x, err = numericArg(t); err != nil {
			return err
		}
		if x.kind == numInteger && !x.small {
			u = x.r.Num()
		}
	}
	if a.inexact || x.kind >= numFloat {
		if u != nil {
			x = a.bigNumber(x.kind, u, us)
		}
		if !a.inexact {
			a.sum, a.inexact, a.big = a.total(), true, nil
		}
		a.sum, _ = arithNumbers(opAdd, a.sum, x)
		return nil
	}
	a.kind = max(a.kind, x.kind)
	if a.big == nil && u == nil {
		if s, ok := smallArith(opAdd, a.kind, a.sum, x); ok {
			a.sum = s
			return nil
		}
	}
	if a.big == nil {
		a.big, a.bigScale = big.NewInt(a.sum.i), int(a.sum.scale)
	}
	if u == nil {
		u, us = a.tmp.SetInt64(x.i), int(x.scale)
	}
	switch {
	case us > a.bigScale:
		a.big.Mul(a.big, pow10Big(us-a.bigScale))
		a.bigScale = us
	case us < a.bigScale:
		// u may be the numerator of a parsed value: not changed in place.
		u = a.tmp.Mul(u, pow10Big(a.bigScale-us))
	}
	a.big.Add(a.big, u)
	return nil
}

// bigNumber returns the number u / 10^scale of kind k (integer or decimal).
func (a *aggregate) bigNumber(k numKind, u *big.Int, scale int) number {
	if k == numInteger {
		return bigIntNumber(u)
	}
	return decNumber(new(big.Rat).SetFrac(u, pow10Big(scale)))
}

// total returns the sum of SUM and AVG.
func (a *aggregate) total() number {
	if a.big == nil || a.inexact {
		return a.sum
	}
	return a.bigNumber(a.kind, new(big.Int).Set(a.big), a.bigScale)
}
