package expr

import (
	"bytes"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// term returns the canonical literal for n.
func (n number) term() rdf.Term {
	switch n.kind {
	case numInteger:
		if n.small {
			return rdf.Literal(formatInt(n.i), rdf.XSDInteger)
		}
		return rdf.Literal(n.bigInt().String(), rdf.XSDInteger)
	case numDecimal:
		if n.small {
			var buf [32]byte
			return rdf.Literal(string(appendSmallDecimal(buf[:0], n.i, n.scale)), rdf.XSDDecimal)
		}
		return rdf.Literal(formatDecimal(n.rat()), rdf.XSDDecimal)
	case numFloat:
		return rdf.Literal(formatFloat(n.f, 32), rdf.XSDFloat)
	default:
		return rdf.Literal(formatFloat(n.f, 64), rdf.XSDDouble)
	}
}

// smallInts holds the decimal forms of the integers 0 to 4095 end to end:
// the form of i is smallInts[smallIntEnd[i]:smallIntEnd[i+1]].
// Counts, years, months and days are formatted without allocating.
var (
	smallInts   string
	smallIntEnd [4097]uint16
)

func init() {
	var b []byte
	for i := range len(smallIntEnd) - 1 {
		b = strconv.AppendInt(b, int64(i), 10)
		smallIntEnd[i+1] = uint16(len(b))
	}
	smallInts = string(b)
}

// formatInt returns the decimal form of i.
func formatInt(i int64) string {
	if i >= 0 && i < int64(len(smallIntEnd)-1) {
		return smallInts[smallIntEnd[i]:smallIntEnd[i+1]]
	}
	return strconv.FormatInt(i, 10)
}

// decimalDigits is the number of fraction digits kept when a decimal result
// has no finite decimal expansion (for example 1/3).
const decimalDigits = 20

var (
	big2 = big.NewInt(2)
	big5 = big.NewInt(5)
)

// formatDecimal returns the canonical xsd:decimal form of r (XSD 1.0: at
// least one digit on each side of the point, no superfluous zeros).
func formatDecimal(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String() + ".0"
	}
	d := new(big.Int).Set(r.Denom())
	var c2, c5 int
	m := new(big.Int)
	for {
		q, rem := new(big.Int).QuoRem(d, big2, m)
		if rem.Sign() != 0 {
			break
		}
		d, c2 = q, c2+1
	}
	for {
		q, rem := new(big.Int).QuoRem(d, big5, m)
		if rem.Sign() != 0 {
			break
		}
		d, c5 = q, c5+1
	}
	digits := max(c2, c5)
	if d.Cmp(big.NewInt(1)) != 0 {
		digits = decimalDigits
	}
	s := r.FloatString(digits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		if strings.HasSuffix(s, ".") {
			s += "0"
		}
	}
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

// formatFloat returns the canonical xsd:double (bits 64) or xsd:float
// (bits 32) form: "1.5E0", "1.0E2", "INF", "-INF", "NaN".
func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	}
	var buf [40]byte
	b := strconv.AppendFloat(buf[:0], f, 'E', -1, bits)
	// b is [-]d[.ddd]E(+|-)dd: add ".0" to a one-digit mantissa, drop the
	// exponent's plus sign and leading zeros.
	e := bytes.IndexByte(b, 'E')
	var out [48]byte
	s := append(out[:0], b[:e]...)
	if bytes.IndexByte(b[:e], '.') < 0 {
		s = append(s, '.', '0')
	}
	s = append(s, 'E')
	exp := b[e+1:]
	if exp[0] == '-' {
		s = append(s, '-')
	}
	exp = exp[1:]
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	s = append(s, exp...)
	return string(s)
}

// formatXPathString returns the string form of a number used by a cast to
// xsd:string (XPath 2.0 17.1.2): integral decimals without a point, floats
// between 1e-6 and 1e6 in plain notation.
func formatXPathString(n number) string {
	switch n.kind {
	case numInteger:
		return n.term().Value
	case numDecimal:
		if n.small && n.i%pow10[n.scale] == 0 {
			return strconv.FormatInt(n.i/pow10[n.scale], 10)
		}
		if n.small {
			return n.term().Value
		}
		if r := n.rat(); r.IsInt() {
			return r.Num().String()
		}
		return formatDecimal(n.rat())
	}
	bits := 64
	if n.kind == numFloat {
		bits = 32
	}
	a := math.Abs(n.f)
	if a == 0 || (a >= 1e-6 && a < 1e6) {
		return strconv.FormatFloat(n.f, 'f', -1, bits)
	}
	return formatFloat(n.f, bits)
}

// Canonical returns the canonical form of a numeric or boolean literal with
// a valid lexical form ("01"^^xsd:integer becomes "1"^^xsd:integer, "1.50"
// becomes "1.5", "1E0"^^xsd:double becomes "1.0E0", "1"^^xsd:boolean
// becomes "true"), keeping its datatype; any other term is returned as is.
func Canonical(t rdf.Term) rdf.Term {
	if t.Kind != rdf.KindLiteral {
		return t
	}
	if t.Datatype == rdf.XSDBoolean {
		if b, ok := parseBoolean(strings.TrimSpace(t.Value)); ok {
			return Bool(b)
		}
		return t
	}
	n, ok, err := parseNumber(t)
	if !ok || err != nil {
		return t
	}
	c := n.term()
	c.Datatype = t.Datatype
	return c
}
