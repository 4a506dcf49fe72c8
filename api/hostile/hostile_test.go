package hostile

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const base = "http://ruche.test/"

const ttlPrefixes = `@prefix schema: <http://schema.org/> .
@prefix radn: <https://w3id.org/radn/vocab#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
`

// hcase is one hostile request.
type hcase struct {
	name   string
	method string
	path   string
	ctype  string
	accept string
	header map[string]string
	body   string
	auth   string // "coord", "agent", "" or a literal Authorization value
	// raw, when set, is sent as is over TCP instead (framing cases);
	// halfClose closes the write side after it; wantClose checks that the
	// server closed the connection after answering.
	raw       string
	halfClose bool
	wantClose bool
	// want lists acceptable statuses (empty: anything but an unexplained 5xx).
	want []int
	// refused: the data version must not change.
	refused bool
	// oversized: the time to answer is printed for the README.
	oversized bool
	// html: an error may be an HTML page (the form).
	html bool
	// plainOK: a framing error answered by Go's server itself (text/plain
	// "400 Bad Request", before any handler) is accepted.
	plainOK bool
}

// child is a running `ruche serve`.
type child struct {
	cmd         *exec.Cmd
	addr        string
	coord       string
	agent       string
	client      *http.Client
	stderr      *bytes.Buffer
	memoryLimit string
}

func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a child server")
	}
	srv := startChild(t)
	cases := allCases()
	if len(cases) < 300 {
		t.Errorf("only %d hostile cases", len(cases))
	}
	names := map[string]bool{}
	ran := 0
	for _, hc := range cases {
		if names[hc.name] {
			t.Fatalf("two cases named %q", hc.name)
		}
		names[hc.name] = true
		ran++
		srv.run(t, hc)
		if !srv.alive() {
			t.Fatalf("the server died after %s:\n%s", hc.name, crashReport(srv.stderr.String()))
		}
	}
	t.Logf("hostile cases: %d run", ran)
	srv.fairShare(t)
	t.Logf("peak RSS of the child server: %d MiB (memory cap: %s)", srv.peakRSS()/1024, srv.memoryLimit)
	if rss := srv.peakRSS(); rss > 1500*1024 {
		t.Errorf("peak RSS %d MiB: memory not bounded", rss/1024)
	}
}

// crashReport is the part of a dead server's stderr that says why: from
// its first "fatal error:" or "panic:" line, else its end.
func crashReport(stderr string) string {
	for _, mark := range []string{"fatal error:", "panic:"} {
		if i := strings.Index(stderr, mark); i >= 0 {
			return head(stderr[i:], 6000)
		}
	}
	return tail(stderr, 3000)
}

