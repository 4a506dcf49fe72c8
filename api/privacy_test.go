package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/records"
)

// secrets are strings that must appear in no public response.
type secrets []string

// scanPublic requests every public GET route the engine knows (parameters
// filled with the chantiers, persons and memberships of the test, and each
// sitemap part and event-stream page), the SPARQL endpoint with queries
// over every graph, and fails if any response contains a secret.
func scanPublic(t *testing.T, e *writeEnv, chantiers, iris []string, secret secrets) int {
	t.Helper()
	var targets []string
	for _, rt := range e.srv.engine.Routes() {
		if rt.Method != http.MethodGet || rt.Path == "/metrics" {
			continue
		}
		p := rt.Path
		switch {
		case strings.Contains(p, ":slug"):
			for _, c := range chantiers {
				targets = append(targets, strings.Replace(p, ":slug", c, 1))
			}
		case strings.Contains(p, ":page"):
			for i := 0; i < 5; i++ {
				targets = append(targets, strings.Replace(p, ":page", fmt.Sprint(i), 1))
			}
		case strings.Contains(p, ":file"):
			for i := 0; i < 5; i++ {
				targets = append(targets, strings.Replace(p, ":file", fmt.Sprintf("%d.xml", i), 1))
			}
		case strings.HasSuffix(p, "/*path") && (strings.HasPrefix(p, "/id/") || strings.HasPrefix(p, "/en/id/")):
			for _, iri := range iris {
				path := strings.TrimPrefix(iri, testBase+"id/")
				for _, ext := range []string{"", ".jsonld", ".ttl", ".nt", ".nq", ".html"} {
					targets = append(targets, strings.Replace(p, "*path", path+ext, 1))
				}
			}
			for _, c := range chantiers {
				for _, ext := range []string{".jsonld", ".ttl", ".html"} {
					targets = append(targets, strings.Replace(p, "*path", "chantiers/"+c+ext, 1))
				}
			}
		case p == "/recherche" || p == "/en/search":
			for _, q := range []string{"Canari", "Zorglu", "Ouverte", "Publique", "Ouvert Publik", "example.org"} {
				targets = append(targets, p+"?q="+url.QueryEscape(q), p+"?type=personne")
			}
		case p == "/reconcile/*path":
			for _, q := range []string{"Canari", "Zorglu", "Ouverte", "Publique"} {
				targets = append(targets, "/reconcile/suggest/entity?prefix="+url.QueryEscape(q),
					"/reconcile?queries="+url.QueryEscape(`{"a":{"query":"`+q+`"},"b":{"query":"`+q+`","type":"personne"}}`))
			}
		case strings.Contains(p, "*") || strings.Contains(p, ":"):
			continue
		case p == "/oembed":
			for _, c := range chantiers {
				targets = append(targets, "/oembed?url="+url.QueryEscape(testBase+"id/chantiers/"+c))
			}
		case p == "/sparql":
			for _, q := range []string{"SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"} {
				targets = append(targets, "/sparql?query="+url.QueryEscape(q))
			}
		default:
			targets = append(targets, p)
		}
	}
	n := 0
	for _, target := range targets {
		for _, accept := range []string{"", "text/html", "text/turtle", "application/ld+json"} {
			r := get(t, e.srv, target, accept)
			body := r.body
			if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
				if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
					body, _ = io.ReadAll(zr)
				}
			}
			n++
			for _, s := range secret {
				if r.code >= 400 && strings.Contains(target, s) {
					continue // an error echoing the client's own request
				}
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("GET %s (Accept %q, %d) shows %q", target, accept, r.code, s)
				}
			}
		}
	}
	return n
}

