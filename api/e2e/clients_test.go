package e2e_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// The standard RDF clients, each with its own defaults and its own Accept
// header, read ruche as its users would: rdflib (Graph().parse(url)),
// SPARQLWrapper (defaults: GET, XML), Jena (RDFParser through riot, and
// rsparql) and Comunica (@comunica/query-sparql, on a resource and by
// following links). Every exchange is logged, so the test log says what
// each client sent and got.

const (
	chantierDoc      = "/id/chantiers/culture-des-donnees"
	selectChantiers  = "SELECT ?c WHERE { ?c a <https://w3id.org/radn/vocab#Chantier> }"
	constructKinds   = "CONSTRUCT { ?c <https://w3id.org/radn/vocab#kind> ?k } WHERE { ?c <https://w3id.org/radn/vocab#kind> ?k }"
	seededChantiers  = 8
	clientTimeout    = 3 * time.Minute
	rdflibAcceptHint = "application/rdf+xml"
)

// rdfDocs are the documents every client reads: a resource, a concept, the
// dataset description and a collection.
var rdfDocs = []string{chantierDoc, "/concept/type-chantier/expertise", "/.well-known/void", "/chantiers"}

// logExchanges writes the exchanges since mark to the test log and returns
// them.
func logExchanges(t *testing.T, s *site, mark int, client string) []exchange {
	t.Helper()
	ex := s.log.since(mark)
	for _, e := range ex {
		t.Logf("%s: %s", client, e)
	}
	return ex
}

// turtleOf is ruche's own Turtle of a document, the graph every client
// must get.
func turtleOf(t *testing.T, s *site, path string) []rdf.Quad {
	t.Helper()
	return decode(t, rdfio.Turtle, fetch(t, s.url(path), "text/turtle"), s.url(path))
}

// requirePython returns a Python interpreter that imports the modules
// (Debian's /usr/bin/python3 first: .ci/run installs python3-rdflib and
// python3-sparqlwrapper there).
func requirePython(t *testing.T, modules ...string) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import "+strings.Join(modules, ", ")).Run() == nil {
			return path
		}
	}
	missingTool(t, "no python3 imports %s (apt-get install python3-rdflib python3-sparqlwrapper)", strings.Join(modules, ", "))
	return ""
}

func runTool(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\nstderr:\n%s\nstdout:\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String(), truncate(out, 2000))
	}
	return out
}

// TestRDFLibParse: rdflib's Graph().parse(url) reads a resource, a
// concept, the dataset description and a collection (rdflib's Accept puts
// application/rdf+xml first and XHTML at q=0.5: it must get RDF), and the
// dump, whose Accept-Encoding is identity.
func TestRDFLibParse(t *testing.T) {
	py := requirePython(t, "rdflib")
	s := startSite(t)
	mark := s.log.len()
	urls := []string{}
	for _, d := range rdfDocs {
		urls = append(urls, s.url(d))
	}
	urls = append(urls, s.url("/dumps/latest.nq.gz"))
	out := runTool(t, py, append([]string{filepath.Join("python", "rdflib_parse.py")}, urls...)...)
	ex := logExchanges(t, s, mark, "rdflib")
	results := map[string]map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r map[string]string
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("rdflib output: %v: %s", err, line)
		}
		results[r["url"]] = r
	}
	for _, d := range rdfDocs {
		r := results[s.url(d)]
		if r["error"] != "" {
			t.Errorf("rdflib %s: Graph().parse(%s): %s", r["rdflib"], d, r["error"])
			continue
		}
		// rdflib rewrites lexical forms into its canonical ones (it
		// writes "…Z" date-times as "…+00:00"): compare values.
		got := canonicalDateTimes(decode(t, rdfio.NTriples, []byte(r["nquads"]), s.url(d)))
		if want := canonicalDateTimes(turtleOf(t, s, d)); !rdf.Isomorphic(got, want) {
			t.Errorf("rdflib read %d triples from %s, ruche's Turtle has %d\n%s", len(got), d, len(want), diffQuads(got, want))
		}
	}
	for _, e := range ex {
		if strings.HasPrefix(e.target, "/dumps/") {
			if e.contentEncoding != "" || e.contentType != "application/n-quads" {
				t.Errorf("rdflib got the dump as %s %s, want plain application/n-quads", e.contentType, e.contentEncoding)
			}
			continue
		}
		if !strings.Contains(e.accept, rdflibAcceptHint) || !strings.HasPrefix(e.contentType, "application/rdf+xml") {
			t.Errorf("rdflib: %s, want application/rdf+xml", e)
		}
	}
	dump := results[s.url("/dumps/latest.nq.gz")]
	if dump["error"] != "" {
		t.Errorf("rdflib read the dump: %s", dump["error"])
	} else if got, want := len(decode(t, rdfio.NQuads, []byte(dump["nquads"]), s.base)), storeSize(t, s); got != want {
		t.Errorf("rdflib read %d quads from the dump, the store has %d", got, want)
	}
}