func head(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// startChild builds ruche, creates two tokens and starts `ruche serve` on a
// free port with a temporary data folder under a memory cap.
func startChild(t *testing.T) *child {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "ruche")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/ruche")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	token := func(args ...string) string {
		out, err := exec.Command(bin, append([]string{"token", "create", "--data", data, "--base", base}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("token create: %v\n%s", err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return strings.TrimSpace(lines[len(lines)-1])
	}
	c := &child{stderr: &bytes.Buffer{}}
	c.coord = token("--role", "coordination", "--name", "hostile")
	c.agent = token("--role", "agent", "--person", base+"id/personnes/hostile-agent", "--name", "agent")

	args := []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--base", base,
		"--query-timeout", "2s", "--max-result-bytes", "1048576"}
	name := bin
	// The memory cap: GOMEMLIMIT makes the Go heap collect hard near it,
	// and an address-space limit (prlimit, when the machine has it) makes
	// a runaway allocation fail instead of growing without bound.
	c.memoryLimit = "GOMEMLIMIT=512MiB"
	if p, err := exec.LookPath("prlimit"); err == nil {
		args = append([]string{"--as=" + strconv.Itoa(8<<30), "--", bin}, args...)
		name = p
		c.memoryLimit += ", address space 8 GiB (prlimit)"
	}
	c.cmd = exec.Command(name, args...)
	c.cmd.Env = append(os.Environ(), "GOMEMLIMIT=512MiB")
	pr, pw := io.Pipe()
	c.cmd.Stderr = pw
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
		pw.Close()
	})
	addrc := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=listening addr=(\S+)`)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if m := re.FindStringSubmatch(line); m != nil {
				select {
				case addrc <- m[1]:
				default:
				}
			}
			if strings.Contains(line, "level=ERROR") || strings.Contains(line, "panic") {
				c.stderr.WriteString(line + "\n")
			}
		}
	}()
	select {
	case c.addr = <-addrc:
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not start listening")
	}
	c.client = &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	deadline := time.Now().Add(60 * time.Second)
	for !c.alive() {
		if time.Now().After(deadline) {
			t.Fatal("/healthz never answered 200")
		}
		time.Sleep(100 * time.Millisecond)
	}
	return c
}

func (c *child) url(path string) string { return "http://" + c.addr + path }

func (c *child) alive() bool {
	if c.cmd.ProcessState != nil {
		return false
	}
	resp, err := c.client.Get(c.url("/healthz"))
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == 200
}

// dataVersion reads the store's data version from /metrics.
func (c *child) dataVersion(t *testing.T) string {
	resp, err := c.client.Get(c.url("/metrics"))
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "ruche_store_data_version "); ok {
			return v
		}
	}
	t.Fatal("metrics: no ruche_store_data_version")
	return ""
}

// peakRSS is the child's VmHWM in KiB.
func (c *child) peakRSS() int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}

// run sends one case and checks what the issue asks of every answer.
func (c *child) run(t *testing.T, hc hcase) {
	t.Helper()
	if strings.HasPrefix(hc.path, "/sparql") {
		c.waitIdle(t)
	}
	var before string
	if hc.refused {
		before = c.dataVersion(t)
	}
	start := time.Now()
	var status int
	var ctype, body string
	var closed bool
	if hc.raw != "" {
		var err error
		status, ctype, body, closed, err = c.sendRaw(hc)
		if err != nil {
			t.Errorf("%s: %v", hc.name, err)
			return
		}
	} else {
		var err error
		status, ctype, body, err = c.send(hc)
		if err != nil {
			t.Errorf("%s: %v", hc.name, err)
			return
		}
	}
	took := time.Since(start)
	if took > 1500*time.Millisecond && !hc.oversized {
		t.Logf("SLOW %-40s %d in %v", hc.name, status, took.Round(time.Millisecond))
	}
	if hc.oversized {
		t.Logf("FIGURE %-40s %d in %v (%d bytes)", hc.name, status, took.Round(time.Millisecond), len(hc.body)+len(hc.raw))
	}
	label := fmt.Sprintf("%s (%s %s)", hc.name, hc.method, hc.path)
	if len(hc.want) > 0 && !containsInt(hc.want, status) {
		t.Errorf("%s: status %d, want one of %v: %s", label, status, hc.want, tail(body, 300))
	}
	// 501 (a transfer coding it does not know, an oEmbed format) and 505
	// (an HTTP version) are what the protocols prescribe, not failures:
	// allowed where a case says so, or from Go's server itself.
	protocolStatus := (status == 501 || status == 505) && (containsInt(hc.want, status) || hc.plainOK && (ctype == "" || strings.HasPrefix(ctype, "text/plain")))
	if status >= 500 && !protocolStatus {
		limit := problemLimit(body)
		if status != http.StatusServiceUnavailable || limit == "" {
			t.Errorf("%s: %d without a named limit: %s", label, status, tail(body, 300))
		}
	}
	if status >= 400 {
		switch {
		case strings.HasPrefix(ctype, "application/problem+json"):
			var p struct {
				Type   string `json:"type"`
				Status int    `json:"status"`
			}
			if err := json.Unmarshal([]byte(body), &p); err != nil || p.Type == "" || p.Status != status {
				t.Errorf("%s: a problem document that is not one (%v): %s", label, err, tail(body, 300))
			}
		case hc.html && strings.HasPrefix(ctype, "text/html"):
		case hc.plainOK && (ctype == "" || strings.HasPrefix(ctype, "text/plain")) && containsInt([]int{400, 417, 431, 501, 505}, status):
			// Go's server answers these before any handler.
		default:
			t.Errorf("%s: %d is not a problem document (%s): %s", label, status, ctype, tail(body, 200))
		}
	}
	if hc.wantClose && !closed {
		t.Errorf("%s: the connection stayed open", label)
	}
	if !c.alive() {
		t.Errorf("%s: the server is not alive after it", label)
		return
	}
	if hc.refused && status >= 400 {
		if after := c.dataVersion(t); after != before {
			t.Errorf("%s: refused (%d) but the data version moved from %s to %s", label, status, before, after)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func problemLimit(body string) string {
	var p struct {
		Limit string `json:"limit"`
	}
	_ = json.Unmarshal([]byte(body), &p)
	return p.Limit
}

func (c *child) send(hc hcase) (int, string, string, error) {
	method := hc.method
	if method == "" {
		method = http.MethodGet
	}
	var rd io.Reader
	if hc.body != "" {
		rd = strings.NewReader(hc.body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.url(hc.path), rd)
	if err != nil {
		return 0, "", "", fmt.Errorf("request: %w", err)
	}
	if hc.ctype != "" {
		req.Header.Set("Content-Type", hc.ctype)
	}
	if hc.accept != "" {
		req.Header.Set("Accept", hc.accept)
	}
	switch hc.auth {
	case "":
	case "coord":
		req.Header.Set("Authorization", "Bearer "+c.coord)
	case "agent":
		req.Header.Set("Authorization", "Bearer "+c.agent)
	default:
		req.Header.Set("Authorization", hc.auth)
	}
	for k, v := range hc.header {
		req.Header.Set(k, v)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, "", "", fmt.Errorf("no answer: %w", err)
	}
	defer resp.Body.Close()
	// Read at most 4 MiB: a cut response (past the result byte cap) ends
	// with an error that is fine here.
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b), nil
}

// sendRaw writes hc.raw on a new TCP connection and reads one response.
func (c *child) sendRaw(hc hcase) (status int, ctype, body string, closed bool, err error) {
	conn, err := net.DialTimeout("tcp", c.addr, 5*time.Second)
	if err != nil {
		return 0, "", "", false, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	go func() { // write beside the read: the server may answer before reading it all
		_, _ = io.WriteString(conn, hc.raw)
		if hc.halfClose {
			_ = conn.(*net.TCPConn).CloseWrite()
		}
	}()
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0, "", "", false, fmt.Errorf("no HTTP answer: %w", err)
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if hc.wantClose {
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, rerr := br.ReadByte()
		closed = rerr == io.EOF || (rerr != nil && !isTimeout(rerr))
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b), closed, nil
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// ---------------------------------------------------------------- cases

func allCases() []hcase {
	var cs []hcase
	cs = append(cs, sparqlCases()...)
	cs = append(cs, jsonldCases()...)
	cs = append(cs, turtleCases()...)
	cs = append(cs, patchCases()...)
	cs = append(cs, framingCases()...)
	cs = append(cs, authCases()...)
	cs = append(cs, pagingCases()...)
	cs = append(cs, conditionalCases()...)
	cs = append(cs, pathCases()...)
	return cs
}

func sparqlPost(name, query string) hcase {
	return hcase{name: name, method: http.MethodPost, path: "/sparql", ctype: "application/sparql-query",
		accept: "application/sparql-results+json", body: query, refused: true}
}

func sparqlGet(name, query string) hcase {
	return hcase{name: name, path: "/sparql?query=" + url.QueryEscape(query), accept: "application/sparql-results+json", refused: true}
}

func chain(n int, op, term string) string {
	var b strings.Builder
	b.Grow(n * (len(op) + len(term)))
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(op)
		}
		b.WriteString(term)
	}
	return b.String()
}

func nest(n int, open, inner, close string) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

func sparqlCases() []hcase {
	var cs []hcase
	add := func(c hcase) { cs = append(cs, c) }
	// Operator chains of growing length.
	for _, n := range []int{1_000, 10_000, 100_000, 300_000} {
		for _, op := range []struct{ name, op, term string }{
			{"plus", "+", "1"}, {"times", "*", "1"}, {"minus", "-", "1"}, {"and", " && ", "true"},
			{"or", " || ", "false"}, {"eq", " = ", "1"}, {"concat", ", ", `"a"`},
		} {
			var q string
			if op.name == "concat" {
				q = "SELECT (CONCAT(" + chain(n, op.op, op.term) + ") AS ?x) WHERE {}"
			} else {
				q = "SELECT (" + chain(n, op.op, op.term) + " AS ?x) WHERE {}"
			}
			c := sparqlPost(fmt.Sprintf("sparql-chain-%s-%d", op.name, n), q)
			c.oversized = n >= 100_000
			add(c)
		}
	}
	// One million terms: past the query size limit.
	c := sparqlPost("sparql-chain-plus-1000000", "SELECT ("+chain(1_000_000, "+", "1")+" AS ?x) WHERE {}")
	c.want, c.oversized = []int{413}, true
	add(c)
	// IN lists.
	for _, n := range []int{1_000, 10_000, 100_000} {
		items := make([]string, n)
		for i := range items {
			items[i] = strconv.Itoa(i)
		}
		c := sparqlPost(fmt.Sprintf("sparql-in-list-%d", n), "SELECT * WHERE { ?s ?p ?o FILTER(?o IN ("+strings.Join(items, ",")+")) } LIMIT 1")
		c.oversized = n >= 100_000
		add(c)
		c = sparqlPost(fmt.Sprintf("sparql-values-%d", n), "SELECT * WHERE { VALUES ?x { "+strings.Join(items, " ")+" } } LIMIT 1")
		c.oversized = n >= 100_000
		add(c)
	}
	// Deep nesting of every bracketed form.
	for _, n := range []int{100, 1_000, 10_000, 100_000} {
		for _, f := range []struct{ name, q string }{
			{"parens", "SELECT (" + nest(n, "(", "1", ")") + " AS ?x) WHERE {}"},
			{"groups", "SELECT * WHERE " + nest(n, "{", "", "}")},
			{"optional", "SELECT * WHERE { ?s ?p ?o " + nest(n, "OPTIONAL { ?s ?p ?o ", "", "}") + "}"},
			{"not-exists", "SELECT * WHERE { ?s ?p ?o FILTER " + nest(n, "NOT EXISTS { ?s ?p ?o FILTER ", "true", "}") + "}"},
			{"subselect", nest(n, "SELECT * WHERE { ", "?s ?p ?o", " }")},
			{"path", "SELECT * WHERE { ?s " + nest(n, "(", "<http://x/p>", ")*") + " ?o } LIMIT 1"},
			{"not", "SELECT (" + strings.Repeat("!", n) + "true AS ?x) WHERE {}"},
			{"unary-minus", "SELECT (" + strings.Repeat("-", n) + "1 AS ?x) WHERE {}"},
			{"collection", "CONSTRUCT { ?s ?p " + nest(n, "(", "1", ")") + " } WHERE { ?s ?p ?o } LIMIT 1"},
			{"blank-list", "SELECT * WHERE { ?s ?p " + nest(n, "[ <http://x/p> ", "1", "]") + " }"},
		} {
			c := sparqlPost(fmt.Sprintf("sparql-nest-%s-%d", f.name, n), f.q)
			c.oversized = n >= 10_000
			add(c)
		}
	}
	// UNION groups and chained BINDs.
	for _, n := range []int{1_000, 9_000, 25_000} {
		c := sparqlPost(fmt.Sprintf("sparql-union-%d", n), "SELECT * WHERE { "+chain(n, " UNION ", "{ ?s ?p ?o }")+" } LIMIT 1")
		c.oversized = n >= 9_000
		add(c)
		var b strings.Builder
		b.WriteString("SELECT * WHERE { BIND(1 AS ?v0) ")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "BIND(?v%d+1 AS ?v%d) ", i-1, i)
		}
		b.WriteString("}")
		c = sparqlPost(fmt.Sprintf("sparql-bind-chain-%d", n), b.String())
		c.oversized = n >= 9_000
		add(c)
		c = sparqlPost(fmt.Sprintf("sparql-prefix-lines-%d", n), strings.Repeat("PREFIX p: <http://x/>\n", n)+"ASK {}")
		c.oversized = n >= 9_000
		add(c)
		var tp strings.Builder
		tp.WriteString("SELECT * WHERE { ")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&tp, "?s%d <http://x/p> ?o%d . ", i, i)
		}
		tp.WriteString("} LIMIT 1")
		c = sparqlPost(fmt.Sprintf("sparql-many-patterns-%d", n), tp.String())
		c.oversized = n >= 9_000
		add(c)
	}
	// Amplification and cross products: the memory budget, the time limit,
	// the result caps.
	add(sparqlPost("sparql-replace-amplify-6", "SELECT (STRLEN("+nest(6, "REPLACE(", `"aaaaaaaaaa"`, `, "a", "aaaaaaaaaa")`)+") AS ?n) WHERE {}"))
	add(sparqlPost("sparql-replace-amplify-9", "SELECT (STRLEN("+nest(9, "REPLACE(", `"aaaaaaaaaa"`, `, "a", "aaaaaaaaaa")`)+") AS ?n) WHERE {}"))
	add(sparqlPost("sparql-replace-amplify-store", "SELECT (STRLEN("+nest(5, "REPLACE(", "?o", `, ".", "xxxxxxxxxx")`)+") AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"))
	add(sparqlPost("sparql-concat-amplify", "SELECT (STRLEN(?z) AS ?n) WHERE { BIND(\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" AS ?a) "+
		"BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a,?a,?a) AS ?b) BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b,?b,?b) AS ?c) BIND(CONCAT(?c,?c,?c,?c,?c,?c,?c,?c,?c,?c) AS ?d) "+
		"BIND(CONCAT(?d,?d,?d,?d,?d,?d,?d,?d,?d,?d) AS ?e) BIND(CONCAT(?e,?e,?e,?e,?e,?e,?e,?e,?e,?e) AS ?f) BIND(CONCAT(?f,?f,?f,?f,?f,?f,?f,?f,?f,?f) AS ?z) }"))
	add(sparqlPost("sparql-group-concat-cross", "SELECT (STRLEN(GROUP_CONCAT(?o1)) AS ?n) WHERE { ?a ?b ?o1 . ?c ?d ?o2 . ?e ?f ?o3 }"))
	add(sparqlPost("sparql-group-concat-cross-2", "SELECT (GROUP_CONCAT(CONCAT(STR(?o1), STR(?o2))) AS ?n) WHERE { ?a ?b ?o1 . ?c ?d ?o2 }"))
	add(sparqlPost("sparql-count-cross-3", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
	add(sparqlPost("sparql-order-cross", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"))
	add(sparqlPost("sparql-distinct-cross", "SELECT DISTINCT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1"))
	c = sparqlPost("sparql-select-cross", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
	c.want = []int{200, 503}
	add(c)
	// Its template makes only triples of the store (a few thousand once
	// duplicates go): a fast machine finishes the cross product within the
	// time limit (200, the right answer), a slow one stops at it (503).
	c = sparqlPost("sparql-construct-cross", "CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f }")
	c.accept = "application/n-triples"
	c.want = []int{200, 503}
	add(c)
	c = sparqlPost("sparql-construct-cross-turtle", "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }")
	c.accept = "text/turtle"
	c.want = []int{503}
	add(c)
	c = sparqlPost("sparql-select-result-bytes", "SELECT ?a ?b ?c ?d WHERE { ?a ?b ?c . ?d ?e ?f }")
	c.accept = "text/csv"
	c.want = []int{503}
	add(c)
	add(sparqlPost("sparql-path-star-cross", "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://x/p>|!<http://x/q>)* ?b }"))
	add(sparqlPost("sparql-path-plus-any", "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<http://x/p>)+ ?b . ?c ?d ?e }"))
	add(sparqlPost("sparql-describe-all", "DESCRIBE ?s WHERE { ?s ?p ?o }"))
	add(sparqlPost("sparql-regex-long", `SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "`+strings.Repeat("(a|b)*", 2000)+`") } LIMIT 1`))
	add(sparqlPost("sparql-regex-bad", `SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "(((") } LIMIT 1`))
	add(sparqlPost("sparql-regex-flags", `SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "a", "zzzz") } LIMIT 1`))
	add(sparqlPost("sparql-substr-huge", `SELECT (SUBSTR("abc", 99999999999999999999, 99999999999999999999) AS ?x) WHERE {}`))
	add(sparqlPost("sparql-big-integer", "SELECT ("+strings.Repeat("9", 100_000)+" * "+strings.Repeat("9", 100_000)+" AS ?x) WHERE {}"))
	add(sparqlPost("sparql-big-decimal-pow", "SELECT (1e308 * 1e308 AS ?x) (1/0 AS ?y) (xsd:integer(\"1e999\") AS ?z) WHERE {}"))
	add(sparqlPost("sparql-encode-long", `SELECT (ENCODE_FOR_URI("`+strings.Repeat("é", 200_000)+`") AS ?x) WHERE {}`))
	add(sparqlPost("sparql-lcase-long", `SELECT (SHA512(LCASE("`+strings.Repeat("É", 200_000)+`")) AS ?x) WHERE {}`))
	add(sparqlPost("sparql-strrepeat-langmatches", `SELECT * WHERE { ?s ?p ?o FILTER LANGMATCHES(LANG(?o), "`+strings.Repeat("x-", 50_000)+`") } LIMIT 1`))
	c = sparqlPost("sparql-service", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
	c.want = []int{501} // documented: SERVICE is not implemented
	add(c)
	add(sparqlPost("sparql-load-update", "LOAD <http://example.org/x>"))
	add(sparqlPost("sparql-drop-all", "DROP ALL"))
	// Syntax garbage.
	for i, q := range []string{
		"", " ", "SELECT", "SELECT * WHERE", "SELECT * WHERE {", "}}}}}}", "((((((", "ASK { ?s ?p ?o . . . }",
		"SELECT ?x WHERE { ?x <http://x/p> \"\\ud800\" }", "SELECT * WHERE { ?s ?p \"\x00\" }", "SELECT * WHERE { ?s ?p \"\xff\xfe\" }",
		"SELECT * WHERE { <" + strings.Repeat("a", 500_000) + "> ?p ?o }", "SELECT ?" + strings.Repeat("v", 300_000) + " WHERE {}",
		"PREFIX " + strings.Repeat("p", 300_000) + ": <http://x/> ASK {}", "BASE <::::> ASK { <x> ?p ?o }",
		"SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999", "SELECT * WHERE { ?s ?p ?o } OFFSET -1",
		"SELECT (COUNT(*) AS ?n) (COUNT(*) AS ?n) WHERE {}", "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }",
		"SELECT * FROM <http://x/> FROM NAMED <http://y/> WHERE { GRAPH ?g { ?s ?p ?o } }",
		"CONSTRUCT WHERE { ?s ?p ?o FILTER(true) }", "DESCRIBE", "ASK { FILTER(" + chain(5_000, " && ", "?x") + ") }",
		"SELECT * WHERE { ?s ?p ?o } GROUP BY (" + chain(10_000, "+", "?o") + ")", "\ufeffSELECT * WHERE {} ",
		"SELECT * WHERE { ?s ?p 'unterminated }", "SELECT * WHERE { ?s ?p \"\"\"" + strings.Repeat("\\", 100_001) + "\"\"\" }",
		"SELECT * WHERE { ?s ?p " + strings.Repeat("1", 600_000) + " }", "SELECT * WHERE { ?s ?p 1." + strings.Repeat("0", 500_000) + "e1 }",
	} {
		c := sparqlPost(fmt.Sprintf("sparql-garbage-%02d", i), q)
		c.oversized = len(q) > 100_000
		add(c)
	}
	// Protocol abuse.
	add(sparqlGet("sparql-get-long", "SELECT * WHERE { ?s ?p ?o } #"+strings.Repeat("x", 30_000)))
	add(hcase{name: "sparql-get-two-queries", path: "/sparql?query=ASK{}&query=ASK{}", refused: true, want: []int{400}})
	add(hcase{name: "sparql-get-update", path: "/sparql?update=DROP%20ALL", refused: true, want: []int{400}})
	add(hcase{name: "sparql-post-form-update", method: "POST", path: "/sparql", ctype: "application/x-www-form-urlencoded", body: "update=DROP+ALL", refused: true, want: []int{401}}) // updates need a coordination token (api/graphstore)
	add(hcase{name: "sparql-post-form-bad-escape", method: "POST", path: "/sparql", ctype: "application/x-www-form-urlencoded", body: "query=%zz%", refused: true, want: []int{400}})
	add(hcase{name: "sparql-post-unknown-type", method: "POST", path: "/sparql", ctype: "application/x-evil", body: "ASK {}", refused: true, want: []int{415}})
	add(hcase{name: "sparql-post-bad-ctype", method: "POST", path: "/sparql", ctype: "a/b; ;;; =", body: "ASK {}", refused: true, want: []int{415}})
	add(hcase{name: "sparql-post-body-and-url", method: "POST", path: "/sparql?query=ASK{}", ctype: "application/sparql-query", body: "ASK {}", refused: true, want: []int{400}})
	add(hcase{name: "sparql-post-body-too-big", method: "POST", path: "/sparql", ctype: "application/sparql-query", body: "ASK {} #" + strings.Repeat("x", 5<<20), refused: true, want: []int{413}, oversized: true})
	add(hcase{name: "sparql-post-form-too-big", method: "POST", path: "/sparql", ctype: "application/x-www-form-urlencoded", body: "query=" + strings.Repeat("x", 5<<20), refused: true, want: []int{413}, oversized: true})
	add(hcase{name: "sparql-accept-weird", path: "/sparql?query=ASK%7B%7D", accept: "*/*;q=0, text/x-nothing", refused: true, want: []int{406}})
	add(hcase{name: "sparql-accept-long", path: "/sparql?query=ASK%7B%7D", accept: strings.Repeat("text/html;q=0.1, ", 2000), refused: true})
	add(hcase{name: "sparql-format-param", path: "/sparql?query=ASK%7B%7D&format=" + url.QueryEscape(strings.Repeat("x", 10000)), refused: true})
	add(hcase{name: "sparql-graph-uris", path: "/sparql?query=ASK%7B%7D" + strings.Repeat("&default-graph-uri=http%3A%2F%2Fx%2F", 2000), refused: true})
	add(hcase{name: "sparql-graph-uri-bad", path: "/sparql?query=ASK%7B%7D&named-graph-uri=%00%01", refused: true})
	return cs
}

// ---------------------------------------------------------------- writes

func jsonPost(name, path, body string) hcase {
	return hcase{name: name, method: http.MethodPost, path: path, ctype: "application/ld+json", body: body, auth: "coord", refused: true}
}

func ttlPost(name, path, body string) hcase {
	return hcase{name: name, method: http.MethodPost, path: path, ctype: "text/turtle", body: body, auth: "coord", refused: true}
}

const ctxIRI = base + "context/v1"

func jsonldCases() []hcase {
	var cs []hcase
	add := func(c hcase) { cs = append(cs, c) }
	head := `{"@context": "` + ctxIRI + `", "type": "Chantier", `
	for i, b := range []string{
		"", "null", "[]", "{}", "1e999", `"x"`, "[[[[[[[[[[", strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000),
		strings.Repeat(`{"a":`, 50_000) + "1" + strings.Repeat("}", 50_000), "\xef\xbb\xbf{}", `{"@context": "http://evil.example/ctx"}`,
		`{"@context": {"@vocab": "http://schema.org/"}, "name": "x"}`, `{"@context": [` + strings.Repeat(`{"a": "http://x/"},`, 20_000) + `{}], "a": 1}`,
		`{"@context": {"@context": {"@context": {}}}}`, head + `"name": {"fr": "` + "\xff\xfe" + `"}}`,
		head + `"name": {"fr": "\ud800"}}`, head + `"name": {"fr": "\udfff"}}`, head + `"name": {"fr": "\ud800\u0041"}}`,
		head + `"name": {"fr": "a\ud800"}}`, head + `"name": "\udbff\udbff"}`, head + `"name": {"fr": "ok"}, "description": {"fr": "` + "\xc3" + `"}}`,
		head + `"name": {"fr": "x"}, "name": {"fr": "y"}}`, head + `"name": {"fr": ` + strings.Repeat("1", 100_000) + `}}`,
		head + `"name": {"fr": "x"}, "@id": "http://elsewhere.example/x"}`, head + `"@graph": [{"name": "a"}, {"name": "b"}]}`,
		`{"@context": "` + ctxIRI + `", "@graph": [{"type": "Chantier", "name": {"fr": "a"}}, {"type": "Chantier", "name": {"fr": "b"}}]}`,
		head + `"name": {"fr": "x"}, "@reverse": {"http://x/p": {"@id": "http://x/o"}}}`, head + `"name": {"fr": "x"}, "@included": [{"@id": "_:b", "name": "orphan"}]}`,
		head + `"name": {"fr": "x"}, "http://x/p": {"@json": ` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + `}}`,
		head + `"name": {"fr": "x"}, "http://x/p": {"@value": "x", "@type": "http://www.w3.org/2001/XMLSchema#integer"}}`,
		head + `"name": {"fr": "x"}, "http://x/p": {"@value": "x", "@language": "` + strings.Repeat("x", 10_000) + `"}}`,
	} {
		c := jsonPost(fmt.Sprintf("jsonld-garbage-%02d", i), "/id/chantiers", b)
		c.oversized = len(b) > 100_000
		if strings.Contains(b, `\ud`) && !strings.Contains(b, `\udbff\udbff`) || strings.Contains(b, "\xff") || strings.Contains(b, "\xc3\"") {
			c.want = []int{400}
		}
		add(c)
	}
	// A valid surrogate pair is welcome.
	c := jsonPost("jsonld-surrogate-pair-ok", "/id/chantiers", head+`"name": {"fr": "Chantier \ud83d\ude00"}}`)
	c.refused, c.want = false, []int{201}
	add(c)
	// A second, unattached node.
	c = jsonPost("jsonld-second-node-blank", "/id/chantiers", `{"@context": "`+ctxIRI+`", "@graph": [{"@id": "", "type": "Chantier", "name": {"fr": "Deux nœuds"}}, {"@id": "_:x", "name": "orphelin"}]}`)
	c.want = []int{422}
	add(c)
	c = jsonPost("jsonld-second-node-fragment", "/id/chantiers", `{"@context": "`+ctxIRI+`", "@graph": [{"@id": "", "type": "Chantier", "name": {"fr": "Deux nœuds"}}, {"@id": "#autre", "name": "orphelin"}]}`)
	c.want = []int{422}
	add(c)
	c = jsonPost("jsonld-blank-cycle", "/id/chantiers", `{"@context": "`+ctxIRI+`", "@graph": [{"@id": "", "type": "Chantier", "name": {"fr": "Cycle"}}, {"@id": "_:a", "http://x/p": {"@id": "_:b"}}, {"@id": "_:b", "http://x/p": {"@id": "_:a"}}]}`)
	c.want = []int{422}
	add(c)
	// Long texts.
	for _, n := range []int{20_001, 100_000, 1_000_000, 3_000_000} {
		c := jsonPost(fmt.Sprintf("jsonld-long-description-%d", n), "/id/chantiers", head+`"name": {"fr": "Long"}, "description": {"fr": "`+strings.Repeat("é", n)+`"}}`)
		c.want, c.oversized = []int{413, 422}, true
		add(c)
		c = ttlPost(fmt.Sprintf("turtle-long-name-%d", n), "/id/chantiers", ttlPrefixes+`<> a radn:Chantier ; schema:name "`+strings.Repeat("x", n)+`"@fr .`)
		c.want, c.oversized = []int{413, 422}, true
		add(c)
	}
	// Many values, many blank nodes, nested blank nodes.
	for _, n := range []int{1_500, 2_000, 10_000, 30_000} {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf(`"nom %d"`, i)
		}
		c := jsonPost(fmt.Sprintf("jsonld-alternate-names-%d", n), "/id/chantiers", head+`"name": {"fr": "Beaucoup"}, "alternateName": [`+strings.Join(vals, ",")+`]}`)
		c.want, c.oversized = []int{413}, true
		add(c)
		blanks := make([]string, n)
		for i := range blanks {
			blanks[i] = fmt.Sprintf(`{"name": "b%d"}`, i)
		}
		c = jsonPost(fmt.Sprintf("jsonld-blank-nodes-%d", n), "/id/chantiers", head+`"name": {"fr": "Vide"}, "http://x/p": [`+strings.Join(blanks, ",")+`]}`)
		c.want, c.oversized = []int{413}, true
		add(c)
	}
	for _, n := range []int{100, 1_000, 5_000, 20_000} {
		c := jsonPost(fmt.Sprintf("jsonld-nested-blank-%d", n), "/id/chantiers", head+`"name": {"fr": "Nid"}, "http://x/p": `+nest(n, `{"http://x/p": `, `"fond"`, "}")+"}")
		c.oversized = n >= 5_000
		if n >= 5_000 {
			c.want = []int{400, 413, 422}
		}
		add(c)
	}
	// Other targets.
	for i, path := range []string{"/id/legs", "/id/organisations", "/id/personnes", "/id/participations",
		"/id/chantiers/culture-des-donnees/objectifs", "/id/chantiers/culture-des-donnees/livrables",
		"/id/chantiers/culture-des-donnees/besoins", "/id/chantiers/culture-des-donnees/evaluations"} {
		c := jsonPost(fmt.Sprintf("jsonld-target-surrogate-%d", i), path, `{"@context": "`+ctxIRI+`", "name": "\ud800"}`)
		c.want = []int{400}
		add(c)
		c = jsonPost(fmt.Sprintf("jsonld-target-orphan-%d", i), path, `{"@context": "`+ctxIRI+`", "@graph": [{"@id": "", "name": "a"}, {"@id": "_:o", "name": "b"}]}`)
		c.want = []int{400, 403, 404, 409, 422}
		add(c)
	}
	return cs
}

func turtleCases() []hcase {
	var cs []hcase
	add := func(c hcase) { cs = append(cs, c) }
	for i, b := range []string{
		"", "<>", "<> a", "@prefix : <http://x/> .", strings.Repeat("@prefix p: <http://x/> .\n", 80_000) + "<> a <http://x/C> .",
		"<> <http://x/p> " + nest(5_000, "(", "1", ")") + " .", "<> <http://x/p> " + nest(20_000, "[ <http://x/p> ", "1", "]") + " .",
		ttlPrefixes + `<> a radn:Chantier ; schema:name "` + "\xff" + `"@fr .`, ttlPrefixes + `<> a radn:Chantier ; schema:name "\uD800"@fr .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "\U00110000"@fr .`, ttlPrefixes + `<> a radn:Chantier ; schema:name "\U0000D800"@fr .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr . <http://elsewhere.example/x> schema:name "y" .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr . _:orphan schema:name "y" .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr . <#frag> schema:name "y" .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr . _:a schema:knows _:b . _:b schema:knows _:a .`,
		ttlPrefixes + `GRAPH <http://x/g> { <> a radn:Chantier }`, ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@` + strings.Repeat("a", 10_000) + ` .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"^^<` + strings.Repeat("a", 100_000) + `> .`,
		ttlPrefixes + `@base <` + strings.Repeat("../", 10_000) + `> . <> a radn:Chantier .`, ttlPrefixes + "<> a radn:Chantier ; schema:name \"\x00\" .",
		ttlPrefixes + `<> a radn:Chantier ; schema:name """` + strings.Repeat(`\"`, 100_000) + `""" .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr ; schema:foundingDate "9999999999-01-01"^^xsd:date .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr ; schema:foundingDate "` + strings.Repeat("9", 10_000) + `"^^xsd:integer .`,
		ttlPrefixes + `<> a radn:Chantier, radn:Legacy, radn:Objective ; schema:name "x"@fr .`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr ; <http://x/p> ` + strings.Repeat("( ", 3_000) + strings.Repeat(") ", 3_000) + `.`,
		ttlPrefixes + `<> a radn:Chantier ; schema:name "x"@fr ; <http://x/p> ` + chain(3_000, ", ", "[]") + ` .`,
		ttlPrefixes + strings.Repeat(`<> schema:alternateName "x" . `, 50_000),
	} {
		c := ttlPost(fmt.Sprintf("turtle-garbage-%02d", i), "/id/chantiers", b)
		c.oversized = len(b) > 100_000
		if strings.Contains(b, "\xff") || strings.Contains(b, `\uD800`) || strings.Contains(b, `\U00110000`) || strings.Contains(b, `\U0000D800`) {
			c.want = []int{400}
		}
		if strings.Contains(b, "orphan") || strings.Contains(b, "<#frag>") || strings.Contains(b, "_:a schema:knows") {
			c.want = []int{422}
		}
		add(c)
	}
	for _, n := range []int{1_001, 2_000, 3_000, 30_000} {
		var b strings.Builder
		b.WriteString(ttlPrefixes + `<> a radn:Chantier ; schema:name "Noms"@fr`)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, ` ; schema:alternateName "nom %d"`, i)
		}
		b.WriteString(" .")
		c := ttlPost(fmt.Sprintf("turtle-alternate-names-%d", n), "/id/chantiers", b.String())
		c.want, c.oversized = []int{413}, true
		add(c)
		var bb strings.Builder
		bb.WriteString(ttlPrefixes + `<> a radn:Chantier ; schema:name "Blancs"@fr`)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&bb, ` ; <http://x/p> [ schema:name "b%d" ]`, i)
		}
		bb.WriteString(" .")
		c = ttlPost(fmt.Sprintf("turtle-blank-nodes-%d", n), "/id/chantiers", bb.String())
		c.want, c.oversized = []int{413}, true
		add(c)
	}
	// N-Triples and unsupported media types.
	for i, ct := range []string{"application/n-triples", "application/rdf+xml", "text/plain", "", "text/turtle; charset=latin1", "text/turtle;;;"} {
		c := hcase{name: fmt.Sprintf("write-media-type-%d", i), method: "POST", path: "/id/chantiers", ctype: ct, auth: "coord", refused: true,
			body: "<http://ruche.test/id/chantiers/.nouveau> <http://x/p> \"\\uD800\" ."}
		c.want = []int{400, 415}
		add(c)
	}
	return cs
}

