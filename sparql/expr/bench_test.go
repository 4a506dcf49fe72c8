package expr

import (
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

func BenchmarkEqualNumeric(b *testing.B) {
	pairs := [][2]rdf.Term{
		{rdf.Literal("42", rdf.XSDInteger), rdf.Literal("42", rdf.XSDInteger)},
		{rdf.Literal("42", rdf.XSDInteger), rdf.Literal("42.0", rdf.XSDDecimal)},
		{rdf.Literal("1.5", rdf.XSDDecimal), rdf.Literal("1.5E0", rdf.XSDDouble)},
	}
	for _, p := range pairs {
		b.Run(p[0].Datatype[len(rdf.XSDNS):]+"-"+p[1].Datatype[len(rdf.XSDNS):], func(b *testing.B) {
			for b.Loop() {
				if ok, err := Equal(p[0], p[1]); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

func BenchmarkRegex(b *testing.B) {
	fc := NewFuncContext("", time.Now())
	args := []rdf.Term{rdf.String("Réfection de la toiture du bâtiment B"), rdf.String("toit(ure)?\\s+du"), rdf.String("i")}
	for b.Loop() {
		if r, err := Call(fc, "REGEX", args); err != nil || r != trueTerm {
			b.Fatal(r, err)
		}
	}
}

func BenchmarkCompareDates(b *testing.B) {
	x := rdf.Literal("2026-11-25T01:02:03.5Z", rdf.XSDDateTime)
	y := rdf.Literal("2026-11-25T03:02:03+01:00", rdf.XSDDateTime)
	for b.Loop() {
		if c, err := Compare(x, y); c >= 0 || err != nil {
			b.Fatal(c, err)
		}
	}
}