func TestPrivacyCanary(t *testing.T) {
	e := newWriteEnv(t)
	org := e.create("/id/organisations", e.coord, `<> a radn:HostOrganization ; schema:name "Maison de la culture"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique, secteur:livre .`)
	org2 := e.create("/id/organisations", e.coord, `<> a radn:HostOrganization ; schema:name "Musée régional"@fr ; schema:areaServed region:03 ; radn:sector secteur:musees-et-patrimoine .`)
	canary := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Zorglub Canari" ; schema:email "zorglub@example.org" ; schema:worksFor <http://ruche.test`+org+`> .`)
	open := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Ouverte Publique" ; schema:email "ouverte@example.org" ; schema:jobTitle "agente"@fr ; schema:sameAs <https://www.wikidata.org/wiki/Q1> ; schema:worksFor <http://ruche.test`+org2+`> .`)
	chantiers := []string{"culture-des-donnees", "decouvrabilite"}
	if r := get(t, e.srv, "/id/chantiers/decouvrabilite", "text/turtle"); r.code != 200 {
		chantiers = chantiers[:1]
	}
	var memberships []string
	for _, c := range chantiers {
		for _, p := range []string{canary, open} {
			memberships = append(memberships, e.create("/id/participations", e.coord, fmt.Sprintf(`[] a org:Membership ; org:member <http://ruche.test%s> ; org:organization <http://ruche.test/id/chantiers/%s> ; org:role role:participant ; schema:startDate "2026-01-05"^^xsd:date .`, p, c)))
		}
	}
	// Consent for the open person only: publish, not link profiles.
	r := e.send(http.MethodPut, open+"/consentements", e.coord, "application/json", `{"publish": true}`)
	if r.code != 200 {
		t.Fatalf("consent: %d %s", r.code, r.body)
	}
	doc := turtleOf(t, e.srv, "/id/chantiers/"+chantiers[0])
	for _, want := range []string{"radn:participantCount 2 ;", "radn:regionCount 2 ;", "radn:sectorCount 3 ;"} {
		if !strings.Contains(doc, want) {
			t.Errorf("chantier lacks %q:\n%s", want, doc)
		}
	}
	pub := turtleOf(t, e.srv, open)
	if !strings.Contains(pub, "Ouverte Publique") || strings.Contains(pub, "wikidata") || strings.Contains(pub, "ouverte@example.org") {
		t.Errorf("public person:\n%s", pub)
	}
	if r := get(t, e.srv, canary, "text/turtle"); r.code != 404 {
		t.Errorf("canary person: %d", r.code)
	}
	var iris []string
	for _, p := range append([]string{canary, open, org}, memberships...) {
		iris = append(iris, testBase+strings.TrimPrefix(p, "/"))
	}
	canarySecrets := secrets{"Zorglub", "zorglub@example.org", "ouverte@example.org", strings.TrimPrefix(canary, "/id/personnes/")}
	for i, m := range memberships {
		if i%2 == 0 { // the canary's memberships
			canarySecrets = append(canarySecrets, strings.TrimPrefix(m, "/id/participations/"))
		}
	}
	n := scanPublic(t, e, chantiers, iris, canarySecrets)
	if n < 100 {
		t.Errorf("only %d public requests scanned", n)
	}
	t.Logf("%d public requests scanned", n)
	// The open person's name is public (the scan can see it).
	if r := get(t, e.srv, "/sparql?query="+url.QueryEscape("SELECT * WHERE { ?s ?p ?o }"), ""); !bytes.Contains(r.body, []byte("Ouverte Publique")) {
		t.Errorf("consented person not in SPARQL results")
	}
	if r := get(t, e.srv, "/recherche?q=Publique", "application/ld+json"); !bytes.Contains(r.body, []byte("Ouverte Publique")) {
		t.Errorf("consented person not found by search")
	}
	// Withdrawal: everything of the open person disappears at once; 410.
	r = e.send(http.MethodPut, open+"/consentements", e.coord, "application/json", `{"publish": false}`)
	if r.code != 200 {
		t.Fatalf("withdraw: %d %s", r.code, r.body)
	}
	if r := get(t, e.srv, open, "text/turtle"); r.code != 410 {
		t.Errorf("withdrawn person: %d", r.code)
	}
	openSecrets := append(canarySecrets, "Ouverte Publique", strings.TrimPrefix(open, "/id/personnes/"))
	for i, m := range memberships {
		if i%2 == 1 {
			openSecrets = append(openSecrets, strings.TrimPrefix(m, "/id/participations/"))
		}
	}
	scanPublic(t, e, chantiers, iris, openSecrets)
	// The count still includes both (active memberships, public or not).
	if doc := turtleOf(t, e.srv, "/id/chantiers/"+chantiers[0]); !strings.Contains(doc, "radn:participantCount 2 ;") {
		t.Errorf("count after withdrawal:\n%s", doc)
	}
	// Leaving closes the membership; it is kept (private history).
	r = e.send(http.MethodDelete, memberships[0], e.coord, "", "")
	if r.code != 200 {
		t.Fatalf("leave: %d %s", r.code, r.body)
	}
	if doc := turtleOf(t, e.srv, "/id/chantiers/"+chantiers[0]); !strings.Contains(doc, "radn:participantCount 1 ;") {
		t.Errorf("count after leaving:\n%s", doc)
	}
	if r := e.send(http.MethodDelete, memberships[0], e.coord, "", ""); r.code != 409 {
		t.Errorf("leaving twice: %d", r.code)
	}
}

