package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/openapi"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Tests of issue 14, "a newcomer's first hour": each fails on the code
// before its fix.

// TestCollectionsAcceptWhatTheyList: POST on a listed collection creates
// like POST /id/…, and the collection says so (Allow, hydra:operation).
func TestCollectionsAcceptWhatTheyList(t *testing.T) {
	e := newWriteEnv(t)
	tests := []struct {
		path, body, wantLoc string
	}{
		{"/chantiers", `<> a radn:Chantier ; schema:name "Par la liste"@fr .`, "/id/chantiers/par-la-liste"},
		{"/id/chantiers", `<> a radn:Chantier ; schema:name "Par l’autre chemin"@fr .`, "/id/chantiers/par-l-autre-chemin"},
		{"/organisations", `<> a radn:HostOrganization ; schema:name "Hôte par la liste"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`, "/id/organisations/hote-par-la-liste"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.send(http.MethodPost, tt.path, e.coord, "text/turtle", ttlPrefixes+tt.body)
			if r.code != http.StatusCreated || r.header.Get("Location") != tt.wantLoc {
				t.Fatalf("POST %s: %d %q %s", tt.path, r.code, r.header.Get("Location"), r.body)
			}
		})
	}
	if r := e.send(http.MethodPost, "/chantiers", "", "text/turtle", ttlPrefixes+`<> a radn:Chantier ; schema:name "Sans jeton"@fr .`); r.code != http.StatusUnauthorized {
		t.Errorf("POST /chantiers without a token: %d", r.code)
	}
	for _, tt := range []struct {
		path, allow string
	}{{"/chantiers", "GET, HEAD, POST"}, {"/legs", "GET, HEAD, POST"}, {"/objectifs", "GET, HEAD"}} {
		r := get(t, e.srv, tt.path, "text/turtle")
		if got := r.header.Get("Allow"); got != tt.allow {
			t.Errorf("GET %s: Allow %q, want %q", tt.path, got, tt.allow)
		}
		if strings.Contains(tt.allow, "POST") != strings.Contains(string(r.body), "hydra:operation") {
			t.Errorf("GET %s: hydra:operation advertised wrongly:\n%s", tt.path, r.body)
		}
	}
	if r := get(t, e.srv, "/id/chantiers", "text/turtle"); r.code != http.StatusSeeOther || r.header.Get("Location") != "/chantiers" {
		t.Errorf("GET /id/chantiers: %d %q, want 303 to /chantiers", r.code, r.header.Get("Location"))
	}
	if r := e.send(http.MethodPost, "/objectifs", e.coord, "text/turtle", ttlPrefixes+`<> a radn:Objective .`); r.code != http.StatusMethodNotAllowed || !strings.Contains(r.header.Get("Allow"), "GET") {
		t.Errorf("POST /objectifs: %d Allow %q", r.code, r.header.Get("Allow"))
	}
}

const fermer = `[] a radn:ContinuityEvaluation ; schema:dateCreated "%s"^^xsd:date ; radn:decision decision:fermer ;
  radn:assessment [ a radn:CriterionAssessment ; radn:criterion grille:1 ; schema:ratingValue 3 ],
    [ a radn:CriterionAssessment ; radn:criterion grille:2 ; schema:ratingValue 2 ],
    [ a radn:CriterionAssessment ; radn:criterion grille:3 ; schema:ratingValue 1 ],
    [ a radn:CriterionAssessment ; radn:criterion grille:4 ; schema:ratingValue 2 ] .`

func evaluationBody(date string) string { return strings.Replace(fermer, "%s", date, 1) }

