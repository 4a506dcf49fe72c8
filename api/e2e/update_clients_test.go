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

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// TestUpdateClients: real clients write with a coordination token and what
// they wrote is read back through the resource documents and SPARQL.
// rdflib's SPARQLUpdateStore sends an INSERT DATA on a chantier (the
// update's default graph) and adds a triple to a graph of one's own; curl
// -T PUTs a Turtle file to another graph of one's own through the Graph
// Store Protocol, stating its licence; Jena's rsparql then reads all of it
// back. (Jena's rupdate, which cannot send a Bearer header, writes with
// HTTP Basic credentials in TestUpdateClientsBasic.)
func TestUpdateClients(t *testing.T) {
	py := requirePython(t, "rdflib")
	curl, err := exec.LookPath("curl")
	if err != nil {
		missingTool(t, "curl is not on PATH (apt-get install curl)")
	}
	java, cp := requireJena(t)
	s := startSite(t)
	token, _, err := api.CreateToken(context.Background(), s.store, api.RoleCoordination, "", "e2e-clients")
	if err != nil {
		t.Fatal(err)
	}
	chantier := s.url(chantierDoc)
	const (
		schema    = "http://schema.org/"
		alternate = "Culture data, by rdflib"
		rdflibObj = "écrit par rdflib"
		curlObj   = "déposé par curl"
		byLicence = "https://creativecommons.org/licenses/by/4.0/"
	)
	rdflibGraph, curlGraph := s.url("/graph/atelier-rdflib"), s.url("/graph/atelier-2027-03")

	mark := s.log.len()
	insert := `INSERT DATA { <` + chantier + `> <` + schema + `alternateName> "` + alternate + `"@en }`
	selectBack := `SELECT ?o WHERE { GRAPH <` + rdflibGraph + `> { <` + chantier + `> <` + schema + `keywords> ?o } }`
	out := runTool(t, py, filepath.Join("python", "rdflib_update.py"), s.url("/sparql"), token, insert,
		rdflibGraph, chantier, schema+"keywords", rdflibObj, selectBack)
	ex := logExchanges(t, s, mark, "rdflib SPARQLUpdateStore")
	var r struct {
		Rdflib string     `json:"rdflib"`
		Rows   [][]string `json:"rows"`
		Error  string     `json:"error"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("rdflib output: %v: %s", err, out)
	}
	if r.Error != "" {
		t.Fatalf("rdflib %s SPARQLUpdateStore: %s", r.Rdflib, r.Error)
	}
	if len(r.Rows) != 1 || len(r.Rows[0]) != 1 || r.Rows[0][0] != rdflibObj {
		t.Errorf("rdflib read back %v, want [[%s]]", r.Rows, rdflibObj)
	}
	posts := 0
	for _, e := range ex {
		if e.method == "POST" && strings.TrimSuffix(e.target, "?") == "/sparql" {
			posts++
			if e.status != 204 {
				t.Errorf("rdflib update: %s, want 204", e)
			}
		}
	}
	if posts != 2 {
		t.Errorf("rdflib sent %d updates, want 2", posts)
	}
	// The INSERT DATA shows in the chantier's own document.
	doc := decode(t, rdfio.Turtle, fetch(t, chantier, "text/turtle"), chantier)
	if !slices.ContainsFunc(doc, func(q rdf.Quad) bool {
		return q.S.Value == chantier && q.P.Value == schema+"alternateName" && q.O == rdf.LangString(alternate, "en")
	}) {
		t.Errorf("the chantier's document lacks the alternateName rdflib inserted")
	}

	file := filepath.Join(t.TempDir(), "atelier.ttl")
	if err := os.WriteFile(file, []byte("<#atelier> <"+schema+"name> \""+curlObj+"\"@fr .\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mark = s.log.len()
	status := runTool(t, curl, "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-T", file,
		"-H", "Content-Type: text/turtle", "-H", "Authorization: Bearer "+token,
		s.url("/graph-store")+"?graph="+url.QueryEscape(curlGraph)+"&license="+url.QueryEscape(byLicence))
	logExchanges(t, s, mark, "curl -T")
	if string(status) != "201" {
		t.Fatalf("curl -T: %s, want 201", status)
	}
	got := decode(t, rdfio.Turtle, fetch(t, s.url("/graph-store")+"?graph="+url.QueryEscape(curlGraph), "text/turtle"), curlGraph)
	if len(got) != 1 || got[0].S.Value != curlGraph+"#atelier" || got[0].O != rdf.LangString(curlObj, "fr") {
		t.Errorf("the graph curl PUT reads back as %v", got)
	}
	void := decode(t, rdfio.Turtle, fetch(t, s.url("/.well-known/void"), "text/turtle"), s.url("/.well-known/void"))
	if !slices.ContainsFunc(void, func(q rdf.Quad) bool {
		return q.S.Value == curlGraph && q.P.Value == "http://purl.org/dc/terms/license" && q.O.Value == byLicence
	}) {
		t.Errorf("the dataset description does not list <%s> with the licence curl stated", curlGraph)
	}

	// Jena's rsparql reads everything back.
	mark = s.log.len()
	q := `SELECT ?o WHERE { { <` + chantier + `> <` + schema + `alternateName> ?o } UNION { GRAPH <` + rdflibGraph + `> { ?s <` + schema + `keywords> ?o } } UNION { GRAPH <` + curlGraph + `> { ?s <` + schema + `name> ?o } } }`
	rows := runTool(t, java, "-cp", cp, "arq.rsparql", "--service", s.url("/sparql"), "--results=tsv", "--query", writeQuery(t, q))
	logExchanges(t, s, mark, "Jena rsparql")
	for _, want := range []string{`"` + alternate + `"@en`, `"` + rdflibObj + `"@fr`, `"` + curlObj + `"@fr`} {
		if !strings.Contains(string(rows), want) {
			t.Errorf("rsparql did not read back %s:\n%s", want, rows)
		}
	}
}
