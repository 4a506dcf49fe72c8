package expr

import "github.com/ruche-lod/ruche/store/rdf"

// XSD datatype IRIs beyond those defined in package rdf.
const (
	xsdNS                 = rdf.XSDNS
	xsdLong               = xsdNS + "long"
	xsdInt                = xsdNS + "int"
	xsdShort              = xsdNS + "short"
	xsdByte               = xsdNS + "byte"
	xsdNonNegativeInteger = xsdNS + "nonNegativeInteger"
	xsdPositiveInteger    = xsdNS + "positiveInteger"
	xsdNonPositiveInteger = xsdNS + "nonPositiveInteger"
	xsdNegativeInteger    = xsdNS + "negativeInteger"
	xsdUnsignedLong       = xsdNS + "unsignedLong"
	xsdUnsignedInt        = xsdNS + "unsignedInt"
	xsdUnsignedShort      = xsdNS + "unsignedShort"
	xsdUnsignedByte       = xsdNS + "unsignedByte"
	xsdDayTimeDuration    = xsdNS + "dayTimeDuration"
)

var (
	trueTerm  = rdf.Literal("true", rdf.XSDBoolean)
	falseTerm = rdf.Literal("false", rdf.XSDBoolean)
)

// Bool returns the canonical xsd:boolean literal for b.
func Bool(b bool) rdf.Term {
	if b {
		return trueTerm
	}
	return falseTerm
}

// isStringLiteral reports whether t is a simple literal or xsd:string.
func isSimple(t rdf.Term) bool {
	return t.Kind == rdf.KindLiteral && t.Datatype == rdf.XSDString && t.Lang == ""
}

// isStringLiteral reports whether t is a string literal in the sense of
// SPARQL 17.4.3: a simple literal, an xsd:string or a language-tagged string.
func isStringLiteral(t rdf.Term) bool {
	return t.Kind == rdf.KindLiteral && (t.Datatype == rdf.XSDString || t.Datatype == rdf.RDFLangString || t.Lang != "")
}

// parseBoolean parses an xsd:boolean lexical form.
func parseBoolean(lex string) (bool, bool) {
	switch lex {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}
