package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// writeEnv is a test server with a coordination token.
type writeEnv struct {
	t     testing.TB
	srv   *Server
	st    *store.Store
	coord string
}

func newWriteEnv(t testing.TB, mutate ...func(*Config)) *writeEnv {
	t.Helper()
	srv, st := newTestServer(t, mutate...)
	secret, _, err := CreateToken(context.Background(), st, RoleCoordination, "", "tests")
	if err != nil {
		t.Fatal(err)
	}
	return &writeEnv{t: t, srv: srv, st: st, coord: secret}
}

// send makes a request with a bearer token (none when token is "").
func (e *writeEnv) send(method, target, token, contentType, body string, extra ...string) response {
	e.t.Helper()
	h := map[string]string{}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	if contentType != "" {
		h["Content-Type"] = contentType
	}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	var r *strings.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	if r == nil {
		return do(e.t, e.srv, method, target, h, nil)
	}
	return do(e.t, e.srv, method, target, h, r)
}

// create posts Turtle and returns the Location, failing unless 201.
func (e *writeEnv) create(collection, token, turtle string) string {
	e.t.Helper()
	r := e.send(http.MethodPost, collection, token, "text/turtle", ttlPrefixes+turtle)
	if r.code != http.StatusCreated {
		e.t.Fatalf("POST %s: %d %s", collection, r.code, r.body)
	}
	loc := r.header.Get("Location")
	if loc == "" || r.header.Get("ETag") == "" {
		e.t.Fatalf("POST %s: no Location or ETag", collection)
	}
	return loc
}

const ttlPrefixes = `@prefix schema: <http://schema.org/> .
@prefix radn: <https://w3id.org/radn/vocab#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix role: <http://ruche.test/concept/role/> .
@prefix region: <http://ruche.test/concept/region/> .
@prefix secteur: <http://ruche.test/concept/secteur/> .
@prefix statut: <http://ruche.test/concept/statut/> .
@prefix grille: <http://ruche.test/concept/grille-continuite/> .
@prefix decision: <http://ruche.test/concept/decision/> .
`

func turtleOf(t testing.TB, srv *Server, path string) string {
	t.Helper()
	r := get(t, srv, path, "text/turtle")
	if r.code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.code, r.body)
	}
	return string(r.body)
}

func TestTokens(t *testing.T) {
	e := newWriteEnv(t)
	ctx := context.Background()
	agent, _, err := CreateToken(ctx, e.st, RoleAgent, testBase+"id/personnes/x", "agent")
	if err != nil {
		t.Fatal(err)
	}
	revoked, tok, err := CreateToken(ctx, e.st, RoleCoordination, "", "old")
	if err != nil {
		t.Fatal(err)
	}
	if err := RevokeToken(ctx, e.st, tok.ID); err != nil {
		t.Fatal(err)
	}
	if len(e.coord) < 24 || strings.ContainsAny(e.coord, "+/=") {
		t.Errorf("token %q is not 24+ URL-safe characters", e.coord)
	}
	body := ttlPrefixes + `<> a radn:Chantier ; schema:name "Essai"@fr .`
	tests := []struct {
		name, token string
		code        int
	}{
		{"missing", "", 401},
		{"forged", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401},
		{"revoked", revoked, 401},
		{"agent beyond role", agent, 403},
		{"coordination", e.coord, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.send(http.MethodPost, "/id/chantiers", tt.token, "text/turtle", body)
			if r.code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.code, tt.code, r.body)
			}
		})
	}
	toks, err := ListTokens(ctx, e.st)
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != 3 {
		t.Fatalf("%d tokens listed, want 3", len(toks))
	}
	for _, tk := range toks {
		if strings.Contains(tk.Hash, e.coord) || tk.Hash == e.coord {
			t.Errorf("a secret is stored")
		}
	}
}

