package rdfio

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// json-gold's FromRDF lacks rdfDirection and @json, and converts native
// types wrongly (it drops the datatype of values it cannot convert). Ruche
// therefore always calls it with useNativeTypes off and fixes value objects
// itself: preFromRDF rewrites compound literals before, postFromRDF rewrites
// value objects after.

// compoundNS marks, between preFromRDF and postFromRDF, a literal that was
// a compound literal (rdfDirection compound-literal): its datatype is
// compoundNS + language + "_" + direction.
const compoundNS = "urn:x-ruche:compound-literal#"

// notAList is a predicate added, between preFromRDF and postFromRDF, to a
// node that has an rdf:rest but no rdf:first (or the reverse): json-gold
// takes such a node for a list node and panics; the extra property makes
// it an ordinary node.
const notAList = "urn:x-ruche:not-a-list-node"

// preFromRDF rewrites quads before json-gold's FromRDF: it marks broken
// list nodes, and, with rdfDirection compound-literal, turns a blank node
// that only carries rdf:value, rdf:direction and optionally rdf:language
// into a literal wherever it is an object.
func preFromRDF(quads []rdf.Quad, o fromRDFOptions) []rdf.Quad {
	quads = markBrokenListNodes(quads)
	if o.rdfDirection != "compound-literal" {
		return quads
	}
	type compound struct {
		value, lang, dir string
		hasValue, hasDir bool
		other            bool
	}
	nodes := map[rdf.Term]*compound{}
	for _, q := range quads {
		if !q.S.IsBlank() {
			continue
		}
		c := nodes[q.S]
		if c == nil {
			c = &compound{}
			nodes[q.S] = c
		}
		switch {
		case q.P.Value == rdfValue && q.O.IsLiteral() && !c.hasValue:
			c.value, c.hasValue = q.O.Value, true
		case q.P.Value == rdfDirection && q.O.IsLiteral() && !c.hasDir:
			c.dir, c.hasDir = q.O.Value, true
		case q.P.Value == rdfLanguage && q.O.IsLiteral() && c.lang == "":
			c.lang = q.O.Value
		default:
			c.other = true
		}
	}
	out := quads[:0:0]
	for _, q := range quads {
		if c := nodes[q.S]; q.S.IsBlank() && c.hasValue && c.hasDir && !c.other {
			continue
		}
		if c, ok := nodes[q.O]; ok && q.O.IsBlank() && c.hasValue && c.hasDir && !c.other {
			q.O = rdf.Literal(c.value, compoundNS+c.lang+"_"+c.dir)
		}
		out = append(out, q)
	}
	return out
}

// markBrokenListNodes adds a notAList quad to every subject that has
// rdf:first without rdf:rest or the reverse.
func markBrokenListNodes(quads []rdf.Quad) []rdf.Quad {
	type key struct{ s, g rdf.Term }
	type seen struct{ first, rest bool }
	nodes := map[key]*seen{}
	for _, q := range quads {
		if q.P.Value != rdf.RDFFirst && q.P.Value != rdf.RDFRest {
			continue
		}
		k := key{q.S, q.G}
		n := nodes[k]
		if n == nil {
			n = &seen{}
			nodes[k] = n
		}
		if q.P.Value == rdf.RDFFirst {
			n.first = true
		} else {
			n.rest = true
		}
	}
	for k, n := range nodes {
		if n.first != n.rest {
			quads = append(quads, rdf.Quad{S: k.s, P: rdf.IRI(notAList), O: rdf.String(""), G: k.g})
		}
	}
	return quads
}

// postFromRDF fixes the value objects of json-gold's FromRDF output in
// place, and removes the notAList marks.
func postFromRDF(v any, o fromRDFOptions) error {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if err := postFromRDF(e, o); err != nil {
				return err
			}
		}
	case map[string]any:
		if _, isValue := x["@value"]; isValue {
			return fixValueObject(x, o)
		}
		delete(x, notAList)
		for _, e := range x {
			if err := postFromRDF(e, o); err != nil {
				return err
			}
		}
	}
	return nil
}

var (
	xsdIntegerRE = regexp.MustCompile(`^[+-]?[0-9]+$`)
	xsdDoubleRE  = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)

func fixValueObject(m map[string]any, o fromRDFOptions) error {
	lex, _ := m["@value"].(string)
	dt, _ := m["@type"].(string)
	switch {
	case dt == rdfJSON && o.processingMode != ld.JsonLd_1_0:
		var parsed any
		if jsonNesting([]byte(lex), maxJSONNesting) >= 0 {
			// Too deep for the recursive passes that follow: written as the
			// typed literal it is.
			return nil
		}
		if err := json.Unmarshal([]byte(lex), &parsed); err != nil {
			if !o.strictJSON {
				return nil
			}
			return ld.NewJsonLdError("invalid JSON literal", fmt.Errorf("%q: %w", lex, err))
		}
		m["@value"], m["@type"] = parsed, "@json"
	case strings.HasPrefix(dt, compoundNS):
		setDirection(m, strings.TrimPrefix(dt, compoundNS))
	case o.rdfDirection == "i18n-datatype" && strings.HasPrefix(dt, i18nNS):
		setDirection(m, strings.TrimPrefix(dt, i18nNS))
	case o.useNativeTypes:
		switch dt {
		case rdf.XSDString:
			delete(m, "@type")
		case rdf.XSDBoolean:
			switch lex {
			case "true", "1":
				m["@value"] = true
				delete(m, "@type")
			case "false", "0":
				m["@value"] = false
				delete(m, "@type")
			}
		case rdf.XSDInteger, rdf.XSDDouble:
			re := xsdIntegerRE
			if dt == rdf.XSDDouble {
				re = xsdDoubleRE
			}
			if re.MatchString(lex) {
				if f, err := strconv.ParseFloat(lex, 64); err == nil && !math.IsInf(f, 0) {
					m["@value"] = f
					delete(m, "@type")
				}
			}
		}
	}
	return nil
}

// setDirection turns a "lang_dir" datatype suffix into @language and
// @direction.
func setDirection(m map[string]any, langDir string) {
	lang, dir, ok := strings.Cut(langDir, "_")
	if !ok || (dir != "ltr" && dir != "rtl") {
		return
	}
	delete(m, "@type")
	if lang != "" {
		m["@language"] = lang
	}
	m["@direction"] = dir
}
