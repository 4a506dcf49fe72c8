package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/api/sparqlhttp"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/store"
)

type namedLimit struct{}

func (namedLimit) Error() string     { return "query too deep" }
func (namedLimit) LimitName() string { return "query-depth" }

// TestLimitProblems: every limit error kind maps to one status and a
// problem naming the limit.
func TestLimitProblems(t *testing.T) {
	for _, tt := range []struct {
		err    error
		status int
		limit  string
	}{
		{&sparql.LimitError{Limit: "results", Max: 10}, 503, door.LimitResultRows},
		{fmt.Errorf("wrapped: %w", &sparql.LimitError{Limit: "memory", Max: 10}), 503, door.LimitMemory},
		{fmt.Errorf("parse: %w", namedLimit{}), 503, "query-depth"},
		{sparqlhttp.ResultBytesError(1 << 20), 503, door.LimitResultBytes},
		{&http.MaxBytesError{Limit: 4}, 413, door.LimitBodySize},
		{fmt.Errorf("commit: %w", store.ErrTxnTooBig), 413, door.LimitWriteSize},
		{context.DeadlineExceeded, 503, door.LimitQueryTimeout},
		{&door.LimitError{Name: door.LimitAuthFailures, Status: 429, Detail: "x"}, 429, door.LimitAuthFailures},
	} {
		p := asProblem(tt.err)
		if p.Status != tt.status || p.Limit != tt.limit {
			t.Errorf("%v: %d %q, want %d %q", tt.err, p.Status, p.Limit, tt.status, tt.limit)
		}
	}
	if p := asProblem(errors.New("disk on fire")); p.Status != 500 || p.Limit != "" {
		t.Errorf("an internal error: %+v", p)
	}
}

func problemOf(t *testing.T, r response) Problem {
	t.Helper()
	var p Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("not a problem document (%d): %s", r.code, r.body)
	}
	return p
}

// TestResultByteCap: a response past MaxResultBytes is the 503 limit
// problem while nothing was sent.
func TestResultByteCap(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.MaxResultBytes = 64 << 10 })
	for _, tt := range []struct{ query, accept string }{
		{"SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "application/sparql-results+json"},
		{"SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f }", "text/csv"},
		{"CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }", "application/n-triples"},
	} {
		r := get(t, srv, "/sparql?query="+url.QueryEscape(tt.query), tt.accept)
		if r.code != 503 || problemOf(t, r).Limit != door.LimitResultBytes {
			t.Errorf("%s: %d %.200s", tt.query, r.code, r.body)
		}
	}
	if r := get(t, srv, "/sparql?query="+url.QueryEscape("ASK {}"), "application/sparql-results+json"); r.code != 200 {
		t.Errorf("a small result: %d", r.code)
	}
	big := "SELECT * WHERE {} #" + strings.Repeat("x", 1<<20)
	r := do(t, srv, "POST", "/sparql", map[string]string{"Content-Type": "application/sparql-query"}, strings.NewReader(big))
	if r.code != 413 || problemOf(t, r).Limit != door.LimitQuerySize {
		t.Errorf("a query past the size limit: %d %s", r.code, r.body)
	}
}

// TestAuthThrottle: failures past the burst get 429 with Retry-After; a
// valid token is never refused; a request without a token does not count.
func TestAuthThrottle(t *testing.T) {
	e := newWriteEnv(t)
	body := ttlPrefixes + `<> a radn:Chantier ; schema:name "Jeton"@fr .`
	for i := 0; i < 5; i++ {
		if r := e.send("POST", "/id/chantiers", "", "text/turtle", body); r.code != 401 {
			t.Fatalf("no token: %d", r.code)
		}
	}
	for i := 0; i < 10; i++ {
		if r := e.send("POST", "/id/chantiers", "forged", "text/turtle", body); r.code != 401 {
			t.Fatalf("failure %d: %d", i, r.code)
		}
	}
	r := e.send("POST", "/id/chantiers", "forged", "text/turtle", body)
	if r.code != 429 || r.header.Get("Retry-After") == "" || problemOf(t, r).Limit != door.LimitAuthFailures {
		t.Fatalf("past the burst: %d %v %s", r.code, r.header, r.body)
	}
	if r := e.send("POST", "/id/chantiers", e.coord, "text/turtle", body); r.code != 201 {
		t.Errorf("a valid token while throttled: %d %s", r.code, r.body)
	}
	form := url.Values{"token": {"forged"}, "name": {"x"}}.Encode()
	r = do(t, e.srv, "POST", "/proposer", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader(form))
	if r.code != 429 {
		t.Errorf("the form while throttled: %d", r.code)
	}
}

