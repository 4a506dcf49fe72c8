package api

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// addQuads writes quads to the public space (graph public-cc0 unless set).
func addQuads(t testing.TB, st *store.Store, quads ...rdf.Quad) {
	t.Helper()
	err := st.Update(context.Background(), func(tx *store.Txn) error {
		for _, q := range quads {
			if q.G.IsZero() {
				q.G = rdf.IRI(testBase + "graph/" + vocab.GraphPublicCC0)
			}
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func iriQ(s, p, o string) rdf.Quad { return rdf.Quad{S: rdf.IRI(s), P: rdf.IRI(p), O: rdf.IRI(o)} }

func litQ(s, p string, o rdf.Term) rdf.Quad { return rdf.Quad{S: rdf.IRI(s), P: rdf.IRI(p), O: o} }

// hasTriple reports whether quads hold (s, p, o) in any graph.
func hasTriple(quads []rdf.Quad, s, p string, o rdf.Term) bool {
	return slices.ContainsFunc(quads, func(q rdf.Quad) bool {
		return q.S == rdf.IRI(s) && q.P == rdf.IRI(p) && q.O == o
	})
}

func objects(quads []rdf.Quad, s, p string) []rdf.Term {
	var out []rdf.Term
	for _, q := range quads {
		if q.S == rdf.IRI(s) && q.P == rdf.IRI(p) {
			out = append(out, q.O)
		}
	}
	return out
}

func TestHome(t *testing.T) {
	srv, _ := newTestServer(t)
	t.Run("browser gets the page", func(t *testing.T) {
		r := get(t, srv, "/", "text/html,application/xhtml+xml,*/*;q=0.8")
		if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("%d %s", r.code, r.header.Get("Content-Type"))
		}
		body := string(r.body)
		if n := strings.Count(body, "<svg"); n != 2 {
			t.Errorf("%d charts, want 2 (kinds and statuses, lineage)", n)
		}
		for _, want := range []string{"Culture des données", `"@type":"WebSite"`, `"@type":"Organization"`, `hreflang="en"`} {
			if !strings.Contains(body, want) {
				t.Errorf("home page lacks %q", want)
			}
		}
	})
	t.Run("every navigation link answers", func(t *testing.T) {
		for _, page := range []string{"/", "/en/"} {
			r := get(t, srv, page, "text/html")
			links := regexp.MustCompile(`<nav aria-label="[^"]*">\s*<ul>(?s:(.*?))</ul>`).FindSubmatch(r.body)
			if links == nil {
				t.Fatalf("%s: no navigation", page)
			}
			hrefs := regexp.MustCompile(`href="([^"]+)"`).FindAllSubmatch(links[1], -1)
			if len(hrefs) != 5 {
				t.Fatalf("%s: %d navigation links", page, len(hrefs))
			}
			for _, h := range hrefs {
				if r := get(t, srv, string(h[1]), "text/html"); r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
					t.Errorf("%s → %s: %d %s", page, h[1], r.code, r.header.Get("Content-Type"))
				}
			}
		}
	})
	t.Run("English", func(t *testing.T) {
		r := get(t, srv, "/en/", "text/html")
		if r.code != 200 || !strings.Contains(string(r.body), `<html lang="en">`) {
			t.Fatalf("%d %.300s", r.code, r.body)
		}
	})
	t.Run("site description in Turtle and JSON-LD", func(t *testing.T) {
		ttl := get(t, srv, "/", "text/turtle")
		quads := decodeAll(t, rdfio.Turtle, ttl.body, testBase, nil)
		if !hasTriple(quads, testBase, rdf.RDFType, rdf.IRI(schemaNS+"WebSite")) || !hasTriple(quads, testBase, schemaNS+"publisher", rdf.IRI(testBase+"id/organisations/reseau-adn")) {
			t.Errorf("site description: %s", ttl.body)
		}
		ld := get(t, srv, "/", "application/ld+json")
		fromLD := decodeAll(t, rdfio.JSONLD, ld.body, testBase, nil)
		if len(fromLD) != len(triplesOf(quads)) {
			t.Errorf("JSON-LD has %d triples, Turtle %d", len(fromLD), len(quads))
		}
	})
}

func TestCollections(t *testing.T) {
	srv, st := newTestServer(t)
	legacy := testBase + "id/legs/guide"
	addQuads(t, st,
		iriQ(legacy, rdf.RDFType, vocab.RadnLegacy),
		litQ(legacy, schemaNS+"name", rdf.LangString("Guide", "fr")),
		iriQ(legacy, vocab.RadnStatus, testBase+"concept/statut/actif"),
	)
	tests := []struct {
		name, target string
		code         int
		total        int    // hydra:totalItems
		members      int    // members on the page
		next, prev   bool   // hydra:next / hydra:previous present
		first        string // first member, if checked
	}{
		{name: "all chantiers", target: "/chantiers", code: 200, total: 8, members: 8, first: testBase + "id/chantiers/almanach-culturel"},
		{name: "paged", target: "/chantiers?size=3", code: 200, total: 8, members: 3, next: true},
		{name: "middle page", target: "/chantiers?size=3&page=2", code: 200, total: 8, members: 3, next: true, prev: true},
		{name: "last page", target: "/chantiers?size=3&page=3", code: 200, total: 8, members: 2, prev: true},
		{name: "kind by slug", target: "/chantiers?kind=expertise", code: 200, total: 5, members: 5},
		{name: "kind by IRI", target: "/chantiers?kind=" + testBase + "concept/type-chantier/expertise", code: 200, total: 5, members: 5},
		{name: "theme", target: "/chantiers?theme=codeveloppement", code: 200, total: 1, members: 1, first: testBase + "id/chantiers/codeveloppement"},
		{name: "legacies", target: "/legs", code: 200, total: 1, members: 1, first: legacy},
		{name: "legacies by status", target: "/legs?status=actif", code: 200, total: 1, members: 1},
		{name: "themes", target: "/themes", code: 200, total: 12, members: 12},
		{name: "organisations are not chantiers", target: "/organisations", code: 200, total: 2, members: 2},
		{name: "empty collection", target: "/objectifs", code: 200, total: 0, members: 0},
		{name: "events", target: "/evenements", code: 200, total: 2, members: 2},
		{name: "past the end", target: "/chantiers?page=2", code: 404},
		{name: "page 0", target: "/chantiers?page=0", code: 400},
		{name: "page not a number", target: "/chantiers?page=x", code: 400},
		{name: "size too big", target: "/chantiers?size=1000", code: 400},
		{name: "unknown kind", target: "/chantiers?kind=nope", code: 400},
		{name: "status from another scheme", target: "/chantiers?status=expertise", code: 400},
		{name: "foreign IRI", target: "/chantiers?theme=http://example.org/x", code: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, tt.target, "text/turtle")
			if r.code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.code, tt.code, r.body)
			}
			if tt.code != 200 {
				if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q", ct)
				}
				return
			}
			quads := decodeAll(t, rdfio.Turtle, r.body, testBase, nil)
			var coll string
			for _, q := range quads {
				if q.P.Value == rdf.RDFType && q.O.Value == hydraNS+"Collection" {
					coll = q.S.Value
				}
			}
			if coll == "" {
				t.Fatalf("no hydra:Collection:\n%s", r.body)
			}
			if got := objects(quads, coll, hydraNS+"totalItems"); len(got) != 1 || got[0].Value != itoa(tt.total) {
				t.Errorf("totalItems %v, want %d", got, tt.total)
			}
			members := objects(quads, coll, hydraNS+"member")
			if len(members) != tt.members {
				t.Errorf("%d members, want %d", len(members), tt.members)
			}
			views := objects(quads, coll, hydraNS+"view")
			if len(views) != 1 || !hasTriple(quads, views[0].Value, rdf.RDFType, rdf.IRI(hydraNS+"PartialCollectionView")) {
				t.Fatalf("no PartialCollectionView: %v", views)
			}
			view := views[0].Value
			for _, p := range []string{"first", "last"} {
				if len(objects(quads, view, hydraNS+p)) != 1 {
					t.Errorf("no hydra:%s", p)
				}
			}
			if got := len(objects(quads, view, hydraNS+"next")) == 1; got != tt.next {
				t.Errorf("next: %v, want %v", got, tt.next)
			}
			if got := len(objects(quads, view, hydraNS+"previous")) == 1; got != tt.prev {
				t.Errorf("previous: %v, want %v", got, tt.prev)
			}
			if tt.first != "" && (len(members) == 0 || !slices.Contains(members, rdf.IRI(tt.first))) {
				t.Errorf("members %v lack %s", members, tt.first)
			}
			search := objects(quads, coll, hydraNS+"search")
			if len(search) != 1 || !slices.ContainsFunc(quads, func(q rdf.Quad) bool {
				return q.S == search[0] && q.P.Value == hydraNS+"template" && strings.HasSuffix(q.O.Value, "{?status,kind,theme,page,size}")
			}) {
				t.Errorf("no hydra:search template")
			}
			if links := strings.Join(r.header.Values("Link"), ", "); !strings.Contains(links, `rel="first"`) || !strings.Contains(links, `rel="describedby"`) {
				t.Errorf("Link headers %q", links)
			}
		})
	}
}

