package expr

import (
	"errors"
	"testing"
	"time"
)

type callCase struct {
	name string
	args []string
	want string // compact term notation, or errStr
}

func runCallCases(t *testing.T, cases []callCase) {
	t.Helper()
	fc := NewFuncContext("http://example.org/base/", time.Date(2026, 11, 25, 1, 2, 3, 0, time.UTC))
	for _, c := range cases {
		t.Run(c.name+"("+joinArgs(c.args)+")", func(t *testing.T) {
			got, err := Call(fc, c.name, tms(t, c.args...))
			if c.want == errStr {
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
			if want := tm(t, c.want); got != want {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}
}

func joinArgs(a []string) string {
	s := ""
	for i, x := range a {
		if i > 0 {
			s += ","
		}
		s += x
	}
	return s
}

func TestTermFunctions(t *testing.T) {
	runCallCases(t, []callCase{
		{"STR", []string{"<http://a/b>"}, `"http://a/b"`},
		{"STR", []string{`"x"@en`}, `"x"`},
		{"STR", []string{`"01"^^xsd:integer`}, `"01"`},
		{"STR", []string{"_:b"}, errStr},
		{"STR", []string{""}, errStr},
		{"LANG", []string{`"x"@en-GB`}, `"en-GB"`},
		{"LANG", []string{`"x"`}, `""`},
		{"LANG", []string{"<http://a>"}, errStr},
		{"LANGMATCHES", []string{`"en-GB"`, `"en"`}, "true"},
		{"LANGMATCHES", []string{`"EN"`, `"en"`}, "true"},
		{"LANGMATCHES", []string{`"eng"`, `"en"`}, "false"},
		{"LANGMATCHES", []string{`"fr"`, `"*"`}, "true"},
		{"LANGMATCHES", []string{`""`, `"*"`}, "false"},
		{"LANGMATCHES", []string{`"en"@en`, `"*"`}, errStr},
		{"DATATYPE", []string{`"x"`}, "<http://www.w3.org/2001/XMLSchema#string>"},
		{"DATATYPE", []string{`"x"@en`}, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>"},
		{"DATATYPE", []string{"1"}, "<http://www.w3.org/2001/XMLSchema#integer>"},
		{"DATATYPE", []string{"<http://a>"}, errStr},
		{"IRI", []string{`"x/y"`}, "<http://example.org/base/x/y>"},
		{"IRI", []string{`"../z?q#f"`}, "<http://example.org/z?q#f>"},
		{"IRI", []string{`"http://other/a"`}, "<http://other/a>"},
		{"URI", []string{"<http://a>"}, "<http://a>"},
		{"IRI", []string{`"x"@en`}, errStr},
		{"IRI", []string{"1"}, errStr},
		{"STRDT", []string{`"123"`, "<http://www.w3.org/2001/XMLSchema#integer>"}, "123"},
		{"STRDT", []string{`"123"@en`, "<http://www.w3.org/2001/XMLSchema#integer>"}, errStr},
		{"STRDT", []string{`"123"`, `"x"`}, errStr},
		{"STRLANG", []string{`"chat"`, `"fr"`}, `"chat"@fr`},
		{"STRLANG", []string{`"chat"@en`, `"fr"`}, errStr},
		{"STRLANG", []string{`"chat"`, `"not a tag"`}, errStr},
		{"SAMETERM", []string{"1", "1"}, "true"},
		{"SAMETERM", []string{"1", "01"}, "false"},
		{"ISIRI", []string{"<http://a>"}, "true"},
		{"ISURI", []string{"_:a"}, "false"},
		{"ISBLANK", []string{"_:a"}, "true"},
		{"ISLITERAL", []string{`"a"`}, "true"},
		{"ISLITERAL", []string{"<http://a>"}, "false"},
		{"ISNUMERIC", []string{"12"}, "true"},
		{"ISNUMERIC", []string{`"12"`}, "false"},
		{"ISNUMERIC", []string{`"1200"^^xsd:byte`}, "false"},
		{"ISNUMERIC", []string{`"abc"^^xsd:integer`}, "false"},
		{"NOW", nil, `"2026-11-25T01:02:03Z"^^xsd:dateTime`},
		{"NOSUCHFUNCTION", nil, errStr},
		{"STR", nil, errStr},
	})
}

// TestScansText: the functions said to scan text are functions of the
// registry (a name misspelt there would never match a call).
func TestScansText(t *testing.T) {
	for name := range textScanners {
		if _, _, ok := Arity(name); !ok {
			t.Errorf("%s scans text but is no function", name)
		}
	}
	if !ScansText("REGEX") || ScansText("STRLEN") {
		t.Error("REGEX scans text, STRLEN does not")
	}
}
