package expr

import (
	"math"
	"math/big"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// The small-number fast paths are checked against the math/big path they
// stand for: every operation is computed both ways and must give the same
// literal (or both an error).

// slow returns n held in a big.Rat: the arithmetic takes the big path.
func slow(n number) number {
	switch {
	case !n.small:
		return n
	case n.kind == numInteger:
		return number{kind: numInteger, r: new(big.Rat).SetInt64(n.i)}
	}
	return decNumber(n.rat())
}

// refTerm is the literal of n printed by the big path.
func refTerm(n number) rdf.Term { return slow(n).term() }

func refArith(op arithOp, x, y number) (rdf.Term, error) {
	k := max(x.kind, y.kind)
	if op == opDiv && k == numInteger {
		k = numDecimal
	}
	n, err := bigArith(op, k, slow(x), slow(y))
	if err != nil {
		return rdf.Term{}, err
	}
	return refTerm(n), nil
}

var ops = []struct {
	op   arithOp
	name string
	fn   func(a, b rdf.Term) (rdf.Term, error)
}{{opAdd, "+", Add}, {opSub, "-", Sub}, {opMul, "*", Mul}, {opDiv, "/", Div}}

// boundaryLex are operands at the edges of the small representation.
var boundaryLex = []string{
	"0", "-0", "0.0", "-0.0", "+0.000", "1", "-1", "2", "2.0", "2.000", "-2.0", "7", "3", "0.3", "1.1",
	"0.5", "-0.5", "1.5", "2.5", "-2.5", "100.00", "86.7", "185.5", "-185.5",
	"9223372036854775807", "-9223372036854775808", "9223372036854775806", "-9223372036854775807",
	"4611686018427387904", "-4611686018427387904", "3037000499", "3037000500", "-3037000500",
	"3037000499.97604969", "999999999999999999", "-999999999999999999", "99999999999999999.9",
	"999999999.999999999", "0.999999999999999999", "-0.999999999999999999",
	"0.000000000000000001", "-0.000000000000000001", "0.000000000000000005", "0.00000000000000002",
	"0.100000000000000000", "1.000000000000000000", "922337203685477580.7", "92233720368547758.07",
	"0.0000000000000000001", "123456789012345678901234567890.5", "1024", "0.0009765625", "0.2",
	"0.25", "0.125", "33.3", "0.7",
}

func lexNumber(t *testing.T, lex string) number {
	t.Helper()
	dt := rdf.XSDInteger
	if strings.Contains(lex, ".") {
		dt = rdf.XSDDecimal
	}
	n, err := numericArg(rdf.Literal(lex, dt))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func checkSame(t *testing.T, what string, got rdf.Term, gotErr error, want rdf.Term, wantErr error) {
	t.Helper()
	if (gotErr != nil) != (wantErr != nil) || got != want {
		t.Fatalf("%s = %v (err %v), big path %v (err %v)", what, got, gotErr, want, wantErr)
	}
}

func TestSmallArithmeticAtBoundaries(t *testing.T) {
	for _, a := range boundaryLex {
		x := lexNumber(t, a)
		for _, b := range boundaryLex {
			y := lexNumber(t, b)
			for _, o := range ops {
				got, err := o.fn(x.term0(a), y.term0(b))
				want, werr := refArith(o.op, x, y)
				checkSame(t, a+" "+o.name+" "+b, got, err, want, werr)
			}
			c, _ := cmpNumbers(x, y)
			if w := slow(x).rat().Cmp(slow(y).rat()); c != w {
				t.Fatalf("cmp(%s, %s) = %d, want %d", a, b, c, w)
			}
		}
		checkUnary(t, a, x)
	}
}

// term0 is the literal n was parsed from.
func (n number) term0(lex string) rdf.Term {
	if n.kind == numInteger {
		return rdf.Literal(lex, rdf.XSDInteger)
	}
	return rdf.Literal(lex, rdf.XSDDecimal)
}

func checkUnary(t *testing.T, lex string, x number) {
	t.Helper()
	for _, m := range []struct {
		name string
		mode roundMode
	}{{"ABS", modeAbs}, {"CEIL", modeCeil}, {"FLOOR", modeFloor}, {"ROUND", modeRound}} {
		got, err := Call(nil, m.name, []rdf.Term{x.term0(lex)})
		checkSame(t, m.name+"("+lex+")", got, err, refTerm(roundNumber(slow(x), m.mode)), nil)
	}
	r := slow(x).rat()
	got, err := Cast(x.term0(lex), rdf.XSDInteger)
	checkSame(t, "xsd:integer("+lex+")", got, err, bigIntNumber(new(big.Int).Quo(r.Num(), r.Denom())).term(), nil)
	got, err = Cast(x.term0(lex), rdf.XSDDecimal)
	checkSame(t, "xsd:decimal("+lex+")", got, err, rdf.Literal(formatDecimal(r), rdf.XSDDecimal), nil)
	got, err = Neg(x.term0(lex))
	checkSame(t, "-"+lex, got, err, refTerm(negNumber(slow(x))), nil)
	if c, want := Canonical(x.term0(lex)), refTerm(x); c.Value != want.Value {
		t.Fatalf("Canonical(%s) = %q, want %q", lex, c.Value, want.Value)
	}
	if got, want := formatXPathString(x), formatXPathString(slow(x)); got != want {
		t.Fatalf("xsd:string(%s) = %q, want %q", lex, got, want)
	}
}

func TestSmallDecimalFormat(t *testing.T) {
	tests := []struct {
		i     int64
		scale uint8
		want  string
	}{
		{0, 0, "0.0"}, {0, 18, "0.0"}, {20, 1, "2.0"}, {2000, 3, "2.0"}, {-20, 1, "-2.0"},
		{1, 18, "0.000000000000000001"}, {-1, 18, "-0.000000000000000001"},
		{1855, 1, "185.5"}, {18550, 2, "185.5"}, {5, 2, "0.05"}, {-5, 2, "-0.05"},
		{math.MaxInt64, 0, "9223372036854775807.0"}, {math.MinInt64, 0, "-9223372036854775808.0"},
		{math.MaxInt64, 18, "9.223372036854775807"}, {math.MinInt64, 18, "-9.223372036854775808"},
		{math.MinInt64, 1, "-922337203685477580.8"},
	}
	for _, tt := range tests {
		got := string(appendSmallDecimal(nil, tt.i, tt.scale))
		ref := formatDecimal(new(big.Rat).SetFrac(big.NewInt(tt.i), pow10Big(int(tt.scale))))
		if got != tt.want || got != ref {
			t.Errorf("appendSmallDecimal(%d, %d) = %q, want %q (big path %q)", tt.i, tt.scale, got, tt.want, ref)
		}
	}
}

func TestCheckedInt64(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	vals := []int64{0, 1, -1, 2, -2, 3037000499, 3037000500, -3037000500, 1 << 62, -(1 << 62), maxI, minI, maxI - 1, minI + 1}
	for _, x := range vals {
		for _, y := range vals {
			bx, by := big.NewInt(x), big.NewInt(y)
			for _, c := range []struct {
				name string
				fn   func(x, y int64) (int64, bool)
				ref  *big.Int
			}{
				{"+", addInt64, new(big.Int).Add(bx, by)},
				{"-", subInt64, new(big.Int).Sub(bx, by)},
				{"*", mulInt64, new(big.Int).Mul(bx, by)},
			} {
				v, ok := c.fn(x, y)
				if fits := c.ref.IsInt64(); ok != fits || (ok && v != c.ref.Int64()) {
					t.Errorf("%d %s %d = %d, %v; want %v, %v", x, c.name, y, v, ok, c.ref, fits)
				}
			}
		}
	}
}

var validDecimal = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

func TestParseDecimalAndInteger(t *testing.T) {
	lexes := append([]string{"", ".", "+", "-", "+.", "1..2", "1.2.3", "1e5", " 1", "0x1", "١", "1.", ".5", "-.5", "00012.3400",
		"123456789012345678", "1234567890123456789", "12345678901234567.8", "-000000000000000000000001"}, boundaryLex...)
	for _, lex := range lexes {
		n, ok := parseDecimalLex(lex)
		if want := validDecimal.MatchString(lex); ok != want {
			t.Fatalf("parseDecimalLex(%q) ok = %v, want %v", lex, ok, want)
		}
		if ok {
			r, _ := new(big.Rat).SetString(lex)
			if n.rat().Cmp(r) != 0 {
				t.Fatalf("parseDecimalLex(%q) = %v", lex, n.rat())
			}
		}
		i, ok := parseIntegerLex(lex)
		if want := validDecimal.MatchString(lex) && !strings.Contains(lex, "."); ok != want {
			t.Fatalf("parseIntegerLex(%q) ok = %v, want %v", lex, ok, want)
		}
		if ok {
			r, _ := new(big.Int).SetString(strings.TrimPrefix(lex, "+"), 10)
			if i.bigInt().Cmp(r) != 0 || i.small != r.IsInt64() {
				t.Fatalf("parseIntegerLex(%q) = %v", lex, i.bigInt())
			}
		}
	}
}

// randomOperand returns a numeric literal near a boundary or at random.
func randomOperand(rng *rand.Rand) string {
	var v int64
	switch rng.IntN(6) {
	case 0:
		v = rng.Int64()
	case 1:
		v = -rng.Int64()
	case 2:
		v = rng.Int64N(2000) - 1000
	case 3:
		v = math.MaxInt64 - rng.Int64N(1000)
	case 4:
		v = math.MinInt64 + rng.Int64N(1000)
	default:
		v = (rng.Int64N(1<<31) - 1<<30) * pow10[rng.IntN(10)]
	}
	return lexOf(v, uint8(rng.IntN(21)), rng.IntN(4) == 0)
}

// lexOf writes v / 10^scale as a decimal (an integer when asInt), with the
// trailing zeros its scale gives.
func lexOf(v int64, scale uint8, asInt bool) string {
	if asInt {
		return strconv.FormatInt(v, 10)
	}
	s := new(big.Rat).SetFrac(big.NewInt(v), pow10Big(int(scale))).FloatString(int(scale))
	if scale == 0 {
		s += ".0"
	}
	return s
}

func checkPair(t *testing.T, a, b string) {
	t.Helper()
	x, y := lexNumber(t, a), lexNumber(t, b)
	for _, o := range ops {
		got, err := o.fn(x.term0(a), y.term0(b))
		want, werr := refArith(o.op, x, y)
		checkSame(t, a+" "+o.name+" "+b, got, err, want, werr)
	}
	checkUnary(t, a, x)
}

// TestSmallArithmeticRandom compares the fast paths with the big path on
// seeded random operands.
func TestSmallArithmeticRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 6000
	if testing.Short() {
		n = 1000
	}
	for range n {
		checkPair(t, randomOperand(rng), randomOperand(rng))
	}
}

// FuzzSmallArithmetic compares the fast paths with the big path.
func FuzzSmallArithmetic(f *testing.F) {
	f.Add(int64(1855), uint8(1), false, int64(867), uint8(1), false)
	f.Add(int64(math.MaxInt64), uint8(0), true, int64(1), uint8(0), true)
	f.Add(int64(math.MinInt64), uint8(18), false, int64(-1), uint8(18), false)
	f.Add(int64(1), uint8(18), false, int64(3), uint8(0), true)
	f.Add(int64(-5), uint8(1), false, int64(10), uint8(0), false)
	f.Fuzz(func(t *testing.T, a int64, sa uint8, ia bool, b int64, sb uint8, ib bool) {
		checkPair(t, lexOf(a, sa%22, ia), lexOf(b, sb%22, ib))
	})
}

// refAggregate is SUM or AVG computed with the big path at every step.
func refAggregate(name string, terms []rdf.Term) (rdf.Term, error) {
	sum := slow(intNumber(0))
	for _, t := range terms {
		x, err := numericArg(t)
		if err != nil {
			return rdf.Term{}, err
		}
		k := max(sum.kind, x.kind)
		if sum, err = bigArith(opAdd, k, slow(sum), slow(x)); err != nil {
			return rdf.Term{}, err
		}
	}
	if name == "SUM" {
		return refTerm(sum), nil
	}
	if len(terms) == 0 {
		return intNumber(0).term(), nil
	}
	k := max(sum.kind, numDecimal)
	n, err := bigArith(opDiv, k, slow(sum), slow(intNumber(int64(len(terms)))))
	if err != nil {
		return rdf.Term{}, err
	}
	return refTerm(n), nil
}

func TestSumAndAvgAgainstBigPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	lits := func(ss ...string) []rdf.Term {
		out := make([]rdf.Term, len(ss))
		for i, s := range ss {
			out[i] = tm(t, s)
		}
		return out
	}
	sets := [][]rdf.Term{
		lits("9223372036854775807", "1", "-1"),
		lits("-9223372036854775808", "-1", "2"),
		lits("0.000000000000000001", "9223372036854775807", "0.5"),
		lits("1.5", "123456789012345678901234567890.125", "-2", "0.000000000000000000001"),
		lits("123456789012345678901234567890.125", "1", "1e0", "2.5", "123456789012345678901234567890.125"),
		lits("1", "2.5", `"1.5"^^xsd:float`, "0.1"),
		lits("0.1", "0.2", "1e0", "99999999999999999999"),
		lits(`"7"^^xsd:byte`, "-7", "2.0"),
		lits("2.0", "-2.0"),
	}
	for range 300 {
		var set []rdf.Term
		for range rng.IntN(12) {
			set = append(set, tm(t, randomOperand(rng)))
		}
		sets = append(sets, set)
	}
	for _, set := range sets {
		for _, name := range []string{"SUM", "AVG"} {
			a := NewAggregate(name, false, "")
			for _, x := range set {
				a.Add(x, nil)
			}
			got, err := a.Result()
			want, werr := refAggregate(name, set)
			checkSame(t, name+fmtTerms(set), got, err, want, werr)
		}
	}
}

