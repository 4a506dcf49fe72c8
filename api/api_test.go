package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

const testBase = "http://ruche.test/"

// newTestServer returns a server on an in-memory store seeded with the
// chantiers of the source text.
func newTestServer(t testing.TB, mutate ...func(*Config)) (*Server, *store.Store) {
	t.Helper()
	opts := store.DefaultOptions()
	opts.InMemory = true
	st, err := store.Open("", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	seed, err := vocab.Seed(testBase)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(context.Background(), func(tx *store.Txn) error {
		for _, q := range seed {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Base = testBase
	for _, m := range mutate {
		m(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetStore(st)
	return srv, st
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func do(t testing.TB, srv *Server, method, target string, headers map[string]string, body io.Reader) response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.Bytes()}
}

func get(t testing.TB, srv *Server, target, accept string) response {
	return do(t, srv, http.MethodGet, target, map[string]string{"Accept": accept}, nil)
}

const chantierPath = "/id/chantiers/culture-des-donnees"

func TestNegotiation(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		name, path, accept string
		code               int
		contentType        string
		location           string
	}{
		{"default is JSON-LD", chantierPath, "", 200, "application/ld+json", chantierPath + ".jsonld"},
		{"turtle", chantierPath, "text/turtle", 200, "text/turtle", chantierPath + ".ttl"},
		{"q-values", chantierPath, "text/turtle;q=0.2, application/n-triples;q=0.9", 200, "application/n-triples", chantierPath + ".nt"},
		{"q=0 refuses", chantierPath, "text/turtle;q=0, application/n-quads", 200, "application/n-quads", chantierPath + ".nq"},
		{"browser", chantierPath, "text/html,application/xhtml+xml,*/*;q=0.8", 200, "text/html", chantierPath + ".html"},
		{"plain JSON", chantierPath, "application/json", 200, "application/ld+json", chantierPath + ".jsonld"},
		{"extension wins", chantierPath + ".ttl", "application/ld+json", 200, "text/turtle", ""},
		{"nothing acceptable", chantierPath, "image/png", 406, "application/problem+json", ""},
		{"unknown resource", "/id/chantiers/nope", "", 404, "application/problem+json", ""},
		{"unknown path", "/nowhere", "", 404, "application/problem+json", ""},
		{"concept", "/concept/type-chantier/expertise", "text/turtle", 200, "text/turtle", "/concept/type-chantier/expertise.ttl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, tt.path, tt.accept)
			if r.code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.code, tt.code, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			if got := r.header.Get("Content-Location"); got != tt.location {
				t.Errorf("Content-Location %q, want %q", got, tt.location)
			}
			if tt.code == 200 && !strings.Contains(r.header.Get("Vary"), "Accept") {
				t.Errorf("no Vary: Accept")
			}
			if tt.code == 406 && !bytes.Contains(r.body, []byte("text/turtle")) {
				t.Errorf("406 does not name the formats on offer: %s", r.body)
			}
		})
	}
}

func TestRevalidation(t *testing.T) {
	srv, _ := newTestServer(t)
	first := get(t, srv, chantierPath, "text/turtle")
	etag := first.header.Get("ETag")
	if etag == "" || first.header.Get("Last-Modified") == "" {
		t.Fatalf("no validators: %v", first.header)
	}
	again := get(t, srv, chantierPath, "text/turtle")
	if again.header.Get("ETag") != etag || !bytes.Equal(again.body, first.body) {
		t.Fatal("the same data gave another ETag or other bytes")
	}
	tests := []struct {
		name, inm string
		code      int
	}{
		{"current tag", etag, 304},
		{"weak form", "W/" + etag, 304},
		{"in a list", `"other", ` + etag, 304},
		{"star", "*", 304},
		{"stale tag", `"stale"`, 200},
		{"malformed", `unquoted`, 400},
		{"unterminated", `"abc`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, chantierPath, map[string]string{"Accept": "text/turtle", "If-None-Match": tt.inm}, nil)
			if r.code != tt.code {
				t.Fatalf("status %d, want %d", r.code, tt.code)
			}
			if tt.code == 304 && len(r.body) != 0 {
				t.Errorf("304 with a body")
			}
		})
	}
}

// The JSON-LD and the Turtle of every seeded resource carry the same triples.
func TestJSONLDMatchesTurtle(t *testing.T) {
	srv, st := newTestServer(t)
	snap := st.Snapshot()
	defer snap.Close()
	subjects := map[string]bool{}
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if q.S.IsIRI() && strings.HasPrefix(q.S.Value, testBase) && !strings.Contains(q.S.Value, "#") {
			subjects[q.S.Value] = true
		}
	}
	if len(subjects) < 20 {
		t.Fatalf("only %d seeded resources", len(subjects))
	}
	for iri := range subjects {
		path := strings.TrimPrefix(iri, testBase[:len(testBase)-1])
		ld := get(t, srv, path, "application/ld+json")
		ttl := get(t, srv, path, "text/turtle")
		if ld.code != 200 || ttl.code != 200 {
			t.Errorf("%s: status %d / %d", path, ld.code, ttl.code)
			continue
		}
		fromLD := decodeAll(t, rdfio.JSONLD, ld.body, iri, vocab.Contexts(testBase))
		fromTTL := decodeAll(t, rdfio.Turtle, ttl.body, iri, nil)
		if !rdf.Isomorphic(fromLD, fromTTL) {
			t.Errorf("%s: JSON-LD has %d triples, Turtle %d, not the same graph", path, len(fromLD), len(fromTTL))
		}
		var doc map[string]any
		if err := json.Unmarshal(ld.body, &doc); err != nil {
			t.Fatal(err)
		}
		if doc["@context"] != vocab.ContextIRI(testBase) {
			t.Errorf("%s: @context %v, want the context IRI under the base", path, doc["@context"])
		}
	}
}