// TestFoundingDateRules: the founding date is the stated one (none when
// unstated), and dated records may not predate a stated one.
func TestFoundingDateRules(t *testing.T) {
	e := newWriteEnv(t)
	dated := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Daté"@fr ; schema:foundingDate "2026-09-01"^^xsd:date .`)
	undated := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Non daté"@fr .`)
	if doc := turtleOf(t, e.srv, dated); !strings.Contains(doc, `schema:foundingDate "2026-09-01"^^xsd:date`) {
		t.Errorf("stated founding date not kept:\n%s", doc)
	}
	if doc := turtleOf(t, e.srv, undated); strings.Contains(doc, "schema:foundingDate") {
		t.Errorf("a founding date was invented:\n%s", doc)
	}
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Abeille" .`)
	membership := func(ch, start string) string {
		return ttlPrefixes + `[] a org:Membership ; org:member <http://ruche.test` + p + `> ; org:organization <http://ruche.test` + ch + `> ; org:role role:participant ; schema:startDate "` + start + `"^^xsd:date .`
	}
	tests := []struct {
		name, path, body string
		code             int
	}{
		{"evaluation before founding", dated + "/evaluations", ttlPrefixes + evaluationBody("2026-08-25"), 422},
		{"membership before founding", "/id/participations", membership(dated, "2026-08-15"), 422},
		{"membership after founding", "/id/participations", membership(dated, "2026-09-02"), 201},
		{"unbounded membership", "/id/participations", membership(undated, "2019-01-01"), 201},
		{"unbounded evaluation", undated + "/evaluations", ttlPrefixes + evaluationBody("2019-02-01"), 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.send(http.MethodPost, tt.path, e.coord, "text/turtle", tt.body)
			if r.code != tt.code {
				t.Fatalf("%d, want %d: %s", r.code, tt.code, r.body)
			}
		})
	}
	// A later founding date than an existing membership is refused.
	r := e.send(http.MethodPatch, dated, e.coord, "application/sparql-update",
		`PREFIX schema: <http://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE DATA { <> schema:foundingDate "2026-09-01"^^xsd:date } ; INSERT DATA { <> schema:foundingDate "2026-10-01"^^xsd:date }`)
	if r.code != 422 {
		t.Errorf("founding date after a membership: %d %s", r.code, r.body)
	}
}

// TestClosureClosesMemberships: memberships still open when a chantier
// closes end on the closure date and are kept.
func TestClosureClosesMemberships(t *testing.T) {
	e := newWriteEnv(t)
	ch := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Qui ferme"@fr .`)
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Ouvrière" .`)
	m := e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test`+ch+`> ; org:role role:participant ; schema:startDate "2026-01-05"^^xsd:date .`)
	e.create(ch+"/evaluations", e.coord, evaluationBody("2026-06-01"))
	snap := e.st.Snapshot()
	defer snap.Close()
	end, err := firstObject(context.Background(), snap.In(store.Private), rdf.IRI(testBase+strings.TrimPrefix(m, "/")), vocab.SchemaEndDate)
	if err != nil {
		t.Fatal(err)
	}
	if end.Value != "2026-06-01" {
		t.Fatalf("membership end %q after the closure of 2026-06-01", end.Value)
	}
	if doc := turtleOf(t, e.srv, ch); !strings.Contains(doc, "radn:participantCount 0") {
		t.Errorf("count after closure:\n%s", doc)
	}
}

// TestMinimalChantierShowsKindNotSpecified: a chantier with only its type
// and French name is valid and its summary says its kind is unknown.
func TestMinimalChantierShowsKindNotSpecified(t *testing.T) {
	e := newWriteEnv(t)
	e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Minimal"@fr .`)
	for _, path := range []string{"/", "/chantiers"} {
		r := do(t, e.srv, http.MethodGet, path, map[string]string{"Accept": "text/html", "Accept-Language": "fr"}, nil)
		body := string(r.body)
		i := strings.Index(body, ">Minimal</a>")
		if i < 0 {
			t.Fatalf("%s lists no Minimal", path)
		}
		card := body[i:min(len(body), i+300)]
		if !strings.Contains(card, "type non précisé") || strings.Contains(card, "tags-line\"> ·") {
			t.Errorf("%s: card of a chantier without kind:\n%s", path, card)
		}
	}
}

