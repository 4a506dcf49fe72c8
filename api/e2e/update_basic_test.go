package e2e_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// TestUpdateClientsBasic: clients that know only a user name and a password
// write with an API token as the password (HTTP Basic, any user name).
// Jena's rupdate (Debian's 4.5) takes the credentials from the service URL
// (http://user:TOKEN@host/sparql) and answers the server's 401 challenge;
// it inserts a triple on a chantier (the update's default graph) and one
// into a graph of one's own. SPARQLWrapper's setCredentials sends an
// INSERT DATA into another graph. Jena's rsparql reads all of it back, and
// the chantier's document shows its new triple.
func TestUpdateClientsBasic(t *testing.T) {
	java, cp := requireJena(t)
	py := requirePython(t, "SPARQLWrapper")
	s := startSite(t)
	token, _, err := api.CreateToken(context.Background(), s.store, api.RoleCoordination, "", "e2e-basic")
	if err != nil {
		t.Fatal(err)
	}
	const (
		schema     = "http://schema.org/"
		alternate  = "Culture data, by rupdate"
		rupdateObj = "écrit par rupdate"
		wrapperObj = "écrit par SPARQLWrapper"
	)
	chantier := s.url(chantierDoc)
	rupdateGraph, wrapperGraph := s.url("/graph/atelier-rupdate"), s.url("/graph/atelier-sparqlwrapper")

	// rupdate, with the token in the service URL's user information.
	service, err := url.Parse(s.url("/sparql"))
	if err != nil {
		t.Fatal(err)
	}
	service.User = url.UserPassword("atelier", token)
	insert := `PREFIX schema: <` + schema + `>
INSERT DATA {
  <` + chantier + `> schema:alternateName "` + alternate + `"@en .
  GRAPH <` + rupdateGraph + `> { <` + rupdateGraph + `#atelier> schema:name "` + rupdateObj + `"@fr }
}`
	mark := s.log.len()
	runTool(t, java, "-cp", cp, "arq.rupdate", "--service", service.String(), "--update", writeQuery(t, insert))
	ex := logExchanges(t, s, mark, "Jena rupdate")
	// The first request goes out without credentials; the 401's challenge
	// makes rupdate send them.
	if codes := statuses(ex, "POST", "/sparql"); !slices.Equal(codes, []int{401, 204}) {
		t.Errorf("rupdate's exchanges answered %v, want [401 204]", codes)
	}

	// SPARQLWrapper, with setCredentials.
	mark = s.log.len()
	out := runTool(t, py, filepath.Join("python", "sparqlwrapper_update.py"), s.url("/sparql"), "atelier", token,
		`INSERT DATA { GRAPH <`+wrapperGraph+`> { <`+wrapperGraph+`#atelier> <`+schema+`name> "`+wrapperObj+`"@fr } }`)
	logExchanges(t, s, mark, "SPARQLWrapper update")
	var r struct {
		Version string `json:"sparqlwrapper"`
		Status  int    `json:"status"`
		Error   string `json:"error"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("SPARQLWrapper output: %v: %s", err, out)
	}
	if r.Error != "" || r.Status != 204 {
		t.Fatalf("SPARQLWrapper %s update: status %d, error %q; want 204", r.Version, r.Status, r.Error)
	}

	// A wrong password is refused and nothing is written.
	service.User = url.UserPassword("atelier", "not-a-token")
	wrong := `INSERT DATA { GRAPH <` + s.url("/graph/refused") + `> { <urn:x> <urn:y> "z" } }`
	mark = s.log.len()
	runToolFails(t, java, "-cp", cp, "arq.rupdate", "--service", service.String(), "--update", writeQuery(t, wrong))
	if codes := statuses(logExchanges(t, s, mark, "Jena rupdate, wrong token"), "POST", "/sparql"); len(codes) == 0 || codes[len(codes)-1] != 401 {
		t.Errorf("rupdate with a wrong token answered %v, want a last 401", codes)
	}

	// The chantier's document shows rupdate's triple.
	doc := decode(t, rdfio.Turtle, fetch(t, chantier, "text/turtle"), chantier)
	if !slices.ContainsFunc(doc, func(q rdf.Quad) bool {
		return q.S.Value == chantier && q.P.Value == schema+"alternateName" && q.O == rdf.LangString(alternate, "en")
	}) {
		t.Errorf("the chantier's document lacks the alternateName rupdate inserted")
	}
	// rsparql reads everything back; the refused graph does not exist.
	q := `SELECT ?o WHERE { { <` + chantier + `> <` + schema + `alternateName> ?o } UNION { GRAPH ?g { ?s <` + schema + `name> ?o } FILTER(?g IN (<` + rupdateGraph + `>, <` + wrapperGraph + `>, <` + s.url("/graph/refused") + `>)) } UNION { GRAPH <` + s.url("/graph/refused") + `> { ?s ?p ?o } } }`
	mark = s.log.len()
	rows := string(runTool(t, java, "-cp", cp, "arq.rsparql", "--service", s.url("/sparql"), "--results=tsv", "--query", writeQuery(t, q)))
	logExchanges(t, s, mark, "Jena rsparql")
	for _, want := range []string{`"` + alternate + `"@en`, `"` + rupdateObj + `"@fr`, `"` + wrapperObj + `"@fr`} {
		if !strings.Contains(rows, want) {
			t.Errorf("rsparql did not read back %s:\n%s", want, rows)
		}
	}
	if strings.Contains(rows, `"z"`) {
		t.Errorf("the update with a wrong token was written:\n%s", rows)
	}
}

// statuses lists the statuses of the exchanges with a method and a path.
func statuses(ex []exchange, method, path string) []int {
	var out []int
	for _, e := range ex {
		if e.method == method && strings.TrimSuffix(e.target, "?") == path {
			out = append(out, e.status)
		}
	}
	return out
}

// runToolFails runs a tool that must exit with an error (a refused write).
func runToolFails(t *testing.T, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	cmd.WaitDelay = 5 * time.Second
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("%s %s succeeded, want a refusal:\n%s", filepath.Base(name), strings.Join(args, " "), truncate(out, 2000))
	}
}
