package rdf

import "testing"

func TestAppendTerm(t *testing.T) {
	tests := []struct {
		name string
		term Term
		want string
	}{
		{"iri", IRI("http://example.org/a"), "<http://example.org/a>"},
		{"iri with space escaped", IRI("http://example.org/a b"), `<http://example.org/a\u0020b>`},
		{"blank", Blank("b0"), "_:b0"},
		{"plain string", String("chantier"), `"chantier"`},
		{"escapes", String("a\"b\\c\nd\te\u0001"), `"a\"b\\c\nd\te\u0001"`},
		{"lang", LangString("Codéveloppement", "fr"), `"Codéveloppement"@fr`},
		{"typed", Literal("2019-05-14", XSDDate), `"2019-05-14"^^<http://www.w3.org/2001/XMLSchema#date>`},
		{"empty datatype means string", Literal("x", ""), `"x"`},
		{"default graph", DefaultGraph, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.term.String(); got != tt.want {
				t.Errorf("String() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestQuadString(t *testing.T) {
	q := Quad{S: IRI("s"), P: IRI("p"), O: String("o")}
	if got, want := q.String(), `<s> <p> "o" .`; got != want {
		t.Errorf("default-graph quad = %s, want %s", got, want)
	}
	q.G = IRI("g")
	if got, want := q.String(), `<s> <p> "o" <g> .`; got != want {
		t.Errorf("named-graph quad = %s, want %s", got, want)
	}
}

func TestCompare(t *testing.T) {
	ordered := []Term{DefaultGraph, Blank("a"), IRI("a"), IRI("b"), LangString("a", "en"), Literal("a", XSDInteger), String("a")}
	for i := range ordered {
		for j := range ordered {
			got := Compare(ordered[i], ordered[j])
			switch {
			case i == j && got != 0, i < j && got >= 0, i > j && got <= 0:
				t.Errorf("Compare(%v, %v) = %d", ordered[i], ordered[j], got)
			}
		}
	}
}