// TestOneExtent: dcterms:extent is the participant count alone.
func TestOneExtent(t *testing.T) {
	e := newWriteEnv(t)
	ch := e.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Étendue"@fr .`)
	o := e.create("/id/organisations", e.coord, `<> a radn:HostOrganization ; schema:name "Hôte"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`)
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Reine" ; schema:worksFor <http://ruche.test`+o+`> .`)
	e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test`+ch+`> ; org:role role:participant ; schema:startDate "2026-01-05"^^xsd:date .`)
	doc := turtleOf(t, e.srv, ch+".nt")
	if n := strings.Count(doc, "<http://purl.org/dc/terms/extent>"); n != 1 || !strings.Contains(doc, `<http://purl.org/dc/terms/extent> "1"`) {
		t.Errorf("%d dcterms:extent, want one equal to the participant count:\n%s", n, doc)
	}
}

// TestWriteTraps: the JSON-LD traps of a first write are removed — no
// @context, a plain-string name, "member" in a membership — and a
// coordination token reads a private resource (with its write ETag).
func TestWriteTraps(t *testing.T) {
	e := newWriteEnv(t)
	post := func(path, body string) response {
		t.Helper()
		return e.send(http.MethodPost, path, e.coord, "application/ld+json", body)
	}
	if r := post("/id/chantiers", `{"type": "Chantier", "name": {"fr": "Sans contexte"}}`); r.code != 201 {
		t.Errorf("no @context: %d %s", r.code, r.body)
	}
	r := post("/id/chantiers", `{"@context": "`+vocab.ContextIRI(testBase)+`", "type": "Chantier", "name": "Nom simple"}`)
	if r.code != 201 {
		t.Fatalf("plain-string name: %d %s", r.code, r.body)
	}
	if doc := turtleOf(t, e.srv, r.header.Get("Location")); !strings.Contains(doc, `"Nom simple"@fr`) {
		t.Errorf("plain name not taken as French:\n%s", doc)
	}
	p := post("/id/personnes", `{"type": "Person", "name": "Personne simple"}`)
	if p.code != 201 {
		t.Fatalf("person: %d %s", p.code, p.body)
	}
	person := p.header.Get("Location")
	m := post("/id/participations", `{"type": "Membership", "member": "`+testBase+person[1:]+`", "organization": "`+testBase+"id/chantiers/sans-contexte"+`", "role": "`+testBase+`concept/role/participant", "startDate": "2026-01-05"}`)
	if m.code != 201 {
		t.Fatalf(`membership with "member": %d %s`, m.code, m.body)
	}
	// The private person: 404 to the public, its record to coordination.
	if r := get(t, e.srv, person, "text/turtle"); r.code != 404 {
		t.Errorf("private person without a token: %d", r.code)
	}
	r = e.send(http.MethodGet, person, e.coord, "", "", "Accept", "text/turtle")
	if r.code != 200 || !strings.Contains(string(r.body), "Personne simple") || !strings.Contains(r.header.Get("Cache-Control"), "no-store") || !strings.Contains(r.header.Get("Cache-Control"), "private") {
		t.Fatalf("private person to coordination: %d %q\n%s", r.code, r.header.Get("Cache-Control"), r.body)
	}
	put := e.send(http.MethodPut, person, e.coord, "application/ld+json", `{"type": "Person", "name": "Personne renommée"}`, "If-Match", r.header.Get("ETag"))
	if put.code != 200 {
		t.Errorf("PUT with the ETag of the private read: %d %s", put.code, put.body)
	}
	agent, _, err := CreateToken(context.Background(), e.st, RoleAgent, testBase+"id/personnes/autre", "agent")
	if err != nil {
		t.Fatal(err)
	}
	if r := e.send(http.MethodGet, person, agent, "", "", "Accept", "text/turtle"); r.code != 404 {
		t.Errorf("private person to an agent token: %d", r.code)
	}
}

