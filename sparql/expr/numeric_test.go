package expr

import (
	"errors"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestArithmetic(t *testing.T) {
	ops := map[string]func(a, b rdf.Term) (rdf.Term, error){"+": Add, "-": Sub, "*": Mul, "/": Div}
	tests := []struct {
		a, op, b, want string
	}{
		{"1", "+", "2", "3"},
		{"1", "-", "2", "-1"},
		{"6", "*", "7", "42"},
		{"1", "/", "2", "0.5"},
		{"4", "/", "2", "2.0"},
		{"1", "/", "3", "0.33333333333333333333"},
		{"1", "/", "0", errStr},
		{"1.0", "/", "0", errStr},
		{"1.5", "+", "1", "2.5"},
		{"0.1", "+", "0.2", "0.3"},
		{"1.10", "*", "2", "2.2"},
		{"9223372036854775807", "+", "1", "9223372036854775808"},
		{"-9223372036854775808", "-", "1", "-9223372036854775809"},
		{"4294967296", "*", "4294967296", "18446744073709551616"},
		{"1e0", "+", "1", `"2.0E0"^^xsd:double`},
		{"1.5", "*", "1e1", `"1.5E1"^^xsd:double`},
		{`"1.5"^^xsd:float`, "+", "1", `"2.5E0"^^xsd:float`},
		{`"0.1"^^xsd:float`, "+", `"0.2"^^xsd:float`, `"3.0E-1"^^xsd:float`},
		{`"1"^^xsd:float`, "+", "1e0", `"2.0E0"^^xsd:double`},
		{"1e0", "/", "0", `"INF"^^xsd:double`},
		{"-1e0", "/", "0", `"-INF"^^xsd:double`},
		{"0e0", "/", "0", `"NaN"^^xsd:double`},
		{`"5"^^xsd:byte`, "+", `"2"^^xsd:unsignedInt`, "7"},
		{`"500"^^xsd:byte`, "+", "1", errStr},
		{"1", "+", `"1"`, errStr},
		{"1", "+", "<http://a>", errStr},
		{"1", "+", "", errStr},
		{`"x"^^xsd:integer`, "+", "1", errStr},
	}
	for _, tt := range tests {
		t.Run(tt.a+tt.op+tt.b, func(t *testing.T) {
			got, err := ops[tt.op](tm(t, tt.a), tm(t, tt.b))
			checkResult(t, got, err, tt.want)
		})
	}
}

func checkResult(t *testing.T, got rdf.Term, err error, want string) {
	t.Helper()
	if want == errStr {
		if err == nil {
			t.Fatalf("got %v, want a type error", got)
		}
		if !errors.Is(err, ErrType) {
			t.Fatalf("error %v does not wrap ErrType", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if w := tm(t, want); got != w {
		t.Fatalf("got %v, want %v", got, w)
	}
}

func TestUnary(t *testing.T) {
	tests := []struct{ in, neg string }{
		{"1", "-1"},
		{"-0", "0"},
		{"-9223372036854775808", "9223372036854775808"},
		{"1.50", "-1.5"},
		{"1e0", `"-1.0E0"^^xsd:double`},
		{`"a"`, errStr},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Neg(tm(t, tt.in))
			checkResult(t, got, err, tt.neg)
			if tt.neg != errStr {
				p, err := Plus(tm(t, tt.in))
				checkResult(t, p, err, canonString(t, tt.in))
			}
		})
	}
}

// canonString returns the compact notation of the canonical form of a
// numeric test term.
func canonString(t *testing.T, s string) string {
	c := Canonical(tm(t, s))
	return `"` + c.Value + `"^^<` + c.Datatype + `>`
}

func TestNumericFunctions(t *testing.T) {
	runCallCases(t, []callCase{
		{"ABS", []string{"-2"}, "2"},
		{"ABS", []string{"-2.5"}, "2.5"},
		{"ABS", []string{`"-1.5"^^xsd:float`}, `"1.5E0"^^xsd:float`},
		{"ABS", []string{`"-0"^^xsd:byte`}, "0"},
		{"ABS", []string{`"a"`}, errStr},
		{"CEIL", []string{"1.1"}, "2.0"},
		{"CEIL", []string{"-1.1"}, "-1.0"},
		{"CEIL", []string{"3"}, "3"},
		{"CEIL", []string{"1.1e0"}, `"2.0E0"^^xsd:double`},
		{"FLOOR", []string{"1.9"}, "1.0"},
		{"FLOOR", []string{"-1.1"}, "-2.0"},
		{"FLOOR", []string{"-1.5e0"}, `"-2.0E0"^^xsd:double`},
		{"ROUND", []string{"2.5"}, "3.0"},
		{"ROUND", []string{"2.4999"}, "2.0"},
		{"ROUND", []string{"-2.5"}, "-2.0"},
		{"ROUND", []string{"-2.6"}, "-3.0"},
		{"ROUND", []string{"2.5e0"}, `"3.0E0"^^xsd:double`},
		{"ROUND", []string{"-2.5e0"}, `"-2.0E0"^^xsd:double`},
		{"ROUND", []string{"0.49999999999999994e0"}, `"0.0E0"^^xsd:double`},
		{"ROUND", []string{`"NaN"^^xsd:double`}, `"NaN"^^xsd:double`},
		{"ROUND", []string{"7"}, "7"},
		{"ROUND", []string{"<http://a>"}, errStr},
	})
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"01", "1"},
		{"+1", "1"},
		{`"-0"^^xsd:integer`, "0"},
		{"1.50", "1.5"},
		{"1.", "1.0"},
		{".5", "0.5"},
		{"-0.0", "0.0"},
		{"1e0", `"1.0E0"^^xsd:double`},
		{"100e0", `"1.0E2"^^xsd:double`},
		{"-0.0015e0", `"-1.5E-3"^^xsd:double`},
		{`"INF"^^xsd:double`, `"INF"^^xsd:double`},
		{`"+INF"^^xsd:float`, `"INF"^^xsd:float`},
		{`"0.1"^^xsd:float`, `"1.0E-1"^^xsd:float`},
		{`"007"^^xsd:byte`, `"7"^^xsd:byte`},
		{`"1"^^xsd:boolean`, "true"},
		{`"abc"^^xsd:integer`, `"abc"^^xsd:integer`},
		{`"1.5"^^xsd:integer`, `"1.5"^^xsd:integer`},
		{`"1e5"^^xsd:decimal`, `"1e5"^^xsd:decimal`},
		{`"0x10"^^xsd:double`, `"0x10"^^xsd:double`},
		{`"inf"^^xsd:double`, `"inf"^^xsd:double`},
		{`"01"`, `"01"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, want := Canonical(tm(t, tt.in)), tm(t, tt.want); got != want {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}
}

func TestIntegerSubtypeRanges(t *testing.T) {
	tests := []struct {
		dt, lex string
		ok      bool
	}{
		{"byte", "-128", true}, {"byte", "128", false},
		{"unsignedByte", "255", true}, {"unsignedByte", "-1", false},
		{"short", "32767", true}, {"short", "-32769", false},
		{"int", "2147483648", false}, {"long", "9223372036854775807", true},
		{"long", "9223372036854775808", false}, {"unsignedLong", "18446744073709551615", true},
		{"positiveInteger", "0", false}, {"nonNegativeInteger", "0", true},
		{"negativeInteger", "-1", true}, {"nonPositiveInteger", "1", false},
		{"unsignedShort", "65536", false}, {"unsignedInt", "4294967295", true},
	}
	for _, tt := range tests {
		t.Run(tt.dt+" "+tt.lex, func(t *testing.T) {
			if got := IsNumeric(rdf.Literal(tt.lex, rdf.XSDNS+tt.dt)); got != tt.ok {
				t.Fatalf("IsNumeric = %v, want %v", got, tt.ok)
			}
		})
	}
}

func TestNumericKindCoversIntegerTypes(t *testing.T) {
	for dt := range integerTypes {
		if numericKind(dt) != numInteger {
			t.Errorf("numericKind(%s) is not integer", dt)
		}
	}
	for _, dt := range []string{rdf.XSDDate, rdf.XSDDateTime, rdf.XSDString, rdf.XSDBoolean, xsdNS + "nonsense", ""} {
		if numericKind(dt) != numNone {
			t.Errorf("numericKind(%s) is numeric", dt)
		}
	}
}
