package expr

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// numKind is a numeric type in promotion order (SPARQL 17.3, XPath B.1).
type numKind uint8

const (
	numNone numKind = iota
	numInteger
	numDecimal
	numFloat
	numDouble
)

// number is a parsed numeric value. Integers and decimals with at most 18
// digits are held in i (small is set) as i / 10^scale (scale is 0 for an
// integer); other integers and decimals in r; float and double values in f
// (a float is a float64 holding a float32 value).
type number struct {
	kind  numKind
	small bool
	scale uint8
	i     int64
	r     *big.Rat
	f     float64
}

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

type intRange struct{ min, max *big.Int }

func bigInt(s string) *big.Int {
	n, _ := new(big.Int).SetString(s, 10)
	return n
}

// integerTypes lists xsd:integer and its derived types with their bounds
// (nil for unbounded).
var integerTypes = map[string]intRange{
	rdf.XSDInteger:        {},
	xsdLong:               {bigInt("-9223372036854775808"), bigInt("9223372036854775807")},
	xsdInt:                {bigInt("-2147483648"), bigInt("2147483647")},
	xsdShort:              {bigInt("-32768"), bigInt("32767")},
	xsdByte:               {bigInt("-128"), bigInt("127")},
	xsdNonNegativeInteger: {bigInt("0"), nil},
	xsdPositiveInteger:    {bigInt("1"), nil},
	xsdNonPositiveInteger: {nil, bigInt("0")},
	xsdNegativeInteger:    {nil, bigInt("-1")},
	xsdUnsignedLong:       {bigInt("0"), bigInt("18446744073709551615")},
	xsdUnsignedInt:        {bigInt("0"), bigInt("4294967295")},
	xsdUnsignedShort:      {bigInt("0"), bigInt("65535")},
	xsdUnsignedByte:       {bigInt("0"), bigInt("255")},
}

// numericKind returns the numeric kind of a datatype IRI, or numNone.
func numericKind(dt string) numKind {
	switch dt {
	case rdf.XSDInteger:
		return numInteger
	case rdf.XSDDecimal:
		return numDecimal
	case rdf.XSDFloat:
		return numFloat
	case rdf.XSDDouble:
		return numDouble
	case xsdLong, xsdInt, xsdShort, xsdByte, xsdNonNegativeInteger, xsdPositiveInteger,
		xsdNonPositiveInteger, xsdNegativeInteger, xsdUnsignedLong, xsdUnsignedInt,
		xsdUnsignedShort, xsdUnsignedByte:
		// The types derived from xsd:integer (integerTypes), as constants:
		// a switch, not a map lookup, for the common case of no number.
		return numInteger
	}
	return numNone
}

// IsNumeric reports whether t is a literal of a numeric datatype with a
// valid lexical form (the ISNUMERIC function).
func IsNumeric(t rdf.Term) bool {
	_, ok, err := parseNumber(t)
	return ok && err == nil
}

// parseNumber parses a numeric literal. ok is false when t is not a literal
// of a numeric datatype; err is set when it is but its lexical form is not
// valid for the datatype.
func parseNumber(t rdf.Term) (n number, ok bool, err error) {
	if t.Kind != rdf.KindLiteral {
		return number{}, false, nil
	}
	k := numericKind(t.Datatype)
	if k == numNone {
		return number{}, false, nil
	}
	lex := strings.TrimSpace(t.Value)
	switch k {
	case numInteger:
		n, ok = parseIntegerLex(lex)
		if ok && t.Datatype != rdf.XSDInteger && !inRange(n, integerTypes[t.Datatype]) {
			ok = false
		}
	case numDecimal:
		n, ok = parseDecimalLex(lex)
	case numFloat:
		n, ok = parseFloatLex(lex, 32)
	case numDouble:
		n, ok = parseFloatLex(lex, 64)
	}
	if !ok {
		return number{}, true, typeErrorf("invalid lexical form %q for %s", t.Value, t.Datatype)
	}
	return n, true, nil
}

func inRange(n number, r intRange) bool {
	v := n.bigInt()
	if r.min != nil && v.Cmp(r.min) < 0 {
		return false
	}
	return r.max == nil || v.Cmp(r.max) <= 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func splitSign(s string) (neg bool, rest string) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return s[0] == '-', s[1:]
	}
	return false, s
}

