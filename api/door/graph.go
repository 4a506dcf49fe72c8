package door

import (
	"strconv"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Graph accumulates the triples of a generated document (a collection, the
// home page's data, the dataset description, a page of the event stream).
type Graph struct{ Quads []rdf.Quad }

// Add appends the triple (s, p, o).
func (g *Graph) Add(s rdf.Term, p string, o rdf.Term) {
	g.Quads = append(g.Quads, rdf.Quad{S: s, P: rdf.IRI(p), O: o})
}

// IRI appends a triple whose subject and object are IRIs.
func (g *Graph) IRI(s, p, o string) { g.Add(rdf.IRI(s), p, rdf.IRI(o)) }

// Integer is n as an xsd:integer literal.
func Integer(n int) rdf.Term { return rdf.Literal(strconv.Itoa(n), vocab.XSDNS+"integer") }

// DateTime is v (RFC 3339) as an xsd:dateTime literal.
func DateTime(v string) rdf.Term { return rdf.Literal(v, vocab.XSDNS+"dateTime") }