func TestCreateChantier(t *testing.T) {
	e := newWriteEnv(t)
	loc := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Données ouvertes du spectacle"@fr ; schema:foundingDate "2026-09-01"^^xsd:date ; prov:wasDerivedFrom <http://ruche.test/id/chantiers/culture-des-donnees> .`)
	if loc != "/id/chantiers/donnees-ouvertes-du-spectacle" {
		t.Fatalf("Location %q", loc)
	}
	doc := turtleOf(t, e.srv, loc)
	for _, want := range []string{"radn:status <http://ruche.test/concept/statut/actif>", "org:subOrganizationOf <http://ruche.test/id/organisations/reseau-adn>", `schema:foundingDate "2026-09-01"^^xsd:date`, "org:resultedFrom <http://ruche.test/id/changements/ouverture-donnees-ouvertes-du-spectacle>", "schema:Project"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q:\n%s", want, doc)
		}
	}
	open := turtleOf(t, e.srv, "/id/changements/ouverture-donnees-ouvertes-du-spectacle")
	for _, want := range []string{"radn:ChantierOpening", "prov:startedAtTime", "org:originalOrganization <http://ruche.test/id/chantiers/culture-des-donnees>"} {
		if !strings.Contains(open, want) {
			t.Errorf("opening lacks %q:\n%s", want, open)
		}
	}
	// The same name again gets a numbered slug; JSON-LD bodies work too.
	r := e.send(http.MethodPost, "/id/chantiers", e.coord, "application/ld+json",
		`{"@context": "`+vocab.ContextIRI(testBase)+`", "type": "Chantier", "name": {"fr": "Données ouvertes du spectacle"}}`)
	if r.code != 201 || r.header.Get("Location") != "/id/chantiers/donnees-ouvertes-du-spectacle-2" {
		t.Fatalf("JSON-LD POST: %d %s %s", r.code, r.header.Get("Location"), r.body)
	}
}

func TestDryRun(t *testing.T) {
	e := newWriteEnv(t)
	before := canonicalDump(t, e.st)
	r := e.send(http.MethodPost, "/id/chantiers?dry-run=1", e.coord, "text/turtle", ttlPrefixes+`<> a radn:Chantier ; schema:name "Culture de la donnée"@fr .`)
	if r.code != 200 {
		t.Fatalf("dry run: %d %s", r.code, r.body)
	}
	var out struct {
		Similar []records.SimilarItem `json:"similar"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Similar) == 0 || out.Similar[0].ID != testBase+"id/chantiers/culture-des-donnees" || out.Similar[0].Score <= 0 {
		t.Fatalf("most similar: %+v", out.Similar)
	}
	if after := canonicalDump(t, e.st); after != before {
		t.Fatal("a dry run changed the store")
	}
}

func TestClosureOnlyThroughEvaluation(t *testing.T) {
	e := newWriteEnv(t)
	loc := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "À fermer"@fr .`)
	r := e.send(http.MethodPost, loc, e.coord, "text/turtle", "")
	if r.code != 405 {
		t.Errorf("POST on a resource: %d", r.code)
	}
	// PATCH to closed → 422.
	r = e.send(http.MethodPatch, loc, e.coord, "application/sparql-update",
		`PREFIX radn: <https://w3id.org/radn/vocab#> DELETE DATA { <> radn:status <http://ruche.test/concept/statut/actif> } ; INSERT DATA { <> radn:status <http://ruche.test/concept/statut/ferme> }`)
	if r.code != 422 {
		t.Fatalf("PATCH to closed: %d %s", r.code, r.body)
	}
	// DELETE → 409.
	if r = e.send(http.MethodDelete, loc, e.coord, "", ""); r.code != 409 {
		t.Fatalf("DELETE chantier: %d", r.code)
	}
	eval := `[] a radn:ContinuityEvaluation ; schema:dateCreated "2026-06-01"^^xsd:date ; radn:decision decision:fermer ;
  radn:assessment [ a radn:CriterionAssessment ; radn:criterion grille:1 ; schema:ratingValue 3 ; schema:ratingExplanation "pas de doublon"@fr ],
    [ a radn:CriterionAssessment ; radn:criterion grille:2 ; schema:ratingValue 2 ],
    [ a radn:CriterionAssessment ; radn:criterion grille:3 ; schema:ratingValue 1 ; schema:ratingExplanation "rythme difficile"@fr ],
    [ a radn:CriterionAssessment ; radn:criterion grille:4 ; schema:ratingValue 2 ] .`
	evLoc := e.create(loc+"/evaluations", e.coord, eval)
	if evLoc != loc+"/evaluations/2026-06-01" {
		t.Fatalf("evaluation at %q", evLoc)
	}
	doc := turtleOf(t, e.srv, loc)
	for _, want := range []string{"statut/ferme", `schema:dissolutionDate "2026-06-01"^^xsd:date`, "org:changedBy"} {
		if !strings.Contains(doc, want) {
			t.Errorf("closed chantier lacks %q:\n%s", want, doc)
		}
	}
	closure := turtleOf(t, e.srv, strings.Replace(loc, "chantiers/", "changements/fermeture-", 1))
	if !strings.Contains(closure, "prov:used <http://ruche.test"+evLoc+">") || !strings.Contains(closure, "radn:ChantierClosure") {
		t.Errorf("closure:\n%s", closure)
	}
	pubEval := turtleOf(t, e.srv, evLoc)
	if strings.Contains(pubEval, "rythme difficile") || !strings.Contains(pubEval, "decision/fermer") {
		t.Errorf("public evaluation:\n%s", pubEval)
	}
	// A closed chantier accepts no new objective.
	r = e.send(http.MethodPost, loc+"/objectifs", e.coord, "text/turtle", ttlPrefixes+`<> a radn:Objective ; schema:name "x"@fr .`)
	if r.code != 409 {
		t.Errorf("objective on closed chantier: %d %s", r.code, r.body)
	}
}