func TestCollectionOrderAndFormats(t *testing.T) {
	srv, st := newTestServer(t)
	// Names that a byte order would sort differently from French.
	for i, name := range []string{"Éducation", "eau", "Zèbre", "arbre"} {
		iri := testBase + "id/legs/l" + itoa(i)
		addQuads(t, st, iriQ(iri, rdf.RDFType, vocab.RadnLegacy), litQ(iri, schemaNS+"name", rdf.LangString(name, "fr")))
	}
	r := get(t, srv, "/legs", "text/html")
	if r.code != 200 {
		t.Fatalf("%d", r.code)
	}
	body := string(r.body)
	var pos []int
	for _, name := range []string{"arbre", "eau", "Éducation", "Zèbre"} {
		pos = append(pos, strings.Index(body, ">"+name+"<"))
	}
	if !slices.IsSorted(pos) || pos[0] < 0 {
		t.Errorf("French order broken: positions %v", pos)
	}
	// The same page in every format, with the same members.
	ttl := decodeAll(t, rdfio.Turtle, get(t, srv, "/legs", "text/turtle").body, testBase, nil)
	nt := decodeAll(t, rdfio.NTriples, get(t, srv, "/legs", "application/n-triples").body, testBase, nil)
	ld := decodeAll(t, rdfio.JSONLD, get(t, srv, "/legs", "application/ld+json").body, testBase, nil)
	if len(ttl) != len(nt) || len(ttl) != len(ld) {
		t.Errorf("Turtle %d, N-Triples %d, JSON-LD %d triples", len(ttl), len(nt), len(ld))
	}
	// English page, HEAD and revalidation.
	en := get(t, srv, "/en/chantiers", "text/html")
	if en.code != 200 || !strings.Contains(string(en.body), `<html lang="en">`) {
		t.Errorf("English list: %d", en.code)
	}
	head := do(t, srv, http.MethodHead, "/chantiers", map[string]string{"Accept": "text/turtle"}, nil)
	full := get(t, srv, "/chantiers", "text/turtle")
	if head.code != 200 || len(head.body) != 0 || head.header.Get("ETag") != full.header.Get("ETag") {
		t.Errorf("HEAD: %d, %d bytes, ETag %q vs %q", head.code, len(head.body), head.header.Get("ETag"), full.header.Get("ETag"))
	}
	again := do(t, srv, http.MethodGet, "/chantiers", map[string]string{"Accept": "text/turtle", "If-None-Match": full.header.Get("ETag")}, nil)
	if again.code != http.StatusNotModified {
		t.Errorf("revalidation: %d", again.code)
	}
	// A write changes the data version, hence the document.
	addQuads(t, st, iriQ(testBase+"id/chantiers/nouveau", rdf.RDFType, vocab.RadnChantier))
	after := get(t, srv, "/chantiers", "text/turtle")
	if after.header.Get("ETag") == full.header.Get("ETag") || !strings.Contains(string(after.body), "hydra:totalItems 9") {
		t.Errorf("cache not invalidated by a write:\n%.600s", after.body)
	}
}