func parseIntegerLex(s string) (number, bool) {
	neg, digits := splitSign(s)
	if len(digits) <= 18 {
		// At most 18 digits fit an int64: no overflow check is needed.
		if digits == "" {
			return number{}, false
		}
		var v int64
		for i := 0; i < len(digits); i++ {
			c := digits[i]
			if c < '0' || c > '9' {
				return number{}, false
			}
			v = v*10 + int64(c-'0')
		}
		if neg {
			v = -v
		}
		return intNumber(v), true
	}
	if !allDigits(digits) {
		return number{}, false
	}
	v, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return number{}, false
	}
	if neg {
		v.Neg(v)
	}
	return bigIntNumber(v), true
}

// parseDecimalLex parses an xsd:decimal lexical form: an optional sign,
// digits with at most one point, at least one digit. With at most 18 digits
// in all the value is small; otherwise it is a big.Rat.
func parseDecimalLex(s string) (number, bool) {
	n, u, scale, ok := scanDecimal(s, new(bigScratch))
	if !ok || u == nil {
		return n, ok
	}
	return number{kind: numDecimal, r: new(big.Rat).SetFrac(u, pow10Big(scale))}, true
}

// bigScratch is where [scanDecimal] reads a long decimal.
type bigScratch struct{ u, chunk big.Int }

// scanDecimal parses an xsd:decimal lexical form. A value of at most 18
// digits is returned as a small number; a longer one as its unscaled value
// u (&sc.u) and its scale: the value is u / 10^scale.
func scanDecimal(s string, sc *bigScratch) (n number, u *big.Int, scale int, ok bool) {
	neg, body := splitSign(s)
	var v int64
	nd, dot := 0, -1
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= '0' && c <= '9':
			if nd < 18 {
				v = v*10 + int64(c-'0')
			}
			nd++
		case c == '.' && dot < 0:
			dot = i
		default:
			return number{}, nil, 0, false
		}
	}
	if nd == 0 {
		return number{}, nil, 0, false
	}
	if dot >= 0 {
		scale = len(body) - dot - 1
	}
	if nd > 18 {
		return number{}, bigDigits(sc, neg, body), scale, true
	}
	if neg {
		v = -v
	}
	return number{kind: numDecimal, small: true, i: v, scale: uint8(scale)}, nil, 0, true
}

// bigDigits sets sc.u to the integer written by the digits of body (a
// point in it is skipped), negated when neg, reading 18 digits at a time.
func bigDigits(sc *bigScratch, neg bool, body string) *big.Int {
	u, chunk := &sc.u, &sc.chunk
	u.SetInt64(0)
	var v int64
	k := 0
	for i := 0; i < len(body); i++ {
		if body[i] == '.' {
			continue
		}
		v = v*10 + int64(body[i]-'0')
		if k++; k == 18 {
			u.Mul(u, pow10Big(k))
			u.Add(u, chunk.SetInt64(v))
			v, k = 0, 0
		}
	}
	if k > 0 {
		u.Mul(u, pow10Big(k))
		u.Add(u, chunk.SetInt64(v))
	}
	if neg {
		u.Neg(u)
	}
	return u
}

var big10 = big.NewInt(10)

// bigPow10 holds 10^0 to 10^64, shared: never to be changed.
var bigPow10 = func() (t [65]*big.Int) {
	for k := range t {
		t[k] = new(big.Int).Exp(big10, big.NewInt(int64(k)), nil)
	}
	return t
}()

// pow10Big returns 10^k. The result may be shared: callers must not change
// it.
func pow10Big(k int) *big.Int {
	if k < len(bigPow10) {
		return bigPow10[k]
	}
	return new(big.Int).Exp(big10, big.NewInt(int64(k)), nil)
}

// validFloatLex checks the xsd:double lexical space (without INF and NaN).
func validFloatLex(s string) bool {
	_, body := splitSign(s)
	mant, exp, hasExp := body, "", false
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		mant, exp, hasExp = body[:i], body[i+1:], true
	}
	if hasExp {
		_, e := splitSign(exp)
		if !allDigits(e) {
			return false
		}
	}
	ip, fp, _ := strings.Cut(mant, ".")
	if ip == "" && fp == "" {
		return false
	}
	return (ip == "" || allDigits(ip)) && (fp == "" || allDigits(fp))
}

