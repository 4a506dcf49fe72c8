package rdfio

import (
	"io"
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
