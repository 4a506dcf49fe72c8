package vocab

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

func contextTerms(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(ContextDocument(testBase), &doc); err != nil {
		t.Fatalf("context/v1.jsonld: %v", err)
	}
	ctx, ok := doc["@context"].(map[string]any)
	if !ok {
		t.Fatal("no @context object")
	}
	return ctx
}

func TestContextDocument(t *testing.T) {
	ctx := contextTerms(t)
	if ctx["@version"] != 1.1 || ctx["@protected"] != true || ctx["@vocab"] != SchemaNS {
		t.Errorf("@version %v, @protected %v, @vocab %v", ctx["@version"], ctx["@protected"], ctx["@vocab"])
	}
	if _, ok := ctx["@language"]; ok {
		t.Error("a default @language would tag codes such as skos:notation")
	}
	for _, term := range []string{"name", "alternateName", "description", "initialDefinition", "prefLabel", "definition", "label", "comment",
		"specific", "measurable", "achievable", "realistic", "jobTitle", "roleName"} {
		def, _ := ctx[term].(map[string]any)
		if def["@container"] != "@language" {
			t.Errorf("%s is not a language map: %v", term, ctx[term])
		}
	}
	for term, typ := range map[string]string{"kind": "@id", "theme": "@id", "url": "@id", "startDate": "xsd:date",
		"foundingDate": "xsd:date", "participantCount": "xsd:nonNegativeInteger", "parentOrganization": "@id"} {
		def, _ := ctx[term].(map[string]any)
		if def["@type"] != typ {
			t.Errorf("%s: @type %v, want %s", term, def["@type"], typ)
		}
	}
	// Every radn term has a JSON-LD term of the same local name.
	for _, iri := range append(slices.Clone(RadnClasses), RadnProperties...) {
		local := strings.TrimPrefix(iri, RadnNS)
		def := ctx[local]
		id, _ := def.(string)
		if m, ok := def.(map[string]any); ok {
			id, _ = m["@id"].(string)
		}
		if id != "radn:"+local {
			t.Errorf("term %q maps to %v, want radn:%s", local, def, local)
		}
	}
}

func TestContexts(t *testing.T) {
	cs := Contexts(testBase)
	for _, iri := range []string{ContextIRI(testBase), ContextIRI(DefaultBase), "https://w3id.org/radn/context/v1"} {
		if _, err := cs.LoadContext(iri); err != nil {
			t.Errorf("LoadContext(%s): %v", iri, err)
		}
	}
	if _, err := cs.LoadContext("https://schema.org"); err == nil {
		t.Error("a context ruche does not own was served")
	}
	// rdfio caches parsed contexts by the identity of the document: every
	// call must hand out the same parsed document, not a fresh parse.
	a, _ := cs.LoadContext(ContextIRI(testBase))
	b, _ := Contexts(DefaultBase).LoadContext(ContextIRI(DefaultBase))
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok || reflect.ValueOf(am).UnsafePointer() != reflect.ValueOf(bm).UnsafePointer() {
		t.Error("Contexts parses the context document again on each call")
	}
}

// TestContextDecodes decodes an API-profile document through the JSON-LD
// decoder with ruche's contexts and checks the triples.
func TestContextDecodes(t *testing.T) {
	doc := `{
  "@context": "` + ContextIRI(testBase) + `",
  "id": "` + ChantierIRI(testBase, "culture-des-donnees") + `",
  "type": "Chantier",
  "name": {"fr": "Culture des données", "en": "Data culture"},
  "kind": "` + ConceptIRI(testBase, SchemeChantierKind, "expertise") + `",
  "foundingDate": "2019-05-15",
  "participantCount": 6,
  "notation": "x",
  "issued": {"@value": "2020-04", "@type": "xsd:gYearMonth"}
}`
	dec, err := rdfio.NewDecoder(rdfio.JSONLD, strings.NewReader(doc), rdfio.DecodeOptions{BaseIRI: testBase, Contexts: Contexts(testBase)})
	if err != nil {
		t.Fatal(err)
	}
	var got []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		got = append(got, q)
	}
	s := ChantierIRI(testBase, "culture-des-donnees")
	tq := func(p string, o rdf.Term) rdf.Quad { return rdf.Quad{S: rdf.IRI(s), P: rdf.IRI(p), O: o} }
	want := []rdf.Quad{
		tq(RDFType, rdf.IRI(RadnChantier)),
		tq(SchemaName, rdf.LangString("Culture des données", "fr")),
		tq(SchemaName, rdf.LangString("Data culture", "en")),
		tq(RadnKind, rdf.IRI(ConceptIRI(testBase, SchemeChantierKind, "expertise"))),
		tq(SchemaFoundingDate, rdf.Literal("2019-05-15", XSDDate)),
		tq(RadnParticipantCount, rdf.Literal("6", XSDNonNegativeInteger)),
		tq(SKOSNotation, rdf.String("x")),
		tq(DCTermsIssued, rdf.Literal("2020-04", XSDGYearMonth)),
	}
	byQuad := cmpopts.SortSlices(func(a, b rdf.Quad) bool { return rdf.CompareQuads(a, b) < 0 })
	if diff := cmp.Diff(want, got, byQuad); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestContextCompacts compacts a seed chantier with the API context: names
// and definitions come out as language maps, kinds as IRIs, types as terms.
func TestContextCompacts(t *testing.T) {
	seed := mustSeed(t, testBase)
	s := rdf.IRI(ChantierIRI(testBase, "culture-des-donnees"))
	var mine []rdf.Quad
	for _, q := range seed {
		if q.S == s {
			q.G = rdf.Term{}
			mine = append(mine, q)
		}
	}
	var ctx any
	if err := json.Unmarshal(ContextDocument(testBase), &ctx); err != nil {
		t.Fatal(err)
	}
	doc, err := rdfio.CompactJSONLD(mine, ctx, ContextIRI(testBase))
	if err != nil {
		t.Fatal(err)
	}
	if doc["@context"] != ContextIRI(testBase) || doc["id"] != s.Value {
		t.Errorf("@context %v, id %v", doc["@context"], doc["id"])
	}
	want := map[string]any{"fr": "Culture des données"}
	if diff := cmp.Diff(want, doc["name"]); diff != "" {
		t.Errorf("name (-want +got):\n%s", diff)
	}
	def, _ := doc["initialDefinition"].(map[string]any)
	if !strings.HasPrefix(def["fr"].(string), "S’approprier les concepts") {
		t.Errorf("initialDefinition = %v", doc["initialDefinition"])
	}
	kinds, _ := doc["kind"].([]any)
	if !slices.Contains(kinds, any(ConceptIRI(testBase, SchemeChantierKind, "expertise"))) {
		t.Errorf("kind = %v", doc["kind"])
	}
	types, _ := doc["type"].([]any)
	if !slices.Contains(types, any("Chantier")) || !slices.Contains(types, any("Project")) {
		t.Errorf("type = %v", doc["type"])
	}
}
