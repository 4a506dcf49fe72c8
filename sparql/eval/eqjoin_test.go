package eval_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestEqualityJoin: a filter relating the two sides of a cross product by
// = or sameTerm (joined by hashing the values) gives the solutions of the
// same filter written so that it is tested on every pair, on values equal
// across types and lexical forms, xsd:floats, unbound operands and type
// errors.
func TestEqualityJoin(t *testing.T) {
	values := []rdf.Term{
		rdf.Literal("1", rdf.XSDInteger), rdf.Literal("01", rdf.XSDInteger), rdf.Literal("1.0", rdf.XSDDecimal),
		rdf.Literal("1e0", rdf.XSDDouble), rdf.Literal("1", rdf.XSDFloat), rdf.Literal("16777217", rdf.XSDInteger),
		rdf.Literal("16777216", rdf.XSDFloat), rdf.Literal("-0", rdf.XSDInteger), rdf.Literal("-0.0e0", rdf.XSDDouble),
		rdf.Literal("NaN", rdf.XSDDouble), rdf.Literal("abc", rdf.XSDInteger), rdf.Literal("x", "http://ex/dt"),
		rdf.String("a"), rdf.String("http://ex/l4"), rdf.LangString("a", "en"), rdf.LangString("a", "EN"),
		rdf.Literal("true", rdf.XSDBoolean), rdf.Literal("1", rdf.XSDBoolean),
		rdf.Literal("2020-01-01T00:00:00Z", rdf.XSDDateTime), rdf.Literal("2020-01-01T01:00:00+01:00", rdf.XSDDateTime),
		rdf.Literal("2020-01-01T00:00:00", rdf.XSDDateTime), rdf.Literal("2020-01-01", rdf.XSDDate),
		ex("a"), rdf.Blank("b1"),
	}
	ds := memdataset.New()
	for i, v := range values {
		for _, side := range []string{"l", "r"} {
			s := ex(fmt.Sprintf("%s%d", side, i))
			ds.Add(rdf.Quad{S: s, P: ex(side), O: v})
			if i%3 == 0 {
				ds.Add(rdf.Quad{S: s, P: ex(side + "opt"), O: values[(i+5)%len(values)]})
			}
		}
	}
	tests := []struct{ hashed, tested string }{
		{`{ ?a :l ?x } { ?b :r ?y } FILTER(?x = ?y)`, `{ ?a :l ?x } { ?b :r ?y } FILTER(!(?x != ?y))`},
		{`{ ?a :l ?x } { ?b :r ?y } FILTER(?y = ?x)`, `{ ?a :l ?x } { ?b :r ?y } FILTER(!(?y != ?x))`},
		{`{ ?a :l ?x } { ?b :r ?y } FILTER(sameTerm(?x, ?y))`, `{ ?a :l ?x } { ?b :r ?y } FILTER(!(!sameTerm(?x, ?y)))`},
		{`{ ?a :l ?x } { ?b :r ?y } FILTER(STR(?a) = ?y)`, `{ ?a :l ?x } { ?b :r ?y } FILTER(!(STR(?a) != ?y))`},
		{`{ ?a :l ?x } { ?b :r ?y } FILTER(?x = ?y && ?a != :l1)`, `{ ?a :l ?x } { ?b :r ?y } FILTER(!(?x != ?y) && ?a != :l1)`},
		{`{ ?a :l ?x OPTIONAL { ?a :lopt ?z } } { ?b :r ?y } FILTER(?z = ?y)`, `{ ?a :l ?x OPTIONAL { ?a :lopt ?z } } { ?b :r ?y } FILTER(!(?z != ?y))`},
		{`{ ?a :l ?x } { ?b :r ?y } FILTER(?x + 1 = ?y * 2)`, `{ ?a :l ?x } { ?b :r ?y } FILTER(!(?x + 1 != ?y * 2))`},
		{`{ ?a :l ?x } { ?b :r ?y } FILTER(LCASE(?x) = LCASE(?y))`, `{ ?a :l ?x } { ?b :r ?y } FILTER(!(LCASE(?x) != LCASE(?y)))`},
		// One basic graph pattern whose parts share no variable.
		{`?a :l ?x . ?b :r ?y FILTER(?x = ?y)`, `?a :l ?x . ?b :r ?y FILTER(!(?x != ?y))`},
		{`?b :r ?y . ?a :l ?x . ?a :lopt ?w FILTER(?x = ?y)`, `?b :r ?y . ?a :l ?x . ?a :lopt ?w FILTER(!(?x != ?y))`},
		{`?a :l ?x . ?b :r ?y . ?c :ropt ?w FILTER(?y = ?x)`, `?a :l ?x . ?b :r ?y . ?c :ropt ?w FILTER(!(?y != ?x))`},
		{`?a :l ?x . ?a :l ?y FILTER(?x = ?y)`, `?a :l ?x . ?a :l ?y FILTER(!(?x != ?y))`},
	}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.hashed, func(t *testing.T) {
			want, err := rows(ctx, t, ds, "SELECT * WHERE { "+tc.tested+" }", eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := rows(ctx, t, ds, "SELECT * WHERE { "+tc.hashed+" }", eval.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatal("no solutions: the test exercises nothing")
			}
			if !slices.Equal(got, want) {
				t.Fatalf("hashed %d rows, tested on every pair %d:\n%s\nwant\n%s", len(got), len(want),
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// Stopping early stops.
			first, err := solutionStrings(ctx, compile(t, "SELECT * WHERE { "+tc.hashed+" }"), ds, eval.Limits{}, 1)
			if err != nil || len(first) != 1 {
				t.Fatalf("first solution: %v, %v", first, err)
			}
		})
	}
}
