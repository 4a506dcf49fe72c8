package api

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/partner"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

const xssName = `</script><script>alert(1)</script> & " ' ` + "\u2028"

func TestEmbedCard(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		name, target string
		code         int
		want         string
	}{
		{"French card", "/embed/chantiers/culture-des-donnees", 200, "Culture des données"},
		{"English card", "/embed/chantiers/culture-des-donnees?lang=en", 200, `lang="en"`},
		{"unknown chantier", "/embed/chantiers/nope", 404, ""},
		{"not a chantier", "/embed/chantiers/..%2Forganisations%2Freseau-adn", 404, ""},
		{"bad language", "/embed/chantiers/culture-des-donnees?lang=de", 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, tt.target, "")
			if r.code != tt.code {
				t.Fatalf("status %d, want %d", r.code, tt.code)
			}
			if tt.code != 200 {
				return
			}
			if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") {
				t.Errorf("CSP %q", csp)
			}
			if xfo := r.header.Get("X-Frame-Options"); xfo != "" {
				t.Errorf("X-Frame-Options %q forbids framing", xfo)
			}
			if !strings.Contains(string(r.body), tt.want) {
				t.Errorf("card lacks %q", tt.want)
			}
		})
	}
}

func TestOEmbed(t *testing.T) {
	srv, _ := newTestServer(t)
	chantier := testBase + "id/chantiers/culture-des-donnees"
	q := func(u string, extra string) string { return "/oembed?url=" + url.QueryEscape(u) + extra }
	tests := []struct {
		name, target string
		code         int
		typ          string
		width        int
	}{
		{"chantier IRI", q(chantier, "&format=json"), 200, "rich", 480},
		{"HTML page URL", q(chantier+".html", ""), 200, "rich", 480},
		{"English page", q(testBase+"en/id/chantiers/culture-des-donnees", ""), 200, "rich", 480},
		{"maxwidth", q(chantier, "&maxwidth=300&maxheight=200"), 200, "rich", 300},
		{"maxwidth above the card", q(chantier, "&maxwidth=2000"), 200, "rich", 480},
		{"concept gets a link", q(testBase+"concept/theme/codeveloppement", ""), 200, "link", 0},
		{"organisation gets a link", q(testBase+"id/organisations/reseau-adn", ""), 200, "link", 0},
		{"xml", q(chantier, "&format=xml"), 501, "", 0},
		{"missing url", "/oembed?format=json", 400, "", 0},
		{"bad maxwidth", q(chantier, "&maxwidth=wide"), 400, "", 0},
		{"zero maxheight", q(chantier, "&maxheight=0"), 400, "", 0},
		{"foreign URL", q("https://example.org/id/chantiers/culture-des-donnees", ""), 404, "", 0},
		{"unknown resource", q(testBase+"id/chantiers/nope", ""), 404, "", 0},
		{"not a page", q(testBase+"sparql", ""), 404, "", 0},
		{"garbage", q("::not a url", ""), 404, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, tt.target, "")
			if r.code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.code, tt.code, r.body)
			}
			if tt.code != 200 {
				return
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var resp partner.OEmbed
			if err := json.Unmarshal(r.body, &resp); err != nil {
				t.Fatal(err)
			}
			if resp.Version != "1.0" || resp.Type != tt.typ || resp.Width != tt.width {
				t.Errorf("got %+v", resp)
			}
			if tt.typ == "rich" {
				if resp.Height < 1 || !strings.HasPrefix(resp.HTML, "<iframe ") || !strings.Contains(resp.HTML, `width="`+itoa(tt.width)+`"`) ||
					!strings.Contains(resp.HTML, testBase+"embed/chantiers/culture-des-donnees?lang=") {
					t.Errorf("html %q", resp.HTML)
				}
			}
		})
	}
}

