package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

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