func TestPatchAndPut(t *testing.T) {
	e := newWriteEnv(t)
	loc := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Patché"@fr .`)
	r := e.send(http.MethodPatch, loc, e.coord, "application/sparql-update",
		`PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:description "Une description"@fr }`)
	if r.code != 200 {
		t.Fatalf("PATCH: %d %s", r.code, r.body)
	}
	etag := r.header.Get("ETag")
	r = e.send(http.MethodPatch, loc, e.coord, "application/sparql-update",
		`PREFIX schema: <http://schema.org/> DELETE { <> schema:description ?d } INSERT { <> schema:description "Autre"@fr } WHERE { <> schema:description ?d }`)
	if r.code != 200 {
		t.Fatalf("PATCH modify: %d %s", r.code, r.body)
	}
	doc := turtleOf(t, e.srv, loc)
	if strings.Contains(doc, "Une description") || !strings.Contains(doc, `"Autre"@fr`) {
		t.Errorf("after PATCH:\n%s", doc)
	}
	// Outside the resource → 422.
	r = e.send(http.MethodPatch, loc, e.coord, "application/sparql-update",
		`PREFIX schema: <http://schema.org/> INSERT DATA { <http://ruche.test/id/chantiers/culture-des-donnees> schema:description "x"@fr }`)
	if r.code != 422 {
		t.Errorf("PATCH outside: %d %s", r.code, r.body)
	}
	// PUT needs If-Match; a stale one is 412.
	put := ttlPrefixes + `<> a radn:Chantier ; schema:name "Remplacé"@fr .`
	if r = e.send(http.MethodPut, loc, e.coord, "text/turtle", put); r.code != 428 {
		t.Errorf("PUT without If-Match: %d", r.code)
	}
	if r = e.send(http.MethodPut, loc, e.coord, "text/turtle", put, "If-Match", etag); r.code != 412 {
		t.Errorf("PUT stale: %d %s", r.code, r.body)
	}
	// The ETag of a GET (any RDF format) is accepted as well.
	for _, accept := range []string{"text/turtle", "application/ld+json"} {
		g := get(t, e.srv, loc, accept)
		r = e.send(http.MethodPut, loc, e.coord, "text/turtle", put, "If-Match", g.header.Get("ETag"))
		if r.code != 200 {
			t.Fatalf("PUT with the ETag of a %s GET: %d %s", accept, r.code, r.body)
		}
		put = strings.Replace(put, "Remplacé", "Remplacé encore", 1)
	}
	doc = turtleOf(t, e.srv, loc)
	if !strings.Contains(doc, `"Remplacé encore"@fr`) || !strings.Contains(doc, "statut/actif") || strings.Contains(doc, `"Autre"@fr`) {
		t.Errorf("after PUT (managed fields kept, description replaced):\n%s", doc)
	}
}