// TestAgentRole checks what an agent token may write.
func TestAgentRole(t *testing.T) {
	e := newWriteEnv(t)
	me := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Agente" .`)
	other := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Autre" .`)
	agent, _, err := CreateToken(t.Context(), e.st, RoleAgent, testBase+strings.TrimPrefix(me, "/"), "agente")
	if err != nil {
		t.Fatal(err)
	}
	join := func(p string) response {
		return e.send(http.MethodPost, "/id/participations", agent, "text/turtle", ttlPrefixes+`[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:participant .`)
	}
	objective := func() response {
		return e.send(http.MethodPost, "/id/chantiers/culture-des-donnees/objectifs", agent, "text/turtle", ttlPrefixes+`<> a radn:Objective ; schema:name "Publier"@fr .`)
	}
	if r := objective(); r.code != 403 {
		t.Errorf("objective before joining: %d", r.code)
	}
	if r := join(other); r.code != 403 {
		t.Errorf("joining for another: %d %s", r.code, r.body)
	}
	if r := join(me); r.code != 201 {
		t.Fatalf("joining: %d %s", r.code, r.body)
	}
	if r := objective(); r.code != 201 {
		t.Errorf("objective after joining: %d %s", r.code, r.body)
	}
	if r := e.send(http.MethodPut, other+"/consentements", agent, "application/json", `{"publish":true}`); r.code != 403 {
		t.Errorf("consent for another: %d", r.code)
	}
	if r := e.send(http.MethodPut, me+"/consentements", agent, "application/json", `{"publish":true}`); r.code != 200 {
		t.Errorf("own consent: %d %s", r.code, r.body)
	}
	if r := e.send(http.MethodPost, "/id/organisations", agent, "text/turtle", ttlPrefixes+`<> a radn:HostOrganization .`); r.code != 403 {
		t.Errorf("agent creating an organisation: %d", r.code)
	}
}