// canonicalDateTimes writes every xsd:dateTime with an offset in UTC.
func canonicalDateTimes(quads []rdf.Quad) []rdf.Quad {
	out := slicesCloneQuads(quads)
	for i, q := range out {
		if q.O.IsLiteral() && q.O.Datatype == rdf.XSDDateTime {
			if tm, err := time.Parse(time.RFC3339Nano, q.O.Value); err == nil {
				out[i].O = rdf.Literal(tm.UTC().Format(time.RFC3339Nano), rdf.XSDDateTime)
			}
		}
	}
	return out
}

func slicesCloneQuads(q []rdf.Quad) []rdf.Quad { return append([]rdf.Quad(nil), q...) }

// storeSize counts the quads of the public space.
func storeSize(t *testing.T, s *site) int {
	t.Helper()
	snap := s.store.Snapshot()
	defer snap.Close()
	n := 0
	for _, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// TestSPARQLWrapperDefaults: SPARQLWrapper with its defaults (GET,
// format=xml&output=xml&results=xml, Accept for XML) gets SPARQL XML
// results for SELECT and RDF/XML, which it parses with rdflib, for
// CONSTRUCT.
func TestSPARQLWrapperDefaults(t *testing.T) {
	py := requirePython(t, "rdflib", "SPARQLWrapper")
	s := startSite(t)
	mark := s.log.len()
	out := runTool(t, py, filepath.Join("python", "sparqlwrapper_query.py"), s.url("/sparql"), selectChantiers, constructKinds)
	ex := logExchanges(t, s, mark, "SPARQLWrapper")
	var r struct {
		Version           string  `json:"sparqlwrapper"`
		SelectRows        float64 `json:"select_rows"`
		SelectError       string  `json:"select_error"`
		ConstructNTriples string  `json:"construct_ntriples"`
		ConstructError    string  `json:"construct_error"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("SPARQLWrapper output: %v: %s", err, out)
	}
	if r.SelectError != "" || int(r.SelectRows) != seededChantiers {
		t.Errorf("SPARQLWrapper %s SELECT: %d rows, error %q; want %d rows", r.Version, int(r.SelectRows), r.SelectError, seededChantiers)
	}
	if r.ConstructError != "" {
		t.Errorf("SPARQLWrapper %s CONSTRUCT: %s", r.Version, r.ConstructError)
	} else {
		got := decode(t, rdfio.NTriples, []byte(r.ConstructNTriples), s.base)
		want := decode(t, rdfio.NTriples, fetch(t, s.url("/sparql?query="+url.QueryEscape(constructKinds)), "application/n-triples"), s.base)
		if len(want) == 0 || !rdf.Isomorphic(got, want) {
			t.Errorf("SPARQLWrapper CONSTRUCT read %d triples, ruche's N-Triples has %d", len(got), len(want))
		}
	}
	if len(ex) != 2 || !strings.HasPrefix(ex[0].contentType, "application/sparql-results+xml") || !strings.HasPrefix(ex[1].contentType, "application/rdf+xml") {
		t.Errorf("SPARQLWrapper exchanges: %v; want SPARQL XML results, then RDF/XML", ex)
	}
}

// jenaJars are Debian's libapache-jena-java 4.5.0 jars and their
// dependencies (no Class-Path in the manifests), as in
// ../shared/bench/scripts/env.sh; missing optional jars are left out.
var jenaJars = []string{
	"jena-arq", "jena-base", "jena-cmds", "jena-core", "jena-iri", "commons-cli", "commons-codec",
	"commons-compress", "commons-csv", "commons-io", "commons-lang3", "dexx.collection-0.7", "gson", "guava",
	"httpclient", "httpcore", "jackson-annotations", "jackson-core", "jackson-databind", "jakarta.json-api",
	"jsonld-java", "protobuf-3.21.12", "slf4j-api", "slf4j-simple", "thrift-0.16.0", "titanium-json-ld",
}

// requireJena returns java and the class path of Debian's Jena. Debian's
// jena-core.jar relocates the embedded Xerces classes to "xerces.*" but
// leaves their message bundles under org/apache/jena/ext/xerces/, so
// JenaSystem.init() fails; the bundles are copied to where the classes
// look for them, in a temporary folder put on the class path.
func requireJena(t *testing.T) (string, string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		missingTool(t, "java is not on PATH (apt-get install libapache-jena-java)")
	}
	const dir = "/usr/share/java"
	if _, err := os.Stat(filepath.Join(dir, "jena-arq.jar")); err != nil {
		missingTool(t, "Jena is not installed (apt-get install libapache-jena-java)")
	}
	var cp []string
	for _, j := range jenaJars {
		if p := filepath.Join(dir, j+".jar"); fileExists(p) {
			cp = append(cp, p)
		}
	}
	shim := t.TempDir()
	zr, err := zip.OpenReader(filepath.Join(dir, "jena-core.jar"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rest, ok := strings.CutPrefix(f.Name, "org/apache/jena/ext/xerces/")
		if !ok || !strings.HasSuffix(f.Name, ".properties") {
			continue
		}
		dst := filepath.Join(shim, "xerces", filepath.FromSlash(rest))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return java, strings.Join(append(cp, shim), string(os.PathListSeparator))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestJenaRIOTAndRSPARQL: Jena's RDFParser reads a resource, a concept,
// the dataset description, a collection and the gzip dump from their URLs
// with Jena's own Accept and Accept-Encoding headers (through arq.sparql
// --data: Debian's Jena 4.5 riot command takes every argument for a file
// name); rsparql runs a SELECT and a CONSTRUCT against the endpoint with
// its defaults.
func TestJenaRIOTAndRSPARQL(t *testing.T) {
	java, cp := requireJena(t)
	s := startSite(t)
	for _, d := range rdfDocs {
		t.Run("RDFParser "+d, func(t *testing.T) {
			mark := s.log.len()
			out := runTool(t, java, "-cp", cp, "arq.sparql", "--data="+s.url(d), "--results=N-Triples", "CONSTRUCT WHERE { ?s ?p ?o }")
			for _, e := range logExchanges(t, s, mark, "Jena RDFParser") {
				if !strings.HasPrefix(e.accept, "text/turtle") || !strings.HasPrefix(e.contentType, "text/turtle") {
					t.Errorf("Jena: %s; want Turtle asked for and sent", e)
				}
			}
			got := decode(t, rdfio.NTriples, out, s.url(d))
			if want := turtleOf(t, s, d); !rdf.Isomorphic(got, want) {
				t.Errorf("Jena read %d triples, ruche's Turtle has %d\n%s", len(got), len(want), diffQuads(got, want))
			}
		})
	}
	t.Run("RDFParser dump", func(t *testing.T) {
		mark := s.log.len()
		out := runTool(t, java, "-cp", cp, "arq.sparql", "--data="+s.url("/dumps/latest.nq.gz"), "--results=tsv",
			"SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
		for _, e := range logExchanges(t, s, mark, "Jena RDFParser") {
			if e.contentType != "application/n-quads" {
				t.Errorf("Jena: %s; want application/n-quads", e)
			}
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		want := storeSize(t, s)
		if len(lines) != 2 || !strings.HasPrefix(lines[1], fmt.Sprintf(`"%d"`, want)) && lines[1] != fmt.Sprint(want) {
			t.Errorf("Jena counted %q in the dump, the store has %d quads", out, want)
		}
	})
	t.Run("rsparql SELECT", func(t *testing.T) {
		mark := s.log.len()
		out := runTool(t, java, "-cp", cp, "arq.rsparql", "--service", s.url("/sparql"), "--results=tsv", "--query", writeQuery(t, selectChantiers))
		logExchanges(t, s, mark, "Jena rsparql")
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != seededChantiers+1 {
			t.Errorf("rsparql SELECT: %d lines, want a header and %d rows:\n%s", len(lines), seededChantiers, out)
		}
	})
	t.Run("rsparql CONSTRUCT", func(t *testing.T) {
		mark := s.log.len()
		out := runTool(t, java, "-cp", cp, "arq.rsparql", "--service", s.url("/sparql"), "--results=N-Triples", "--query", writeQuery(t, constructKinds))
		logExchanges(t, s, mark, "Jena rsparql")
		got := decode(t, rdfio.NTriples, out, s.base)
		want := decode(t, rdfio.NTriples, fetch(t, s.url("/sparql?query="+url.QueryEscape(constructKinds)), "application/n-triples"), s.base)
		if len(want) == 0 || !rdf.Isomorphic(got, want) {
			t.Errorf("rsparql CONSTRUCT: %d triples, ruche's N-Triples has %d", len(got), len(want))
		}
	})
}

func writeQuery(t *testing.T, q string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "query.rq")
	if err := os.WriteFile(p, []byte(q), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type comunicaInput struct {
	Query   string          `json:"query"`
	Sources []string        `json:"sources"`
	Follow  *comunicaFollow `json:"follow,omitempty"`
}

type comunicaFollow struct {
	Prefix string `json:"prefix"`
	Depth  int    `json:"depth"`
}

type comunicaOutput struct {
	Bindings []map[string]string `json:"bindings"`
	Sources  []string            `json:"sources"`
}

func runComunica(t *testing.T, node string, in comunicaInput) comunicaOutput {
	t.Helper()
	stdin, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	var out comunicaOutput
	if err := json.Unmarshal(runNode(t, ctx, node, "comunica-query.cjs", stdin), &out); err != nil {
		t.Fatalf("comunica output: %v", err)
	}
	return out
}

// TestComunica: Comunica asks for N-Quads first and queries the default
// graph: on a resource it finds every triple of the resource's Turtle, and
// by following links from a participation it joins the person, the
// chantier and the chantier's kinds, each read from its own document.
func TestComunica(t *testing.T) {
	node := requireNode(t, "@comunica/query-sparql")
	s := startSite(t)
	addParticipation(t, s)

	t.Run("resource", func(t *testing.T) {
		mark := s.log.len()
		doc := s.url(chantierDoc)
		out := runComunica(t, node, comunicaInput{Query: "SELECT ?p ?o WHERE { <" + doc + "> ?p ?o }", Sources: []string{doc}})
		ex := logExchanges(t, s, mark, "Comunica")
		want := 0
		for _, q := range turtleOf(t, s, chantierDoc) {
			if q.S.Value == doc {
				want++
			}
		}
		if len(out.Bindings) != want || want == 0 {
			t.Errorf("Comunica found %d triples of the chantier, its Turtle has %d", len(out.Bindings), want)
		}
		for _, e := range ex {
			if !strings.HasPrefix(e.accept, "application/n-quads") || !strings.HasPrefix(e.contentType, "application/n-quads") {
				t.Errorf("Comunica: %s; want N-Quads asked for and sent", e)
			}
		}
	})

	t.Run("link traversal", func(t *testing.T) {
		mark := s.log.len()
		q := `PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <http://schema.org/>
PREFIX radn: <https://w3id.org/radn/vocab#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?person ?chantier ?kind WHERE {
  <` + s.url(participationDoc) + `> org:member ?p ; org:organization ?c .
  ?p schema:name ?person .
  ?c schema:name ?chantier ; radn:kind ?k .
  ?k skos:prefLabel ?kind .
  FILTER(LANG(?kind) = "fr")
}`
		out := runComunica(t, node, comunicaInput{Query: q, Sources: []string{s.url(participationDoc)}, Follow: &comunicaFollow{Prefix: s.base, Depth: 2}})
		ex := logExchanges(t, s, mark, "Comunica")
		t.Logf("Comunica followed links to %d documents and found %v", len(out.Sources), out.Bindings)
		if len(out.Bindings) != 2 {
			t.Fatalf("Comunica found %d rows, want the 2 kinds of the chantier: %v", len(out.Bindings), out.Bindings)
		}
		for _, b := range out.Bindings {
			if b["person"] != participantName || b["chantier"] != "Culture des données" || b["kind"] == "" {
				t.Errorf("row %v", b)
			}
		}
		for _, e := range ex {
			switch {
			case e.status >= 500:
				t.Errorf("Comunica: %s", e)
			case e.status != 200:
				t.Logf("Comunica followed a link to no document: %s", e)
			}
		}
	})
}

const (
	participationDoc = "/id/participations/e2e-culture-des-donnees"
	personDoc        = "/id/personnes/e2e-participante"
	participantName  = "Participante E2E"
)

// addParticipation publishes a person and her membership of a chantier, in
// the graph of the chantier's own triples, as the write API would once the
// person consents.
func addParticipation(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	chantier := rdf.IRI(s.url(chantierDoc))
	var graph rdf.Term
	snap := s.store.Snapshot()
	for q, err := range snap.Match(ctx, store.Pattern{S: chantier, AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		graph = q.G
		break
	}
	snap.Close()
	person, membership := rdf.IRI(s.url(personDoc)), rdf.IRI(s.url(participationDoc))
	quads := []rdf.Quad{
		{S: person, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.SchemaNS + "Person"), G: graph},
		{S: person, P: rdf.IRI(vocab.SchemaNS + "name"), O: rdf.String(participantName), G: graph},
		{S: membership, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.OrgNS + "Membership"), G: graph},
		{S: membership, P: rdf.IRI(vocab.OrgMember), O: person, G: graph},
		{S: membership, P: rdf.IRI(vocab.OrgNS + "organization"), O: chantier, G: graph},
	}
	err := s.store.Update(ctx, func(tx *store.Txn) error {
		for _, q := range quads {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
