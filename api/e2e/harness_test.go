package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// site is one running ruche server: base is both its base IRI and the
// address it listens on, so every IRI it mints can be dereferenced.
type site struct {
	base  string
	srv   *api.Server
	store *store.Store
	log   *requestLog // every request answered, for the client checks
}

// startSite serves ruche on a fresh loopback port over an in-memory store
// seeded as `ruche serve` seeds a new data folder. Everything stops at the
// end of the test.
func startSite(t testing.TB) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	base := "http://" + ln.Addr().String() + "/"
	opts := store.DefaultOptions()
	opts.InMemory = true
	st, err := store.Open("", opts)
	if err != nil {
		ln.Close()
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if err := seed(st, base); err != nil {
		ln.Close()
		t.Fatal(err)
	}
	cfg := api.DefaultConfig()
	cfg.Base = base
	cfg.QueryTimeout = 20 * time.Second
	srv, err := api.New(cfg)
	if err != nil {
		ln.Close()
		t.Fatalf("api.New: %v", err)
	}
	srv.SetStore(st)
	rl := &requestLog{}
	h := rl.wrap(srv.Handler())
	if os.Getenv("RUCHE_E2E_HTTPLOG") != "" {
		h = logRequests(t, h)
	}
	serve(t, ln, h)
	return &site{base: base, srv: srv, store: st, log: rl}
}

// seed loads vocab.Seed(base) in one transaction with the meta values that
// `ruche serve` records for a new folder.
func seed(st *store.Store, base string) error {
	quads, err := vocab.Seed(base)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	err = st.Update(context.Background(), func(tx *store.Txn) error {
		for _, q := range quads {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		if err := tx.PutMeta("ruche/seeded", []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
			return err
		}
		return tx.PutMeta("ruche/base", []byte(base))
	})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// logRequests logs every request to the test log (RUCHE_E2E_HTTPLOG=1).
func logRequests(t testing.TB, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		t.Logf("%s %s (Accept %q, If-None-Match %q) → %d", r.Method, r.URL, r.Header.Get("Accept"), r.Header.Get("If-None-Match"), sw.status)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

// exchange is one request answered: what the client asked and what it got.
type exchange struct {
	method, target, accept, acceptEncoding string
	status                                 int
	contentType, contentEncoding           string
}

func (e exchange) String() string {
	return fmt.Sprintf("%s %s (Accept %q, Accept-Encoding %q) → %d %s %s", e.method, e.target, e.accept, e.acceptEncoding, e.status, e.contentType, e.contentEncoding)
}

// requestLog records the exchanges of a site.
type requestLog struct {
	mu        sync.Mutex
	exchanges []exchange
}

func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.exchanges = append(l.exchanges, exchange{
			method: r.Method, target: r.URL.RequestURI(), accept: r.Header.Get("Accept"),
			acceptEncoding: r.Header.Get("Accept-Encoding"), status: sw.status,
			contentType: w.Header().Get("Content-Type"), contentEncoding: w.Header().Get("Content-Encoding"),
		})
	})
}

// since returns the exchanges recorded after the first n.
func (l *requestLog) since(n int) []exchange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.exchanges[min(n, len(l.exchanges)):])
}

// len returns how many exchanges are recorded.
func (l *requestLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.exchanges)
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Flush and Unwrap keep streaming responses streaming through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serve runs h on ln until the test ends.
func serve(t testing.TB, ln net.Listener, h http.Handler) {
	t.Helper()
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(ctx); err != nil {
			hs.Close()
		}
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve %s: %v", ln.Addr(), err)
		}
	})
}

// url returns the absolute URL of path (which starts with "/").
func (s *site) url(path string) string { return strings.TrimSuffix(s.base, "/") + path }

// fetch GETs url with an Accept header and returns the body of a 200.
func fetch(t testing.TB, url, accept string) []byte {
	t.Helper()
	b, status, err := tryFetch(url, accept)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	if status != http.StatusOK {
		t.Fatalf("GET %s (Accept %s): status %d\n%s", url, accept, status, truncate(b, 600))
	}
	return b
}

func tryFetch(url, accept string) ([]byte, int, error) {
	b, status, _, err := tryFetchType(url, accept)
	return b, status, err
}

// tryFetchType GETs url and returns the body, status and Content-Type.
func tryFetchType(url, accept string) ([]byte, int, string, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, "", err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		return nil, 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, res.StatusCode, "", fmt.Errorf("read body: %w", err)
	}
	return b, res.StatusCode, res.Header.Get("Content-Type"), nil
}

func truncate(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}

// inCI tells whether the tests run in CI, where a missing tool is a failure.
func inCI() bool { return os.Getenv("CI") == "true" || os.Getenv("CI") == "1" }

// missingTool skips the test on a developer machine and fails it in CI.
func missingTool(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("CI=true but %s (.ci/run installs it)", msg)
	}
	t.Skipf("%s; install it to run this end-to-end check (CI does)", msg)
}

// nodeDir is the folder of the Node programs and their node_modules.
func nodeDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("node")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// requireNode returns the node binary once the packages of node/ are
// installed, or skips (fails in CI).
func requireNode(t testing.TB, packages ...string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missingTool(t, "node is not on PATH")
	}
	for _, p := range packages {
		if _, err := os.Stat(filepath.Join(nodeDir(t), "node_modules", p, "package.json")); err != nil {
			missingTool(t, "the npm package %s is not installed (npm ci --prefix api/e2e/node)", p)
		}
	}
	return node
}

// runNode runs a program of node/ with stdin and returns its stdout.
func runNode(t testing.TB, ctx context.Context, node, script string, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(ctx, node, append([]string{filepath.Join(nodeDir(t), script)}, args...)...)
	cmd.Dir = nodeDir(t)
	// Node programs may leave files in TMPDIR (ldes-client's state).
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	cmd.Stdin = strings.NewReader(string(stdin))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\nstderr:\n%s", script, err, stderr.String())
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		t.Logf("node %s stderr:\n%s", script, s)
	}
	return out
}
