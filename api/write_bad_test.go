package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// badRequest is one request of the corpus and the status it must get.
type badCase struct {
	name, method, path, ct, body string
	token                        string // "" → coordination; "-" → none
	headers                      []string
	code                         int
}

func badCorpus(revoked string) []badCase {
	var cs []badCase
	add := func(c badCase) { cs = append(cs, c) }
	chantier := "/id/chantiers"
	minimal := ttlPrefixes + `<> a radn:Chantier ; schema:name "Valide"@fr .`
	// Tokens: 401 before anything else (even a broken body).
	for i, tok := range []string{"-", "forged-token-0000000000000000000000000000", revoked, "Bearer", "x", strings.Repeat("A", 43), "' OR 1=1 --", "../../etc/passwd"} {
		add(badCase{name: fmt.Sprintf("token %d", i), method: "POST", path: chantier, ct: "text/turtle", body: "@@@ broken", token: tok, code: 401})
	}
	add(badCase{name: "basic auth", method: "POST", path: chantier, ct: "text/turtle", body: minimal, token: "-", headers: []string{"Authorization", "Basic dXNlcjpwYXNz"}, code: 401})
	add(badCase{name: "bearer without token", method: "POST", path: chantier, ct: "text/turtle", body: minimal, token: "-", headers: []string{"Authorization", "Bearer "}, code: 401})
	// Media types: 415.
	for _, ct := range []string{"text/plain", "application/xml", "application/rdf+xml", "image/png", "multipart/form-data; boundary=x", "", "application/x-www-form-urlencoded", "text/html", ";;;"} {
		for _, p := range []string{chantier, "/id/organisations"} {
			add(badCase{name: "content type " + ct + " " + p, method: "POST", path: p, ct: ct, body: minimal, code: 415})
		}
	}
	// Malformed Turtle: 400 with line and column.
	for i, body := range []string{
		"@prefix schema: <http://schema.org/> .\n<> schema:name \"unterminated .",
		"<> <http://schema.org/name> .",
		"<> a <http://w3id.org/radn/vocab#Chantier>",
		"@prefix : .",
		"<> schema:name \"x\"@fr .",
		"<> <http://schema.org/name> \"x\"^^ .",
		"<> <http://schema.org/name> [ .",
		"<> <http://schema.org/name> ( \"a\" .",
		"{ \"not\": \"turtle\" }",
		"<> <http://schema.org/name> \"x\"@ .",
		"<> <http://schema.org/name> \"\\q\" .",
		"<bad iri> <http://schema.org/name> \"x\" .",
		"<> <http://schema.org/name> 12.3.4 .",
		"PREFIX x <http://x/> <> x:y x: .\"",
		"<> <http://schema.org/name> \"\"\"never closed",
	} {
		add(badCase{name: fmt.Sprintf("turtle %d", i), method: "POST", path: chantier, ct: "text/turtle", body: body, code: 400})
	}
	// Malformed JSON-LD: 400.
	for i, body := range []string{
		`{`, `{"@context": }`, `[1, 2`, `{"@id": 5}`, `"string"`, `{"@context": {"@version": 2.0}, "name": "x"}`,
		`{"@context": "http://evil.example/ctx", "name": "x"}`, `{"@type": {"nested": true}}`, `{"@context": {"x": {"@id": "@type", "@type": "@id"}}, "x": 1}`,
		`{"@context": {"name": {"@id": "http://schema.org/name", "@container": "@language"}}, "name": {"fr": 5}}`, `nul`, `{"a": "b",}`,
	} {
		add(badCase{name: fmt.Sprintf("json-ld %d", i), method: "POST", path: chantier, ct: "application/ld+json", body: body, code: 400})
	}
	// Validation: 422 with violations.
	for i, body := range []string{
		`<> a radn:Chantier .`,
		`<> a radn:Chantier ; schema:name "sans langue" .`,
		`<> a radn:Chantier ; schema:name "Name"@de .`,
		`<> a radn:Chantier ; schema:name "English only"@en .`,
		`<> a radn:Chantier ; schema:name "` + strings.Repeat("n", 201) + `"@fr .`,
		`<> a radn:Chantier ; schema:name "Un"@fr, "Deux"@fr .`,
		`<> a radn:Chantier ; schema:name "X"@fr ; radn:kind <http://ruche.test/concept/type-chantier/inconnu> .`,
		`<> a radn:Chantier ; schema:name "X"@fr ; radn:theme "texte" .`,
		`<> a radn:Chantier ; schema:name "X"@fr ; radn:status statut:ferme .`,
		`<> a radn:Chantier ; schema:name "X"@fr ; schema:dissolutionDate "2020-01-01"^^xsd:date .`,
		`<> a radn:Chantier ; schema:name "X"@fr ; schema:url "pas un IRI" .`,
		`<> a radn:Chantier ; schema:name "X"@fr ; prov:wasDerivedFrom <http://ruche.test/id/chantiers/inexistant> .`,
		`<> a radn:Legacy ; schema:name "X"@fr .`,
		`<> a schema:Person ; schema:name "X" .`,
		`<> a radn:Chantier ; schema:name "X"@fr . <http://ruche.test/id/chantiers/culture-des-donnees> schema:name "Volé"@fr .`,
		`[] a radn:Chantier ; schema:name "A"@fr . [] a radn:Chantier ; schema:name "B"@fr .`,
		`<> a radn:Chantier ; schema:name "X"@fr ; schema:alternateName "sans langue" .`,
		`<> a radn:Chantier ; schema:name ""@fr .`,
	} {
		add(badCase{name: fmt.Sprintf("chantier shape %d", i), method: "POST", path: chantier, ct: "text/turtle", body: ttlPrefixes + body, code: 422})
	}
	for i, c := range []struct{ path, body string }{
		{"/id/organisations", `<> a radn:HostOrganization ; schema:name "Sans région"@fr ; radn:sector secteur:musique .`},
		{"/id/organisations", `<> a radn:HostOrganization ; schema:name "Région inconnue"@fr ; schema:areaServed region:99 ; radn:sector secteur:musique .`},
		{"/id/organisations", `<> a radn:HostOrganization ; schema:name "Sans secteur"@fr ; schema:areaServed region:06 .`},
		{"/id/personnes", `<> a schema:Person .`},
		{"/id/personnes", `<> a schema:Person ; schema:name "A", "B" .`},
		{"/id/personnes", `<> a schema:Person ; schema:name "X" ; schema:sameAs "pas un IRI" .`},
		{"/id/participations", `[] a org:Membership ; org:member <http://ruche.test/id/personnes/inconnu> ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:participant .`},
		{"/id/participations", `[] a org:Membership ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:participant .`},
		{"/id/participations", `[] a org:Membership ; org:member <http://ruche.test/id/personnes/x> ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:chef .`},
		{"/id/participations", `[] a org:Membership ; org:member <http://ruche.test/id/personnes/x> ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:participant ; schema:startDate "hier" .`},
		{"/id/chantiers/culture-des-donnees/objectifs", `<> a radn:Objective .`},
		{"/id/chantiers/culture-des-donnees/objectifs", `<> a radn:SmartObjective ; schema:name "Pas SMART"@fr .`},
		{"/id/chantiers/culture-des-donnees/besoins", `<> a radn:SupportNeed ; schema:description "Besoin"@fr .`},
		{"/id/chantiers/culture-des-donnees/besoins", `<> a radn:SupportNeed ; schema:description "Besoin"@fr ; radn:needType <http://ruche.test/concept/type-besoin/pizza> .`},
		{"/id/chantiers/culture-des-donnees/evaluations", `[] a radn:ContinuityEvaluation ; schema:dateCreated "2026-02-01"^^xsd:date ; radn:decision decision:poursuivre .`},
		{"/id/chantiers/culture-des-donnees/evaluations", `[] a radn:ContinuityEvaluation ; schema:dateCreated "2026-02-01"^^xsd:date ; radn:decision decision:abandonner ; radn:assessment [ a radn:CriterionAssessment ; radn:criterion grille:1 ] .`},
		{"/id/chantiers/culture-des-donnees/evaluations", `[] a radn:ContinuityEvaluation ; radn:decision decision:poursuivre .`},
		{"/id/legs", `<> a radn:Legacy ; schema:name "Guide"@fr .`},
		{"/id/legs", `<> a radn:Legacy ; schema:name "Guide"@fr ; schema:creator <http://ruche.test/id/chantiers/inexistant> .`},
	} {
		add(badCase{name: fmt.Sprintf("shape %d %s", i, c.path), method: "POST", path: c.path, ct: "text/turtle", body: ttlPrefixes + c.body, code: 422})
	}
	add(badCase{name: "empty body", method: "POST", path: chantier, ct: "text/turtle", body: "", code: 400})
	add(badCase{name: "json-ld with an empty context", method: "POST", path: chantier, ct: "application/ld+json", body: `{"@context": {}, "name": "x"}`, code: 422})
	// Paths: traversal and malformed slugs.
	for _, p := range []string{"/id/chantiers/..", "/id/chantiers/Majuscules", "/id/chantiers/a_b", "/id/chantiers/a--b", "/id/chantiers/-a",
		"/id/chantiers/culture-des-donnees/objectifs/abc", "/id/chantiers/culture-des-donnees/objectifs/0", "/id/chantiers/culture-des-donnees/evaluations/hier",
		"/id/chantiers/%2e%2e%2fetc", "/id/chantiers/a%00b"} {
		add(badCase{name: "path " + p, method: "PUT", path: p, ct: "text/turtle", body: minimal, headers: []string{"If-Match", `"x"`}, code: 400})
	}
	for _, p := range []string{"/id/nope", "/id/chantiers/culture-des-donnees/inconnus", "/id/chantiers/x/y/z/w"} {
		add(badCase{name: "no collection " + p, method: "POST", path: p, ct: "text/turtle", body: minimal, code: 404})
	}
	// Methods, preconditions, patches.
	cd := "/id/chantiers/culture-des-donnees"
	upd := "application/sparql-update"
	for _, c := range []badCase{
		{name: "POST on resource", method: "POST", path: cd, ct: "text/turtle", body: minimal, code: 405},
		{name: "PUT on collection", method: "PUT", path: chantier, ct: "text/turtle", body: minimal, code: 405},
		{name: "DELETE collection", method: "DELETE", path: chantier, code: 405},
		{name: "PUT without If-Match", method: "PUT", path: cd, ct: "text/turtle", body: minimal, code: 428},
		{name: "PUT stale", method: "PUT", path: cd, ct: "text/turtle", body: minimal, headers: []string{"If-Match", `"stale"`}, code: 412},
		{name: "PUT unknown", method: "PUT", path: "/id/chantiers/inexistant", ct: "text/turtle", body: minimal, headers: []string{"If-Match", "*"}, code: 404},
		{name: "PATCH turtle", method: "PATCH", path: cd, ct: "text/turtle", body: minimal, code: 415},
		{name: "PATCH syntax", method: "PATCH", path: cd, ct: upd, body: "INSERT DATA { <> <p> ", code: 400},
		{name: "PATCH empty", method: "PATCH", path: cd, ct: upd, body: " ", code: 400},
		{name: "PATCH LOAD", method: "PATCH", path: cd, ct: upd, body: "LOAD <http://example.org/x>", code: 422},
		{name: "PATCH CLEAR", method: "PATCH", path: cd, ct: upd, body: "CLEAR ALL", code: 422},
		{name: "PATCH DROP", method: "PATCH", path: cd, ct: upd, body: "DROP DEFAULT", code: 422},
		{name: "PATCH GRAPH", method: "PATCH", path: cd, ct: upd, body: "INSERT DATA { GRAPH <http://g> { <> <http://schema.org/name> \"x\"@fr } }", code: 422},
		{name: "PATCH other subject", method: "PATCH", path: cd, ct: upd, body: "INSERT DATA { <http://other/x> <http://schema.org/name> \"x\"@fr }", code: 422},
		{name: "PATCH variable subject", method: "PATCH", path: cd, ct: upd, body: "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", code: 422},
		{name: "PATCH FILTER", method: "PATCH", path: cd, ct: upd, body: "DELETE { <> <http://schema.org/name> ?o } WHERE { <> <http://schema.org/name> ?o FILTER(true) }", code: 422},
		{name: "PATCH WITH", method: "PATCH", path: cd, ct: upd, body: "WITH <http://g> DELETE { <> <http://schema.org/name> ?o } WHERE { <> <http://schema.org/name> ?o }", code: 422},
		{name: "PATCH removing the name", method: "PATCH", path: cd, ct: upd, body: "DELETE WHERE { <> <http://schema.org/name> ?o }", code: 422},
		{name: "PATCH closing", method: "PATCH", path: cd, ct: upd, body: "INSERT DATA { <> <https://w3id.org/radn/vocab#status> <http://ruche.test/concept/statut/ferme> }", code: 422},
		{name: "DELETE chantier", method: "DELETE", path: cd, code: 409},
		{name: "DELETE unknown", method: "DELETE", path: "/id/legs/inexistant", code: 404},
		{name: "consent unknown person", method: "PUT", path: "/id/personnes/inconnu/consentements", ct: "application/json", body: `{"publish":true}`, code: 404},
		{name: "consent not JSON", method: "PUT", path: "/id/personnes/inconnu/consentements", ct: "application/json", body: `{publish}`, code: 400},
		{name: "consent wrong type", method: "PUT", path: "/id/personnes/inconnu/consentements", ct: "text/turtle", body: `{}`, code: 415},
		{name: "dry-run on organisations", method: "POST", path: "/id/organisations?dry-run=1", ct: "text/turtle", body: minimal, code: 400},
		{name: "objective on unknown chantier", method: "POST", path: "/id/chantiers/inexistant/objectifs", ct: "text/turtle", body: minimal, code: 404},
	} {
		add(c)
	}
	// Oversize bodies: 413 (the test server caps bodies at 64 KiB).
	big := ttlPrefixes + `<> a radn:Chantier ; schema:name "X"@fr ; schema:description "` + strings.Repeat("a", 70<<10) + `"@fr .`
	add(badCase{name: "oversize turtle", method: "POST", path: chantier, ct: "text/turtle", body: big, code: 413})
	add(badCase{name: "oversize json-ld", method: "POST", path: chantier, ct: "application/ld+json", body: `{"x": "` + strings.Repeat("b", 70<<10) + `"}`, code: 413})
	return cs
}