func patchCases() []hcase {
	var cs []hcase
	add := func(c hcase) { cs = append(cs, c) }
	p := func(name, body string, want ...int) hcase {
		return hcase{name: name, method: http.MethodPatch, path: "/id/chantiers/culture-des-donnees", ctype: "application/sparql-update",
			body: body, auth: "coord", refused: true, want: want}
	}
	for _, n := range []int{1_001, 3_000, 30_000} {
		var b strings.Builder
		b.WriteString("PREFIX schema: <http://schema.org/> INSERT DATA { ")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, `<> schema:alternateName "nom %d" . `, i)
		}
		b.WriteString("}")
		c := p(fmt.Sprintf("patch-insert-data-%d", n), b.String(), 413)
		c.oversized = true
		add(c)
	}
	add(p("patch-cross-where", "DELETE { ?a ?b ?c } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . <http://x/no> <http://x/no> <http://x/no> }", 422))
	add(p("patch-delete-where-cross", "DELETE WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m <http://x/never> ?n }", 422))
	add(p("patch-surrogate", `PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:alternateName "\uD800" }`, 400))
	add(p("patch-invalid-utf8", "PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:alternateName \"\xff\" }", 400))
	add(p("patch-long-text", `PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:alternateName "`+strings.Repeat("x", 30_000)+`" }`, 422))
	add(p("patch-orphan", `PREFIX schema: <http://schema.org/> INSERT DATA { _:o schema:name "orphelin" }`, 422))
	add(p("patch-other-subject", `INSERT DATA { <http://elsewhere.example/x> <http://x/p> 1 }`, 422))
	add(p("patch-graph", `INSERT DATA { GRAPH <http://x/g> { <> <http://x/p> 1 } }`, 400, 422))
	add(p("patch-load", `LOAD <http://example.org/>`, 400, 422))
	add(p("patch-drop", `DROP ALL`, 400, 422))
	add(p("patch-garbage", `INSERT DATA {{{{`, 400))
	add(p("patch-empty", ` `, 400))
	add(p("patch-deep", "INSERT DATA { <> <http://x/p> "+nest(10_000, "(", "1", ")")+" }", 400, 413, 422))
	c := p("patch-many-ops", strings.Repeat("INSERT DATA { <> <http://x/p> 1 } ; ", 5_000)+"INSERT DATA { <> <http://x/p> 2 }", 200, 400, 413, 422)
	c.refused = false
	add(c)
	c = p("patch-wrong-type", "INSERT DATA { <> <http://x/p> 1 }", 415)
	c.ctype = "text/turtle"
	add(c)
	c = p("patch-stale-if-match", `PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:alternateName "x" }`, 412)
	c.header = map[string]string{"If-Match": `"stale"`}
	add(c)
	c = p("put-no-if-match", "", 428)
	c.method, c.ctype, c.body = http.MethodPut, "text/turtle", ttlPrefixes+`<> a radn:Chantier ; schema:name "x"@fr .`
	add(c)
	c = p("put-malformed-if-match", "", 412)
	c.method, c.ctype, c.body = http.MethodPut, "text/turtle", ttlPrefixes+`<> a radn:Chantier ; schema:name "x"@fr .`
	c.header = map[string]string{"If-Match": `"unterminated`}
	c.want = []int{400, 412}
	add(c)
	c = p("delete-chantier", "", 409)
	c.method, c.ctype = http.MethodDelete, ""
	add(c)
	return cs
}

