package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/store/storetest"
	"github.com/ruche-lod/ruche/vocab"
)

const chantierIRI = testBase + "id/chantiers/culture-des-donnees"

func (e *writeEnv) sparqlUpdate(token, src string) response {
	e.t.Helper()
	return e.send(http.MethodPost, "/sparql", token, "application/sparql-update", src)
}

// TestSPARQLUpdate checks the update door: tokens, the public data graph
// as default graph, the rules (closure, people, shapes, derived triples),
// LOAD refused, and all-or-nothing.
func TestSPARQLUpdate(t *testing.T) {
	e := newWriteEnv(t)
	me := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Agente Test" .`)
	agent, _, err := CreateToken(t.Context(), e.st, RoleAgent, testBase+strings.TrimPrefix(me, "/"), "agente")
	if err != nil {
		t.Fatal(err)
	}
	add := `PREFIX schema: <http://schema.org/> INSERT DATA { <` + chantierIRI + `> schema:alternateName "Données en culture"@fr }`
	etag := get(t, e.srv, "/id/chantiers/culture-des-donnees", "text/turtle").header.Get("ETag")
	for _, tt := range []struct {
		name, token, src string
		code             int
		problem          string
	}{
		{"anonymous", "", add, 401, "unauthorized"},
		{"agent", agent, add, 403, "forbidden"},
		{"syntax", e.coord, "INSERT DATA { ?s ?p ?o }", 400, "syntax"},
		{"closure", e.coord, `PREFIX schema: <http://schema.org/> INSERT DATA { <` + chantierIRI + `> schema:dissolutionDate "2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date> }`, 422, "closure-refused"},
		{"person", e.coord, `PREFIX schema: <http://schema.org/> INSERT DATA { <` + testBase + strings.TrimPrefix(me, "/") + `> schema:jobTitle "x" }`, 403, "forbidden"},
		{"new resource", e.coord, `PREFIX schema: <http://schema.org/> INSERT DATA { <` + chantierIRI + `/nouveau> schema:name "x" }`, 422, "unknown-resource"},
		{"derived", e.coord, `PREFIX radn: <https://w3id.org/radn/vocab#> INSERT DATA { <` + chantierIRI + `> a radn:Chantier }`, 422, "derived"},
		{"derived deletion", e.coord, `DELETE DATA { <` + chantierIRI + `> a <` + vocab.SuperClasses(vocab.RadnChantier)[0] + `> }`, 422, "derived"},
		{"shapes", e.coord, `PREFIX schema: <http://schema.org/> DELETE WHERE { <` + chantierIRI + `> schema:name ?n }`, 422, "validation"},
		{"wiki graph", e.coord, `INSERT DATA { GRAPH <` + testBase + `graph/wiki-cc-by-nc-sa> { <http://example.org/a> <http://example.org/p> 1 } }`, 403, "forbidden"},
		{"clear default", e.coord, `CLEAR DEFAULT`, 403, "forbidden"},
		{"clear all then fail", e.coord, `CLEAR ALL ; DROP GRAPH <http://example.org/none>`, 400, "update-failed"},
		{"load", e.coord, `LOAD <http://169.254.169.254/latest/meta-data>`, 403, "forbidden"},
		{"load missing", e.coord, `LOAD <` + testBase + `id/chantiers/nulle-part> INTO GRAPH <http://example.org/copie>`, 400, "update-failed"},
		{"last op fails", e.coord, `INSERT DATA { GRAPH <http://example.org/mine> { <http://example.org/a> <http://example.org/p> 1 } } ;
			` + add + ` ; CREATE GRAPH <http://example.org/mine>`, 400, "update-failed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := storetest.Image(t, e.st)
			r := e.sparqlUpdate(tt.token, tt.src)
			if r.code != tt.code || !strings.Contains(string(r.body), "problems/"+tt.problem) {
				t.Fatalf("%d %s, want %d %s", r.code, r.body, tt.code, tt.problem)
			}
			if after := storetest.Image(t, e.st); after != before {
				t.Fatalf("a refused update changed the store")
			}
		})
	}
	// LOAD of the server's own document into a graph of one's own.
	if r := e.sparqlUpdate(e.coord, `LOAD <`+chantierIRI+`> INTO GRAPH <http://example.org/copie>`); r.code != 204 {
		t.Fatalf("LOAD: %d %s", r.code, r.body)
	}
	if r := get(t, e.srv, "/graph-store?graph="+url.QueryEscape("http://example.org/copie"), "text/turtle"); r.code != 200 || !strings.Contains(string(r.body), "culture-des-donnees") {
		t.Fatalf("LOADed graph: %d %s", r.code, r.body)
	}
	// CLEAR ALL keeps the public data graph.
	if r := e.sparqlUpdate(e.coord, "CLEAR ALL"); r.code != 204 {
		t.Fatalf("CLEAR ALL: %d %s", r.code, r.body)
	}
	if r := get(t, e.srv, "/id/chantiers/culture-des-donnees", "text/turtle"); r.code != 200 {
		t.Fatalf("CLEAR ALL removed a chantier: %d", r.code)
	}
	if r := e.sparqlUpdate(e.coord, add); r.code != 204 {
		t.Fatalf("update: %d %s", r.code, r.body)
	}
	r := get(t, e.srv, "/id/chantiers/culture-des-donnees", "text/turtle")
	if !strings.Contains(string(r.body), "Données en culture") || r.header.Get("ETag") == etag {
		t.Errorf("the chantier's document does not show the update (ETag %s → %s):\n%s", etag, r.header.Get("ETag"), r.body)
	}
	// The form door, with using-graph-uri.
	form := url.Values{"update": {`PREFIX schema: <http://schema.org/> DELETE { ?c schema:alternateName ?n } WHERE { ?c schema:alternateName ?n FILTER(lang(?n) = "fr" && STRSTARTS(?n, "Données en")) }`},
		"using-graph-uri": {testBase + "graph/public-cc0"}}
	if r := e.send(http.MethodPost, "/sparql", e.coord, "application/x-www-form-urlencoded", form.Encode()); r.code != 204 {
		t.Fatalf("form update: %d %s", r.code, r.body)
	}
	if r := get(t, e.srv, "/id/chantiers/culture-des-donnees", "text/turtle"); strings.Contains(string(r.body), "Données en culture") {
		t.Errorf("the form update did not delete")
	}
	if r := get(t, e.srv, "/sparql", "text/turtle"); !strings.Contains(string(r.body), "SPARQL11Update") {
		t.Errorf("service description does not advertise updates:\n%s", r.body)
	}
}

