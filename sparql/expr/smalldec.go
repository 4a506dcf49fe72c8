package expr

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Fast paths for small numbers: integers and decimals held as an int64 i
// scaled by 10^scale (scale at most 18). Each function computes exactly
// what the big.Rat path computes, and reports ok false when an int64 or the
// scale bound would be passed, for the caller to fall back on that path.

func addInt64(x, y int64) (int64, bool) {
	s := x + y
	// Overflow iff both operands have the same sign and the sum another.
	return s, (x >= 0) != (y >= 0) || (s >= 0) == (x >= 0)
}

func subInt64(x, y int64) (int64, bool) {
	d := x - y
	return d, (x >= 0) == (y >= 0) || (d >= 0) == (x >= 0)
}

func mulInt64(x, y int64) (int64, bool) {
	if x == 0 || y == 0 {
		return 0, true
	}
	hi, lo := bits.Mul64(absUint64(x), absUint64(y))
	neg := (x < 0) != (y < 0)
	switch {
	case hi != 0 || lo > 1<<63:
		return 0, false
	case lo == 1<<63:
		return math.MinInt64, neg
	case neg:
		return -int64(lo), true
	}
	return int64(lo), true
}

func absUint64(x int64) uint64 {
	if x < 0 {
		return uint64(-x) // -MinInt64 wraps to itself, 1<<63 as uint64
	}
	return uint64(x)
}

// smallArith computes x op y for two small numbers of kind integer or
// decimal (op is +, - or *); the result has kind k.
func smallArith(op arithOp, k numKind, x, y number) (number, bool) {
	var v int64
	var scale uint8
	ok := false
	switch op {
	case opAdd, opSub:
		a, b, aligned := alignScales(x, y)
		if !aligned {
			return number{}, false
		}
		if op == opAdd {
			v, ok = addInt64(a, b)
		} else {
			v, ok = subInt64(a, b)
		}
		scale = max(x.scale, y.scale)
	case opMul:
		v, ok = mulInt64(x.i, y.i)
		s := int(x.scale) + int(y.scale)
		// Trailing zeros beyond scale 18 go: the value is the same.
		for ; ok && s > 18 && v%10 == 0; s-- {
			v /= 10
		}
		ok = ok && s <= 18
		scale = uint8(s)
	}
	if !ok {
		return number{}, false
	}
	return number{kind: k, small: true, i: v, scale: scale}, true
}

// smallRound computes CEIL, FLOOR or ROUND of a small decimal: an integral
// decimal.
func smallRound(x number, mode roundMode) number {
	if x.scale == 0 {
		return x
	}
	p := pow10[x.scale]
	q, m := x.i/p, x.i%p
	if m < 0 { // floor division: m in [0, p)
		q, m = q-1, m+p
	}
	switch {
	case mode == modeCeil && m != 0:
		q++
	case mode == modeRound && 2*m >= p: // floor(x + 1/2)
		q++
	}
	// |q| < 2^63 / 10, so q+1 does not overflow.
	return number{kind: numDecimal, small: true, i: q}
}

// appendSmallDecimal appends the canonical xsd:decimal form of i / 10^scale:
// at least one digit on each side of the point, no superfluous zeros.
func appendSmallDecimal(dst []byte, i int64, scale uint8) []byte {
	var buf [24]byte
	return appendScaled(dst, i < 0, strconv.AppendUint(buf[:0], absUint64(i), 10), int(scale))
}

// appendScaled appends the canonical xsd:decimal form of the digit string
// d divided by 10^s, negative when neg (zero has no sign).
func appendScaled(dst []byte, neg bool, d []byte, s int) []byte {
	for len(d) > 0 && d[0] == '0' {
		d = d[1:]
	}
	for s > 0 && len(d) > 0 && d[len(d)-1] == '0' {
		d, s = d[:len(d)-1], s-1
	}
	if len(d) == 0 {
		return append(dst, "0.0"...)
	}
	if neg {
		dst = append(dst, '-')
	}
	switch {
	case s == 0:
		dst = append(dst, d...)
		return append(dst, ".0"...)
	case len(d) <= s:
		dst = append(dst, "0."...)
		for range s - len(d) {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	}
	dst = append(dst, d[:len(d)-s]...)
	dst = append(dst, '.')
	return append(dst, d[len(d)-s:]...)
}

// smallDivTerm returns the canonical literal of x / y for two small numbers
// of kind integer or decimal, y not zero, as [formatDecimal] would print the
// exact quotient: every digit of a finite expansion, else 20 fraction
// digits rounded half away from zero. ok is false when the expansion is
// finite but longer than 20 fraction digits.
func smallDivTerm(x, y number) (rdf.Term, bool) {
	n, d := absUint64(x.i), absUint64(y.i)
	// x / y = (n / d) * 10^e: 20 fraction digits of the result are
	// 20 + e fraction digits of n / d.
	e := int(y.scale) - int(x.scale)
	f := decimalDigits + e
	var buf [80]byte
	digits := strconv.AppendUint(buf[:0], n/d, 10)
	r := n % d
	k := 0
	for ; k < f && r != 0; k++ {
		hi, lo := bits.Mul64(r, 10)
		var q uint64
		q, r = bits.Div64(hi, lo, d) // hi < d since r < d
		digits = append(digits, byte('0'+q))
	}
	for ; k < f; k++ {
		digits = append(digits, '0')
	}
	if r != 0 {
		if !infiniteExpansion(n, d) {
			return rdf.Term{}, false
		}
		// r < d <= 2^63, so 2r does not overflow.
		if 2*r >= d {
			digits = incrementDigits(digits)
		}
	}
	// digits is the result times 10^20, without its sign.
	var out [96]byte
	lex := appendScaled(out[:0], (x.i < 0) != (y.i < 0), digits, decimalDigits)
	return rdf.Literal(string(lex), rdf.XSDDecimal), true
}

// incrementDigits adds one to a decimal digit string.
func incrementDigits(d []byte) []byte {
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] != '9' {
			d[i]++
			return d
		}
		d[i] = '0'
	}
	return append([]byte{'1'}, d...)
}

// infiniteExpansion reports whether n / d has no finite decimal expansion:
// whether d / gcd(n, d) has a prime factor other than 2 and 5.
func infiniteExpansion(n, d uint64) bool {
	a, b := n, d
	for b != 0 {
		a, b = b, a%b
	}
	d /= a
	for d%2 == 0 {
		d /= 2
	}
	for d%5 == 0 {
		d /= 5
	}
	return d != 1
}
