package rdfio

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Vocabulary of the JSON-LD to RDF algorithm.
const (
	rdfJSON      = rdf.RDFNS + "JSON"
	rdfValue     = rdf.RDFNS + "value"
	rdfLanguage  = rdf.RDFNS + "language"
	rdfDirection = rdf.RDFNS + "direction"
	i18nNS       = "https://www.w3.org/ns/i18n#"
)

// toRDF implements "Deserialize JSON-LD to RDF" (JSON-LD 1.1 API, 8.1) over
// a node map built by json-gold.
type toRDF struct {
	issuer *ld.IdentifierIssuer
	cfg    jsonldConfig
	langs  map[string]string // json-gold's lower-cased tag -> tag as written
	out    []rdf.Quad
}

// collectLangs records how the language tags of doc are written ("@language"
// values and the keys of maps, which include language maps), so that the
// tags json-gold lower-cases can be given back as written, as ruche's other
// syntaxes do. A tag written in two spellings stays lower-cased.
func collectLangs(v any, langs map[string]string) {
	add := func(tag string) {
		if !wellFormedLang(tag) {
			return
		}
		low := strings.ToLower(tag)
		if prev, ok := langs[low]; ok && prev != tag {
			langs[low] = low
			return
		}
		langs[low] = tag
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectLangs(e, langs)
		}
	case map[string]any:
		for k, e := range x {
			add(k)
			if tag, ok := e.(string); ok && k == "@language" {
				add(tag)
			}
			collectLangs(e, langs)
		}
	}
}

// lang returns a language tag as the document wrote it.
func (t *toRDF) lang(tag string) string {
	if w, ok := t.langs[tag]; ok {
		return w
	}
	return tag
}

// dataset converts every graph of the node map, graphs and subjects in
// sorted order so that the output order is stable.
func (t *toRDF) dataset(nodeMap map[string]any) []rdf.Quad {
	for _, name := range sortedKeys(nodeMap) {
		var g rdf.Term
		if name != "@default" {
			var ok bool
			if g, ok = t.nodeTerm(name); !ok {
				continue
			}
		}
		graph, _ := nodeMap[name].(map[string]any)
		for _, id := range sortedKeys(graph) {
			s, ok := t.nodeTerm(id)
			if !ok {
				continue
			}
			node, _ := graph[id].(map[string]any)
			t.node(g, s, node)
		}
	}
	return t.out
}

func (t *toRDF) node(g, s rdf.Term, node map[string]any) {
	for _, prop := range sortedKeys(node) {
		values, _ := node[prop].([]any)
		if prop == "@type" {
			for _, v := range values {
				if ty, ok := v.(string); ok {
					if o, ok := t.nodeTerm(ty); ok {
						t.emit(s, rdf.IRI(rdf.RDFType), o, g)
					}
				}
			}
			continue
		}
		if ld.IsKeyword(prop) {
			continue
		}
		p, ok := t.nodeTerm(prop)
		if !ok || (p.IsBlank() && !t.cfg.produceGeneralizedRDF) {
			continue
		}
		for _, v := range values {
			if o, ok := t.object(v, g); ok {
				t.emit(s, p, o, g)
			}
		}
	}
}

func (t *toRDF) emit(s, p, o, g rdf.Term) {
	t.out = append(t.out, rdf.Quad{S: s, P: p, O: o, G: g})
}

// nodeTerm turns a node identifier into a blank node or an IRI; it reports
// false for an identifier that is neither a blank node nor a well-formed
// absolute IRI.
func (t *toRDF) nodeTerm(id string) (rdf.Term, bool) {
	if label, ok := strings.CutPrefix(id, "_:"); ok {
		return rdf.Blank(label), label != ""
	}
	if !wellFormedIRI(id) {
		return rdf.Term{}, false
	}
	return rdf.IRI(id), true
}

