package expr

import (
	"strconv"
	"strings"
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

// The per-row work of numeric and date queries: parse the operands' lexical
// forms, compute, and format the result as a canonical literal.
func BenchmarkNumericRow(b *testing.B) {
	dec := func(s string) rdf.Term { return rdf.Literal(s, rdf.XSDDecimal) }
	a, t, ten := dec("185.5"), dec("86.7"), rdf.Literal("10", rdf.XSDInteger)
	fc := NewFuncContext("", time.Now())
	b.Run("compare-product", func(b *testing.B) {
		for b.Loop() {
			p, err := Mul(ten, t)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Relational(">", a, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, op := range []struct {
		name string
		fn   func(a, b rdf.Term) (rdf.Term, error)
	}{{"add", Add}, {"sub", Sub}, {"mul", Mul}, {"div", Div}} {
		b.Run(op.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := op.fn(a, t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, name := range []string{"ABS", "ROUND", "CEIL", "FLOOR", rdf.XSDDouble} {
		args := []rdf.Term{t}
		b.Run(name[strings.LastIndexAny(name, "#")+1:], func(b *testing.B) {
			for b.Loop() {
				if _, err := Call(fc, name, args); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDateRow(b *testing.B) {
	fc := NewFuncContext("", time.Now())
	date := []rdf.Term{rdf.Literal("2017-12-15", rdf.XSDDate)}
	dt := []rdf.Term{rdf.Literal("2018-04-14T10:30:00Z", rdf.XSDDateTime)}
	for _, c := range []struct {
		name string
		args []rdf.Term
	}{{"YEAR", date}, {"MONTH", date}, {"HOURS", dt}, {"SECONDS", dt}, {"TIMEZONE", dt}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Call(fc, c.name, c.args); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAggregate(b *testing.B) {
	sets := map[string][]rdf.Term{}
	for i := range 1000 {
		sets["integer"] = append(sets["integer"], rdf.Literal(strconv.Itoa(i%7), rdf.XSDInteger))
		sets["decimal"] = append(sets["decimal"], rdf.Literal(strconv.Itoa(i)+"."+strconv.Itoa(i%10), rdf.XSDDecimal))
		q, _ := Div(rdf.Literal(strconv.Itoa(i+1), rdf.XSDDecimal), rdf.Literal("7.3", rdf.XSDDecimal))
		sets["ratio"] = append(sets["ratio"], q)
	}
	for _, set := range []string{"integer", "decimal", "ratio"} {
		for _, name := range []string{"SUM", "AVG", "MIN", "MAX"} {
			b.Run(set+"-"+name, func(b *testing.B) {
				for b.Loop() {
					a := NewAggregate(name, false, "")
					for _, t := range sets[set] {
						a.Add(t, nil)
					}
					if _, err := a.Result(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkNumberPath compares FILTER(?a > 10 * ?t) computed on literals
// and on Numbers.
func BenchmarkNumberPath(b *testing.B) {
	a := rdf.Literal("185.5", rdf.XSDDecimal)
	t := rdf.Literal("170.0", rdf.XSDDecimal)
	ten := rdf.Literal("10", rdf.XSDInteger)
	b.Run("terms", func(b *testing.B) {
		for b.Loop() {
			m, _ := Mul(ten, t)
			Relational(">", a, m)
		}
	})
	b.Run("numbers", func(b *testing.B) {
		for b.Loop() {
			x, _ := NumberOf(a)
			y, _ := NumberOf(t)
			k, _ := NumberOf(ten)
			m, _ := Arith('*', k, y)
			CompareNumbers(">", x, m)
		}
	})
}
