package openapi

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// body is the write body of one kind as the document shows it.
type body struct {
	key       string // example key: the kind's Segment
	name      string // the kind's Name
	component string // components.schemas name
	summary   string
	path      string // where a new one is POSTed
	props     map[string]any
	required  []string
	jsonld    string // examples, with {B} for the base
	turtle    string
	ntriples  string
	ntSummary string // what the N-Triples example is
}

// localName is the part of an IRI after its last '#' or '/'.
func localName(iri string) string {
	return iri[strings.LastIndexAny(iri, "#/")+1:]
}

// CreatePath is where a client POSTs a new resource of k: the listed
// collection of a top kind that has one (/chantiers), else its collection
// under /id/ (/id/personnes, /id/chantiers/{slug}/objectifs).
func CreatePath(k *vocab.Kind) string {
	switch {
	case k.Parent != "":
		return "/id/" + k.Parent + "/{slug}/" + k.Segment
	case k.List != "":
		return k.List
	}
	return "/id/" + k.Segment
}

// bodyOf is the write body of k: its hand-written documentation when it
// has one, else one derived from its shape (properties, required ones,
// kinds of values) with a generated example.
func (d *docBuilder) bodyOf(k *vocab.Kind) body {
	bd := body{key: k.Segment, name: k.Name, component: localName(k.Class) + "Body", path: CreatePath(k)}
	if doc, ok := kindDocs[k.Class]; ok {
		if doc.component != "" {
			bd.component = doc.component
		}
		bd.summary, bd.props, bd.required, bd.jsonld, bd.turtle, bd.ntriples = doc.summary, doc.schema, doc.required, doc.jsonld, doc.turtle, doc.ntriples
		bd.ntSummary = "A minimal " + k.Name
		if bd.ntriples == "" {
			bd.ntriples, bd.ntSummary = d.minimalNTriples(k, bd)
		}
		return bd
	}
	bd.summary = strings.ToUpper(article(k.Name)[:1]) + article(k.Name)[1:] + " (POST " + bd.path + "; the body follows the kind's SHACL shape)"
	bd.props, bd.required = d.shapeSchema(k)
	example := map[string]any{"type": bd.props["type"].(map[string]any)["description"]}
	turtle := "<> a <" + k.Class + ">"
	for _, p := range bd.required {
		example[p] = exampleValue(bd.props[p].(map[string]any))
		if iri := d.terms.expand(p); iri != "" {
			turtle += " ;\n  <" + iri + "> " + exampleTurtle(bd.props[p].(map[string]any))
		}
	}
	text, _ := json.Marshal(example)
	bd.jsonld, bd.turtle = string(text), turtle+" .\n"
	bd.ntriples, bd.ntSummary = d.minimalNTriples(k, bd)
	return bd
}

// minimalNTriples is an N-Triples body of k made of its type and its
// required properties of a single value, "…" marking a value to fill, and
// its summary.
func (d *docBuilder) minimalNTriples(k *vocab.Kind, bd body) (string, string) {
	text := "_:r <" + rdf.RDFType + "> <" + k.Class + "> .\n"
	for _, p := range bd.required {
		schema, _ := bd.props[p].(map[string]any)
		if iri := d.terms.expand(p); iri != "" && schema != nil && schema["type"] != "array" {
			text += "_:r <" + iri + "> " + exampleTurtle(schema) + " .\n"
		}
	}
	return text, "The type and required properties of " + article(k.Name) + " (… marks a value to fill)"
}

