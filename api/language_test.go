package api

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/web"
)

// page gets an HTML page as an English-locale browser would.
func page(t *testing.T, srv *Server, path, acceptLanguage string) response {
	t.Helper()
	return do(t, srv, http.MethodGet, path, map[string]string{"Accept": "text/html,application/xhtml+xml", "Accept-Language": acceptLanguage}, nil)
}

// TestFrenchChoiceHolds: an English browser that chooses French gets
// French pages under /fr/ whose links keep the prefix.
func TestFrenchChoiceHolds(t *testing.T) {
	srv, _ := newTestServer(t)
	en := "en-US,en;q=0.9"
	home := page(t, srv, "/", en)
	if !strings.Contains(string(home.body), `<html lang="en">`) {
		t.Fatalf("an English browser at / should get English first")
	}
	m := regexp.MustCompile(`<a href="([^"]+)" hreflang="fr" lang="fr">Français</a>`).FindSubmatch(home.body)
	if m == nil || string(m[1]) != "/fr/" {
		t.Fatalf("the « Français » link of / is %q, want /fr/", m)
	}
	for _, path := range []string{"/fr/", "/fr/chantiers", "/fr/id/chantiers/codeveloppement", "/fr/concept/theme", "/fr/donnees", "/fr/sparql", "/fr/legs"} {
		r := page(t, srv, path, en)
		body := string(r.body)
		if r.code != 200 || !strings.Contains(body, `<html lang="fr">`) {
			t.Errorf("%s: %d, not French", path, r.code)
			continue
		}
		for _, href := range regexp.MustCompile(`<a href="(/[^"]*)"`).FindAllStringSubmatch(body, -1) {
			h := href[1]
			switch {
			case strings.HasPrefix(h, "/fr/"), strings.HasPrefix(h, "/en/") && strings.Contains(body, `hreflang="en" lang="en">English</a>`),
				strings.HasPrefix(h, "/.well-known/"), strings.HasPrefix(h, "/dumps/latest"), h == "/ldes", h == "/sitemap.xml", strings.HasPrefix(h, "/context/"), h == "/vocab",
				strings.HasPrefix(h, "/openapi.json"), strings.HasPrefix(h, "/guides/"), strings.HasPrefix(h, "/static/"), h == "/proposer",
				regexp.MustCompile(`\.(jsonld|ttl|nt|nq)$`).MatchString(h): // data, not pages
			default:
				t.Errorf("%s links to %s, which loses the choice of French", path, h)
			}
		}
	}
	if body := string(page(t, srv, "/fr/sparql", en).body); !strings.Contains(body, `<form method="get" action="/fr/sparql">`) {
		t.Errorf("the SPARQL form of /fr/sparql leaves the French choice")
	}
	// The sitemap keeps the resource IRIs themselves.
	sm := string(get(t, srv, "/sitemap.xml", "").body)
	if !strings.Contains(sm, "<loc>"+testBase+"id/chantiers/codeveloppement</loc>") || strings.Contains(sm, testBase+"fr/") {
		t.Errorf("sitemap:\n%.2000s", sm)
	}
}

// TestErrorPagesSpeakThePageLanguage: the 404 page and SPARQL errors on
// the query page are in the language of the page.
func TestErrorPagesSpeakThePageLanguage(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		path, acceptLanguage, want string
		code                       int
	}{
		{"/fr/nulle-part", "en", "Page introuvable", 404},
		{"/en/nowhere", "fr", "Page not found", 404},
		{"/nulle-part", "fr-CA", "Page introuvable", 404},
		{"/fr/sparql?query=" + url.QueryEscape("SELEC ?x WHERE {}"), "en", "La requête n’est pas du SPARQL valide (ligne 1", 200},
		{"/en/sparql?query=" + url.QueryEscape("SELEC ?x WHERE {}"), "fr", "The query is not valid SPARQL (line 1", 200},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := page(t, srv, tt.path, tt.acceptLanguage)
			if r.code != tt.code || !strings.Contains(string(r.body), tt.want) {
				t.Errorf("%d, want %d with %q:\n%.3000s", r.code, tt.code, tt.want, r.body)
			}
		})
	}
}