// TestGraphStore checks the Graph Store Protocol on a graph of one's own
// and its refusals on ruche's graphs.
func TestGraphStore(t *testing.T) {
	e := newWriteEnv(t)
	g := "/graph-store?graph=" + url.QueryEscape("http://example.org/atelier")
	ttl := "<http://example.org/s> <http://example.org/p> \"un\" .\n"
	steps := []struct {
		method, target, token, ctype, body string
		code                               int
		want                               string
	}{
		{"GET", g, "", "", "", 404, ""},
		{"PUT", g, "", "text/turtle", ttl, 401, ""},
		{"PUT", g, e.coord, "text/turtle", ttl, 201, ""},
		{"GET", g, "", "", "", 200, `"un"`},
		{"HEAD", g, "", "", "", 200, ""},
		{"POST", g, e.coord, "application/n-triples", "<http://example.org/s> <http://example.org/p> \"deux\" .\n", 204, ""},
		{"GET", g, "", "", "", 200, `"deux"`},
		{"PUT", g, e.coord, "application/ld+json", `{"@id":"http://example.org/s","http://example.org/p":"trois"}`, 204, ""},
		{"GET", g, "", "", "", 200, `"trois"`},
		{"PUT", g, e.coord, "text/turtle", "<a> <b>", 400, ""},
		{"PUT", g, e.coord, "image/png", "x", 415, ""},
		{"DELETE", g, e.coord, "", "", 204, ""},
		{"GET", g, "", "", "", 404, ""},
		{"DELETE", g, e.coord, "", "", 404, ""},
		{"PUT", "/graph-store?default", e.coord, "text/turtle", ttl, 403, ""},
		{"DELETE", "/graph-store?default", e.coord, "", "", 403, ""},
		{"PUT", "/graph-store?graph=" + url.QueryEscape(testBase+"graph/wiki-cc-by-nc-sa"), e.coord, "text/turtle", ttl, 403, ""},
		{"GET", "/graph-store?default", "", "", "", 200, "culture-des-donnees"},
		{"GET", "/graph-store", "", "", "", 400, ""},
	}
	for i, s := range steps {
		r := e.send(s.method, s.target, s.token, s.ctype, s.body)
		if r.code != s.code || (s.want != "" && !strings.Contains(string(r.body), s.want)) {
			t.Fatalf("step %d %s %s: %d %s, want %d %q", i, s.method, s.target, r.code, r.body, s.code, s.want)
		}
	}
}