// TestOpenAPIRequestBodies: every POST, PUT and PATCH of /openapi.json has
// a request schema and an example for each media type it accepts, and
// the JSON-LD examples of the writes are accepted by the server as they
// are.
func TestOpenAPIRequestBodies(t *testing.T) {
	e := newWriteEnv(t)
	r := get(t, e.srv, "/openapi.json", "")
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody *struct {
				Content map[string]struct {
					Schema   map[string]any            `json:"schema"`
					Examples map[string]map[string]any `json:"examples"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	writes := 0
	for path, item := range doc.Paths {
		for method, op := range item {
			if method != "post" && method != "put" && method != "patch" {
				continue
			}
			writes++
			if op.RequestBody == nil || len(op.RequestBody.Content) == 0 {
				t.Errorf("%s %s: no request body", method, path)
				continue
			}
			for media, c := range op.RequestBody.Content {
				if len(c.Schema) == 0 || len(c.Examples) == 0 {
					t.Errorf("%s %s %s: schema %v, %d examples", method, path, media, c.Schema != nil, len(c.Examples))
				}
			}
		}
	}
	if writes < 8 {
		t.Errorf("%d write operations described", writes)
	}
	// The examples work: person first, then the membership names it.
	examples := doc.Paths["/id/{path}"]["post"].RequestBody.Content["application/ld+json"].Examples
	post := func(k *vocab.Kind, body string) string {
		t.Helper()
		path := strings.ReplaceAll(openapi.CreatePath(k), "{slug}", "almanach-culturel")
		r := e.send(http.MethodPost, path, e.coord, "application/ld+json", body)
		if r.code != http.StatusCreated {
			t.Errorf("example %s on %s: %d %s", k.Segment, path, r.code, r.body)
		}
		return r.header.Get("Location")
	}
	example := func(k *vocab.Kind) string {
		t.Helper()
		v, err := json.Marshal(examples[k.Segment]["value"])
		if err != nil || examples[k.Segment] == nil {
			t.Fatalf("no example for %s: %v", k.Segment, err)
		}
		return string(v)
	}
	person := post(vocab.KindOfClass(vocab.SchemaPerson), example(vocab.KindOfClass(vocab.SchemaPerson)))
	for _, k := range vocab.Kinds {
		if k.Class == vocab.SchemaPerson {
			continue
		}
		post(k, strings.ReplaceAll(example(k), testBase+"id/personnes/k2sdb0h847", testBase+strings.TrimPrefix(person, "/")))
	}
}

// TestReadingPages: the dead ends of a first visit lead somewhere — the
// downloads page, the guides, a dataset page and a themes tree a person
// reads, links to the guides and the API description from the site.
func TestReadingPages(t *testing.T) {
	srv, _ := newTestServer(t)
	html := func(path string) string {
		t.Helper()
		r := do(t, srv, http.MethodGet, path, map[string]string{"Accept": "text/html", "Accept-Language": "fr"}, nil)
		if r.code != 200 {
			t.Fatalf("GET %s: %d %.300s", path, r.code, r.body)
		}
		return string(r.body)
	}
	dumps := html("/dumps/")
	for _, want := range []string{"latest.nq.gz", "latest.jsonld", "SHA-256", "\u00a0Ko"} {
		if !strings.Contains(dumps, want) {
			t.Errorf("/dumps/ lacks %q", want)
		}
	}
	if !regexp.MustCompile(`<code>[0-9a-f]{64}</code>`).MatchString(dumps) {
		t.Error("/dumps/ shows no SHA-256")
	}
	var list struct {
		Dumps []struct {
			URL    string `json:"url"`
			Size   int64  `json:"size"`
			SHA256 string `json:"sha256"`
		} `json:"dumps"`
	}
	if err := json.Unmarshal(get(t, srv, "/dumps/", "application/json").body, &list); err != nil || len(list.Dumps) != 2 {
		t.Fatalf("/dumps/ JSON: %v %+v", err, list)
	}
	js := get(t, srv, "/dumps/latest.jsonld", "")
	if sum := sha256.Sum256(js.body); list.Dumps[1].SHA256 != hex.EncodeToString(sum[:]) || list.Dumps[1].Size != int64(len(js.body)) {
		t.Errorf("the JSON-LD dump's checksum or size disagree with /dumps/")
	}
	for _, g := range []string{"writing", "querying", "harvesting", "embedding", "operating"} {
		if body := html("/guides/" + g); !strings.Contains(body, "<pre><code") {
			t.Errorf("guide %s has no code", g)
		}
	}
	if r := get(t, srv, "/guides/nope", "text/html"); r.code != 404 {
		t.Errorf("unknown guide: %d", r.code)
	}
	donnees := html("/fr/donnees")
	for _, want := range []string{"En chiffres", "CC0 1.0", "CC BY-NC-SA 4.0", "/fr/sparql", "/fr/dumps/", "/openapi.json"} {
		if !strings.Contains(donnees, want) {
			t.Errorf("/donnees lacks %q", want)
		}
	}
	if strings.Contains(donnees, "#property-") || strings.Contains(donnees, "void:propertyPartition") {
		t.Error("/donnees is still a raw property table")
	}
	themes := html("/fr/concept/theme")
	if !strings.Contains(themes, `class="tree"`) || !regexp.MustCompile(`(?s)données.*?<a href="/fr/id/chantiers/culture-des-donnees">Culture des données</a>`).MatchString(themes) {
		t.Errorf("/concept/theme is not a tree of themes with their chantiers:\n%s", themes)
	}
	home := html("/fr/")
	for _, want := range []string{`href="/fr/guides/writing"`, `href="/openapi.json"`, `href="/proposer"`, `href="/fr/dumps/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %s", want)
		}
	}
}