func parseFloatLex(s string, bits int) (number, bool) {
	kind := numDouble
	if bits == 32 {
		kind = numFloat
	}
	var f float64
	switch s {
	case "INF", "+INF":
		f = math.Inf(1)
	case "-INF":
		f = math.Inf(-1)
	case "NaN":
		f = math.NaN()
	default:
		if !validFloatLex(s) {
			return number{}, false
		}
		v, err := strconv.ParseFloat(s, bits)
		if err != nil && !isRangeErr(err) {
			return number{}, false
		}
		f = v
	}
	return number{kind: kind, f: f}, true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func intNumber(v int64) number { return number{kind: numInteger, small: true, i: v} }

func bigIntNumber(v *big.Int) number {
	if v.IsInt64() {
		return intNumber(v.Int64())
	}
	return number{kind: numInteger, r: new(big.Rat).SetInt(v)}
}

func decNumber(r *big.Rat) number { return number{kind: numDecimal, r: r} }

func floatNumber(kind numKind, f float64) number {
	if kind == numFloat {
		f = float64(float32(f))
	}
	return number{kind: kind, f: f}
}

// bigInt returns the value of an integer number as a big.Int.
func (n number) bigInt() *big.Int {
	if n.small {
		return big.NewInt(n.i)
	}
	if n.r != nil {
		return new(big.Int).Quo(n.r.Num(), n.r.Denom())
	}
	return new(big.Int)
}

// rat returns the value of an integer or decimal number as a big.Rat.
func (n number) rat() *big.Rat {
	if n.small {
		if n.scale > 0 {
			return new(big.Rat).SetFrac64(n.i, pow10[n.scale])
		}
		return new(big.Rat).SetInt64(n.i)
	}
	if n.r != nil {
		return n.r
	}
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(n.f, 'f', -1, 64))
	if r == nil {
		return new(big.Rat)
	}
	return r
}

// float returns the value as a float64.
func (n number) float() float64 {
	switch {
	case n.small && n.scale == 0:
		return float64(n.i)
	case n.small && n.i < 1<<53 && n.i > -(1<<53):
		// Both operands are exact, so the IEEE quotient is correctly rounded.
		return float64(n.i) / float64(pow10[n.scale])
	case n.small:
		f, _ := n.rat().Float64()
		return f
	case n.kind == numInteger || n.kind == numDecimal:
		f, _ := n.r.Float64()
		return f
	}
	return n.f
}

// as converts n to a kind at least as high in the promotion order.
func (n number) as(k numKind) number {
	if n.kind == k {
		return n
	}
	switch k {
	case numDecimal:
		if n.small {
			n.kind = numDecimal
			return n
		}
		return decNumber(n.rat())
	case numFloat, numDouble:
		return floatNumber(k, n.float())
	}
	return n
}

func (n number) sign() int {
	switch {
	case n.small:
		switch {
		case n.i < 0:
			return -1
		case n.i > 0:
			return 1
		}
		return 0
	case n.kind == numInteger || n.kind == numDecimal:
		return n.r.Sign()
	case n.f < 0:
		return -1
	case n.f > 0:
		return 1
	}
	return 0
}

func (n number) isNaN() bool {
	return (n.kind == numFloat || n.kind == numDouble) && math.IsNaN(n.f)
}

// cmpNumbers compares two numbers after promotion. unordered is set when
// one is NaN.
func cmpNumbers(a, b number) (c int, unordered bool) {
	if a.small && b.small {
		x, y, ok := alignScales(a, b)
		if ok {
			switch {
			case x < y:
				return -1, false
			case x > y:
				return 1, false
			}
			return 0, false
		}
	}
	k := max(a.kind, b.kind)
	if k <= numDecimal {
		return a.rat().Cmp(b.rat()), false
	}
	x, y := a.as(k).f, b.as(k).f
	switch {
	case math.IsNaN(x) || math.IsNaN(y):
		return 0, true
	case x < y:
		return -1, false
	case x > y:
		return 1, false
	}
	return 0, false
}

// alignScales returns the unscaled values of two small numbers at a common
// scale; ok is false on overflow.
func alignScales(a, b number) (x, y int64, ok bool) {
	x, y = a.i, b.i
	switch {
	case a.scale < b.scale:
		x, ok = mulPow10(x, b.scale-a.scale)
	case a.scale > b.scale:
		y, ok = mulPow10(y, a.scale-b.scale)
	default:
		ok = true
	}
	return x, y, ok
}

func mulPow10(v int64, k uint8) (int64, bool) {
	p := pow10[k]
	if v > math.MaxInt64/p || v < math.MinInt64/p {
		return 0, false
	}
	return v * p, true
}