// ---------------------------------------------------------------- framing

func framingCases() []hcase {
	var cs []hcase
	add := func(c hcase) {
		c.refused = true
		cs = append(cs, c)
	}
	post := func(path, ctype, rest string) string {
		return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + ctype + "\r\n" + rest
	}
	chunked := func(body string) string {
		return post("/sparql", "application/sparql-query", "Transfer-Encoding: chunked\r\n\r\n"+body)
	}
	for _, f := range []struct {
		name, body string
		half       bool
	}{
		{"overflow", "fffffffffffffffffffffff\r\nASK {}\r\n0\r\n\r\n", false},
		{"negative", "-6\r\nASK {}\r\n0\r\n\r\n", false},
		{"leading-zeros", "0000000000000000000000000000000006\r\nASK {}\r\n0\r\n\r\n", false},
		{"extension-100k", "6;" + strings.Repeat("x", 100_000) + "\r\nASK {}\r\n0\r\n\r\n", false},
		{"missing-final-crlf", "6\r\nASK {}\r\n0\r\n", true},
		{"missing-last-chunk", "6\r\nASK {}\r\n", true},
		{"short-chunk", "10\r\nASK {}\r\n0\r\n\r\n", true},
		{"not-hex", "zz\r\nASK {}\r\n0\r\n\r\n", false},
		{"space-in-size", "6 6\r\nASK {}\r\n0\r\n\r\n", false},
		{"no-crlf-after-data", "6\r\nASK {}XX0\r\n\r\n", false},
		{"bare-lf", "6\nASK {}\n0\n\n", false},
		{"huge-trailer", "6\r\nASK {}\r\n0\r\n" + strings.Repeat("X-T: y\r\n", 20_000) + "\r\n", false},
		{"empty-size", "\r\nASK {}\r\n0\r\n\r\n", false},
		{"plus-sign", "+6\r\nASK {}\r\n0\r\n\r\n", false},
		{"hex-prefix", "0x6\r\nASK {}\r\n0\r\n\r\n", false},
	} {
		add(hcase{name: "chunked-" + f.name, method: "POST", path: "/sparql", raw: chunked(f.body), halfClose: f.half, want: []int{400}, plainOK: true, oversized: len(f.body) > 50_000})
	}
	// The same on the write routes.
	for _, f := range []string{"fffffffffffffffffffffff\r\nx\r\n0\r\n\r\n", "-1\r\nx\r\n0\r\n\r\n", "1;" + strings.Repeat("x", 100_000) + "\r\nx\r\n0\r\n\r\n"} {
		add(hcase{name: fmt.Sprintf("chunked-write-%d", len(cs)), method: "POST", path: "/id/chantiers",
			raw: "POST /id/chantiers HTTP/1.1\r\nHost: x\r\nContent-Type: text/turtle\r\nTransfer-Encoding: chunked\r\n\r\n" + f, want: []int{400, 401}, plainOK: true})
	}
	// Both Content-Length and Transfer-Encoding: answered, connection closed.
	for i, hdr := range []string{
		"Content-Length: 6\r\nTransfer-Encoding: chunked\r\n",
		"Transfer-Encoding: chunked\r\nContent-Length: 6\r\n",
		"content-length: 100\r\ntransfer-encoding: chunked\r\n",
		"Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",
		"Content-Length: 6\r\nTransfer-Encoding:   chunked  \r\n",
	} {
		add(hcase{name: fmt.Sprintf("cl-and-te-%d", i), method: "POST", path: "/sparql",
			raw: post("/sparql", "application/sparql-query", hdr+"\r\n6\r\nASK {}\r\n0\r\n\r\n"), want: []int{400}, wantClose: true, plainOK: true})
	}
	// Smuggling behind a legitimate request on the same connection.
	add(hcase{name: "cl-and-te-pipelined", method: "GET", path: "/healthz",
		raw:  "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + post("/sparql", "application/sparql-query", "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n"),
		want: []int{200, 400}})
	for i, raw := range []string{
		"GET / HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
		"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
		"GET /\r\n\r\n",
		"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nX: " + strings.Repeat("a", 100_000) + "\r\n\r\n",
		"GET /" + strings.Repeat("a", 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-A: b\r\n", 5_000) + "\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nBad Header: a\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nX-Nul: a\x00b\r\n\r\n",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nContent-Length: 7\r\n\r\nASK {}",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nxx",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK {}",
		"GET\tHTTP/1.1\r\n\r\n",
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
		"GET / HTTP/1.1\nHost: x\n\n",
		"GET http://elsewhere.example/ HTTP/1.1\r\nHost: x\r\n\r\n",
		"CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
		"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /id/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/sparql-query\r\nContent-Length: 6\r\n\r\nASK {}",
		"POST /sparql HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 6\r\n\r\nASK {}",
	} {
		add(hcase{name: fmt.Sprintf("http-raw-%02d", i), raw: raw, plainOK: true, halfClose: strings.Contains(raw, "Content-Length: 100"), oversized: len(raw) > 50_000})
	}
	return cs
}

// ---------------------------------------------------------------- auth

func authCases() []hcase {
	var cs []hcase
	add := func(c hcase) { cs = append(cs, c) }
	body := ttlPrefixes + `<> a radn:Chantier ; schema:name "Pas autorisé"@fr .`
	for i, a := range []string{
		"Bearer", "Bearer ", "Bearer forged-token", "Basic dXNlcjpwYXNz", "bearer " + strings.Repeat("x", 10_000),
		"Bearer \u00e9\u00e9", "Bearer a b c", "Token abc", "Bearer ../../etc/passwd", "Bearer " + strings.Repeat("A", 43),
		"Bearer %00", "Bearer null", "Negotiate abc", "Bearer\tabc", "Bearer ey.ey.sig",
	} {
		c := ttlPost(fmt.Sprintf("auth-bad-token-%02d", i), "/id/chantiers", body)
		c.auth = a
		c.want = []int{401, 429}
		add(c)
	}
	// Enough failures to trip the throttle: 429 with Retry-After.
	for i := 0; i < 12; i++ {
		c := ttlPost(fmt.Sprintf("auth-throttle-%02d", i), "/id/chantiers", body)
		c.auth = "Bearer guess-" + strconv.Itoa(i)
		c.want = []int{401, 429}
		add(c)
	}
	c := ttlPost("auth-throttle-tripped", "/id/chantiers", body)
	c.auth = "Bearer guess-again"
	c.want = []int{429}
	add(c)
	// A valid token is never refused by the throttle.
	c = ttlPost("auth-valid-after-throttle", "/id/chantiers", ttlPrefixes+`<> a radn:Chantier ; schema:name "Jeton valide"@fr .`)
	c.refused, c.want = false, []int{201}
	add(c)
	// Agent tokens: no membership, no writing.
	c = ttlPost("auth-agent-not-member", "/id/chantiers/culture-des-donnees/objectifs", ttlPrefixes+`<> schema:name "x"@fr .`)
	c.auth, c.want = "agent", []int{403}
	add(c)
	c = ttlPost("auth-agent-new-chantier", "/id/chantiers", body)
	c.auth, c.want = "agent", []int{403}
	add(c)
	// The HTML form.
	for i, tok := range []string{"", "forged", strings.Repeat("x", 50_000), "\xff"} {
		add(hcase{name: fmt.Sprintf("form-bad-token-%d", i), method: "POST", path: "/proposer", ctype: "application/x-www-form-urlencoded",
			body: "token=" + url.QueryEscape(tok) + "&name=x", html: true, refused: true, want: []int{401, 429}})
	}
	add(hcase{name: "form-bad-utf8", method: "POST", path: "/proposer", ctype: "application/x-www-form-urlencoded",
		body: "token=" + "COORD" + "&name=%ff%fe&confirm=1", html: true, refused: true, want: []int{400, 401, 429}})
	return cs
}

// ---------------------------------------------------------------- reads

func pagingCases() []hcase {
	var cs []hcase
	for i, q := range []string{
		"page=0", "page=-1", "page=99999999999999999999", "page=abc", "page=1e3", "page=1&page=2", "size=0", "size=101",
		"size=-5", "size=99999999999999999999", "status=%3Cscript%3E", "theme=" + strings.Repeat("x", 10_000), "kind=%00",
		"theme=http%3A%2F%2Fevil.example%2F", "page=%ff", "size=1&page=3000",
	} {
		for _, p := range []string{"/chantiers", "/en/legs"} {
			cs = append(cs, hcase{name: fmt.Sprintf("paging-%s-%02d", strings.Trim(strings.ReplaceAll(p, "/", "-"), "-"), i), path: p + "?" + q, accept: "application/ld+json", want: []int{200, 400, 404}})
		}
	}
	for i, p := range []string{"/ldes/pages/0", "/ldes/pages/-1", "/ldes/pages/99999999999999999999", "/ldes/pages/abc", "/ldes/pages/1", "/sitemaps/..%2F..%2Fetc", "/sitemaps/x.xml", "/ldes"} {
		cs = append(cs, hcase{name: fmt.Sprintf("paging-ldes-%d", i), path: p, accept: "text/turtle", want: []int{200, 400, 404}})
	}
	return cs
}

func conditionalCases() []hcase {
	var cs []hcase
	doc := "/id/chantiers/culture-des-donnees"
	for i, h := range []map[string]string{
		{"If-None-Match": `"unterminated`}, {"If-None-Match": `no-quotes`}, {"If-None-Match": strings.Repeat(`"a",`, 5_000) + `"b"`},
		{"If-None-Match": `"a b"`}, {"If-None-Match": "*"}, {"If-None-Match": `W/"x"`}, {"If-None-Match": `,,,,`},
		{"If-Modified-Since": "garbage"}, {"If-Modified-Since": "Sat, 01 Jan 0000 00:00:00 GMT"}, {"If-Modified-Since": "Fri, 31 Dec 9999 23:59:59 GMT"},
		{"If-Modified-Since": strings.Repeat("x", 10_000)}, {"If-Match": `"x"`}, {"If-Unmodified-Since": "garbage"},
		{"Range": "bytes=0-0"}, {"Range": "bytes=999999999999-"}, {"Range": strings.Repeat("bytes=0-1,", 1_000)}, {"If-Range": `"x"`},
		{"Accept": strings.Repeat("a/b;q=0.5,", 3_000)}, {"Accept": "text/turtle;q=2"}, {"Accept": "*/*;q=-1"}, {"Accept-Language": strings.Repeat("fr-CA;q=0.1,", 3_000)},
		{"Accept-Encoding": strings.Repeat("gzip,", 3_000)},
	} {
		for _, p := range []string{doc, "/", "/dumps/latest.nq.gz"} {
			c := hcase{name: fmt.Sprintf("conditional-%02d-%s", i, strings.Trim(strings.ReplaceAll(p, "/", "-"), "-")), path: p, header: h, want: []int{200, 304, 400, 406}}
			if p == "/" {
				c.accept = "text/html"
				c.html = true
			}
			cs = append(cs, c)
		}
	}
	return cs
}

func pathCases() []hcase {
	var cs []hcase
	for i, p := range []string{
		"/id/%00", "/id/../../etc/passwd", "/id/chantiers/" + strings.Repeat("a", 10_000), "/id/chantiers/%C3%A9t%C3%A9", "//id//chantiers//",
		"/id/chantiers/culture-des-donnees/versions/19700101T000000Z", "/id/chantiers/culture-des-donnees.ttl.ttl", "/id/chantiers/culture-des-donnees.exe",
		"/concept/" + strings.Repeat("x/", 2_000), "/en/id/%ff", "/static/..%2f..%2fgo.mod", "/embed/chantiers/%3Cscript%3E", "/oembed?url=" + url.QueryEscape(strings.Repeat("x", 5000)),
		"/oembed?url=javascript:alert(1)&maxwidth=-1", "/oembed?format=xml&url=x",
	} {
		cs = append(cs, hcase{name: fmt.Sprintf("path-%02d", i), path: p, accept: "text/turtle", want: []int{200, 301, 307, 308, 400, 404, 406, 410, 501}})
	}
	for i, m := range []string{"TRACE", "CONNECT", "PROPFIND", "DELETE", "PUT", "PATCH"} {
		cs = append(cs, hcase{name: fmt.Sprintf("method-%d-%s", i, m), method: m, path: "/sparql", refused: true, want: []int{400, 401, 404, 405}})
	}
	// CORS preflight on read routes.
	for i, p := range []string{"/id/chantiers/culture-des-donnees", "/chantiers", "/sparql", "/ldes", "/dumps/latest.nq.gz", "/.well-known/void"} {
		cs = append(cs, hcase{name: fmt.Sprintf("cors-preflight-%d", i), method: http.MethodOptions, path: p,
			header: map[string]string{"Origin": "https://partner.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "If-None-Match"},
			want:   []int{204}})
	}
	return cs
}

// fairShare: while one client (127.0.0.2) runs five cross products, a
// light query from another client (127.0.0.3) is answered, not queued:
// the heavy client holds at most its share of the query slots. Counting,
// not timing: the light query is sent once /metrics shows the heavy
// client's queries running.
func (c *child) fairShare(t *testing.T) {
	from := func(ip string) *http.Client {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
	}
	heavy, light := from("127.0.0.2"), from("127.0.0.3")
	if _, err := light.Get(c.url("/healthz")); err != nil {
		t.Logf("fair share not checked: cannot send from 127.0.0.3: %v", err)
		return
	}
	q := url.QueryEscape("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
	done := make(chan int, 5)
	for i := 0; i < 5; i++ {
		go func() {
			resp, err := heavy.Get(c.url("/sparql?query=" + q))
			if err != nil {
				done <- 0
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			done <- resp.StatusCode
		}()
	}
	for start := time.Now(); c.runningQueries(t) < 2 && time.Since(start) < 20*time.Second; {
		time.Sleep(20 * time.Millisecond)
	}
	running := c.runningQueries(t)
	resp, err := light.Get(c.url("/sparql?query=" + url.QueryEscape("ASK { ?s ?p ?o }")))
	if err != nil {
		t.Fatalf("light query: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a light query from another client while %d heavy ones ran: %d", running, resp.StatusCode)
	}
	statuses := map[int]int{}
	for i := 0; i < 5; i++ {
		statuses[<-done]++
	}
	t.Logf("fair share: light query %d while the heavy client had %d queries running; heavy answers %v", resp.StatusCode, running, statuses)
	for st := range statuses {
		if st != 503 && st != 429 {
			t.Errorf("a heavy cross product answered %d", st)
		}
	}
}

// waitIdle waits until the server runs no query, so that each SPARQL case
// starts with every query slot free: a query stopped at its time limit
// gives its slot back a moment after its 503 was sent, and the next case
// would otherwise meet the client's slot limit (429) on a loaded machine.
// The wait is bounded; past it the case runs anyway.
func (c *child) waitIdle(t *testing.T) {
	for range 600 {
		if c.runningQueries(t) == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("queries still running after 30 s; sending the next case anyway")
}

func (c *child) runningQueries(t *testing.T) int {
	resp, err := c.client.Get(c.url("/metrics"))
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "ruche_sparql_running_queries "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return int(n)
		}
	}
	return 0
}
