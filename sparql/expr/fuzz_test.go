package expr

import (
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

var fuzzDatatypes = []string{
	rdf.XSDString, rdf.XSDInteger, rdf.XSDDecimal, rdf.XSDDouble, rdf.XSDFloat, rdf.XSDBoolean,
	rdf.XSDDateTime, rdf.XSDDate, xsdByte, xsdUnsignedLong, "http://example.org/unknown",
}

// fuzzTerm builds a term from a lexical form and a selector byte.
func fuzzTerm(lex string, sel byte) rdf.Term {
	switch k := int(sel) % (len(fuzzDatatypes) + 4); {
	case k < len(fuzzDatatypes):
		return rdf.Literal(lex, fuzzDatatypes[k])
	case k == len(fuzzDatatypes):
		return rdf.LangString(lex, "en")
	case k == len(fuzzDatatypes)+1:
		return rdf.IRI("http://example.org/" + lex)
	case k == len(fuzzDatatypes)+2:
		return rdf.Blank("b" + lex)
	}
	return rdf.Term{}
}

func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

// FuzzFunctions calls every function and operator on arbitrary terms: no
// panic, every error wraps ErrType, = is symmetric and ORDER BY's order is
// antisymmetric and transitive.
func FuzzFunctions(f *testing.F) {
	f.Add(uint8(0), "12", uint8(1), "1.5", uint8(2), "a.c", uint8(0))
	f.Add(uint8(7), "2011-01-10T14:45:13.815-05:00", uint8(6), "-INF", uint8(3), "[a-z]+", uint8(0))
	f.Add(uint8(30), "abc", uint8(11), "$1", uint8(0), "i", uint8(0))
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	fc := NewFuncContext("http://example.org/", time.Unix(0, 0))
	f.Fuzz(func(t *testing.T, fn uint8, lexA string, selA uint8, lexB string, selB uint8, lexC string, selC uint8) {
		a, b, c := fuzzTerm(lexA, selA), fuzzTerm(lexB, selB), fuzzTerm(lexC, selC)
		name := names[int(fn)%len(names)]
		for n := 0; n <= 3; n++ {
			args := []rdf.Term{a, b, c}[:n]
			if _, err := Call(fc, name, args); err != nil && !errors.Is(err, ErrType) {
				t.Fatalf("%s%v: error %v does not wrap ErrType", name, args, err)
			}
		}
		eq1, err1 := Equal(a, b)
		eq2, err2 := Equal(b, a)
		if eq1 != eq2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("Equal(%v, %v) is not symmetric", a, b)
		}
		if s1, s2 := sign(OrderCompare(a, b)), sign(OrderCompare(b, a)); s1 != -s2 {
			t.Fatalf("OrderCompare(%v, %v) is not antisymmetric", a, b)
		}
		if OrderCompare(a, b) <= 0 && OrderCompare(b, c) <= 0 && OrderCompare(a, c) > 0 {
			t.Fatalf("OrderCompare is not transitive on %v, %v, %v", a, b, c)
		}
		for _, op := range []func(x, y rdf.Term) (rdf.Term, error){Add, Sub, Mul, Div} {
			if _, err := op(a, b); err != nil && !errors.Is(err, ErrType) {
				t.Fatal(err)
			}
		}
		_, _ = Compare(a, b)
		_, _ = EBV(a)
		_ = Canonical(a)
		agg := NewAggregate([]string{"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}[int(selC)%7], selC%2 == 0, lexC)
		agg.Add(a, nil)
		agg.Add(b, nil)
		_, _ = agg.Result()
	})
}