// TestPluralsAndDates: « 1 élément », dates in prose.
func TestPluralsAndDates(t *testing.T) {
	tests := []struct{ got, want string }{
		{web.Plural("fr", 1, "coll.total"), "élément"},
		{web.Plural("fr", 0, "coll.total"), "élément"},
		{web.Plural("fr", 2, "coll.total"), "éléments"},
		{web.Plural("en", 1, "coll.total"), "item"},
		{web.Plural("en", 0, "coll.total"), "items"},
		{web.LongDate("fr", "2026-09-01"), "1er septembre 2026"},
		{web.LongDate("fr", "2026-09-15"), "15 septembre 2026"},
		{web.LongDate("en", "2026-09-01"), "September 1, 2026"},
		{web.LongDate("fr", "2019-05"), "mai 2019"},
		{web.LongDate("fr", "2019"), "2019"},
		{web.LongDate("fr", "n’importe"), "n’importe"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%q, want %q", tt.got, tt.want)
		}
	}
	e := newWriteEnv(t)
	e.create("/id/legs", e.coord, `<> a radn:Legacy ; schema:name "Seul"@fr ; schema:creator <http://ruche.test/id/chantiers/codeveloppement> .`)
	r := page(t, e.srv, "/fr/legs", "fr")
	if !strings.Contains(string(r.body), "1 élément") || strings.Contains(string(r.body), "1 éléments") {
		t.Errorf("one legacy:\n%s", r.body)
	}
	ch := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Daté"@fr .`)
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Nommée" .`)
	if r := e.send(http.MethodPut, p+"/consentements", e.coord, "application/json", `{"publish":true}`); r.code != 200 {
		t.Fatal(r.code)
	}
	e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test`+ch+`> ; org:role role:participant ; schema:startDate "2026-09-01"^^xsd:date .`)
	body := string(page(t, e.srv, "/fr"+ch, "fr").body)
	if !strings.Contains(body, "depuis le <time datetime=\"2026-09-01\">1er septembre 2026</time>") || !strings.Contains(body, "participant·e au total") {
		t.Errorf("dates and counts in prose:\n%s", body)
	}
}

// TestParticipantsChartMatchesTotal: the chart counts every membership,
// named or not, reaches today, and ends at the published total.
func TestParticipantsChartMatchesTotal(t *testing.T) {
	e := newWriteEnv(t)
	ch := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Compté"@fr .`)
	named := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Nommée" .`)
	anon := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Discrète" .`)
	if r := e.send(http.MethodPut, named+"/consentements", e.coord, "application/json", `{"publish":true}`); r.code != 200 {
		t.Fatal(r.code)
	}
	for _, p := range []string{named, anon} {
		e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test`+ch+`> ; org:role role:participant ; schema:startDate "2025-01-10"^^xsd:date .`)
	}
	body := string(page(t, e.srv, "/fr"+ch, "fr").body)
	if !strings.Contains(body, "<strong>2</strong>") {
		t.Fatalf("total is not 2:\n%s", body)
	}
	titles := regexp.MustCompile(`<circle[^>]*><title>([0-9-]+) : ([0-9]+)</title>`).FindAllStringSubmatch(body, -1)
	if len(titles) == 0 {
		t.Fatalf("no chart points:\n%s", body)
	}
	last := titles[len(titles)-1]
	if last[2] != "2" {
		t.Errorf("the chart ends at %s participants, the total is 2", last[2])
	}
	if today := time.Now().In(toronto).Format(time.DateOnly); last[1] < today[:7] {
		t.Errorf("the chart stops on %s, before today (%s)", last[1], today)
	}
}