// object converts a node, list or value object (8.1.2 Object to RDF).
func (t *toRDF) object(item any, g rdf.Term) (rdf.Term, bool) {
	m, ok := item.(map[string]any)
	if !ok {
		return rdf.Term{}, false
	}
	if list, isList := m["@list"]; isList {
		l, _ := list.([]any)
		return t.list(l, g), true
	}
	value, isValue := m["@value"]
	if !isValue {
		id, _ := m["@id"].(string)
		return t.nodeTerm(id)
	}
	datatype, _ := m["@type"].(string)
	if datatype != "" && datatype != "@json" && !wellFormedIRI(datatype) {
		return rdf.Term{}, false
	}
	lang, hasLang := m["@language"].(string)
	if hasLang && !wellFormedLang(lang) {
		return rdf.Term{}, false
	}
	lang = t.lang(lang)
	var lex string
	switch {
	case datatype == "@json":
		s, err := canonicalJSON(value)
		if err != nil {
			return rdf.Term{}, false
		}
		lex, datatype = s, rdfJSON
	default:
		switch v := value.(type) {
		case bool:
			lex = strconv.FormatBool(v)
			if datatype == "" {
				datatype = rdf.XSDBoolean
			}
		case float64:
			if v != math.Trunc(v) || math.Abs(v) >= 1e21 || datatype == rdf.XSDDouble {
				lex = canonicalDouble(v)
				if datatype == "" {
					datatype = rdf.XSDDouble
				}
			} else {
				if v == 0 {
					v = 0 // no "-0" in xsd:integer's canonical form
				}
				lex = strconv.FormatFloat(v, 'f', -1, 64)
				if datatype == "" {
					datatype = rdf.XSDInteger
				}
			}
		case string:
			lex = v
		default:
			return rdf.Term{}, false
		}
	}
	if dir, hasDir := m["@direction"].(string); hasDir && t.cfg.rdfDirection != "" {
		return t.directional(lex, lang, dir, g)
	}
	if hasLang && (datatype == "" || datatype == rdf.RDFLangString) {
		return rdf.LangString(lex, lang), true
	}
	return rdf.Literal(lex, datatype), true
}

// directional applies the rdfDirection option to a string with a base
// direction.
func (t *toRDF) directional(lex, lang, dir string, g rdf.Term) (rdf.Term, bool) {
	switch t.cfg.rdfDirection {
	case "i18n-datatype":
		return rdf.Literal(lex, i18nNS+strings.ToLower(lang)+"_"+dir), true
	case "compound-literal":
		b := rdf.Blank(strings.TrimPrefix(t.issuer.GetId(""), "_:"))
		t.emit(b, rdf.IRI(rdfValue), rdf.String(lex), g)
		if lang != "" {
			t.emit(b, rdf.IRI(rdfLanguage), rdf.String(strings.ToLower(lang)), g)
		}
		t.emit(b, rdf.IRI(rdfDirection), rdf.String(dir), g)
		return b, true
	}
	return rdf.LangString(lex, lang), lang != ""
}

// list converts a list (8.1.3 List Conversion) and returns its head.
func (t *toRDF) list(items []any, g rdf.Term) rdf.Term {
	if len(items) == 0 {
		return rdf.IRI(rdf.RDFNil)
	}
	nodes := make([]rdf.Term, len(items))
	for i := range items {
		nodes[i] = rdf.Blank(strings.TrimPrefix(t.issuer.GetId(""), "_:"))
	}
	for i, item := range items {
		if o, ok := t.object(item, g); ok {
			t.emit(nodes[i], rdf.IRI(rdf.RDFFirst), o, g)
		}
		rest := rdf.IRI(rdf.RDFNil)
		if i+1 < len(nodes) {
			rest = nodes[i+1]
		}
		t.emit(nodes[i], rdf.IRI(rdf.RDFRest), rest, g)
	}
	return nodes[0]
}

// canonicalDouble writes v in the canonical lexical form of xsd:double used
// by JSON-LD: one digit before the point, at least one after, no trailing
// zeros, "E" and the exponent ("1.1E0", "-5.0E-1").
func canonicalDouble(v float64) string {
	if math.IsInf(v, 1) {
		return "INF"
	}
	if math.IsInf(v, -1) {
		return "-INF"
	}
	if math.IsNaN(v) {
		return "NaN"
	}
	s := strconv.FormatFloat(v, 'E', -1, 64) // "1.1E+00", "5E-01"
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

var langTagRE = regexp.MustCompile(`^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$`)

// wellFormedLang reports whether tag is a well-formed BCP 47 tag (the
// syntax only, as the JSON-LD algorithms require).
func wellFormedLang(tag string) bool { return langTagRE.MatchString(tag) }

// wellFormedIRI reports whether s is an absolute IRI: a scheme, then no
// character that RFC 3987 forbids anywhere in an IRI, and at most one "#"
// (a fragment cannot hold another).
func wellFormedIRI(s string) bool {
	if strings.Count(s, "#") > 1 {
		return false
	}
	colon := strings.IndexByte(s, ':')
	if colon < 1 {
		return false
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	for _, r := range s {
		if r <= 0x20 || strings.ContainsRune("<>\"{}|\\^`", r) || (r >= 0x7f && r <= 0x9f) {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
