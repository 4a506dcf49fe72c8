package store

import (
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestTermEncodingRoundTrip(t *testing.T) {
	long := strings.Repeat("é long text ", 100)
	tests := []struct {
		name string
		term rdf.Term
	}{
		{"iri", rdf.IRI("http://example.org/a")},
		{"blank", rdf.Blank("b0")},
		{"string", rdf.String("  spaces kept \t\n")},
		{"empty string", rdf.String("")},
		{"lang", rdf.LangString("chantier", "fr-FR")},
		{"typed", rdf.Literal("01", rdf.XSDInteger)},
		{"typed no datatype", rdf.Term{Kind: rdf.KindLiteral, Value: "x"}},
		{"lang with odd datatype", rdf.Term{Kind: rdf.KindLiteral, Value: "x", Lang: "en", Datatype: rdf.XSDString}},
		{"long literal", rdf.String(long)},
		{"nul bytes", rdf.Literal("a\x00b", "http://example.org/dt\x00")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc, err := appendTermEncoding(nil, tc.term)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeTerm(enc)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.term {
				t.Errorf("decoded %#v, want %#v", got, tc.term)
			}
		})
	}
	if _, err := appendTermEncoding(nil, rdf.Term{}); err == nil {
		t.Error("the zero term was encoded")
	}
}

func TestDecodeTermCorrupt(t *testing.T) {
	for _, b := range []string{"", "Z", "G\xff", "L\x05ab", "X\x01a\x09"} {
		if _, err := decodeTerm([]byte(b)); err == nil {
			t.Errorf("decodeTerm(%q) gave no error", b)
		}
	}
}

func FuzzDecodeTerm(f *testing.F) {
	for _, tm := range []rdf.Term{rdf.IRI("http://x/"), rdf.LangString("a", "fr"), rdf.Literal("1", rdf.XSDInteger)} {
		enc, _ := appendTermEncoding(nil, tm)
		f.Add(enc)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tm, err := decodeTerm(b)
		if err != nil {
			return
		}
		enc, err := appendTermEncoding(nil, tm)
		if err != nil {
			return // e.g. an unknown kind cannot come out of decodeTerm
		}
		back, err := decodeTerm(enc)
		if err != nil || back != tm {
			t.Fatalf("re-encoding %#v gave %#v, %v", tm, back, err)
		}
	})
}

func TestCacheBounded(t *testing.T) {
	c := newCache[int, int](1024, func(i int) uint64 { return uint64(i) })
	for i := range 100_000 {
		c.put(i, i)
	}
	if n := c.len(); n > 2*1024 {
		t.Errorf("cache holds %d entries, bound is %d", n, 2*1024)
	}
	if v, ok := c.get(99_999); !ok || v != 99_999 {
		t.Errorf("recent entry lost: %v %v", v, ok)
	}
	c.purge()
	if c.len() != 0 {
		t.Error("purge left entries")
	}
}
