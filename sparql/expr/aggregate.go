package expr

import (
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
	a := &aggregate{name: name, sep: separator, sum: intNumber(0)}
	if separator == "" && name == "GROUP_CONCAT" {
		a.sep = " "
	}
	if distinct {
		a.seen = make(map[rdf.Term]struct{})
	}
	switch name {
	case "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT":
	default:
		a.err = typeErrorf("unknown aggregate %s", name)
	}
	return a
}

type aggregate struct {
	name string
	sep  string
	seen map[rdf.Term]struct{}
	err  error
	n    int64
	sum  number
	best rdf.Term
	text strings.Builder
	lang string
}

func (a *aggregate) Add(t rdf.Term, err error) {
	if a.err != nil {
		return
	}
	if err != nil || t.Kind == rdf.KindNone {
		if a.name == "SUM" || a.name == "AVG" {
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
	switch a.name {
	case "SUM", "AVG":
		x, err := numericArg(t)
		if err != nil {
			a.err = err
			return
		}
		a.sum, _ = arithNumbers(opAdd, a.sum, x)
	case "MIN":
		if a.n == 1 || OrderCompare(t, a.best) < 0 {
			a.best = t
		}
	case "MAX":
		if a.n == 1 || OrderCompare(t, a.best) > 0 {
			a.best = t
		}
	case "SAMPLE":
		if a.n == 1 {
			a.best = t
		}
	case "GROUP_CONCAT":
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
		return a.sum.term(), nil
	case "AVG":
		if a.n == 0 {
			return intNumber(0).term(), nil
		}
		n, err := arithNumbers(opDiv, a.sum, intNumber(a.n))
		if err != nil {
			return rdf.Term{}, err
		}
		return n.term(), nil
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