// article is name after "a" or "an".
func article(name string) string {
	if name != "" && strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// shapeSchema derives the properties of k's body from the property shapes
// of the node shapes that target k.Class or one of its superclasses in the
// vocabulary: one property per sh:path, named by the API context, typed by
// sh:datatype or sh:nodeKind, described by its English sh:message;
// required when some shape of the path has sh:minCount (a value the server
// supplies, such as a child's link to its parent, is required too).
func (d *docBuilder) shapeSchema(k *vocab.Kind) (map[string]any, []string) {
	props := map[string]any{"type": str(d.terms.compact(k.Class))}
	var required []string
	var nodes []rdf.Term
	for _, class := range d.classes.closure(k.Class) {
		nodes = append(nodes, d.shapes.subjects(vocab.SHNS+"targetClass", rdf.IRI(class))...)
	}
	for _, node := range nodes {
		for _, ps := range d.shapes.objects(node, vocab.SHNS+"property") {
			path := d.shapes.first(ps, vocab.SHNS+"path")
			if !path.IsIRI() {
				continue
			}
			name := d.terms.compact(path.Value)
			if n, _ := strconv.Atoi(d.shapes.first(ps, vocab.SHNS+"minCount").Value); n > 0 && !slices.Contains(required, name) {
				required = append(required, name)
			}
			if _, ok := props[name]; ok {
				continue
			}
			desc := ""
			for _, m := range d.shapes.objects(ps, vocab.SHNS+"message") {
				if m.Lang == "en" {
					desc = m.Value
				}
			}
			datatype, nodeKind := d.shapes.first(ps, vocab.SHNS+"datatype").Value, d.shapes.first(ps, vocab.SHNS+"nodeKind").Value
			single := d.shapes.first(ps, vocab.SHNS+"maxCount").Value == "1"
			switch {
			case datatype == rdf.RDFLangString:
				props[name] = langMap(desc)
			case datatype == rdf.XSDDate:
				props[name] = date(strings.TrimSuffix(desc, "."))
			case nodeKind == vocab.SHNS+"IRI" && single:
				props[name] = iriRef(desc)
			case nodeKind == vocab.SHNS+"IRI":
				props[name] = iris(desc)
			default:
				props[name] = str(desc)
			}
		}
	}
	slices.Sort(required)
	return props, required
}

// exampleValue is a value of a generated example for a property schema
// (as made by str, langMap, iriRef, iris and date).
func exampleValue(schema map[string]any) any {
	if schema["pattern"] != nil {
		return "2026-01-31"
	}
	if schema["format"] == "iri" {
		return "{B}/…"
	}
	if alts, ok := schema["oneOf"].([]any); ok {
		first := alts[0].(map[string]any)
		if first["type"] == "object" {
			return map[string]any{"fr": "…"}
		}
		if first["format"] == "iri" {
			return "{B}/…"
		}
	}
	return "…"
}

// exampleTurtle is exampleValue in Turtle.
func exampleTurtle(schema map[string]any) string {
	switch v := exampleValue(schema).(type) {
	case map[string]any:
		return `"…"@fr`
	case string:
		if strings.HasPrefix(v, "{B}") {
			return "<" + v + ">"
		}
		if schema["pattern"] != nil {
			return `"` + v + `"^^<` + rdf.XSDDate + ">"
		}
		return `"` + v + `"`
	}
	return `"…"`
}

// shapeGraph indexes the triples of the shapes.
type shapeGraph struct {
	bySubject map[rdf.Term][]rdf.Quad
	all       []rdf.Quad
}

// closure is class and its superclasses (rdfs:subClassOf, transitively),
// class first.
func (g *shapeGraph) closure(class string) []string {
	out := []string{class}
	for i := 0; i < len(out); i++ {
		for _, sup := range g.objects(rdf.IRI(out[i]), vocab.RDFSNS+"subClassOf") {
			if sup.IsIRI() && !slices.Contains(out, sup.Value) {
				out = append(out, sup.Value)
			}
		}
	}
	return out
}

func newShapeGraph(quads []rdf.Quad) *shapeGraph {
	g := &shapeGraph{bySubject: map[rdf.Term][]rdf.Quad{}, all: quads}
	for _, q := range quads {
		g.bySubject[q.S] = append(g.bySubject[q.S], q)
	}
	return g
}

func (g *shapeGraph) subjects(p string, o rdf.Term) []rdf.Term {
	var out []rdf.Term
	for _, q := range g.all {
		if q.P.Value == p && q.O == o {
			out = append(out, q.S)
		}
	}
	return out
}

func (g *shapeGraph) objects(s rdf.Term, p string) []rdf.Term {
	var out []rdf.Term
	for _, q := range g.bySubject[s] {
		if q.P.Value == p {
			out = append(out, q.O)
		}
	}
	return out
}

func (g *shapeGraph) first(s rdf.Term, p string) rdf.Term {
	if os := g.objects(s, p); len(os) > 0 {
		return os[0]
	}
	return rdf.Term{}
}

// contextTerms names IRIs as the API context does: a term of the context,
// a schema.org local name (the context's @vocab), or a prefixed name.
type contextTerms struct {
	terms    map[string]string // IRI → term
	prefixes map[string]string // prefix → namespace
	vocab    string
}

func newContextTerms(doc []byte) (*contextTerms, error) {
	var ctx struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(doc, &ctx); err != nil {
		return nil, err
	}
	t := &contextTerms{terms: map[string]string{}, prefixes: map[string]string{}}
	t.vocab, _ = ctx.Context["@vocab"].(string)
	ids := map[string]string{}
	for term, v := range ctx.Context {
		switch v := v.(type) {
		case string:
			if strings.HasSuffix(v, "/") || strings.HasSuffix(v, "#") {
				t.prefixes[term] = v
			}
			ids[term] = v
		case map[string]any:
			if id, ok := v["@id"].(string); ok {
				ids[term] = id
			}
		}
	}
	for term, id := range ids {
		if strings.HasPrefix(term, "@") || t.prefixes[term] != "" {
			continue
		}
		iri := t.expandCURIE(id)
		// One term per IRI: the shortest, then the first in order.
		if old, ok := t.terms[iri]; !ok || len(term) < len(old) || (len(term) == len(old) && term < old) {
			t.terms[iri] = term
		}
	}
	return t, nil
}

func (t *contextTerms) expandCURIE(id string) string {
	if prefix, local, ok := strings.Cut(id, ":"); ok {
		if ns, ok := t.prefixes[prefix]; ok {
			return ns + local
		}
	}
	return id
}

// compact is the JSON name of iri in a body.
func (t *contextTerms) compact(iri string) string {
	if term, ok := t.terms[iri]; ok {
		return term
	}
	if local, ok := strings.CutPrefix(iri, t.vocab); ok && t.vocab != "" && !strings.ContainsAny(local, "/#") {
		return local
	}
	best := ""
	for prefix, ns := range t.prefixes {
		if local, ok := strings.CutPrefix(iri, ns); ok && (best == "" || prefix < best) {
			best = prefix + ":" + local
		}
	}
	if best != "" {
		return best
	}
	return iri
}

// expand is the IRI of a JSON name (a term, a prefixed name or a local
// name of @vocab), or "".
func (t *contextTerms) expand(name string) string {
	for iri, term := range t.terms {
		if term == name {
			return iri
		}
	}
	if strings.Contains(name, ":") {
		return t.expandCURIE(name)
	}
	if t.vocab != "" {
		return t.vocab + name
	}
	return ""
}
