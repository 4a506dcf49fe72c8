package replica

import (
	"encoding/json"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/replica"
	"net/http"
	"strconv"
	"strings"
)

// VersionHeader carries, on every response of a primary that publishes or
// of a replica, the data version the response was served from.
const VersionHeader = "Ruche-Data-Version"

// Middleware wraps the API's router. version gives the data version being
// served (read when the response's header is written, so a write answers
// with the version it committed). On a replica (f not nil) it also answers
// /healthz with the replication status, and every method that could write
// with a redirect to the primary (307, the method and body kept) or, when
// primary is empty, a 403 problem; SPARQL queries by POST stay local. A
// replica lagging beyond its bound answers reads with 503 and Retry-After,
// so that a front sends them to another server.
func Middleware(version func() uint64, f *Follower, primary string) func(http.Handler) http.Handler {
	primary = strings.TrimSuffix(primary, "/")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			vw := &versionWriter{ResponseWriter: w, version: version}
			if f == nil {
				next.ServeHTTP(vw, r)
				return
			}
			if r.URL.Path == "/healthz" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
				st, healthy := f.Status()
				code := http.StatusOK
				if !healthy {
					code = http.StatusServiceUnavailable
					vw.Header().Set("Retry-After", "1")
				}
				vw.Header().Set("Content-Type", "application/json; charset=utf-8")
				vw.Header().Set("Cache-Control", "no-store")
				vw.WriteHeader(code)
				if r.Method == http.MethodGet {
					_ = json.NewEncoder(vw).Encode(st)
				}
				return
			}
			if isWrite(r) {
				redirectWrite(vw, r, primary)
				return
			}
			if st, healthy := f.Status(); !healthy && st.Status == "lagging" {
				// Let the front send the read elsewhere (nginx:
				// proxy_next_upstream http_503).
				vw.Header().Set("Retry-After", "1")
				vw.Header().Set("Content-Type", "application/problem+json")
				vw.WriteHeader(http.StatusServiceUnavailable)
				_ = json.NewEncoder(vw).Encode(map[string]any{"type": "https://w3id.org/radn/problems/replica-lagging", "title": "replica lagging",
					"status": http.StatusServiceUnavailable, "detail": "this replica is further behind the primary than its bound; retry on another server"})
				return
			}
			next.ServeHTTP(vw, r)
		})
	}
}

// isWrite tells the requests a replica cannot serve.
func isWrite(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	case http.MethodPost:
		return r.URL.Path != "/sparql"
	}
	return true
}

func redirectWrite(w http.ResponseWriter, r *http.Request, primary string) {
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	p := map[string]any{
		"type":   "https://w3id.org/radn/problems/read-only-replica",
		"title":  "read-only replica",
		"status": http.StatusForbidden,
	}
	if primary != "" {
		loc := primary + r.URL.RequestURI()
		h.Set("Location", loc)
		p["status"] = http.StatusTemporaryRedirect
		p["detail"] = "this server is a read-only replica; send writes to the primary at " + primary
		p["primary"] = primary
	} else {
		p["detail"] = "this server is a read-only replica; send writes to the primary"
	}
	w.WriteHeader(p["status"].(int))
	_ = json.NewEncoder(w).Encode(p)
}

// versionWriter sets VersionHeader when the header is written.
type versionWriter struct {
	http.ResponseWriter
	version func() uint64
	wrote   bool
}

func (w *versionWriter) stamp() {
	if !w.wrote {
		w.wrote = true
		w.ResponseWriter.Header().Set(VersionHeader, strconv.FormatUint(w.version(), 10))
	}
}

func (w *versionWriter) WriteHeader(code int) {
	w.stamp()
	w.ResponseWriter.WriteHeader(code)
}

func (w *versionWriter) Write(b []byte) (int, error) {
	w.stamp()
	return w.ResponseWriter.Write(b)
}

// Flush keeps streaming responses (dumps, SPARQL results) streaming.
func (w *versionWriter) Flush() {
	w.stamp()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *versionWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// StoreVersion is the data version of a primary's store.
func StoreVersion(st *store.Store) uint64 { return replica.Version(st) }
