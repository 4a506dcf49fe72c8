package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSearchPage(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, c := range []struct {
		target, accept string
		code           int
		want, not      []string
	}{
		{"/recherche?q=podcasts+marketing", "text/html", 200,
			[]string{`href="/fr/id/chantiers/strategie-marketing-engagement"`, "<mark>podcasts</mark>", `lang="fr"`, `hreflang="en" href="http://ruche.test/en/search?q=podcasts&#43;marketing"`}, nil},
		{"/en/search?q=%C3%A9coresponsable", "text/html", 200, []string{`href="/en/id/chantiers/ecoresponsabilite-et-numerique"`, `lang="en"`}, nil},
		{"/recherche?q=donn%C3%A9es&type=chantier&theme=donnees", "text/html", 200, []string{`href="/fr/id/chantiers/culture-des-donnees"`},
			[]string{`href="/fr/id/chantiers/codeveloppement"`, `href="/fr/concept/theme/donnees"`}},
		{"/recherche?type=theme&size=5&page=2", "text/html", 200, []string{`rel="prev"`, `<ol class="search-results" start="6">`}, nil},
		{"/recherche?q=Comp%C3%A9titions+num%C3%A9rot%C3%A9es", "text/html", 200, []string{"Aucun résultat", `href="/fr/id/chantiers/competences-numeriques"`}, nil},
		{"/recherche", "text/html", 200, []string{`name="q"`, `role="search"`}, []string{"Aucun résultat"}},
		{"/recherche?q=%3Cscript%3Ealert(1)%3C/script%3E", "text/html", 200, []string{"&lt;script&gt;"}, []string{"<script>alert"}},
		{"/recherche?q=culture", "application/ld+json", 200, []string{`"SearchResultsPage"`, `"hydra:totalItems"`, `"hydra:member"`, `"@id": "http://ruche.test/id/chantiers/culture-des-donnees"`, `"hydra:IriTemplate"`}, nil},
		{"/recherche?q=culture", "application/json", 200, []string{`"SearchResultsPage"`}, nil},
		{"/recherche?q=%ff", "", 400, nil, nil},
		{"/recherche?q%ff=a", "", 400, nil, nil},
		{"/recherche?q=%zz", "", 400, nil, nil},
		{"/recherche?type=nope", "", 400, nil, nil},
		{"/recherche?q=a&size=500", "", 400, nil, nil},
		{"/recherche?q=a&page=0", "", 400, nil, nil},
		{"/recherche?q=culture&page=99", "", 404, nil, nil},
		{"/recherche?q=" + strings.Repeat("données+", 400), "application/ld+json", 200, nil, nil},
		{"/recherche?q=" + url.QueryEscape(`*?~^"[]{}()\/:-+&|!`), "application/ld+json", 200, nil, nil},
		{"/recherche?q=culture", "text/turtle", 406, nil, nil},
	} {
		r := get(t, srv, c.target, c.accept)
		if r.code != c.code {
			t.Errorf("%.90s: %d, want %d: %.300s", c.target, r.code, c.code, r.body)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(string(r.body), w) {
				t.Errorf("%.90s lacks %q", c.target, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(string(r.body), w) {
				t.Errorf("%.90s has %q", c.target, w)
			}
		}
		if c.code >= 400 && c.accept == "" && r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%.90s: error as %s", c.target, r.header.Get("Content-Type"))
		}
	}
}

func TestSearchBoxAndAction(t *testing.T) {
	srv, _ := newTestServer(t)
	r := get(t, srv, "/", "text/html")
	for _, w := range []string{`<form class="site-search" method="get" action="/recherche"`, `"potentialAction"`, `"SearchAction"`, `"urlTemplate":"http://ruche.test/recherche?q={search_term_string}"`} {
		if !strings.Contains(string(r.body), w) {
			t.Errorf("home lacks %q", w)
		}
	}
	if r := get(t, srv, "/en/", "text/html"); !strings.Contains(string(r.body), `action="/en/search"`) {
		t.Errorf("English search box")
	}
}

// TestSearchFollowsWrites: a write is searchable as soon as it answers;
// a renamed chantier is found by its new name only (and its old one, now
// an alternate name); a deleted objective leaves the index.
func TestSearchFollowsWrites(t *testing.T) {
	e := newWriteEnv(t)
	found := func(q, iri string) bool {
		r := get(t, e.srv, "/recherche?q="+url.QueryEscape(q), "application/ld+json")
		return strings.Contains(string(r.body), `"@id": "`+testBase+strings.TrimPrefix(iri, "/")+`"`)
	}
	ch := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Xylophones partagés"@fr ; schema:description "Prêt d'instruments entre organismes"@fr .`)
	if !found("xylophone", ch) || !found("instruments", ch) {
		t.Fatalf("new chantier not found")
	}
	r := e.send(http.MethodPatch, ch, e.coord, "application/sparql-update",
		`PREFIX schema: <http://schema.org/> DELETE DATA { <> schema:name "Xylophones partagés"@fr } ; INSERT DATA { <> schema:name "Marimbas communes"@fr }`)
	if r.code != 200 {
		t.Fatalf("PATCH: %d %s", r.code, r.body)
	}
	if !found("marimbas", ch) {
		t.Errorf("renamed chantier not found by its new name")
	}
	obj := e.create(ch+"/objectifs", e.coord, `<> a radn:Objective ; schema:name "Inventorier les zanzibars"@fr .`)
	if !found("zanzibars", obj) {
		t.Fatalf("objective not found")
	}
	if r := e.send(http.MethodDelete, obj, e.coord, "", ""); r.code != 200 && r.code != 204 {
		t.Fatalf("DELETE objective: %d %s", r.code, r.body)
	}
	if found("zanzibars", obj) {
		t.Errorf("deleted objective still found")
	}
	// The proposal form writes through the same rules and the same upkeep.
	vals := url.Values{"token": {e.coord}, "name": {"Glockenspiels solidaires"}, "confirm": {"1"}}
	r = do(t, e.srv, http.MethodPost, "/proposer", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader(vals.Encode()))
	if r.code != 303 {
		t.Fatalf("proposal: %d %s", r.code, r.body)
	}
	if loc := r.header.Get("Location"); !found("glockenspiels", loc) {
		t.Errorf("chantier proposed through the form (%s) not found", loc)
	}
}

func TestReconcileDoor(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.ReconcileBatch = 2 })
	r := get(t, srv, "/reconcile", "")
	if r.code != 200 || r.header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(string(r.body), `"identifierSpace":"http://ruche.test/"`) {
		t.Fatalf("manifest: %d %v %s", r.code, r.header, r.body)
	}
	r = do(t, srv, http.MethodOptions, "/reconcile", map[string]string{"Origin": "https://openrefine.example", "Access-Control-Request-Method": "POST"}, nil)
	if r.code != 204 || r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight: %d %v", r.code, r.header)
	}
	batch := `{"q0":{"query":"Culture des donnees","type":"chantier"}}`
	r = do(t, srv, http.MethodPost, "/reconcile", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader("queries="+url.QueryEscape(batch)))
	var res map[string]struct {
		Result []struct {
			ID    string
			Match bool
		}
	}
	if err := json.Unmarshal(r.body, &res); err != nil || len(res["q0"].Result) == 0 || res["q0"].Result[0].ID != "id/chantiers/culture-des-donnees" || !res["q0"].Result[0].Match {
		t.Errorf("batch: %d %s", r.code, r.body)
	}
	big := `{"a":{"query":"x"},"b":{"query":"y"},"c":{"query":"z"}}`
	if r := get(t, srv, "/reconcile?queries="+url.QueryEscape(big), ""); r.code != 413 || r.header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(r.body), `"limit":"max-batch"`) {
		t.Errorf("big batch: %d %s", r.code, r.body)
	}
	if r := get(t, srv, "/reconcile?queries=%ff", ""); r.code != 400 {
		t.Errorf("non-UTF-8: %d %s", r.code, r.body)
	}
	if r := get(t, srv, "/reconcile/preview?id=id/chantiers/culture-des-donnees", "text/html"); r.code != 200 || !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors *") {
		t.Errorf("preview: %d %v", r.code, r.header)
	}
	if r := get(t, srv, "/reconcile/nothing", "application/json"); r.code != 404 || r.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("unknown endpoint: %d %v", r.code, r.header)
	}
}

// TestSearchBudget: search and reconciliation share SPARQL's per-client
// time budget (429 with Retry-After once it is spent).
func TestSearchBudget(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.QueryBudget = time.Nanosecond })
	for i, target := range []string{"/recherche?q=culture", "/recherche?q=culture", "/reconcile?queries=" + url.QueryEscape(`{"q":{"query":"culture"}}`)} {
		r := get(t, srv, target, "application/ld+json")
		want := 429
		if i == 0 {
			want = 200
		}
		if r.code != want || (want == 429 && r.header.Get("Retry-After") == "") {
			t.Errorf("request %d: %d, want %d", i, r.code, want)
		}
	}
}
