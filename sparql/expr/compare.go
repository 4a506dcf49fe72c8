package expr

import (
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// valueClass groups literals whose values can be compared with each other.
type valueClass uint8

const (
	classNotLiteral valueClass = iota
	classNumeric
	classString
	classBoolean
	classDateTime
	classDate
	classLang
	classOther   // a datatype this package does not know
	classInvalid // a known datatype with an invalid lexical form
)

// value is a classified literal.
type value struct {
	class valueClass
	num   number
	b     bool
	dt    dateTime
}

func classify(t rdf.Term) value {
	if t.Kind != rdf.KindLiteral {
		return value{class: classNotLiteral}
	}
	switch t.Datatype {
	case rdf.XSDString:
		return value{class: classString}
	case rdf.RDFLangString:
		return value{class: classLang}
	case rdf.XSDBoolean:
		b, ok := parseBoolean(strings.TrimSpace(t.Value))
		if !ok {
			return value{class: classInvalid}
		}
		return value{class: classBoolean, b: b}
	case rdf.XSDDateTime, rdf.XSDDate:
		d, _, err := parseDateTimeTerm(t)
		if err != nil {
			return value{class: classInvalid}
		}
		if d.isDate {
			return value{class: classDate, dt: d}
		}
		return value{class: classDateTime, dt: d}
	}
	if t.Lang != "" {
		return value{class: classLang}
	}
	n, ok, err := parseNumber(t)
	switch {
	case !ok:
		return value{class: classOther}
	case err != nil:
		return value{class: classInvalid}
	}
	return value{class: classNumeric, num: n}
}

// SameTerm reports whether a and b are the same RDF term (sameTerm).
func SameTerm(a, b rdf.Term) bool { return a == b }

// EBV returns the effective boolean value of t (SPARQL 17.2.2). Booleans,
// numerics and strings have one (ill-typed booleans and numerics are false);
// any other term is a type error.
func EBV(t rdf.Term) (bool, error) {
	if t.Kind == rdf.KindLiteral {
		switch t.Datatype {
		case rdf.XSDBoolean:
			b, _ := parseBoolean(strings.TrimSpace(t.Value))
			return b, nil
		case rdf.XSDString, rdf.RDFLangString:
			return t.Value != "", nil
		}
		n, ok, err := parseNumber(t)
		if ok {
			if err != nil {
				return false, nil
			}
			return n.sign() != 0 && !n.isNaN(), nil
		}
	}
	return false, typeErrorf("no effective boolean value for %s", termDesc(t))
}

func termDesc(t rdf.Term) string {
	if t.Kind == rdf.KindNone {
		return "an unbound value"
	}
	return t.String()
}

// Equal implements the = operator (SPARQL 17.3 operator mapping): value
// equality for numerics, strings, booleans and date/times (across the
// numeric types), RDFterm-equal otherwise, with language tags compared
// case-insensitively. Comparing a literal of an unknown
// or ill-typed datatype with a different literal is a type error, as is an
// indeterminate date/time comparison. Literals of different known datatypes
// are unequal.
func Equal(a, b rdf.Term) (bool, error) {
	if a.Kind == rdf.KindNone || b.Kind == rdf.KindNone {
		return false, typeErrorf("comparison with an unbound value")
	}
	if a.Kind != rdf.KindLiteral || b.Kind != rdf.KindLiteral {
		return a == b, nil
	}
	if c, ok, unordered := cmpNumericTerms(a, b); ok {
		return c == 0 && !unordered, nil
	}
	va, vb := classify(a), classify(b)
	if va.class == vb.class {
		switch va.class {
		case classNumeric:
			c, unordered := cmpNumbers(va.num, vb.num)
			return c == 0 && !unordered, nil
		case classString:
			return a.Value == b.Value, nil
		case classBoolean:
			return va.b == vb.b, nil
		case classDateTime, classDate:
			c, err := cmpDateTimes(va.dt, vb.dt)
			return c == 0 && err == nil, err
		}
	}
	if a == b {
		return true, nil
	}
	switch {
	case va.class == classLang && vb.class == classLang:
		// Language tags are case-insensitive (RDF 1.1, BCP 47).
		return a.Value == b.Value && strings.EqualFold(a.Lang, b.Lang), nil
	case va.class == classLang || vb.class == classLang:
		return false, nil
	case va.class >= classOther || vb.class >= classOther:
		return false, typeErrorf("cannot compare %s and %s", a, b)
	}
	return false, nil
}

// Compare implements the ordering operators < <= > >= (SPARQL 17.3): it
// compares numerics (with promotion), simple literals and xsd:strings (by
// code point), booleans and date/times of the same type. Any other pair, an
// indeterminate date/time comparison and a comparison with NaN are type
// errors; use [Relational] for the exact NaN semantics.
func Compare(a, b rdf.Term) (int, error) {
	va, vb := classify(a), classify(b)
	return compareValues(a, b, &va, &vb)
}

// compareValues is [Compare] of a and b classified as va and vb.
func compareValues(a, b rdf.Term, va, vb *value) (int, error) {
	if va.class != vb.class {
		return 0, typeErrorf("cannot compare %s and %s", termDesc(a), termDesc(b))
	}
	switch va.class {
	case classNumeric:
		c, unordered := cmpNumbers(va.num, vb.num)
		if unordered {
			return 0, typeErrorf("comparison with NaN")
		}
		return c, nil
	case classString:
		return strings.Compare(a.Value, b.Value), nil
	case classBoolean:
		switch {
		case va.b == vb.b:
			return 0, nil
		case vb.b:
			return -1, nil
		}
		return 1, nil
	case classDateTime, classDate:
		return cmpDateTimes(va.dt, vb.dt)
	}
	return 0, typeErrorf("cannot compare %s and %s", termDesc(a), termDesc(b))
}

// Relational evaluates a SPARQL relational operator: "=", "!=", "<", ">",
// "<=" or ">=". A comparison involving NaN is false (true for "!="), not an
// error.
func Relational(op string, a, b rdf.Term) (bool, error) {
	switch op {
	case "=":
		return Equal(a, b)
	case "!=":
		eq, err := Equal(a, b)
		return !eq && err == nil, err
	}
	if c, ok, unordered := cmpNumericTerms(a, b); ok {
		if unordered {
			return false, nil
		}
		return relation(op, c)
	}
	va, vb := classify(a), classify(b)
	var c int
	if va.class == classNumeric && vb.class == classNumeric {
		var unordered bool
		if c, unordered = cmpNumbers(va.num, vb.num); unordered {
			return false, nil
		}
	} else {
		var err error
		if c, err = compareValues(a, b, &va, &vb); err != nil {
			return false, err
		}
	}
	return relation(op, c)
}

// relation applies an ordering operator to the result of a comparison.
func relation(op string, c int) (bool, error) {
	switch op {
	case "<":
		return c < 0, nil
	case ">":
		return c > 0, nil
	case "<=":
		return c <= 0, nil
	case ">=":
		return c >= 0, nil
	}
	return false, typeErrorf("unknown operator %q", op)
}

// cmpNumericTerms compares two valid numeric literals without classifying
// them otherwise (what [classify] would find for them): ok is false when
// either is something else.
func cmpNumericTerms(a, b rdf.Term) (c int, ok, unordered bool) {
	if a.Lang != "" || b.Lang != "" {
		return 0, false, false
	}
	x, ok, err := parseNumber(a)
	if !ok || err != nil {
		return 0, false, false
	}
	y, ok, err := parseNumber(b)
	if !ok || err != nil {
		return 0, false, false
	}
	c, unordered = cmpNumbers(x, y)
	return c, true, unordered
}

// orderRank gives the ORDER BY rank of a term's kind.
func orderRank(t rdf.Term) int {
	switch t.Kind {
	case rdf.KindNone:
		return 0
	case rdf.KindBlank:
		return 1
	case rdf.KindIRI:
		return 2
	}
	return 3
}

// OrderCompare is the total order of ORDER BY (SPARQL 15.1): unbound, then
// blank nodes, IRIs and literals. Literals are grouped (numerics, strings,
// booleans, dateTimes, dates, language-tagged strings, others) and compared
// by value inside a group; ties and incomparable values fall back to the
// lexical form, datatype and language tag, so the order is deterministic.
func OrderCompare(a, b rdf.Term) int {
	ka, kb := NewOrderKey(a), NewOrderKey(b)
	return CompareOrderKeys(&ka, &kb)
}

// OrderKey is a term prepared for [OrderCompare]: a literal is parsed
// once, so that sorting n rows parses each key once instead of at each of
// the n log n comparisons.
type OrderKey struct {
	Term rdf.Term
	v    orderValue
}

// orderValue is what ORDER BY compares of a literal before its lexical
// form: its group and, by group, its number, truth value or instant.
type orderValue struct {
	class          valueClass
	b              bool
	num            number
	instant, nanos int64
}

// NewOrderKey prepares t for [CompareOrderKeys].
func NewOrderKey(t rdf.Term) OrderKey {
	k := OrderKey{Term: t}
	if t.Kind == rdf.KindLiteral {
		v := classify(t)
		k.v = orderValue{class: v.class, b: v.b, num: v.num, instant: v.dt.instant, nanos: v.dt.nanos}
	}
	return k
}

// CompareOrderKeys is [OrderCompare] of the keys' terms.
func CompareOrderKeys(ka, kb *OrderKey) int {
	a, b := ka.Term, kb.Term
	if ra, rb := orderRank(a), orderRank(b); ra != rb {
		return ra - rb
	}
	if a.Kind != rdf.KindLiteral {
		return strings.Compare(a.Value, b.Value)
	}
	va, vb := &ka.v, &kb.v
	if va.class != vb.class {
		return int(va.class) - int(vb.class)
	}
	switch va.class {
	case classNumeric:
		c, unordered := cmpNumbers(va.num, vb.num)
		if unordered {
			// NaN sorts before every number.
			na, nb := va.num.isNaN(), vb.num.isNaN()
			switch {
			case na && !nb:
				return -1
			case nb && !na:
				return 1
			}
		} else if c != 0 {
			return c
		}
	case classBoolean:
		if va.b != vb.b {
			if vb.b {
				return -1
			}
			return 1
		}
	case classDateTime, classDate:
		// A total order: values without a time zone are placed as if in
		// UTC, where the = and < operators would find them indeterminate.
		if c := cmpInstant(va.instant, va.nanos, vb.instant, vb.nanos); c != 0 {
			return c
		}
	case classLang:
		if c := strings.Compare(a.Lang, b.Lang); c != 0 {
			return c
		}
	}
	return rdf.Compare(a, b)
}
