package expr

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// castFuncs are the XSD constructor functions (SPARQL 17.5), keyed by the
// datatype IRI.
var castFuncs = map[string]function{
	rdf.XSDString:   {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castString(a[0]) }},
	rdf.XSDBoolean:  {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castBoolean(a[0]) }},
	rdf.XSDInteger:  {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castNumeric(a[0], numInteger) }},
	rdf.XSDDecimal:  {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castNumeric(a[0], numDecimal) }},
	rdf.XSDFloat:    {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castNumeric(a[0], numFloat) }},
	rdf.XSDDouble:   {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castNumeric(a[0], numDouble) }},
	rdf.XSDDateTime: {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castDateTime(a[0], false) }},
	rdf.XSDDate:     {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return castDateTime(a[0], true) }},
}

// addDerivedCasts adds the casts to the types derived from xsd:integer: an
// integer cast, then a range check.
func addDerivedCasts() {
	for dt, r := range integerTypes {
		if dt == rdf.XSDInteger {
			continue
		}
		castFuncs[dt] = function{1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
			t, err := castNumeric(a[0], numInteger)
			if err != nil {
				return rdf.Term{}, err
			}
			n, _, _ := parseNumber(t)
			if !inRange(n, r) {
				return rdf.Term{}, typeErrorf("%s out of range for %s", t.Value, dt)
			}
			t.Datatype = dt
			return t, nil
		}}
	}
}

// Cast converts t to the XSD datatype dt following the cast table of SPARQL
// 17.5 (a type error where the table says so or the value does not fit).
func Cast(t rdf.Term, dt string) (rdf.Term, error) {
	if _, ok := castFuncs[dt]; !ok {
		return rdf.Term{}, typeErrorf("no cast to %s", dt)
	}
	return Call(nil, dt, []rdf.Term{t})
}

func castString(t rdf.Term) (rdf.Term, error) {
	switch {
	case t.IsIRI():
		return rdf.String(t.Value), nil
	case !t.IsLiteral():
		return rdf.Term{}, typeErrorf("cannot cast %s to xsd:string", t)
	case t.Datatype == rdf.XSDString || t.Datatype == rdf.RDFLangString:
		return rdf.String(t.Value), nil
	}
	v := classify(t)
	switch v.class {
	case classNumeric:
		return rdf.String(formatXPathString(v.num)), nil
	case classBoolean:
		return rdf.String(Bool(v.b).Value), nil
	case classInvalid:
		return rdf.Term{}, typeErrorf("cannot cast ill-typed %s", t)
	}
	return rdf.String(t.Value), nil
}

func castBoolean(t rdf.Term) (rdf.Term, error) {
	v := classify(t)
	switch {
	case v.class == classBoolean:
		return Bool(v.b), nil
	case v.class == classNumeric:
		return Bool(v.num.sign() != 0 && !v.num.isNaN()), nil
	case isSimple(t):
		if b, ok := parseBoolean(strings.TrimSpace(t.Value)); ok {
			return Bool(b), nil
		}
	}
	return rdf.Term{}, typeErrorf("cannot cast %s to xsd:boolean", t)
}

func castNumeric(t rdf.Term, k numKind) (rdf.Term, error) {
	var n number
	v := classify(t)
	switch {
	case v.class == classNumeric:
		n = v.num
	case v.class == classBoolean:
		n = intNumber(0)
		if v.b {
			n = intNumber(1)
		}
	case isSimple(t):
		s := strings.TrimSpace(t.Value)
		var ok bool
		switch k {
		case numInteger:
			n, ok = parseIntegerLex(s)
		case numDecimal:
			n, ok = parseDecimalLex(s)
		case numFloat:
			n, ok = parseFloatLex(s, 32)
		default:
			n, ok = parseFloatLex(s, 64)
		}
		if !ok {
			return rdf.Term{}, typeErrorf("cannot cast %q to %s", t.Value, kindName(k))
		}
	default:
		return rdf.Term{}, typeErrorf("cannot cast %s to %s", t, kindName(k))
	}
	if k <= numDecimal && (n.kind == numFloat || n.kind == numDouble) {
		if math.IsNaN(n.f) || math.IsInf(n.f, 0) {
			return rdf.Term{}, typeErrorf("cannot cast %s to %s", formatFloat(n.f, 64), kindName(k))
		}
		bits := 64
		if n.kind == numFloat {
			bits = 32
		}
		// The shortest decimal that reads back as the float (no exponent).
		n, _ = parseDecimalLex(strconv.FormatFloat(n.f, 'f', -1, bits))
	}
	if k == numInteger && n.kind == numDecimal {
		if n.small {
			// Go's division truncates towards zero, as the cast does.
			return intNumber(n.i / pow10[n.scale]).term(), nil
		}
		r := n.rat()
		return bigIntNumber(new(big.Int).Quo(r.Num(), r.Denom())).term(), nil
	}
	if k == numInteger {
		return n.term(), nil
	}
	return n.as(k).term(), nil
}

func kindName(k numKind) string {
	switch k {
	case numInteger:
		return "xsd:integer"
	case numDecimal:
		return "xsd:decimal"
	case numFloat:
		return "xsd:float"
	}
	return "xsd:double"
}

func castDateTime(t rdf.Term, toDate bool) (rdf.Term, error) {
	dt := rdf.XSDDateTime
	if toDate {
		dt = rdf.XSDDate
	}
	if isSimple(t) {
		s := strings.TrimSpace(t.Value)
		if _, ok := parseDateTimeLex(s, toDate); ok {
			return rdf.Literal(s, dt), nil
		}
		return rdf.Term{}, typeErrorf("cannot cast %q to %s", t.Value, dt)
	}
	d, ok, err := parseDateTimeTerm(t)
	switch {
	case err != nil:
		return rdf.Term{}, err
	case !ok:
		return rdf.Term{}, typeErrorf("cannot cast %s to %s", t, dt)
	case d.isDate == toDate:
		return t, nil
	}
	lex := strings.TrimSpace(t.Value)
	if toDate {
		// Keep the date part and the time zone of a dateTime.
		i := strings.IndexByte(lex[1:], 'T') + 1
		return rdf.Literal(lex[:i]+d.tzLex, dt), nil
	}
	datePart := strings.TrimSuffix(lex, d.tzLex)
	return rdf.Literal(datePart+"T00:00:00"+d.tzLex, dt), nil
}
