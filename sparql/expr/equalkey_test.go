package expr

import (
	"bytes"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// equalKeyTerms are terms equal to others by value, in other types and
// lexical forms, or nearly so.
var equalKeyTerms = []rdf.Term{
	rdf.Literal("1", rdf.XSDInteger), rdf.Literal("01", rdf.XSDInteger), rdf.Literal("+1", xsdByte),
	rdf.Literal("1.0", rdf.XSDDecimal), rdf.Literal("1", rdf.XSDDecimal), rdf.Literal("1e0", rdf.XSDDouble),
	rdf.Literal("1.0E0", rdf.XSDDouble), rdf.Literal("1", rdf.XSDFloat), rdf.Literal("-0", rdf.XSDInteger),
	rdf.Literal("0.0", rdf.XSDDecimal), rdf.Literal("-0.0e0", rdf.XSDDouble), rdf.Literal("0", rdf.XSDDouble),
	rdf.Literal("16777217", rdf.XSDInteger), rdf.Literal("16777216", rdf.XSDFloat), rdf.Literal("16777216", rdf.XSDDouble),
	rdf.Literal("0.1", rdf.XSDDecimal), rdf.Literal("0.1", rdf.XSDDouble), rdf.Literal("0.1", rdf.XSDFloat),
	rdf.Literal("0.10000000000000000001", rdf.XSDDecimal), rdf.Literal("9007199254740993", rdf.XSDInteger),
	rdf.Literal("9007199254740992", rdf.XSDDouble), rdf.Literal("NaN", rdf.XSDDouble), rdf.Literal("INF", rdf.XSDDouble),
	rdf.Literal("abc", rdf.XSDInteger), rdf.Literal("1", "http://example.org/dt"), rdf.Literal("1", xsdUnsignedLong),
	rdf.String("a"), rdf.Literal("a", rdf.XSDString), rdf.String("A"), rdf.String("1"),
	rdf.LangString("a", "en"), rdf.LangString("a", "EN"), rdf.LangString("a", "en-CA"), rdf.LangString("a", "fr"),
	rdf.Literal("true", rdf.XSDBoolean), rdf.Literal("1", rdf.XSDBoolean), rdf.Literal("false", rdf.XSDBoolean),
	rdf.Literal("0", rdf.XSDBoolean), rdf.Literal("yes", rdf.XSDBoolean),
	rdf.Literal("2020-01-01T00:00:00Z", rdf.XSDDateTime), rdf.Literal("2020-01-01T01:00:00+01:00", rdf.XSDDateTime),
	rdf.Literal("2020-01-01T00:00:00.000Z", rdf.XSDDateTime), rdf.Literal("2020-01-01T00:00:00", rdf.XSDDateTime),
	rdf.Literal("2019-12-31T24:00:00", rdf.XSDDateTime), rdf.Literal("2020-01-01T00:00:00.5-00:00", rdf.XSDDateTime),
	rdf.Literal("2020-01-01", rdf.XSDDate), rdf.Literal("2020-01-01Z", rdf.XSDDate), rdf.Literal("2020-01-01+00:00", rdf.XSDDate),
	rdf.Literal("2020-01-02-14:00", rdf.XSDDate), rdf.Literal("2020-13-01", rdf.XSDDate),
	rdf.IRI("http://example.org/a"), rdf.IRI("http://example.org/A"), rdf.Blank("a"), rdf.Blank("b"),
}

// TestEqualKey: every pair that = or sameTerm accepts has the same key
// (or a term without one), and the keys still tell most values apart.
func TestEqualKey(t *testing.T) {
	equalPairs, keys := 0, map[string]bool{}
	for _, a := range equalKeyTerms {
		ka, oka := AppendEqualKey(nil, a)
		if oka {
			keys[string(ka)] = true
		}
		for _, b := range equalKeyTerms {
			eq, err := Equal(a, b)
			if err != nil || !eq {
				continue
			}
			if a != b {
				equalPairs++
			}
			if kb, okb := AppendEqualKey(nil, b); oka && okb && !bytes.Equal(ka, kb) {
				t.Errorf("%s = %s, but keys %q and %q differ", a, b, ka, kb)
			}
		}
	}
	if equalPairs < 40 {
		t.Fatalf("only %d pairs of different terms are equal: the corpus tests little", equalPairs)
	}
	if len(keys) < 25 {
		t.Fatalf("only %d different keys for %d terms", len(keys), len(equalKeyTerms))
	}
	if _, ok := AppendEqualKey(nil, rdf.Literal("1", rdf.XSDFloat)); ok {
		t.Error("an xsd:float has a key")
	}
}

// FuzzEqualKey: arbitrary terms that = accepts have the same key.
func FuzzEqualKey(f *testing.F) {
	f.Add("1", byte(1), "1.0", byte(2))
	f.Add("2020-01-01T00:00:00Z", byte(6), "2020-01-01T01:00:00+01:00", byte(6))
	f.Add("a", byte(11), "a", byte(0))
	f.Fuzz(func(t *testing.T, lexA string, selA byte, lexB string, selB byte) {
		a, b := fuzzTerm(lexA, selA), fuzzTerm(lexB, selB)
		if a.Kind == rdf.KindNone || b.Kind == rdf.KindNone {
			return
		}
		eq, err := Equal(a, b)
		if err != nil || !eq {
			return
		}
		ka, oka := AppendEqualKey(nil, a)
		kb, okb := AppendEqualKey(nil, b)
		if oka && okb && !bytes.Equal(ka, kb) {
			t.Fatalf("%s = %s, but keys %q and %q differ", a, b, ka, kb)
		}
	})
}