// TestWriteBodyLimits: refused bodies leave the store as it was.
func TestWriteBodyLimits(t *testing.T) {
	e := newWriteEnv(t, func(c *Config) { c.MaxWriteTriples = 50; c.MaxTextLength = 100 })
	ctx := `{"@context": "` + testBase + `context/v1", "type": "Chantier", `
	many := func(n int) string {
		var b strings.Builder
		b.WriteString(ttlPrefixes + `<> a radn:Chantier ; schema:name "Noms"@fr`)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, ` ; schema:alternateName "n%d"`, i)
		}
		return b.String() + " ."
	}
	for _, tt := range []struct {
		name, ctype, body string
		status            int
		limit             string
	}{
		{"lone surrogate", "application/ld+json", ctx + `"name": {"fr": "\ud800"}}`, 400, ""},
		{"lone low surrogate", "application/ld+json", ctx + `"name": {"fr": "a\udc00b"}}`, 400, ""},
		{"reversed pair", "application/ld+json", ctx + `"name": {"fr": "\udc00\ud800"}}`, 400, ""},
		{"invalid UTF-8", "application/ld+json", ctx + "\"name\": {\"fr\": \"\xff\"}}", 400, ""},
		{"turtle surrogate", "text/turtle", ttlPrefixes + `<> a radn:Chantier ; schema:name "\uD800"@fr .`, 400, ""},
		{"second node", "text/turtle", ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr . _:o schema:name "o" .`, 422, ""},
		{"second node JSON-LD", "application/ld+json", `{"@context": "` + testBase + `context/v1", "@graph": [{"@id": "", "type": "Chantier", "name": {"fr": "x"}}, {"@id": "_:o", "name": "o"}]}`, 422, ""},
		{"long text", "text/turtle", ttlPrefixes + `<> a radn:Chantier ; schema:name "` + strings.Repeat("é", 101) + `"@fr .`, 422, records.LimitTextLength},
		{"too many triples", "text/turtle", many(60), 413, records.LimitWriteTriples},
		{"too deep", "application/ld+json", ctx + `"name": {"fr": "x"}, "http://x/p": ` + strings.Repeat(`{"http://x/p": `, 100) + "1" + strings.Repeat("}", 100) + "}", 422, records.LimitBodyDepth},
	} {
		before := canonicalDump(t, e.st)
		r := e.send("POST", "/id/chantiers", e.coord, tt.ctype, tt.body)
		if r.code != tt.status || (tt.limit != "" && problemOf(t, r).Limit != tt.limit) {
			t.Errorf("%s: %d %s", tt.name, r.code, r.body)
		}
		if canonicalDump(t, e.st) != before {
			t.Errorf("%s: the store changed", tt.name)
		}
	}
	if r := e.send("POST", "/id/chantiers", e.coord, "application/ld+json", ctx+`"name": {"fr": "Joie \ud83d\ude00"}}`); r.code != 201 {
		t.Errorf("a surrogate pair: %d %s", r.code, r.body)
	}
	var patch strings.Builder
	patch.WriteString("PREFIX schema: <http://schema.org/> INSERT DATA {")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&patch, ` <> schema:alternateName "p%d" .`, i)
	}
	patch.WriteString("}")
	if r := e.send("PATCH", chantierPath, e.coord, "application/sparql-update", patch.String()); r.code != 413 {
		t.Errorf("a PATCH past the triple cap: %d %s", r.code, r.body)
	}
	if r := e.send("PATCH", chantierPath, e.coord, "application/sparql-update", `PREFIX schema: <http://schema.org/> INSERT DATA { _:o schema:name "orphelin" }`); r.code != 422 {
		t.Errorf("a PATCH adding an orphan: %d %s", r.code, r.body)
	}
	if r := e.send("PATCH", chantierPath, e.coord, "application/sparql-update", `DELETE WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m <http://x/never> ?n }`); r.code != 422 {
		t.Errorf("a PATCH whose WHERE is a cross product: %d %s", r.code, r.body)
	}
}