// TestUpdatePrivacyCanary: an update copying everything it can read into a
// graph of one's own leaks nothing of a person who did not consent, to any
// public door.
func TestUpdatePrivacyCanary(t *testing.T) {
	e := newWriteEnv(t)
	org := e.create("/id/organisations", e.coord, `<> a radn:HostOrganization ; schema:name "Maison de la culture"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`)
	canary := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Zorglub Canari" ; schema:email "zorglub@example.org" ; schema:worksFor <http://ruche.test`+org+`> .`)
	m := e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+canary+`> ; org:organization <`+chantierIRI+`> ; org:role role:participant ; schema:startDate "2026-01-05"^^xsd:date .`)
	if !strings.Contains(storetest.Image(t, e.st), "Zorglub") {
		t.Fatal("the canary is not in the store: the test would prove nothing")
	}
	leaks := []string{"http://example.org/leak1", "http://example.org/leak2", "http://example.org/leak3", "http://example.org/leak4"}
	for i, src := range []string{
		`INSERT { GRAPH <` + leaks[0] + `> { ?s ?p ?o } } WHERE { ?s ?p ?o }`,
		`INSERT { GRAPH <` + leaks[1] + `> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }`,
		`INSERT { GRAPH <` + leaks[2] + `> { ?s ?p ?o } } USING <` + testBase + `graph/public-cc0> USING <urn:private> WHERE { ?s ?p ?o }`,
		`ADD DEFAULT TO <` + leaks[3] + `>`,
	} {
		if r := e.sparqlUpdate(e.coord, src); r.code != 204 {
			t.Fatalf("update %d: %d %s", i, r.code, r.body)
		}
	}
	secret := secrets{"Zorglub", "zorglub@example.org", strings.TrimPrefix(canary, "/id/personnes/"), strings.TrimPrefix(m, "/id/participations/")}
	copied := 0
	for _, g := range leaks {
		for _, accept := range []string{"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"} {
			r := get(t, e.srv, "/graph-store?graph="+url.QueryEscape(g), accept)
			if r.code != 200 {
				t.Fatalf("GET %s: %d", g, r.code)
			}
			copied += len(r.body)
			for _, s := range secret {
				if strings.Contains(string(r.body), s) {
					t.Errorf("graph %s (%s) shows %q", g, accept, s)
				}
			}
		}
	}
	if copied < 1000 {
		t.Errorf("the updates copied almost nothing (%d bytes): the test would not see a leak", copied)
	}
	scanPublic(t, e, []string{"culture-des-donnees"}, []string{testBase + strings.TrimPrefix(canary, "/")}, secret)
}