// TestMembershipHistory: an agent in several chantiers at once; leaving
// closes a membership with an end date and keeps it queryable; withdrawing
// the person (DELETE) closes the rest and makes every IRI answer 410.
func TestMembershipHistory(t *testing.T) {
	e := newWriteEnv(t)
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Butineuse" .`)
	if r := e.send(http.MethodPut, p+"/consentements", e.coord, "application/json", `{"publish":true}`); r.code != 200 {
		t.Fatalf("consent: %d", r.code)
	}
	a := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Premier"@fr .`)
	b := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Second"@fr .`)
	join := func(ch string) string {
		return e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test`+ch+`> ; org:role role:animation ; schema:startDate "2026-01-05"^^xsd:date .`)
	}
	ma, mb := join(a), join(b)
	if r := e.send(http.MethodDelete, ma, e.coord, "", ""); r.code != 200 {
		t.Fatalf("leave: %d %s", r.code, r.body)
	}
	q := `PREFIX org: <http://www.w3.org/ns/org#> PREFIX schema: <http://schema.org/>
SELECT ?m ?end WHERE { ?m org:member <http://ruche.test` + p + `> ; schema:startDate ?start . OPTIONAL { ?m schema:endDate ?end } }`
	r := get(t, e.srv, "/sparql?query="+url.QueryEscape(q), "application/sparql-results+json")
	var res struct {
		Results struct {
			Bindings []map[string]struct{ Value string } `json:"bindings"`
		} `json:"results"`
	}
	if err := json.Unmarshal(r.body, &res); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	ended := map[string]bool{}
	for _, b := range res.Results.Bindings {
		ended[b["m"].Value] = b["end"].Value != ""
	}
	if len(ended) != 2 || !ended[testBase+strings.TrimPrefix(ma, "/")] || ended[testBase+strings.TrimPrefix(mb, "/")] {
		t.Fatalf("memberships: %v", ended)
	}
	doc := turtleOf(t, e.srv, ma)
	if !strings.Contains(doc, "schema:endDate") || !strings.Contains(doc, "time:hasEnd") {
		t.Errorf("closed membership:\n%s", doc)
	}
	// Withdrawal of the person.
	if r := e.send(http.MethodDelete, p, e.coord, "", ""); r.code != 200 {
		t.Fatalf("withdraw: %d %s", r.code, r.body)
	}
	for _, iri := range []string{p, ma, mb} {
		if r := get(t, e.srv, iri, "text/turtle"); r.code != 410 {
			t.Errorf("%s after withdrawal: %d", iri, r.code)
		}
	}
	if doc := turtleOf(t, e.srv, b); !strings.Contains(doc, "radn:participantCount 0 ;") {
		t.Errorf("count after withdrawal:\n%s", doc)
	}
	if r := e.send(http.MethodPost, "/id/participations", e.coord, "text/turtle", ttlPrefixes+`[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test`+a+`> ; org:role role:participant .`); r.code != 201 {
		t.Errorf("a withdrawn person may rejoin (private until consent): %d %s", r.code, r.body)
	}
	if r := get(t, e.srv, p, "text/turtle"); r.code != 410 {
		t.Errorf("rejoining republished the person: %d", r.code)
	}
}

// TestReachAndLinks: region and sector counts follow organisation changes
// in the same write; sameAs is public only with the link-profiles consent;
// chantier writes record event-stream versions.
func TestReachAndLinks(t *testing.T) {
	e := newWriteEnv(t)
	org := e.create("/id/organisations", e.coord, `<> a radn:HostOrganization ; schema:name "Centre"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`)
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Liée" ; schema:sameAs <https://www.wikidata.org/wiki/Q42> ; schema:worksFor <http://ruche.test`+org+`> .`)
	ch := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Portée"@fr .`)
	e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test`+ch+`> ; org:role role:participant .`)
	if doc := turtleOf(t, e.srv, ch); !strings.Contains(doc, "radn:sectorCount 1 ;") || !strings.Contains(doc, "radn:regionCount 1 ;") {
		t.Fatalf("counts:\n%s", doc)
	}
	r := e.send(http.MethodPatch, org, e.coord, "application/sparql-update",
		`PREFIX radn: <https://w3id.org/radn/vocab#> INSERT DATA { <> radn:sector <http://ruche.test/concept/secteur/livre>, <http://ruche.test/concept/secteur/audiovisuel> }`)
	if r.code != 200 {
		t.Fatalf("PATCH organisation: %d %s", r.code, r.body)
	}
	if doc := turtleOf(t, e.srv, ch); !strings.Contains(doc, "radn:sectorCount 3 ;") {
		t.Errorf("sector count after the organisation changed:\n%s", doc)
	}
	for _, c := range []struct {
		body   string
		sameAs bool
	}{{`{"publish":true}`, false}, {`{"linkProfiles":true}`, true}, {`{"linkProfiles":false}`, false}} {
		if r := e.send(http.MethodPut, p+"/consentements", e.coord, "application/json", c.body); r.code != 200 {
			t.Fatalf("consent %s: %d %s", c.body, r.code, r.body)
		}
		if got := strings.Contains(turtleOf(t, e.srv, p), "wikidata"); got != c.sameAs {
			t.Errorf("after %s: sameAs public %v", c.body, got)
		}
	}
	snap := e.st.Snapshot()
	defer snap.Close()
	if _, ok, err := snap.GetMeta(records.MetaLDESLast + testBase + strings.TrimPrefix(ch, "/")); err != nil || !ok {
		t.Errorf("no event-stream version of %s (%v)", ch, err)
	}
}
