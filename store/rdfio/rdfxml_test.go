package rdfio

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestRDFXMLDecode(t *testing.T) {
	const doc = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">
  <rdf:Description rdf:about="http://ex/s">
    <ex:name xml:lang="en">Alice</ex:name>
    <ex:age rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">42</ex:age>
    <ex:knows rdf:nodeID="b1"/>
    <ex:plain>x</ex:plain>
  </rdf:Description>
</rdf:RDF>`
	g := rdf.IRI("http://ex/g")
	got, err := decodeAll(t, RDFXML, doc, DecodeOptions{Graph: g})
	if err != nil {
		t.Fatal(err)
	}
	s := rdf.IRI("http://ex/s")
	want := []rdf.Quad{
		{S: s, P: rdf.IRI("http://ex/name"), O: rdf.LangString("Alice", "en"), G: g},
		{S: s, P: rdf.IRI("http://ex/age"), O: rdf.Literal("42", rdf.XSDInteger), G: g},
		{S: s, P: rdf.IRI("http://ex/knows"), O: rdf.Blank("b1"), G: g},
		{S: s, P: rdf.IRI("http://ex/plain"), O: rdf.String("x"), G: g},
	}
	if !rdf.Isomorphic(got, want) {
		t.Errorf("got%s\nwant%s", dump(got), dump(want))
	}
}

func TestRDFXMLBadInput(t *testing.T) {
	for _, input := range []string{
		"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about='http://ex/s' rdf:nodeID='x'/></rdf:RDF>",
		"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description",
		"\x00\xff",
	} {
		dec, err := NewDecoder(RDFXML, strings.NewReader(input), DecodeOptions{})
		if err != nil {
			continue
		}
		for i := 0; i < 100; i++ {
			if _, err = dec.Decode(); err != nil {
				break
			}
		}
		if err == nil || err == io.EOF {
			t.Errorf("%q: no error", input)
		}
	}
}

// TestRDFXMLSchemeIRIs checks that absolute IRIs whose scheme is not
// followed by "//" (mailto:, urn:) come out as written, where knakk/rdf
// alone takes them for qualified names.
func TestRDFXMLSchemeIRIs(t *testing.T) {
	const head = `<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ELEMENT x ANY>]>
<!-- a comment with rdf:resource="tel:+1" -->
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">
`
	s, p := rdf.IRI("http://ex/s"), rdf.IRI("http://ex/p")
	tests := []struct {
		name, body string
		want       []rdf.Quad
	}{
		{"mailto object", `<rdf:Description rdf:about="http://ex/s"><ex:p rdf:resource="mailto:a@b.example"/></rdf:Description>`,
			[]rdf.Quad{{S: s, P: p, O: rdf.IRI("mailto:a@b.example")}}},
		{"urn subject and object", `<rdf:Description rdf:about="urn:isbn:0451450523"><ex:p rdf:resource="urn:x:y"/></rdf:Description>`,
			[]rdf.Quad{{S: rdf.IRI("urn:isbn:0451450523"), P: p, O: rdf.IRI("urn:x:y")}}},
		{"scheme with a single slash", `<rdf:Description rdf:about="http://ex/s"><ex:p rdf:resource="file:/tmp/x"/></rdf:Description>`,
			[]rdf.Quad{{S: s, P: p, O: rdf.IRI("file:/tmp/x")}}},
		{"datatype", `<rdf:Description rdf:about="http://ex/s"><ex:p rdf:datatype="urn:dt">v</ex:p></rdf:Description>`,
			[]rdf.Quad{{S: s, P: p, O: rdf.Literal("v", "urn:dt")}}},
		{"http untouched", `<rdf:Description rdf:about="http://ex/s"><ex:p rdf:resource="http://ex/o"/></rdf:Description>`,
			[]rdf.Quad{{S: s, P: p, O: rdf.IRI("http://ex/o")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeAll(t, RDFXML, head+tc.body+"\n</rdf:RDF>\n", DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !rdf.Isomorphic(got, tc.want) {
				t.Errorf("got%s\nwant%s", dump(got), dump(tc.want))
			}
		})
	}
}

// TestRDFXMLSPARQLResultSets decodes the two SPARQL 1.0 result sets that
// bind mailto: IRIs (../shared/w3c/rdf-tests/sparql/sparql10/sort).
func TestRDFXMLSPARQLResultSets(t *testing.T) {
	shared := sharedDir()
	if shared == "" {
		t.Skip("../shared (W3C test suites) is absent")
	}
	dir := filepath.Join(shared, "w3c", "rdf-tests", "sparql", "sparql10", "sort")
	const prefixes = `@prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .
`
	sol := func(i int, value string) string {
		return fmt.Sprintf("[ rs:index %d ; rs:binding [ rs:variable \"%%s\" ; rs:value %s ] ]", i, value)
	}
	tests := []struct {
		file       string
		n          int
		mailto     []string
		wantTurtle string // the whole graph, when given
	}{
		{"result-sort-3.rdf", 32, []string{"mailto:alice@work.example", "mailto:eve@work.example", "mailto:fred@work.example"}, ""},
		{"result-sort-6.rdf", 22, []string{"mailto:bob@work.example"}, prefixes + `[] a rs:ResultSet ; rs:resultVariable "address" ; rs:solution ` +
			strings.ReplaceAll(strings.Join([]string{
				sol(1, "<http://example.org/eve>"), sol(2, "<mailto:bob@work.example>"),
				sol(3, `"Fascination Street 11"`), sol(4, `"fred@work.example"`),
			}, " , "), "%s", "address") + " ."},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeAll(t, RDFXML, string(data), DecodeOptions{BaseIRI: "http://ex/base"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.n {
				t.Errorf("%d triples, want %d", len(got), tc.n)
			}
			var mailto []string
			for _, q := range got {
				if q.O.IsIRI() && strings.HasPrefix(q.O.Value, "mailto:") {
					mailto = append(mailto, q.O.Value)
				}
			}
			slices.Sort(mailto)
			if !slices.Equal(mailto, tc.mailto) {
				t.Errorf("mailto objects %q, want %q", mailto, tc.mailto)
			}
			if tc.wantTurtle == "" {
				return
			}
			want, err := decodeAll(t, Turtle, tc.wantTurtle, DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !rdf.Isomorphic(got, want) {
				t.Errorf("got%s\nwant%s", dump(got), dump(want))
			}
		})
	}
}
