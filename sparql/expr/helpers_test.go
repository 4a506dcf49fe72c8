package expr

import (
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// tm parses a compact term notation used by the test tables:
// <iri>, _:label, "lex", "lex"@lang, "lex"^^xsd:local, "lex"^^<iri>,
// bare numbers (1 integer, 1.5 decimal, 1e0 double), true/false, and ""
// for the zero Term (unbound).
func tm(t testing.TB, s string) rdf.Term {
	t.Helper()
	switch {
	case s == "":
		return rdf.Term{}
	case strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">"):
		return rdf.IRI(s[1 : len(s)-1])
	case strings.HasPrefix(s, "_:"):
		return rdf.Blank(s[2:])
	case s == "true" || s == "false":
		return rdf.Literal(s, rdf.XSDBoolean)
	case strings.HasPrefix(s, `"`):
		end := strings.LastIndex(s, `"`)
		lex, rest := unescapeTest(s[1:end]), s[end+1:]
		switch {
		case rest == "":
			return rdf.String(lex)
		case strings.HasPrefix(rest, "@"):
			return rdf.LangString(lex, rest[1:])
		case strings.HasPrefix(rest, "^^xsd:"):
			return rdf.Literal(lex, rdf.XSDNS+rest[6:])
		case strings.HasPrefix(rest, "^^<"):
			return rdf.Literal(lex, rest[3:len(rest)-1])
		}
	case strings.ContainsAny(s, "eE"):
		return rdf.Literal(s, rdf.XSDDouble)
	case strings.Contains(s, "."):
		return rdf.Literal(s, rdf.XSDDecimal)
	default:
		return rdf.Literal(s, rdf.XSDInteger)
	}
	t.Fatalf("bad term notation %q", s)
	return rdf.Term{}
}

func tms(t testing.TB, ss ...string) []rdf.Term {
	t.Helper()
	out := make([]rdf.Term, len(ss))
	for i, s := range ss {
		out[i] = tm(t, s)
	}
	return out
}

// errStr is the expected outcome "type error" in the tables.
const errStr = "ERROR"

// unescapeTest decodes \n, \r, \t and \\ in a test lexical form.
func unescapeTest(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\r`, "\r", `\t`, "\t").Replace(s)
}