func fmtTerms(ts []rdf.Term) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(" " + t.String())
	}
	return b.String()
}

// TestFastPathsAllocate checks that the per-row work on small numbers and
// dates takes the fast paths: at most the result's lexical form is
// allocated (no big.Rat, no intermediate strings).
func TestFastPathsAllocate(t *testing.T) {
	dec := func(s string) rdf.Term { return rdf.Literal(s, rdf.XSDDecimal) }
	a, b, ten := dec("185.5"), dec("86.7"), rdf.Literal("10", rdf.XSDInteger)
	date := []rdf.Term{rdf.Literal("2017-12-15", rdf.XSDDate)}
	dt := []rdf.Term{rdf.Literal("2018-04-14T10:30:00Z", rdf.XSDDateTime)}
	fc := NewFuncContext("", time.Unix(0, 0))
	call := func(name string, args []rdf.Term) func() {
		f, ok := Lookup(name)
		if !ok {
			t.Fatal(name)
		}
		return func() { _, _ = f(fc, args) }
	}
	tests := []struct {
		name string
		max  float64
		fn   func()
	}{
		{"a > 10 * b", 1, func() { p, _ := Mul(ten, b); _, _ = Relational(">", a, p) }},
		{"a + b", 1, func() { _, _ = Add(a, b) }},
		{"a - b", 1, func() { _, _ = Sub(a, b) }},
		{"a / b", 1, func() { _, _ = Div(a, b) }},
		{"ABS", 1, call("ABS", []rdf.Term{b})},
		{"ROUND", 1, call("ROUND", []rdf.Term{b})},
		{"CEIL", 1, call("CEIL", []rdf.Term{b})},
		{"FLOOR", 1, call("FLOOR", []rdf.Term{b})},
		{"xsd:double", 1, call(rdf.XSDDouble, []rdf.Term{b})},
		{"YEAR", 0, call("YEAR", date)},
		{"MONTH", 0, call("MONTH", date)},
		{"HOURS", 0, call("HOURS", dt)},
		{"MIN", 1, func() { // the aggregate itself
			agg := NewAggregate("MIN", false, "")
			for range 10 {
				agg.Add(a, nil)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, tt.fn); n > tt.max {
				t.Fatalf("%v allocations per call, want at most %v", n, tt.max)
			}
		})
	}
	sum := NewAggregate("SUM", false, "")
	if n := testing.AllocsPerRun(1000, func() { sum.Add(b, nil) }); n > 0 {
		t.Fatalf("SUM: %v allocations per value, want none", n)
	}
}