// TestModifiedStrictlyForward: a change within the same second as the
// previous version still moves Last-Modified, so If-Modified-Since with the
// old date never gets 304 (a withdrawn name would stay in caches).
func TestModifiedStrictlyForward(t *testing.T) {
	var vc versionClock
	prev := vc.at(1)
	for v := uint64(2); v < 6; v++ {
		if at := vc.at(v); !at.After(prev) {
			t.Fatalf("version %d dated %v, not after %v", v, at, prev)
		} else {
			prev = at
		}
	}
	if vc.at(3) != vc.at(3) || !vc.at(0).Before(vc.at(5)) {
		t.Error("dates are not stable or an old version is dated after a newer one")
	}
	e := newWriteEnv(t)
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Nommée Canari" .`)
	e.create("/id/participations", e.coord, `[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:participant .`)
	if r := e.send("PUT", p+"/consentements", e.coord, "application/json", `{"publish":true}`); r.code != 200 {
		t.Fatalf("consent: %d", r.code)
	}
	for _, path := range []string{chantierPath, p, "/dumps/latest.nq.gz", "/chantiers", "/"} {
		accept := "text/turtle"
		if path == "/" {
			accept = "text/html"
		}
		r := get(t, e.srv, path, accept)
		if r.code != 200 || r.header.Get("Last-Modified") == "" {
			t.Fatalf("%s before withdrawal: %d %v", path, r.code, r.header)
		}
		lm := r.header.Get("Last-Modified")
		if r := e.send("PUT", p+"/consentements", e.coord, "application/json", `{"publish":false}`); r.code != 200 {
			t.Fatalf("withdrawal: %d", r.code)
		}
		again := do(t, e.srv, "GET", path, map[string]string{"Accept": accept, "If-Modified-Since": lm}, nil)
		if again.code == 304 {
			t.Errorf("%s: 304 after the withdrawal (Last-Modified %s, now %s)", path, lm, again.header.Get("Last-Modified"))
		}
		if r := e.send("PUT", p+"/consentements", e.coord, "application/json", `{"publish":true}`); r.code != 200 {
			t.Fatalf("consent again: %d", r.code)
		}
	}
}

// TestOwnMembershipEndsAtOnce: an agent who leaves a chantier the day
// they joined may no longer write it, although the end date is tomorrow.
func TestOwnMembershipEndsAtOnce(t *testing.T) {
	e := newWriteEnv(t)
	me := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Passante" .`)
	agent, _, err := CreateToken(t.Context(), e.st, RoleAgent, testBase+strings.TrimPrefix(me, "/"), "passante")
	if err != nil {
		t.Fatal(err)
	}
	m := e.create("/id/participations", agent, `[] a org:Membership ; org:member <http://ruche.test`+me+`> ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:participant .`)
	objective := func() int {
		return e.send("POST", chantierPath+"/objectifs", agent, "text/turtle", ttlPrefixes+`<> a radn:Objective ; schema:name "Encore"@fr .`).code
	}
	if c := objective(); c != 201 {
		t.Fatalf("objective as a member: %d", c)
	}
	if r := e.send("DELETE", m, agent, "", ""); r.code != 200 {
		t.Fatalf("leaving: %d %s", r.code, r.body)
	}
	if c := objective(); c != 403 {
		t.Errorf("objective after leaving: %d", c)
	}
}