func TestDiscoveryAndPanel(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, path := range []string{"/id/chantiers/culture-des-donnees", "/concept/theme/codeveloppement", "/id/organisations/reseau-adn", "/en/id/chantiers/codeveloppement"} {
		r := get(t, srv, path, "text/html")
		if !strings.Contains(string(r.body), `type="application/json+oembed"`) {
			t.Errorf("%s: no oEmbed discovery link", path)
		}
	}
	en := get(t, srv, "/en/id/chantiers/culture-des-donnees", "text/html")
	for _, want := range []string{`<link rel="canonical" href="` + testBase + `en/id/chantiers/culture-des-donnees">`, `hreflang="fr" href="` + testBase + `id/chantiers/culture-des-donnees"`, "embed/chantiers/culture-des-donnees?lang=en"} {
		if !strings.Contains(string(en.body), want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	r := get(t, srv, "/id/chantiers/culture-des-donnees", "text/html")
	for _, want := range []string{"embed/chantiers/culture-des-donnees?lang=fr", "widget.js", `hreflang="en" href="` + testBase + `en/id/chantiers/culture-des-donnees"`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("embed panel lacks %q", want)
		}
	}
}

func TestStaticAndWidget(t *testing.T) {
	srv, _ := newTestServer(t)
	w := get(t, srv, "/widget.js", "")
	if w.code != 200 || !strings.Contains(w.header.Get("Content-Type"), "javascript") || w.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("widget: %d %v", w.code, w.header)
	}
	if cc := w.header.Get("Cache-Control"); cc != "public, max-age=300" {
		t.Errorf("widget Cache-Control %q", cc)
	}
	tests := []struct {
		path string
		code int
		ct   string
	}{
		{"/static/style.css", 200, "text/css"},
		{"/static/sparql.js", 200, "text/javascript"},
		{"/static/vendor/yasgui/yasgui.min.js", 200, "text/javascript"},
		{"/static/nope.css", 404, ""},
		{"/static/../go.mod", 404, ""},
		{"/static/", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, srv, tt.path, "")
			if r.code != tt.code {
				t.Fatalf("status %d, want %d", r.code, tt.code)
			}
			if tt.code == 200 {
				if !strings.HasPrefix(r.header.Get("Content-Type"), tt.ct) {
					t.Errorf("Content-Type %q", r.header.Get("Content-Type"))
				}
				if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=2592000") {
					t.Errorf("Cache-Control %q", cc)
				}
			}
		})
	}
}

// A chantier named with markup must not inject anything in any page,
// card or oEmbed answer, and its JSON-LD must round-trip.
func TestNoInjectionFromData(t *testing.T) {
	srv, st := newTestServer(t)
	iri := testBase + "id/chantiers/xss"
	addQuads(t, st,
		iriQ(iri, rdf.RDFType, vocab.RadnChantier),
		iriQ(iri, rdf.RDFType, schemaNS+"Project"),
		litQ(iri, schemaNS+"name", rdf.LangString(xssName, "fr")),
		litQ(iri, vocab.RadnInitialDefinition, rdf.LangString(xssName, "fr")),
		iriQ(iri, vocab.RadnKind, testBase+"concept/type-chantier/expertise"),
		iriQ(iri, provWasDerivedFrom, testBase+"id/chantiers/codeveloppement"),
	)
	scripts := regexp.MustCompile(`(?is)<script\b[^>]*>(.*?)</script>`)
	pages := []string{"/", "/en/", "/chantiers", "/id/chantiers/xss", "/en/id/chantiers/xss", "/embed/chantiers/xss", "/embed/chantiers/xss?lang=en"}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			r := get(t, srv, p, "text/html")
			if r.code != 200 {
				t.Fatalf("status %d", r.code)
			}
			body := string(r.body)
			if strings.Contains(body, "<script>alert") || strings.Contains(strings.ToLower(body), "</script><script>") {
				t.Fatal("markup from data reached the page")
			}
			found := false
			for _, m := range scripts.FindAllStringSubmatch(body, -1) {
				var v any
				if !strings.Contains(m[0], "application/ld+json") {
					continue
				}
				if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
					t.Fatalf("script JSON does not parse: %v", err)
				}
				if strings.Contains(m[1], xssName) {
					t.Error("raw name inside a script element")
				}
				found = found || holdsString(v, xssName)
			}
			if (strings.HasPrefix(p, "/id/") || strings.HasPrefix(p, "/en/id/") || strings.HasPrefix(p, "/embed/")) && !found {
				t.Error("the name does not round-trip through the page's JSON-LD")
			}
		})
	}
	t.Run("oEmbed", func(t *testing.T) {
		r := get(t, srv, "/oembed?url="+url.QueryEscape(iri), "")
		var resp partner.OEmbed
		if err := json.Unmarshal(r.body, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.Title != xssName {
			t.Errorf("title %q", resp.Title)
		}
		if strings.Contains(resp.HTML, "<script") || strings.Count(resp.HTML, "<") != 2 {
			t.Errorf("html carries markup from data: %q", resp.HTML)
		}
	})
}

// holdsString reports whether a decoded JSON value holds the string s.
func holdsString(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return x == s
	case []any:
		for _, e := range x {
			if holdsString(e, s) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if holdsString(e, s) {
				return true
			}
		}
	}
	return false
}
