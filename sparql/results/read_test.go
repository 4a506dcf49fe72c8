package results

import (
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestReadValid(t *testing.T) {
	tests := []struct {
		name string
		f    Format
		in   string
		want *ResultSet
	}{
		{"json typed-literal and extra var", JSON,
			`{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"typed-literal","value":"1","datatype":"` + rdf.XSDInteger + `"},"b":{"type":"bnode","value":"x"}}]}}`,
			&ResultSet{Vars: []string{"a", "b"}, Rows: [][]rdf.Term{{rdf.Literal("1", rdf.XSDInteger), rdf.Blank("x")}}}},
		{"json results before head", JSON,
			`{"results":{"bindings":[{"a":{"type":"literal","value":"v","xml:lang":"en"}}]},"head":{"vars":["a"]}}`,
			&ResultSet{Vars: []string{"a"}, Rows: [][]rdf.Term{{rdf.LangString("v", "en")}}}},
		{"xml with link and unbound", XML,
			`<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="a"/><link href="x"/></head>` +
				`<results ordered="false"><result><binding name="a"><literal xml:lang="en">x &amp; y</literal></binding></result><result/></results></sparql>`,
			&ResultSet{Vars: []string{"a"}, Rows: [][]rdf.Term{{rdf.LangString("x & y", "en")}, {{}}}}},
		{"tsv abbreviations", TSV,
			"?a\t?b\n1\t-2.5\n1e3\ttrue\n'q\\'s'@en\t\"\\u00E9\"^^<http://x/dt>\n",
			&ResultSet{Vars: []string{"a", "b"}, Rows: [][]rdf.Term{
				{rdf.Literal("1", rdf.XSDInteger), rdf.Literal("-2.5", rdf.XSDDecimal)},
				{rdf.Literal("1e3", rdf.XSDDouble), rdf.Literal("true", rdf.XSDBoolean)},
				{rdf.LangString("q's", "en"), rdf.Literal("é", "http://x/dt")},
			}}},
		{"tsv no variables one row", TSV, "\n\n", &ResultSet{Vars: []string{}, Rows: [][]rdf.Term{{}}}},
		{"csv LF line ends", CSV, "a,b\nhttp://x,_:b\n",
			&ResultSet{Vars: []string{"a", "b"}, Rows: [][]rdf.Term{{rdf.String("http://x"), rdf.Blank("b")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(tt.f, strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !Equivalent(tt.want, got, true) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		f    Format
		in   string
	}{
		{"json empty", JSON, ""},
		{"json not an object", JSON, "[]"},
		{"json neither results nor boolean", JSON, `{"head":{}}`},
		{"json both", JSON, `{"head":{},"boolean":true,"results":{"bindings":[]}}`},
		{"json trailing data", JSON, `{"head":{},"boolean":true} {}`},
		{"json unknown type", JSON, `{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"triple","value":"x"}}]}}`},
		{"json no value", JSON, `{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"uri"}}]}}`},
		{"json lang and datatype", JSON, `{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"x","xml:lang":"en","datatype":"http://x"}}]}}`},
		{"json duplicate var", JSON, `{"head":{"vars":["a","a"]},"results":{"bindings":[]}}`},
		{"json truncated", JSON, `{"head":{"vars":["a"]},"results":{"bindings":[`},
		{"xml empty", XML, ""},
		{"xml wrong root", XML, `<html/>`},
		{"xml truncated", XML, `<sparql><head/><results><result>`},
		{"xml neither", XML, `<sparql><head/></sparql>`},
		{"xml bad boolean", XML, `<sparql><head/><boolean>yes</boolean></sparql>`},
		{"xml binding without name", XML, `<sparql><head/><results><result><binding><uri>x</uri></binding></result></results></sparql>`},
		{"xml two terms", XML, `<sparql><head/><results><result><binding name="a"><uri>x</uri><uri>y</uri></binding></result></results></sparql>`},
		{"xml element in literal", XML, `<sparql><head/><results><result><binding name="a"><literal><b/></literal></binding></result></results></sparql>`},
		{"xml trailing element", XML, `<sparql><head/><boolean>true</boolean></sparql><x/>`},
		{"xml empty bnode", XML, `<sparql><head/><results><result><binding name="a"><bnode></bnode></binding></result></results></sparql>`},
		{"tsv bad header", TSV, "a\tb\n"},
		{"tsv field count", TSV, "?a\t?b\n<x>\n"},
		{"tsv bad term", TSV, "?a\nfoo:bar\n"},
		{"tsv unterminated", TSV, "?a\n\"abc\n"},
		{"tsv bad escape", TSV, "?a\n\"a\\qb\"\n"},
		{"tsv short uchar", TSV, "?a\n\"\\u12\"\n"},
		{"tsv bad suffix", TSV, "?a\n\"a\"^^xsd:string\n"},
		{"csv field count", CSV, "a,b\n1,2,3\n"},
		{"csv bad quote", CSV, "a\n\"x\"y\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if rs, err := Read(tt.f, strings.NewReader(tt.in)); err == nil {
				t.Fatalf("no error; got %+v", rs)
			}
		})
	}
	if _, err := Read(Table, strings.NewReader("")); err == nil {
		t.Error("reading the Table format did not fail")
	}
}

func TestEquivalent(t *testing.T) {
	iri, b, s := rdf.IRI, rdf.Blank, rdf.String
	rows := func(r ...[]rdf.Term) [][]rdf.Term { return r }
	yes, no := true, false
	tests := []struct {
		name    string
		a, b    *ResultSet
		ordered bool
		want    bool
	}{
		{"same", &ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{iri("a")})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{iri("a")})}, true, true},
		{"variables in another order",
			&ResultSet{Vars: []string{"x", "y"}, Rows: rows([]rdf.Term{iri("a"), s("1")})},
			&ResultSet{Vars: []string{"y", "x"}, Rows: rows([]rdf.Term{s("1"), iri("a")})}, true, true},
		{"different variables",
			&ResultSet{Vars: []string{"x"}}, &ResultSet{Vars: []string{"y"}}, false, false},
		{"rows reordered, unordered",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{s("1")}, []rdf.Term{s("2")})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{s("2")}, []rdf.Term{s("1")})}, false, true},
		{"rows reordered, ordered",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{s("1")}, []rdf.Term{s("2")})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{s("2")}, []rdf.Term{s("1")})}, true, false},
		{"duplicates count",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{s("1")}, []rdf.Term{s("1")}, []rdf.Term{s("2")})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{s("1")}, []rdf.Term{s("2")}, []rdf.Term{s("2")})}, false, false},
		{"blank renaming",
			&ResultSet{Vars: []string{"x", "y"}, Rows: rows([]rdf.Term{b("a"), b("b")}, []rdf.Term{b("b"), b("a")})},
			&ResultSet{Vars: []string{"x", "y"}, Rows: rows([]rdf.Term{b("q"), b("p")}, []rdf.Term{b("p"), b("q")})}, false, true},
		{"blank renaming must be consistent",
			&ResultSet{Vars: []string{"x", "y"}, Rows: rows([]rdf.Term{b("a"), b("a")})},
			&ResultSet{Vars: []string{"x", "y"}, Rows: rows([]rdf.Term{b("p"), b("q")})}, false, false},
		{"blank renaming must be injective",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{b("a")}, []rdf.Term{b("b")})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{b("p")}, []rdf.Term{b("p")})}, false, false},
		{"backtracking needed",
			&ResultSet{Vars: []string{"x", "y"}, Rows: rows(
				[]rdf.Term{b("a"), s("1")}, []rdf.Term{b("b"), s("1")}, []rdf.Term{b("a"), s("2")})},
			&ResultSet{Vars: []string{"x", "y"}, Rows: rows(
				[]rdf.Term{b("p"), s("1")}, []rdf.Term{b("q"), s("1")}, []rdf.Term{b("q"), s("2")})}, false, true},
		{"blank versus IRI",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{b("a")})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{iri("a")})}, false, false},
		{"numeric by value",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{rdf.Literal("1.0", rdf.XSDDecimal)})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{rdf.Literal("01.00", rdf.XSDDecimal)})}, true, true},
		{"numeric of another type",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{rdf.Literal("1", rdf.XSDInteger)})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{rdf.Literal("1.0", rdf.XSDDecimal)})}, true, false},
		{"language tag case",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{rdf.LangString("a", "en-GB")})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{rdf.LangString("a", "en-gb")})}, true, true},
		{"unbound versus bound",
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{{}})},
			&ResultSet{Vars: []string{"x"}, Rows: rows([]rdf.Term{s("")})}, true, false},
		{"booleans", &ResultSet{Boolean: &yes}, &ResultSet{Boolean: &yes}, false, true},
		{"booleans differ", &ResultSet{Boolean: &yes}, &ResultSet{Boolean: &no}, false, false},
		{"boolean versus rows", &ResultSet{Boolean: &yes}, &ResultSet{Vars: []string{}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Equivalent(tt.a, tt.b, tt.ordered); got != tt.want {
				t.Fatalf("Equivalent = %v, want %v", got, tt.want)
			}
			if got := Equivalent(tt.b, tt.a, tt.ordered); got != tt.want {
				t.Fatalf("Equivalent (swapped) = %v, want %v", got, tt.want)
			}
		})
	}
}
