package rdf_test

import (
	"fmt"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Two datasets that differ only in blank node labels are isomorphic; a
// change of a literal is not.
func ExampleIsomorphic() {
	knows := rdf.IRI("http://xmlns.com/foaf/0.1/knows")
	name := rdf.IRI("http://xmlns.com/foaf/0.1/name")
	alice := rdf.IRI("https://example.org/alice")
	a := []rdf.Quad{
		{S: alice, P: knows, O: rdf.Blank("b0")},
		{S: rdf.Blank("b0"), P: name, O: rdf.String("Bob")},
	}
	b := []rdf.Quad{
		{S: rdf.Blank("x"), P: name, O: rdf.String("Bob")},
		{S: alice, P: knows, O: rdf.Blank("x")},
	}
	c := []rdf.Quad{
		{S: alice, P: knows, O: rdf.Blank("x")},
		{S: rdf.Blank("x"), P: name, O: rdf.LangString("Bob", "en")},
	}
	fmt.Println(rdf.Isomorphic(a, b))
	fmt.Println(rdf.Isomorphic(a, c))
	// Output:
	// true
	// false
}

// AppendQuad writes canonical N-Quads into a reused buffer; escapes follow
// the canonical N-Triples rules.
func ExampleAppendQuad() {
	var line []byte
	for _, q := range []rdf.Quad{
		{S: rdf.IRI("https://example.org/chantier/1"), P: rdf.IRI(rdf.RDFType), O: rdf.IRI("https://example.org/ns#Chantier")},
		{S: rdf.Blank("b0"), P: rdf.IRI("https://example.org/ns#note"), O: rdf.LangString("dit \"bonjour\"\n", "fr"),
			G: rdf.IRI("https://example.org/graph/1")},
		{S: rdf.IRI("https://example.org/a b"), P: rdf.IRI("https://example.org/ns#size"), O: rdf.Literal("42", rdf.XSDInteger)},
	} {
		line = rdf.AppendQuad(line[:0], q)
		line = append(line, '\n')
		fmt.Print(string(line))
	}
	// Output:
	// <https://example.org/chantier/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/ns#Chantier> .
	// _:b0 <https://example.org/ns#note> "dit \"bonjour\"\n"@fr <https://example.org/graph/1> .
	// <https://example.org/a\u0020b> <https://example.org/ns#size> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
}