func decodeAll(t *testing.T, f rdfio.Format, body []byte, base string, contexts rdfio.ContextLoader) []rdf.Quad {
	t.Helper()
	dec, err := rdfio.NewDecoder(f, bytes.NewReader(body), rdfio.DecodeOptions{BaseIRI: base, Contexts: contexts})
	if err != nil {
		t.Fatal(err)
	}
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v\n%s", f, err, body)
		}
		out = append(out, q)
	}
}

func TestContextAndVocab(t *testing.T) {
	srv, _ := newTestServer(t)
	ctxPath := strings.TrimPrefix(vocab.ContextIRI(testBase), testBase[:len(testBase)-1])
	r := get(t, srv, ctxPath, "")
	if r.code != 200 || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
		t.Fatalf("context: %d %v", r.code, r.header)
	}
	for _, accept := range []string{"text/turtle", "application/ld+json"} {
		r := get(t, srv, "/vocab", accept)
		if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), accept) {
			t.Errorf("/vocab as %s: %d %s", accept, r.code, r.header.Get("Content-Type"))
		}
	}
}

func TestSPARQLProtocol(t *testing.T) {
	srv, _ := newTestServer(t)
	q := `SELECT ?c WHERE { ?c a <https://w3id.org/radn/vocab#Chantier> }`
	tests := []struct {
		name    string
		method  string
		target  string
		headers map[string]string
		body    string
		code    int
		want    string
	}{
		{"GET json", "GET", "/sparql?query=" + url.QueryEscape(q), map[string]string{"Accept": "application/sparql-results+json"}, "", 200, `"bindings"`},
		{"GET csv", "GET", "/sparql?query=" + url.QueryEscape(q), map[string]string{"Accept": "text/csv"}, "", 200, "c\r\n"},
		{"POST form", "POST", "/sparql", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+xml"}, "query=" + url.QueryEscape(q), 200, "<sparql"},
		{"POST query", "POST", "/sparql", map[string]string{"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"}, q, 200, "?c"},
		{"ASK", "GET", "/sparql?query=" + url.QueryEscape("ASK { ?s ?p ?o }"), map[string]string{"Accept": "application/sparql-results+json"}, "", 200, `"boolean":true`},
		{"CONSTRUCT", "GET", "/sparql?query=" + url.QueryEscape("CONSTRUCT WHERE { ?s a <https://w3id.org/radn/vocab#Chantier> }"), map[string]string{"Accept": "application/n-triples"}, "", 200, "vocab#Chantier>"},
		{"syntax error", "GET", "/sparql?query=" + url.QueryEscape("SELECT ?x WHERE {\n ?x ?y }"), nil, "", 400, `"line":2`},
		{"wrong media type", "POST", "/sparql", map[string]string{"Content-Type": "text/plain"}, q, 415, "unsupported"},
		{"two queries", "GET", "/sparql?query=a&query=b", nil, "", 400, "more than one"},
		{"update refused", "POST", "/sparql", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "update=" + url.QueryEscape("CLEAR ALL"), 401, "Bearer"},
		{"service description", "GET", "/sparql", map[string]string{"Accept": "text/turtle"}, "", 200, "sd:Service"},
		{"page for browsers", "GET", "/sparql?query=" + url.QueryEscape(q), map[string]string{"Accept": "text/html"}, "", 200, "<html"},
		{"results not acceptable", "GET", "/sparql?query=" + url.QueryEscape(q), map[string]string{"Accept": "image/png"}, "", 406, "not-acceptable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, tt.method, tt.target, tt.headers, strings.NewReader(tt.body))
			if r.code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.code, tt.code, r.body)
			}
			if !strings.Contains(string(r.body), tt.want) && !strings.Contains(strings.ToLower(string(r.body)), strings.ToLower(tt.want)) {
				t.Errorf("body does not contain %q:\n%s", tt.want, r.body)
			}
		})
	}
}