// TestBadRequests sends the corpus: each request gets its 4xx with a
// problem document that says why, and the store is unchanged afterwards.
func TestBadRequests(t *testing.T) {
	srv, st := newTestServer(t, func(c *Config) { c.MaxBodyBytes = 64 << 10 })
	e := &writeEnv{t: t, srv: srv, st: st}
	var err error
	if e.coord, _, err = CreateToken(t.Context(), st, RoleCoordination, "", "tests"); err != nil {
		t.Fatal(err)
	}
	revoked, tok, err := CreateToken(t.Context(), st, RoleCoordination, "", "old")
	if err != nil {
		t.Fatal(err)
	}
	if err := RevokeToken(t.Context(), st, tok.ID); err != nil {
		t.Fatal(err)
	}
	corpus := badCorpus(revoked)
	if len(corpus) < 100 {
		t.Fatalf("only %d bad requests", len(corpus))
	}
	before := canonicalDump(t, st)
	for _, c := range corpus {
		t.Run(c.name, func(t *testing.T) {
			token := e.coord
			switch c.token {
			case "":
			case "-":
				token = ""
			default:
				token = c.token
			}
			r := e.send(c.method, c.path, token, c.ct, c.body, c.headers...)
			if r.code != c.code {
				t.Fatalf("status %d, want %d: %s", r.code, c.code, r.body)
			}
			var p Problem
			if err := json.Unmarshal(r.body, &p); err != nil || p.Status != c.code || (p.Detail == "" && c.code != 413) {
				t.Fatalf("no clear problem document: %s", r.body)
			}
			if c.code == 422 && strings.Contains(p.Type, "validation") && p.Violations == nil && !strings.Contains(p.Detail, "must") && !strings.Contains(p.Detail, "needs") {
				t.Errorf("a validation problem without violations: %s", r.body)
			}
			if p.Type == problemTypeBase+"syntax-error" && c.ct == "text/turtle" && p.Line == 0 {
				t.Errorf("a Turtle syntax error without a line: %s", r.body)
			}
		})
	}
	if after := canonicalDump(t, st); after != before {
		t.Fatal("a rejected request changed the store")
	}
}

// TestScriptInTextIsEscaped stores a script as text and checks that no
// page shows it unescaped.
func TestScriptInTextIsEscaped(t *testing.T) {
	e := newWriteEnv(t)
	const script = `<script>alert("x")</script>`
	loc := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Piège `+strings.ReplaceAll(script, `"`, `\"`)+`"@fr .`)
	for _, path := range []string{loc, loc + ".html", "/en" + loc, "/", "/chantiers", "/embed" + strings.TrimPrefix(loc, "/id")} {
		r := get(t, e.srv, path, "text/html")
		if r.code != 200 {
			continue
		}
		if strings.Contains(string(r.body), script) {
			t.Errorf("%s shows the script unescaped", path)
		}
	}
	if r := get(t, e.srv, loc+".html", "text/html"); r.code != 200 || !strings.Contains(string(r.body), "Piège") {
		t.Fatalf("page of the chantier: %d", r.code)
	}
}

var _ = http.MethodGet
