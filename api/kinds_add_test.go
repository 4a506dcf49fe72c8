package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// TestAddAKind: a kind added as one row of the table (here a test-only
// class, with a list of its own in the navigation) is routed, minted,
// stored, listed, described and served without another edit: its
// collection and its list take a POST, the new resource gets a slug IRI and
// a document, its list shows it, the navigation links the list, the
// OpenAPI description has its paths and a request body, and the shapes
// check still applies to what is written into its collection.
func TestAddAKind(t *testing.T) {
	const class = "http://ruche.test/vocab#Essai"
	row := &vocab.Kind{Name: "essai", Class: class, Segment: "essais", Title: [2]string{"Essais", "Trials"}, Mint: vocab.MintSlug,
		List: "/essais", Nav: 4}
	saved, savedColl := vocab.Kinds, collections
	vocab.Kinds = append(slices.Clone(saved), row)
	// Its shape, as it would be written in shapes.ttl.
	t.Cleanup(vocab.AddShapes([]byte(`
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<shapes#EssaiShape> a sh:NodeShape ;
    sh:targetClass <` + class + `> ;
    sh:property [ sh:path schema:name ; sh:minCount 1 ; sh:datatype rdf:langString ; sh:maxLength 40 ;
        sh:message "Un essai a un nom d’au plus 40 caractères."@fr, "A trial has a name of at most 40 characters."@en ] .
`)))
	collections = siteCollections() // the lists derived from the table, as at start-up
	t.Cleanup(func() { vocab.Kinds, collections = saved, savedColl })

	e := newWriteEnv(t)
	tg, err := e.srv.writer.ParseTarget("/essais")
	if err != nil || tg.Kind != row || !tg.Collection {
		t.Fatalf("collection /id/essais: %+v %v", tg, err)
	}
	loc := e.create("/id/essais", e.coord, `<> schema:name "Premier essai"@fr .`)
	if loc != "/id/essais/premier-essai" {
		t.Fatalf("Location %q", loc)
	}
	doc := turtleOf(t, e.srv, loc)
	if !strings.Contains(doc, "<"+class+">") || !strings.Contains(doc, "Premier essai") {
		t.Fatalf("document lacks its class or name:\n%s", doc)
	}
	// A second one with the same name gets the next slug.
	if loc2 := e.create("/id/essais", e.coord, `<> schema:name "Premier essai"@fr .`); loc2 != "/id/essais/premier-essai-2" {
		t.Errorf("second Location %q", loc2)
	}
	// The list takes a POST too, and lists the members.
	if r := e.send(http.MethodPost, "/essais", e.coord, "text/turtle", ttlPrefixes+`<> schema:name "Autre essai"@fr .`); r.code != http.StatusCreated || r.header.Get("Location") != "/id/essais/autre-essai" {
		t.Errorf("POST /essais: %d %s %s", r.code, r.header.Get("Location"), r.body)
	}
	list := get(t, e.srv, "/essais", "text/turtle")
	for _, want := range []string{"/id/essais/premier-essai>", "/id/essais/autre-essai>", "hydra:totalItems 3", `"Trials"@en`} {
		if list.code != 200 || !strings.Contains(string(list.body), want) {
			t.Errorf("GET /essais (%d) lacks %s:\n%s", list.code, want, list.body)
		}
	}
	// The navigation links the list, current on its pages and the kind's.
	for _, path := range []string{"/en/essais", "/en/id/essais/premier-essai"} {
		page := do(t, e.srv, http.MethodGet, path, map[string]string{"Accept": "text/html"}, nil)
		if page.code != 200 || !strings.Contains(string(page.body), `href="/en/essais" aria-current="page">Trials</a>`) {
			t.Errorf("%s (%d): no current navigation entry for the list", path, page.code)
		}
	}
	// The OpenAPI description has its paths and a body of its own.
	paths, schemas := openAPIOf(t, e.srv)
	for _, p := range []struct{ path, method string }{
		{"/essais", "get"}, {"/essais", "post"}, {"/en/essais", "get"}, {"/id/essais", "post"},
		{"/id/essais/{item}", "get"}, {"/id/essais/{item}", "put"}, {"/id/essais/{item}", "patch"}, {"/id/essais/{item}", "delete"},
	} {
		if paths[p.path][p.method] == nil {
			t.Errorf("OpenAPI lacks %s %s", p.method, p.path)
		}
	}
	body, _ := json.Marshal(paths["/id/essais"]["post"]["requestBody"])
	if ref := schemaRef(string(body)); ref != "EssaiBody" || schemas["EssaiBody"] == nil {
		t.Errorf("POST /id/essais takes %q: %s", ref, body)
	}
	generic, _ := json.Marshal(paths["/id/{path}"]["post"]["requestBody"])
	if !strings.Contains(string(generic), "#/components/schemas/EssaiBody") {
		t.Errorf("POST /id/{path} does not offer EssaiBody")
	}
	// The kind passes the whole table check, its shape included.
	checkKind(t, e.srv, row)
	shapes, err := vocab.Shapes(e.srv.cfg.Base)
	if err != nil || !slices.ContainsFunc(shapes, func(q rdf.Quad) bool { return q.P.Value == vocab.SHNS+"targetClass" && q.O.Value == class }) {
		t.Errorf("no shape targets %s (%v)", class, err)
	}
	if body, _ := json.Marshal(schemas["EssaiBody"]); !strings.Contains(string(body), `"required":["name"]`) || !strings.Contains(string(body), "A trial has a name of at most 40 characters.") {
		t.Errorf("EssaiBody does not derive from the shape: %s", body)
	}
	// The shapes check applies to the kind's own shape: a nameless or
	// too-long name is refused with the shape's message, nothing written,
	// and a body typed with another kind's class is refused too.
	for _, body := range []string{
		`<> schema:description "Sans nom"@fr .`,
		`<> schema:name "Un nom bien trop long pour un essai de ce genre"@fr .`,
		`<> a radn:Chantier ; schema:name "Autre"@fr .`,
	} {
		r := e.send(http.MethodPost, "/id/essais", e.coord, "text/turtle", ttlPrefixes+body)
		if r.code != http.StatusUnprocessableEntity {
			t.Errorf("POST %s: %d %s", body, r.code, r.body)
		}
		if !strings.Contains(body, "Chantier") && !strings.Contains(string(r.body), "A trial has a name of at most 40 characters.") {
			t.Errorf("POST %s: the violation is not the shape's: %s", body, r.body)
		}
	}
	if list := get(t, e.srv, "/essais", "text/turtle"); !strings.Contains(string(list.body), "hydra:totalItems 3") {
		t.Errorf("a refused write changed the list:\n%s", list.body)
	}
}
