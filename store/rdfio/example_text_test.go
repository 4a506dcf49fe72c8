package rdfio_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

func ExampleResolveIRI() {
	for _, ref := range []string{"g", "../g", "?y", "#s", "//h/x", "urn:x"} {
		iri, _ := rdfio.ResolveIRI("http://a/b/c/d;p?q", ref)
		fmt.Println(ref, "->", iri)
	}
	// Output:
	// g -> http://a/b/c/g
	// ../g -> http://a/b/g
	// ?y -> http://a/b/c/d;p?y
	// #s -> http://a/b/c/d;p?q#s
	// //h/x -> http://h/x
	// urn:x -> urn:x
}

// Read Turtle and write it back as N-Quads into a named graph.
func ExampleNewDecoder() {
	const doc = `@prefix ex: <http://example.org/> .
ex:alice ex:knows [ ex:name "Bob"@en ] .`
	dec, err := rdfio.NewDecoder(rdfio.Turtle, strings.NewReader(doc), rdfio.DecodeOptions{
		Name:  "people.ttl",
		Graph: rdf.IRI("http://example.org/graph"),
	})
	if err != nil {
		panic(err)
	}
	enc, _ := rdfio.NewEncoder(rdfio.NQuads, os.Stdout, rdfio.EncodeOptions{})
	for {
		q, err := dec.Decode()
		if err != nil {
			break // io.EOF, or a *rdfio.SyntaxError with line and column
		}
		enc.Encode(q)
	}
	enc.Close()
	// Output:
	// <http://example.org/alice> <http://example.org/knows> _:g_1 <http://example.org/graph> .
	// _:g_1 <http://example.org/name> "Bob"@en <http://example.org/graph> .
}

// Write Turtle with prefixes: subjects and predicates are grouped.
func ExampleNewEncoder() {
	ex := func(s string) rdf.Term { return rdf.IRI("http://example.org/" + s) }
	enc, _ := rdfio.NewEncoder(rdfio.Turtle, os.Stdout, rdfio.EncodeOptions{
		Prefixes: map[string]string{"ex": "http://example.org/"},
	})
	enc.Encode(rdf.Quad{S: ex("alice"), P: rdf.IRI(rdf.RDFType), O: ex("Person")})
	enc.Encode(rdf.Quad{S: ex("alice"), P: ex("age"), O: rdf.Literal("42", rdf.XSDInteger)})
	enc.Encode(rdf.Quad{S: ex("alice"), P: ex("nick"), O: rdf.String("Al")})
	enc.Encode(rdf.Quad{S: ex("alice"), P: ex("nick"), O: rdf.String("Ally")})
	enc.Close()
	// Output:
	// @prefix ex: <http://example.org/> .
	//
	// ex:alice a ex:Person ;
	//     ex:age 42 ;
	//     ex:nick "Al", "Ally" .
}