// TestPreflightAndVersions: CORS preflight on read routes; event-stream
// members dereference.
func TestPreflightAndVersions(t *testing.T) {
	e := newWriteEnv(t)
	for _, path := range []string{chantierPath, "/chantiers", "/sparql", "/ldes", "/"} {
		r := do(t, e.srv, "OPTIONS", path, map[string]string{"Origin": "https://partner.example",
			"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "If-None-Match"}, nil)
		if r.code != 204 || r.header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "If-None-Match") {
			t.Errorf("preflight %s: %d %v", path, r.code, r.header)
		}
	}
	if r := e.send("PATCH", chantierPath, e.coord, "application/sparql-update", `PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:alternateName "Version"@fr }`); r.code != 200 {
		t.Fatalf("patch: %d %s", r.code, r.body)
	}
	page := get(t, e.srv, "/ldes/pages/1", "application/n-triples")
	if page.code != 200 {
		t.Fatalf("ldes page: %d", page.code)
	}
	member := ""
	for _, line := range strings.Split(string(page.body), "\n") {
		if i := strings.Index(line, "/versions/"); i > 0 && strings.HasPrefix(line, "<") {
			member = line[1:strings.Index(line, ">")]
			break
		}
	}
	if member == "" {
		t.Fatalf("no member in:\n%s", page.body)
	}
	r := get(t, e.srv, strings.TrimPrefix(member, "http://ruche.test"), "text/turtle")
	if r.code != 200 || !strings.Contains(string(r.body), "isVersionOf") {
		t.Errorf("member %s: %d %s", member, r.code, r.body)
	}
}

// TestFramingOverTCP: a request with both Content-Length and
// Transfer-Encoding is answered 400 and its connection closed, also behind
// a legitimate request on the same connection; a malformed chunked body
// to /sparql is a 400 problem.
func TestFramingOverTCP(t *testing.T) {
	srv, _ := newTestServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.ListenAndServe(ctx, "127.0.0.1:0", time.Second, func(a string) { addrc <- a }) }()
	addr := <-addrc
	t.Cleanup(func() { cancel(); <-done })
	exchange := func(raw string, halfClose bool, checkClosed ...bool) (*http.Response, string, bool) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(conn, raw); err != nil {
			t.Fatal(err)
		}
		if halfClose {
			_ = conn.(*net.TCPConn).CloseWrite()
		}
		br := bufio.NewReader(conn)
		var last *http.Response
		var body []byte
		for {
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				break
			}
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			last = resp
			if resp.StatusCode != 200 || strings.Count(raw, " HTTP/1.1\r\n") == 1 {
				break
			}
		}
		if last == nil {
			t.Fatalf("no answer to %.80q", raw)
		}
		if len(checkClosed) == 0 {
			return last, string(body), false
		}
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = br.ReadByte()
		closed := err == io.EOF
		return last, string(body), closed
	}
	post := "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
	smuggle := post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n"
	for _, raw := range []string{smuggle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + smuggle,
		post + "Content-Length: 6\r\nAccept: application/sparql-results+json\r\n\r\nASK {}" + smuggle} {
		resp, body, closed := exchange(raw, false, true)
		if resp.StatusCode != 400 || !strings.Contains(body, "ambiguous-framing") || !closed {
			t.Errorf("%.60q: %d closed=%v %s", raw, resp.StatusCode, closed, body)
		}
	}
	for _, chunks := range []string{"-6\r\nASK {}\r\n0\r\n\r\n", "fffffffffffffffffffff\r\nASK {}\r\n0\r\n\r\n",
		"6;" + strings.Repeat("x", 100_000) + "\r\nASK {}\r\n0\r\n\r\n", "6\r\nASK {}\r\n0\r\n"} {
		resp, body, _ := exchange(post+"Transfer-Encoding: chunked\r\n\r\n"+chunks, true)
		if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("chunks %.40q: %d %s %s", chunks, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	// A legitimate chunked query still works.
	resp, body, _ := exchange(post+"Accept: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n", false)
	if resp.StatusCode != 200 || !strings.Contains(body, "boolean") {
		t.Errorf("a chunked query: %d %s", resp.StatusCode, body)
	}
}

// TestClientGoneIs499: a client that goes away during a query is logged
// with status 499, not as a server error.
func TestClientGoneIs499(t *testing.T) {
	var logs syncBuffer
	srv, _ := newTestServer(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.ListenAndServe(ctx, "127.0.0.1:0", time.Second, func(a string) { addrc <- a }) }()
	addr := <-addrc
	t.Cleanup(func() { cancel(); <-done })
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	q := "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
	fmt.Fprintf(conn, "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: %d\r\n\r\n%s", len(q), q)
	for start := time.Now(); !srvBusy(srv); time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 30*time.Second {
			t.Fatal("the query never started")
		}
	}
	conn.Close()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), "status=499") {
		if time.Now().After(deadline) {
			t.Fatalf("no 499 line in:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(logs.String(), "status=500") || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a client going away was logged as an error:\n%s", logs.String())
	}
}

// srvBusy reports whether a query holds a slot.
func srvBusy(s *Server) bool {
	return s.querySlots.Used() > 0
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTxnTooBigIs413: a write past what one store transaction can hold
// (the triple cap raised out of the way) is a 413 naming the limit, and
// nothing is written.
func TestTxnTooBigIs413(t *testing.T) {
	e := newWriteEnv(t, func(c *Config) { c.MaxWriteTriples = 1_000_000 })
	var b strings.Builder
	b.WriteString(ttlPrefixes + `<> a radn:Chantier ; schema:name "Trop de noms"@fr`)
	for i := 0; i < 6_000; i++ {
		fmt.Fprintf(&b, ` ; schema:alternateName "autre nom %d"@fr`, i)
	}
	b.WriteString(" .")
	before := canonicalDump(t, e.st)
	r := e.send("POST", "/id/chantiers", e.coord, "text/turtle", b.String())
	if r.code != 413 || problemOf(t, r).Limit != door.LimitWriteSize {
		t.Fatalf("%d %.300s", r.code, r.body)
	}
	if canonicalDump(t, e.st) != before {
		t.Error("the store changed")
	}
}
