package expr

import (
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// termFuncs are the functions on RDF terms (SPARQL 17.4.2) and the
// constructors of new terms.
var termFuncs = map[string]function{
	"STR":         {1, 1, fnStr},
	"LANG":        {1, 1, fnLang},
	"LANGMATCHES": {2, 2, fnLangMatches},
	"DATATYPE":    {1, 1, fnDatatype},
	"STRDT":       {2, 2, fnStrDT},
	"STRLANG":     {2, 2, fnStrLang},
	"SAMETERM":    {2, 2, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return Bool(a[0] == a[1]), nil }},
	"ISIRI":       {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return Bool(a[0].IsIRI()), nil }},
	"ISURI":       {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return Bool(a[0].IsIRI()), nil }},
	"ISBLANK":     {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return Bool(a[0].IsBlank()), nil }},
	"ISLITERAL":   {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return Bool(a[0].IsLiteral()), nil }},
	"ISNUMERIC":   {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return Bool(IsNumeric(a[0])), nil }},
}

// freshFuncs give a new value at each call ([Fresh]).
var freshFuncs = map[string]function{
	"BNODE":   {0, 1, fnBNode},
	"UUID":    {0, 0, func(_ *FuncContext, _ []rdf.Term) (rdf.Term, error) { return rdf.IRI("urn:uuid:" + newUUID()), nil }},
	"STRUUID": {0, 0, func(_ *FuncContext, _ []rdf.Term) (rdf.Term, error) { return rdf.String(newUUID()), nil }},
	"RAND": {0, 0, func(fc *FuncContext, _ []rdf.Term) (rdf.Term, error) {
		return floatNumber(numDouble, fc.float64()).term(), nil
	}},
}

// clockFuncs read the time of the query ([ReadsClock]).
var clockFuncs = map[string]function{
	"NOW": {0, 0, func(fc *FuncContext, _ []rdf.Term) (rdf.Term, error) { return DateTime(fc.Now), nil }},
}

// baseFuncs read the base IRI of the query ([ReadsBase]).
var baseFuncs = map[string]function{
	"IRI": {1, 1, fnIRI},
	"URI": {1, 1, fnIRI},
}

func fnStr(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	switch a[0].Kind {
	case rdf.KindIRI, rdf.KindLiteral:
		return rdf.String(a[0].Value), nil
	}
	return rdf.Term{}, typeErrorf("STR of %s", a[0])
}

func fnLang(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if !a[0].IsLiteral() {
		return rdf.Term{}, typeErrorf("LANG of %s", a[0])
	}
	return rdf.String(a[0].Lang), nil
}

// fnLangMatches implements RFC 4647 basic filtering, as XPath's
// fn:lang-matches in SPARQL 17.4.3.14.
func fnLangMatches(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if !isSimple(a[0]) || !isSimple(a[1]) {
		return rdf.Term{}, typeErrorf("LANGMATCHES needs simple literals")
	}
	tag, rng := strings.ToLower(a[0].Value), strings.ToLower(a[1].Value)
	switch {
	case rng == "*":
		return Bool(tag != ""), nil
	case tag == rng:
		return trueTerm, nil
	}
	return Bool(strings.HasPrefix(tag, rng) && tag[len(rng)] == '-'), nil
}

func fnDatatype(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if !a[0].IsLiteral() {
		return rdf.Term{}, typeErrorf("DATATYPE of %s", a[0])
	}
	if a[0].Lang != "" {
		return rdf.IRI(rdf.RDFLangString), nil
	}
	return rdf.IRI(a[0].Datatype), nil
}

func fnIRI(fc *FuncContext, a []rdf.Term) (rdf.Term, error) {
	switch {
	case a[0].IsIRI():
		return a[0], nil
	case isSimple(a[0]):
		return rdf.IRI(resolveIRI(fc.BaseIRI, a[0].Value)), nil
	}
	return rdf.Term{}, typeErrorf("IRI of %s", a[0])
}

func fnBNode(fc *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if len(a) == 0 {
		return fc.newBlank("", false), nil
	}
	if !isSimple(a[0]) {
		return rdf.Term{}, typeErrorf("BNODE of %s", a[0])
	}
	return fc.newBlank(a[0].Value, true), nil
}

func fnStrDT(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if !isSimple(a[0]) || !a[1].IsIRI() {
		return rdf.Term{}, typeErrorf("STRDT needs a simple literal and an IRI")
	}
	if a[1].Value == rdf.RDFLangString {
		return rdf.Term{}, typeErrorf("STRDT cannot make an rdf:langString")
	}
	return rdf.Literal(a[0].Value, a[1].Value), nil
}

func fnStrLang(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if !isSimple(a[0]) || !isSimple(a[1]) {
		return rdf.Term{}, typeErrorf("STRLANG needs simple literals")
	}
	if !validLangTag(a[1].Value) {
		return rdf.Term{}, typeErrorf("STRLANG: invalid language tag %q", a[1].Value)
	}
	return rdf.LangString(a[0].Value, a[1].Value), nil
}

// validLangTag checks the BCP 47 shape used by Turtle: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLangTag(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if part == "" {
			return false
		}
		for j := 0; j < len(part); j++ {
			c := part[j]
			alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !alpha && (i == 0 || c < '0' || c > '9') {
				return false
			}
		}
	}
	return true
}

// newUUID returns a random (version 4) UUID in lower case.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