// refFormatFloat is the canonical float form computed with strings, as
// formatFloat did before it appended in place.
func refFormatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	}
	s := strconv.FormatFloat(f, 'E', -1, bits)
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

func TestFormatFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e300, 1e-300, 5e-324, math.MaxFloat64, math.NaN(),
		math.Inf(1), math.Inf(-1), 123456789, 1e21, 1e-7, float64(math.MaxFloat32), math.SmallestNonzeroFloat32}
	for range 2000 {
		vals = append(vals, math.Float64frombits(rng.Uint64()), rng.NormFloat64()*1e6)
	}
	for _, f := range vals {
		for _, bits := range []int{32, 64} {
			g := f
			if bits == 32 {
				g = float64(float32(f))
			}
			if got, want := formatFloat(g, bits), refFormatFloat(g, bits); got != want {
				t.Fatalf("formatFloat(%v, %d) = %q, want %q", g, bits, got, want)
			}
			if math.IsInf(g, 0) || math.IsNaN(g) {
				continue
			}
			lit := rdf.Literal(refFormatFloat(g, bits), rdf.XSDDouble)
			if bits == 32 {
				lit.Datatype = rdf.XSDFloat
			}
			got, err := Cast(lit, rdf.XSDDecimal)
			r, _ := new(big.Rat).SetString(strconv.FormatFloat(g, 'f', -1, bits))
			checkSame(t, "xsd:decimal("+lit.String()+")", got, err, rdf.Literal(formatDecimal(r), rdf.XSDDecimal), nil)
		}
	}
}
