package rdf

import (
	"strings"
)

// Kind tells which sort of RDF term a [Term] is.
type Kind uint8

// The kinds of term. KindNone is the zero Term, which names the default graph
// when it stands in the graph position of a quad.
const (
	KindNone Kind = iota
	KindIRI
	KindBlank
	KindLiteral
)

func (k Kind) String() string {
	switch k {
	case KindIRI:
		return "IRI"
	case KindBlank:
		return "blank node"
	case KindLiteral:
		return "literal"
	default:
		return "none"
	}
}

// Term is an RDF term. For an IRI, Value is the absolute IRI; for a blank
// node, Value is its label without "_:"; for a literal, Value is the lexical
// form, Datatype the datatype IRI (rdf:langString when Lang is set, never
// empty for a literal built by this package) and Lang the language tag as
// written.
type Term struct {
	Kind     Kind
	Value    string
	Datatype string
	Lang     string
}

// Well-known datatype and vocabulary IRIs used by the data model itself.
const (
	RDFNS         = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	XSDNS         = "http://www.w3.org/2001/XMLSchema#"
	RDFType       = RDFNS + "type"
	RDFFirst      = RDFNS + "first"
	RDFRest       = RDFNS + "rest"
	RDFNil        = RDFNS + "nil"
	RDFLangString = RDFNS + "langString"
	XSDString     = XSDNS + "string"
	XSDBoolean    = XSDNS + "boolean"
	XSDInteger    = XSDNS + "integer"
	XSDDecimal    = XSDNS + "decimal"
	XSDDouble     = XSDNS + "double"
	XSDFloat      = XSDNS + "float"
	XSDDate       = XSDNS + "date"
	XSDDateTime   = XSDNS + "dateTime"
)

// IRI returns the IRI term for an absolute IRI. It does not validate: the
// syntax readers of store/rdfio check the IRIs they are given.
func IRI(iri string) Term { return Term{Kind: KindIRI, Value: iri} }

// Blank returns the blank node with the given label (without "_:").
func Blank(label string) Term { return Term{Kind: KindBlank, Value: label} }

// Literal returns a typed literal. An empty datatype means xsd:string.
func Literal(lexical, datatype string) Term {
	if datatype == "" {
		datatype = XSDString
	}
	return Term{Kind: KindLiteral, Value: lexical, Datatype: datatype}
}

// String returns a plain xsd:string literal.
func String(lexical string) Term {
	return Term{Kind: KindLiteral, Value: lexical, Datatype: XSDString}
}

// LangString returns a language-tagged string.
func LangString(lexical, lang string) Term {
	return Term{Kind: KindLiteral, Value: lexical, Datatype: RDFLangString, Lang: lang}
}

// DefaultGraph is the graph name of the default graph: the zero Term.
var DefaultGraph = Term{}

// IsZero reports whether t is the zero Term (the default graph).
func (t Term) IsZero() bool { return t.Kind == KindNone }

// IsIRI reports whether t is an IRI.
func (t Term) IsIRI() bool { return t.Kind == KindIRI }

// IsBlank reports whether t is a blank node.
func (t Term) IsBlank() bool { return t.Kind == KindBlank }

// IsLiteral reports whether t is a literal.
func (t Term) IsLiteral() bool { return t.Kind == KindLiteral }

// String returns the N-Triples spelling of t ("" for the default graph).
func (t Term) String() string {
	if t.Kind == KindNone {
		return ""
	}
	return string(AppendTerm(make([]byte, 0, len(t.Value)+len(t.Datatype)+8), t))
}

// Equal reports whether two terms are the same RDF term.
func (t Term) Equal(u Term) bool { return t == u }

// Triple is an RDF triple.
type Triple struct {
	S, P, O Term
}

// Quad is an RDF triple in a graph. G is the zero Term for the default graph.
type Quad struct {
	S, P, O, G Term
}

// Triple returns the triple of q, without its graph.
func (q Quad) Triple() Triple { return Triple{q.S, q.P, q.O} }

// String returns q as one N-Quads line without the final newline.
func (q Quad) String() string { return string(AppendQuad(nil, q)) }

// Compare orders terms: default graph, then blank nodes, IRIs and literals,
// each by value, then datatype and language. It is the order of canonical
// dumps, not SPARQL's ORDER BY.
func Compare(a, b Term) int {
	if a.Kind != b.Kind {
		return kindRank(a.Kind) - kindRank(b.Kind)
	}
	if c := strings.Compare(a.Value, b.Value); c != 0 {
		return c
	}
	if c := strings.Compare(a.Datatype, b.Datatype); c != 0 {
		return c
	}
	return strings.Compare(a.Lang, b.Lang)
}

func kindRank(k Kind) int {
	switch k {
	case KindNone:
		return 0
	case KindBlank:
		return 1
	case KindIRI:
		return 2
	default:
		return 3
	}
}

// CompareQuads orders quads by graph, subject, predicate, object.
func CompareQuads(a, b Quad) int {
	if c := Compare(a.G, b.G); c != 0 {
		return c
	}
	if c := Compare(a.S, b.S); c != 0 {
		return c
	}
	if c := Compare(a.P, b.P); c != 0 {
		return c
	}
	return Compare(a.O, b.O)
}
