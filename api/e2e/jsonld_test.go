package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// seededResources lists the IRIs under base that are subjects in the public
// space, without fragment IRIs (they are described with their document).
func seededResources(t testing.TB, s *site) []string {
	t.Helper()
	snap := s.store.Snapshot()
	defer snap.Close()
	seen := map[string]bool{}
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if q.S.IsIRI() && strings.HasPrefix(q.S.Value, s.base) && !strings.Contains(q.S.Value, "#") {
			seen[q.S.Value] = true
		}
	}
	iris := make([]string, 0, len(seen))
	for iri := range seen {
		iris = append(iris, iri)
	}
	sort.Strings(iris)
	return iris
}

// publishingDocuments are the documents besides resources that ruche
// offers both as JSON-LD and as Turtle.
var publishingDocuments = []string{
	"/.well-known/void", "/chantiers", "/legs", "/themes", "/organisations", "/evenements",
	"/ldes", "/ldes/pages/1",
}

type jsonldInput struct {
	Contexts  map[string]string `json:"contexts"`
	Origin    string            `json:"origin"`
	Documents []jsonldDocument  `json:"documents"`
}

type jsonldDocument struct {
	ID   string `json:"id"`
	Base string `json:"base"`
	Body string `json:"body"`
}

type jsonldOutput struct {
	ID     string `json:"id"`
	NQuads string `json:"nquads"`
	Error  string `json:"error"`
}

// The JSON-LD of every seeded resource and publishing document, read by
// jsonld.js (the reference processor, safe mode), gives the same graph as
// its Turtle read by ruche's own parser.
func TestReferenceJSONLDProcessor(t *testing.T) {
	node := requireNode(t, "jsonld")
	s := startSite(t)
	iris := seededResources(t, s)
	if len(iris) < 20 {
		t.Fatalf("only %d seeded resources", len(iris))
	}
	ctxIRI := vocab.ContextIRI(s.base)
	in := jsonldInput{
		Contexts: map[string]string{ctxIRI: string(fetch(t, ctxIRI, "application/ld+json"))},
		Origin:   s.base,
	}
	// Each document's reference form: Turtle for resources; for the
	// publishing documents (dataset description, collections, event
	// stream), N-Quads when offered, since the members of the event stream
	// sit in named graphs.
	accept := map[string]string{}
	for _, iri := range iris {
		accept[iri] = "text/turtle"
	}
	for _, path := range publishingDocuments {
		iris = append(iris, s.url(path))
		accept[s.url(path)] = "application/n-quads, text/turtle;q=0.5"
	}
	reference := map[string]referenceDoc{}
	for _, iri := range iris {
		ld := fetch(t, iri, "application/ld+json")
		reference[iri] = fetchReference(t, iri, accept[iri])
		in.Documents = append(in.Documents, jsonldDocument{ID: iri, Base: iri, Body: string(ld)})
	}
	stdin, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out []jsonldOutput
	if err := json.Unmarshal(runNode(t, ctx, node, "jsonld-to-nquads.cjs", stdin), &out); err != nil {
		t.Fatalf("jsonld-to-nquads output: %v", err)
	}
	if len(out) != len(in.Documents) {
		t.Fatalf("jsonld.js answered for %d documents, sent %d", len(out), len(iris))
	}
	compared := 0
	for _, r := range out {
		t.Run(strings.TrimPrefix(r.ID, s.base), func(t *testing.T) {
			if r.Error != "" {
				t.Fatalf("jsonld.js toRDF: %s", r.Error)
			}
			fromLD := decode(t, rdfio.NQuads, []byte(r.NQuads), r.ID)
			ref := reference[r.ID]
			want := decode(t, ref.format, ref.body, r.ID)
			if len(want) == 0 {
				t.Fatalf("empty %s", ref.format)
			}
			if !rdf.Isomorphic(fromLD, want) {
				t.Errorf("jsonld.js gives %d quads, %s %d: not isomorphic\n%s",
					len(fromLD), ref.format, len(want), diffQuads(fromLD, want))
			}
			compared++
		})
	}
	t.Logf("%d documents: JSON-LD through jsonld.js isomorphic to Turtle or N-Quads for %d", len(iris), compared)
}

// referenceDoc is a document in the RDF syntax the server chose.
type referenceDoc struct {
	format rdfio.Format
	body   []byte
}

// fetchReference GETs url in one of the syntaxes of accept and tells which
// one the server sent.
func fetchReference(t testing.TB, url, accept string) referenceDoc {
	t.Helper()
	body, status, ctype, err := tryFetchType(url, accept)
	if err != nil || status != 200 {
		t.Fatalf("GET %s (Accept %s): %d %v", url, accept, status, err)
	}
	mt, _, _ := strings.Cut(ctype, ";")
	for _, f := range []rdfio.Format{rdfio.NQuads, rdfio.Turtle} {
		if strings.TrimSpace(mt) == f.MediaType() {
			return referenceDoc{f, body}
		}
	}
	t.Fatalf("GET %s (Accept %s): Content-Type %q", url, accept, ctype)
	return referenceDoc{}
}

// decode reads every quad of body.
func decode(t testing.TB, f rdfio.Format, body []byte, base string) []rdf.Quad {
	t.Helper()
	dec, err := rdfio.NewDecoder(f, bytes.NewReader(body), rdfio.DecodeOptions{BaseIRI: base})
	if err != nil {
		t.Fatalf("%s decoder: %v", f, err)
	}
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v\n%s", f, err, truncate(body, 2000))
		}
		out = append(out, q)
	}
}

// diffQuads lists the ground quads only one side has (blank nodes make the
// rest hard to pair; the counts above still tell).
func diffQuads(a, b []rdf.Quad) string {
	key := func(q rdf.Quad) string { return string(rdf.AppendQuad(nil, q)) }
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, q := range a {
		inA[key(q)] = true
	}
	for _, q := range b {
		inB[key(q)] = true
	}
	var lines []string
	for k := range inA {
		if !inB[k] && !strings.Contains(k, "_:") {
			lines = append(lines, "only JSON-LD: "+strings.TrimSpace(k))
		}
	}
	for k := range inB {
		if !inA[k] && !strings.Contains(k, "_:") {
			lines = append(lines, "only Turtle:  "+strings.TrimSpace(k))
		}
	}
	sort.Strings(lines)
	if len(lines) > 40 {
		lines = append(lines[:40], "…")
	}
	return strings.Join(lines, "\n")
}
