package openapi

import (
	"go/build"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/vocab"
)

const testBase = "http://ruche.test/"

func newTestBuilder(t *testing.T) *docBuilder {
	t.Helper()
	shapes, err := vocab.Shapes(testBase)
	if err != nil {
		t.Fatal(err)
	}
	terms, err := newContextTerms(vocab.ContextDocument(testBase))
	if err != nil {
		t.Fatal(err)
	}
	classes, err := vocab.Vocabulary()
	if err != nil {
		t.Fatal(err)
	}
	return &docBuilder{site: Site{Base: testBase}, shapes: newShapeGraph(shapes), classes: newShapeGraph(classes), terms: terms}
}

// suppliedByServer are the properties a shape requires that the server
// states itself on a write (a child's link to its parent chantier, a
// membership's default start date): the documentation leaves them out.
var suppliedByServer = map[string][]string{
	"livrables":      {"creator"},
	"participations": {"startDate"},
	"evaluations":    {"itemReviewed"},
}

// TestShapeSchemas: the body a kind's shape gives (what a kind without
// hand-written documentation gets) requires what the hand-written schema
// requires, besides what the server supplies, for every documented kind.
func TestShapeSchemas(t *testing.T) {
	d := newTestBuilder(t)
	for _, k := range vocab.Kinds {
		t.Run(k.Segment, func(t *testing.T) {
			doc, ok := kindDocs[k.Class]
			if !ok {
				t.Skip("no hand-written documentation")
			}
			props, required := d.shapeSchema(k)
			want := append(slices.Clone(doc.required), suppliedByServer[k.Segment]...)
			slices.Sort(want)
			if !slices.Equal(required, want) {
				t.Errorf("shape requires %q, the documentation %q", required, want)
			}
			for _, p := range required {
				if _, ok := props[p]; !ok {
					t.Errorf("required %s has no schema", p)
				}
				if _, ok := doc.schema[p]; !ok && !slices.Contains(suppliedByServer[k.Segment], p) {
					t.Errorf("required %s is not documented", p)
				}
			}
		})
	}
}

// TestUndocumentedKind: a kind with no hand-written documentation gets its
// body from its shape: the schema names its properties by the API
// context, requires what the shape requires, and its examples hold them.
func TestUndocumentedKind(t *testing.T) {
	d := newTestBuilder(t)
	k := vocab.KindOfClass(vocab.RadnLegacy)
	saved := kindDocs[k.Class]
	delete(kindDocs, k.Class)
	t.Cleanup(func() { kindDocs[k.Class] = saved })
	bd := d.bodyOf(k)
	if bd.component != "LegacyBody" || bd.path != "/legs" || bd.key != "legs" {
		t.Errorf("component %q path %q key %q", bd.component, bd.path, bd.key)
	}
	if !slices.Equal(bd.required, []string{"creator", "name"}) {
		t.Errorf("required %q", bd.required)
	}
	if _, ok := bd.props["name"].(map[string]any)["oneOf"]; !ok {
		t.Errorf("name is not a language map: %v", bd.props["name"])
	}
	if bd.props["creator"].(map[string]any)["oneOf"] == nil && bd.props["creator"].(map[string]any)["format"] != "iri" {
		t.Errorf("creator is not an IRI: %v", bd.props["creator"])
	}
	for _, want := range []string{`"type":"Legacy"`, `"name":{"fr":"…"}`, `"creator":`} {
		if !strings.Contains(bd.jsonld, want) {
			t.Errorf("JSON-LD example %s lacks %s", bd.jsonld, want)
		}
	}
	for _, want := range []string{"<http://schema.org/name>", "<http://schema.org/creator>", "<" + vocab.RadnLegacy + ">"} {
		if !strings.Contains(bd.ntriples, want) || !strings.Contains(bd.turtle, want) {
			t.Errorf("examples lack %s:\n%s\n%s", want, bd.ntriples, bd.turtle)
		}
	}
}

// TestNoHTTP: the description is plain data; the package imports neither
// gin nor net/http.
func TestNoHTTP(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if imp == "net/http" || imp == "github.com/gin-gonic/gin" {
			t.Errorf("imports %s", imp)
		}
	}
}
