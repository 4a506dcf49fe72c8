package api

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/vocab"
)

// partClasses are the shape targets that are not kinds of their own: they
// are validated as parts of a kind's document (a SMART objective is an
// objective, an assessment is a fragment of an evaluation, an opening or a
// closure is an event of a chantier).
var partClasses = []string{vocab.RadnSmartObjective, vocab.RadnCriterionAssessment, vocab.RadnChantierOpening, vocab.RadnChantierClosure}

// openAPIOf reads the served description.
func openAPIOf(t *testing.T, srv *Server) (paths map[string]map[string]map[string]any, schemas map[string]any) {
	t.Helper()
	r := get(t, srv, "/openapi.json", "")
	var doc struct {
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if r.code != 200 {
		t.Fatalf("/openapi.json: %d", r.code)
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Paths, doc.Components.Schemas
}

// kindPaths are a kind's collection and a document of it under /id/ (as
// write targets, without /id), and its OpenAPI paths.
func kindPaths(r *vocab.Kind) (coll, doc, apiColl, apiItem string) {
	coll, doc = "/"+r.Segment, "/"+r.Segment+"/abc"
	apiColl = "/id/" + r.Segment
	if r.Parent != "" {
		coll = "/" + r.Parent + "/un-parent/" + r.Segment
		doc = coll + "/1"
		if r.Mint == vocab.MintDate {
			doc = coll + "/2026-01-31"
		}
		apiColl = "/id/" + r.Parent + "/{parent}/" + r.Segment
	}
	return coll, doc, apiColl, apiColl + "/{item}"
}

// checkKind checks that a row of vocab.Kinds has a write collection and a
// document route, a minting rule, an OpenAPI path for its collection and
// its documents with the kind's own request body, and its listed
// collection when it has one.
func checkKind(t *testing.T, srv *Server, r *vocab.Kind) {
	t.Helper()
	coll, doc, apiColl, apiItem := kindPaths(r)
	for _, c := range []struct {
		path       string
		collection bool
	}{{coll, true}, {doc, false}} {
		tg, err := srv.writer.ParseTarget(c.path)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if tg.Kind != r || tg.Collection != c.collection {
			t.Errorf("%s: kind %q collection %v, want %q %v", c.path, tg.Kind.Name, tg.Collection, r.Name, c.collection)
		}
	}
	if r.Mint < vocab.MintSlug || r.Mint > vocab.MintDate {
		t.Errorf("no minting rule (%d)", r.Mint)
	}
	if r.Name == "" || r.Title[0] == "" || r.Title[1] == "" {
		t.Errorf("row lacks a name or titles")
	}
	paths, schemas := openAPIOf(t, srv)
	post := paths[apiColl]["post"]
	if post == nil {
		t.Fatalf("OpenAPI has no POST %s", apiColl)
	}
	body, _ := json.Marshal(post["requestBody"])
	ref := schemaRef(string(body))
	if ref == "" || schemas[ref] == nil {
		t.Errorf("POST %s: request body schema %q missing", apiColl, ref)
	}
	for _, m := range []string{"get", "head", "put", "patch", "delete"} {
		if paths[apiItem][m] == nil {
			t.Errorf("OpenAPI has no %s %s", m, apiItem)
		}
	}
	if r.List != "" {
		d, ok := collectionFor(r.List)
		if !ok || d.title != r.Title || !slices.Equal(d.filters, r.Filters) {
			t.Errorf("listed collection %s: %+v %v", r.List, d, ok)
		}
		if paths[r.List]["get"] == nil {
			t.Errorf("OpenAPI has no GET %s", r.List)
		}
		if g := get(t, srv, r.List, "text/turtle"); g.code != 200 {
			t.Errorf("GET %s: %d", r.List, g.code)
		}
		if r.Parent == "" && (paths[r.List]["post"] == nil || d.writes != r.Segment) {
			t.Errorf("%s: a top kind's list takes POST (writes %q)", r.List, d.writes)
		}
	}
}

// schemaRef is the name of the first components.schemas reference in s,
// or "".
func schemaRef(s string) string {
	i := strings.Index(s, "#/components/schemas/")
	if i < 0 {
		return ""
	}
	rest := s[i+len("#/components/schemas/"):]
	end := strings.IndexFunc(rest, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') })
	if end < 0 {
		return rest
	}
	return rest[:end]
}

// TestKindsTable: every row of vocab.Kinds has a write collection, a
// document route, a minting rule, a shape target and an OpenAPI path for
// its collection and documents; every class a shape targets is a kind or a
// declared part of one.
func TestKindsTable(t *testing.T) {
	srv, _ := newTestServer(t)
	shapes, err := vocab.Shapes(srv.cfg.Base)
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]bool{}
	for _, q := range shapes {
		if q.P.Value == vocab.SHNS+"targetClass" {
			targets[q.O.Value] = true
		}
	}
	for _, r := range vocab.Kinds {
		t.Run(r.Segment, func(t *testing.T) {
			checkKind(t, srv, r)
			if !targets[r.Class] {
				t.Errorf("no shape targets %s", r.Class)
			}
		})
	}
	for class := range targets {
		if vocab.KindOfClass(class) == nil && !slices.Contains(partClasses, class) {
			t.Errorf("shapes target %s, which is neither a row of vocab.Kinds nor a declared part", class)
		}
	}
}

// TestNavigationFromKinds: the main navigation links the list of every kind
// that has a place in it, titled as the kind, at its place.
func TestNavigationFromKinds(t *testing.T) {
	nav := siteNav()
	var keys []string
	for _, it := range nav {
		keys = append(keys, it.Key)
	}
	if want := []string{"chantiers", "themes", "legs", "sparql", "donnees"}; !slices.Equal(keys, want) {
		t.Errorf("navigation %q, want %q", keys, want)
	}
	for _, r := range vocab.Kinds {
		i := slices.IndexFunc(nav, func(it web.NavItem) bool { return it.Key == r.Segment })
		if (r.Nav > 0) != (i >= 0) {
			t.Errorf("%s: place %d, in the navigation: %v", r.Segment, r.Nav, i >= 0)
		} else if i >= 0 && (nav[i].Path != r.List || nav[i].Title != r.Title) {
			t.Errorf("%s: navigation entry %+v", r.Segment, nav[i])
		}
	}
}