// TestConcurrentWriters runs 32 writers and readers: PUTs with the same
// If-Match (exactly one wins), POSTs, and GETs, under -race.
func TestConcurrentWriters(t *testing.T) {
	e := newWriteEnv(t)
	loc := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Concurrence"@fr .`)
	r := e.send(http.MethodPatch, loc, e.coord, "application/sparql-update", `PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:description "v0"@fr }`)
	etag := r.header.Get("ETag")
	const n = 32
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch i % 4 {
			case 0, 1:
				body := ttlPrefixes + `<> a radn:Chantier ; schema:name "Concurrence ` + string(rune('a'+i)) + `"@fr .`
				codes[i] = e.send(http.MethodPut, loc, e.coord, "text/turtle", body, "If-Match", etag).code
			case 2:
				codes[i] = e.send(http.MethodPost, "/id/chantiers", e.coord, "text/turtle", ttlPrefixes+`<> a radn:Chantier ; schema:name "Parallèle"@fr .`).code
			default:
				codes[i] = get(t, e.srv, loc, "text/turtle").code
			}
		}()
	}
	wg.Wait()
	wins, stale, created := 0, 0, 0
	for i, c := range codes {
		switch {
		case i%4 < 2 && c == 200:
			wins++
		case i%4 < 2 && c == 412:
			stale++
		case i%4 == 2 && c == 201:
			created++
		case i%4 == 3 && c == 200:
		default:
			t.Errorf("request %d: status %d", i, c)
		}
	}
	if wins != 1 || stale != n/2-1 || created != n/4 {
		t.Fatalf("wins %d, stale %d, created %d", wins, stale, created)
	}
	// Every POST got its own slug (no lost update).
	snap := e.st.Snapshot()
	defer snap.Close()
	count := 0
	for q, err := range snap.Match(context.Background(), store.Pattern{P: iriT(vocab.SchemaName), AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if q.O.Value == "Parallèle" {
			count++
		}
	}
	if count != n/4 {
		t.Fatalf("%d chantiers named Parallèle, want %d", count, n/4)
	}
}

func TestAuditRecords(t *testing.T) {
	e := newWriteEnv(t)
	loc := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Audité"@fr .`)
	recs, err := records.ListAudit(context.Background(), e.st, timeZero, testBase+strings.TrimPrefix(loc, "/"))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Method != "POST" || recs[0].TokenName != "tests" || recs[0].After == "" || recs[0].Before != "" {
		t.Fatalf("audit: %+v", recs)
	}
}

// canonicalDump is every quad of every space, sorted, plus the meta keys
// outside the audit and counters.
func canonicalDump(t testing.TB, st *store.Store) string {
	t.Helper()
	snap := st.Snapshot()
	defer snap.Close()
	ctx := context.Background()
	var parts []string
	for _, sp := range []store.Space{store.Public, store.Private, store.Archive} {
		qs, err := matchAll(ctx, snap.In(sp), store.Pattern{AnyGraph: true})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, records.HashQuads(qs))
	}
	for m, err := range snap.ScanMeta(ctx, "") {
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, m.Key+"="+string(bytes.TrimSpace(m.Value)))
	}
	return strings.Join(parts, "\n")
}

var timeZero = time.Time{}

func iriT(s string) rdf.Term { return rdf.IRI(s) }