func TestSPARQLTimeoutIs503(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.QueryTimeout = 50 * time.Millisecond })
	// A count over a cross product of the whole store with itself, three
	// times over: no row can come out before the time-out.
	q := `SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }`
	start := time.Now()
	r := get(t, srv, "/sparql?query="+url.QueryEscape(q), "application/sparql-results+json")
	if r.code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503: %.300s", r.code, r.body)
	}
	if !bytes.Contains(r.body, []byte(`"limit":"query-timeout"`)) {
		t.Errorf("problem does not name the limit: %s", r.body)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("the timeout did not stop the work promptly (%s)", time.Since(start))
	}
}

func TestBadInputNever500(t *testing.T) {
	srv, _ := newTestServer(t)
	long := strings.Repeat("a", 100_000)
	tests := []struct {
		name    string
		target  string
		headers map[string]string
	}{
		{"huge query string", "/sparql?query=" + long, nil},
		{"bad accept", chantierPath, map[string]string{"Accept": ";;;,,/"}},
		{"bad accept-language", chantierPath, map[string]string{"Accept": "text/html", "Accept-Language": "@@@;q=x"}},
		{"bad if-modified-since", chantierPath, map[string]string{"If-Modified-Since": "yesterday"}},
		{"path traversal", "/id/../../etc/passwd", nil},
		{"encoded junk", "/id/%00%ff", nil},
		{"format param junk", "/sparql?format=%3Cscript%3E&query=ASK%7B%7D", nil},
		{"default-graph-uri junk", "/sparql?query=ASK%7B%7D&default-graph-uri=%20bad", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, tt.target, tt.headers, nil)
			if r.code >= 500 {
				t.Fatalf("status %d: %s", r.code, r.body)
			}
		})
	}
}

func TestBrowserErrorPage(t *testing.T) {
	srv, _ := newTestServer(t)
	r := get(t, srv, "/id/chantiers/nope", "text/html")
	if r.code != 404 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("browser 404: %d %s", r.code, r.header.Get("Content-Type"))
	}
}

func BenchmarkChantierJSONLD(b *testing.B) {
	srv, _ := newTestServer(b)
	for b.Loop() {
		r := get(b, srv, chantierPath, "application/ld+json")
		if r.code != 200 {
			b.Fatal(r.code)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	srv, _ := newTestServer(t)
	r := get(t, srv, chantierPath, "text/html")
	if got := r.header.Get("Content-Security-Policy"); got != "frame-ancestors 'self'" {
		t.Errorf("page CSP = %q, want frame-ancestors 'self'", got)
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	if r := get(t, srv, "/favicon.ico", ""); r.code != http.StatusNoContent {
		t.Errorf("favicon: %d", r.code)
	}
}

func TestMetrics(t *testing.T) {
	srv, _ := newTestServer(t)
	get(t, srv, chantierPath, "")
	get(t, srv, "/sparql?query=ASK%7B%7D", "application/sparql-results+json")
	r := get(t, srv, "/metrics", "")
	for _, want := range []string{"ruche_http_requests_total", "ruche_http_request_duration_seconds", "ruche_store_quads", "ruche_sparql_queries_total"} {
		if !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if bytes.Contains(r.body, []byte("ruche_store_quads 0\n")) {
		t.Errorf("store size gauge reads 0 on a seeded store")
	}
}

// Pages outside /en/ follow the reader's Accept-Language (French first),
// the same rule for the home page, collections and resource pages.
func TestPageLanguage(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, path := range []string{"/", "/chantiers", chantierPath} {
		for _, tt := range []struct{ acceptLang, want string }{
			{"", `lang="fr"`}, {"en-US,en;q=0.9", `lang="en"`}, {"fr-CA", `lang="fr"`}, {"de", `lang="fr"`},
		} {
			r := do(t, srv, http.MethodGet, path, map[string]string{"Accept": "text/html", "Accept-Language": tt.acceptLang}, nil)
			if r.code != 200 || !bytes.Contains(r.body, []byte(tt.want)) {
				t.Errorf("%s with Accept-Language %q: %d, want %s", path, tt.acceptLang, r.code, tt.want)
			}
		}
	}
	if r := do(t, srv, http.MethodGet, "/en/", map[string]string{"Accept": "text/html", "Accept-Language": "fr"}, nil); !bytes.Contains(r.body, []byte(`lang="en"`)) {
		t.Errorf("/en/ is not English")
	}
}