// TestProposePage: the form has the site's stylesheet (which exists) and
// navigation, and keeps the token after the duplicate check.
func TestProposePage(t *testing.T) {
	e := newWriteEnv(t)
	r := do(t, e.srv, http.MethodGet, "/proposer", map[string]string{"Accept": "text/html", "Accept-Language": "fr"}, nil)
	body := string(r.body)
	css := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`).FindStringSubmatch(body)
	if css == nil || !strings.Contains(body, `aria-label="Navigation principale"`) {
		t.Fatalf("no stylesheet or navigation:\n%s", body)
	}
	if s := get(t, e.srv, css[1], ""); s.code != 200 {
		t.Errorf("stylesheet %s: %d", css[1], s.code)
	}
	vals := url.Values{"token": {e.coord}, "name": {"Culture des données bis"}}
	r = do(t, e.srv, http.MethodPost, "/proposer", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader(vals.Encode()))
	if r.code != 200 || !strings.Contains(string(r.body), `value="`+e.coord+`"`) || !strings.Contains(string(r.body), `name="confirm"`) {
		t.Fatalf("after the duplicate check the token is lost: %d\n%s", r.code, r.body)
	}
	if !strings.Contains(r.header.Get("Cache-Control"), "no-store") {
		t.Error("the form with a token may be stored")
	}
}

// TestExamplesUseTheServerBase: the example queries of the SPARQL page
// name the server's own IRIs, so « La grille d'analyse de la continuité »
// finds the grid on any server, and « which chantiers are active? » has
// an answer on the seed alone.
func TestExamplesUseTheServerBase(t *testing.T) {
	srv, _ := newTestServer(t)
	page := string(do(t, srv, http.MethodGet, "/sparql", map[string]string{"Accept": "text/html"}, nil).body)
	if strings.Contains(page, "https://w3id.org/radn/concept") || !strings.Contains(page, "http://ruche.test/concept/grille-continuite") {
		t.Fatalf("the examples do not use the server's base")
	}
	count := func(title string) int {
		t.Helper()
		for _, ex := range web.ExamplesFor(testBase) {
			if strings.HasPrefix(ex.Title, title) {
				r := get(t, srv, "/sparql?query="+url.QueryEscape(ex.Query), "text/csv")
				if r.code != 200 {
					t.Fatalf("%s: %d %s", title, r.code, r.body)
				}
				return strings.Count(strings.TrimSpace(string(r.body)), "\n")
			}
		}
		t.Fatalf("no example %q", title)
		return 0
	}
	if n := count("La grille d’analyse"); n < 4 {
		t.Errorf("the grid example finds %d rows", n)
	}
	if n := count("Quels chantiers sont actifs"); n != 8 {
		t.Errorf("the status example finds %d chantiers, want 8", n)
	}
}