// TestPutRoundTrip puts back the JSON-LD and the Turtle a GET served: the
// write succeeds and the document is unchanged.
func TestPutRoundTrip(t *testing.T) {
	e := newWriteEnv(t)
	for _, f := range []struct{ accept, ct string }{{"application/ld+json", "application/ld+json"}, {"text/turtle", "text/turtle"}} {
		t.Run(f.ct, func(t *testing.T) {
			before := turtleOf(t, e.srv, chantierPath)
			g := get(t, e.srv, chantierPath, f.accept)
			r := e.send(http.MethodPut, chantierPath, e.coord, f.ct, string(g.body), "If-Match", g.header.Get("ETag"))
			if r.code != 200 {
				t.Fatalf("PUT back: %d %s", r.code, r.body)
			}
			if after := turtleOf(t, e.srv, chantierPath); after != before {
				t.Errorf("document changed:\n%s\n---\n%s", before, after)
			}
		})
	}
}

// TestProposeForm: the form lists look-alikes first, then creates.
func TestProposeForm(t *testing.T) {
	e := newWriteEnv(t)
	if r := get(t, e.srv, "/proposer", "text/html"); r.code != 200 || !strings.Contains(string(r.body), `name="token"`) {
		t.Fatalf("form: %d", r.code)
	}
	form := func(vals url.Values) response {
		return do(t, e.srv, http.MethodPost, "/proposer", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader(vals.Encode()))
	}
	vals := url.Values{"token": {"faux"}, "name": {"Culture des données <b>bis</b>"}}
	if r := form(vals); r.code != 401 {
		t.Errorf("bad token: %d", r.code)
	}
	vals.Set("token", e.coord)
	r := form(vals)
	if r.code != 200 || !strings.Contains(string(r.body), "/id/chantiers/culture-des-donnees") || strings.Contains(string(r.body), "<b>bis</b>") {
		t.Fatalf("look-alikes: %d %s", r.code, r.body)
	}
	vals.Set("confirm", "1")
	r = form(vals)
	if r.code != 303 || r.header.Get("Location") != "/id/chantiers/culture-des-donnees-b-bis-b" {
		t.Fatalf("create: %d %s %s", r.code, r.header.Get("Location"), r.body)
	}
}

// TestMintStopsOnLookupError: a store error while looking for a free IRI
// (here the use of a finished transaction) is returned; it neither spins
// the minting loops nor passes for a taken IRI.
func TestMintStopsOnLookupError(t *testing.T) {
	e := newWriteEnv(t)
	var stale *store.Txn
	if err := e.st.Update(context.Background(), func(tx *store.Txn) error { stale = tx; return nil }); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, path := range []string{"/personnes", "/participations", "/chantiers", "/chantiers/x/objectifs"} {
			tg, err := e.srv.writer.ParseTarget(path)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if iri, err := e.srv.writer.Mint(context.Background(), stale, tg, nil, tg.IRI+"/.nouveau"); err == nil {
				t.Errorf("mint of a %s in a finished transaction = %q, want an error", tg.Kind.Name, iri)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("mint loops on a lookup error")
	}
}

// Bodies written with https://schema.org/ terms, datatypes included, are
// stored and validated with http://schema.org/, as the rest of the data.
func TestWriteNormalisesSchemaOrg(t *testing.T) {
	e := newWriteEnv(t)
	loc := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; <https://schema.org/name> "Schéma sécurisé"@fr .`)
	doc := turtleOf(t, e.srv, loc)
	if strings.Contains(doc, "https://schema.org/") || !strings.Contains(doc, `schema:name "Schéma sécurisé"@fr`) {
		t.Errorf("https://schema.org/name not stored as schema:name:\n%s", doc)
	}
	// The datatype is normalised before validation: the violation names the
	// http form.
	r := e.send(http.MethodPost, "/id/chantiers", e.coord, "text/turtle",
		ttlPrefixes+`<> a radn:Chantier ; schema:name "Autre"@fr ; <https://schema.org/alternateName> "SS"^^<https://schema.org/Text> .`)
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), `\u003chttp://schema.org/Text\u003e`) || strings.Contains(string(r.body), "https://schema.org/Text") {
		t.Errorf("datatype not normalised before validation: %d %s", r.code, r.body)
	}
}