// TestOwnGraphsListed: graphs of one's own are listed in the dataset
// description with the licence their writer stated (CC0 by default), their
// quads are in both dumps, and a deleted graph leaves the listing.
func TestOwnGraphsListed(t *testing.T) {
	e := newWriteEnv(t)
	const byIRI = "https://creativecommons.org/licenses/by/4.0/"
	atelier, defaulted, inserted := "http://example.org/atelier", testBase+"graph/atelier-2027-03", "http://example.org/insere"
	put := func(graph, query, body string, code int) {
		t.Helper()
		r := e.send(http.MethodPut, "/graph-store?graph="+url.QueryEscape(graph)+query, e.coord, "text/turtle", body)
		if r.code != code {
			t.Fatalf("PUT %s%s: %d %s, want %d", graph, query, r.code, r.body, code)
		}
	}
	put(atelier, "&license="+url.QueryEscape(byIRI), "<http://example.org/s> <http://example.org/p> \"atelier\" .\n", 201)
	put(defaulted, "", "<http://example.org/s> <http://example.org/p> \"par défaut\" .\n", 201)
	put(defaulted, "&licence=pas-une-iri", "<http://example.org/s> <http://example.org/p> \"x\" .\n", 400)
	if r := e.send(http.MethodPut, "/graph-store?default&license="+url.QueryEscape(byIRI), e.coord, "text/turtle", "<a> <b> <c> ."); r.code != 403 {
		t.Fatalf("licence on the public data graph: %d %s", r.code, r.body)
	}
	if r := e.sparqlUpdate(e.coord, `INSERT DATA { GRAPH <`+inserted+`> { <http://example.org/s> <http://example.org/p> "inséré" } }`); r.code != 204 {
		t.Fatalf("INSERT DATA: %d %s", r.code, r.body)
	}
	void := func() []rdf.Quad {
		r := get(t, e.srv, "/.well-known/void", "text/turtle")
		if r.code != 200 {
			t.Fatalf("void: %d %s", r.code, r.body)
		}
		return decodeAll(t, rdfio.Turtle, r.body, testBase, nil)
	}
	quads := void()
	for _, c := range []struct{ graph, licence string }{{atelier, byIRI}, {defaulted, licenceCC0}, {inserted, licenceCC0}} {
		if !hasTriple(quads, testBase+"dataset", voidNS+"subset", rdf.IRI(c.graph)) {
			t.Errorf("%s is not a subset of the dataset", c.graph)
		}
		if got := objects(quads, c.graph, dctermsNS+"license"); len(got) != 1 || got[0] != rdf.IRI(c.licence) {
			t.Errorf("licence of %s: %v, want %s", c.graph, got, c.licence)
		}
	}
	if !hasTriple(quads, testBase+"dumps/latest.nq.gz", dctermsNS+"license", rdf.IRI(byIRI)) {
		t.Errorf("the dump does not state the licence of a graph it holds: %v", objects(quads, testBase+"dumps/latest.nq.gz", dctermsNS+"license"))
	}
	nq := e.send(http.MethodGet, "/dumps/latest.nq.gz", "", "", "", "Accept-Encoding", "identity")
	jsonld := e.send(http.MethodGet, "/dumps/latest.jsonld", "", "", "", "Accept-Encoding", "identity")
	for _, want := range []string{`"atelier" <` + atelier + `>`, `"par défaut" <` + defaulted + `>`, `"inséré" <` + inserted + `>`} {
		if !strings.Contains(string(nq.body), want) {
			t.Errorf("N-Quads dump lacks %s", want)
		}
	}
	for _, want := range []string{`{"@id":"` + atelier + `","@graph":[{"@id":"http://example.org/s"`, `"@value":"atelier"`, `"@id":"` + inserted + `"`} {
		if !strings.Contains(string(jsonld.body), want) {
			t.Errorf("JSON-LD dump lacks %s", want)
		}
	}
	if r := e.send(http.MethodDelete, "/graph-store?graph="+url.QueryEscape(atelier), e.coord, "", ""); r.code != 204 {
		t.Fatalf("DELETE: %d %s", r.code, r.body)
	}
	if r := e.sparqlUpdate(e.coord, `DROP GRAPH <`+inserted+`>`); r.code != 204 {
		t.Fatalf("DROP: %d %s", r.code, r.body)
	}
	quads = void()
	for _, gone := range []string{atelier, inserted} {
		if hasTriple(quads, testBase+"dataset", voidNS+"subset", rdf.IRI(gone)) {
			t.Errorf("deleted graph %s still listed", gone)
		}
	}
	if !hasTriple(quads, testBase+"dataset", voidNS+"subset", rdf.IRI(defaulted)) {
		t.Errorf("%s left the listing with another graph", defaulted)
	}
	if objects(quads, testBase+"dumps/latest.nq.gz", dctermsNS+"license") == nil || hasTriple(quads, testBase+"dumps/latest.nq.gz", dctermsNS+"license", rdf.IRI(byIRI)) {
		t.Errorf("dump licences after the delete: %v", objects(quads, testBase+"dumps/latest.nq.gz", dctermsNS+"license"))
	}
	// A PUT without a licence keeps the one stated before.
	put(atelier, "&license="+url.QueryEscape(byIRI), "<http://example.org/s> <http://example.org/p> \"a\" .\n", 201)
	put(atelier, "", "<http://example.org/s> <http://example.org/p> \"b\" .\n", 204)
	if got := objects(void(), atelier, dctermsNS+"license"); len(got) != 1 || got[0] != rdf.IRI(byIRI) {
		t.Errorf("licence after a PUT stating none: %v", got)
	}
}
