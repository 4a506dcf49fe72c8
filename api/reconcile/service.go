package reconcile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/vocab"
)

// Config configures the service.
type Config struct {
	// Base is the base IRI of ruche's resources (the identifier space); it
	// ends with '/'.
	Base string
	// Path is where the service is mounted (default "/reconcile").
	Path string
	// MaxBatch caps the queries of one batch and the ids of one data
	// extension (413 beyond); default 1000.
	MaxBatch int
	// MaxLimit caps the candidates of one query; default 25.
	MaxLimit int
	// Timeout bounds one request (503 beyond); default 30 s.
	Timeout time.Duration
	// MaxBody caps a request body (413 beyond); default 4 MiB.
	MaxBody int64
}

// Scoring thresholds (scores are 0–100).
const (
	MatchScore   = 85 // the lowest score of a match: true candidate
	MatchMargin  = 10 // how far the next candidate must trail it
	defaultLimit = 5
)

// Error is a failed request; package api maps it to its problem
// documents, ServeHTTP writes it as one itself.
type Error struct {
	Status int
	Code   string // problem type slug
	Detail string
	Limit  string // the limit reached, for 413 and 503
}

func (e *Error) Error() string { return e.Code + ": " + e.Detail }

func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "bad-request", Detail: fmt.Sprintf(format, args...)}
}

// Service answers reconciliation requests from the index.
type Service struct {
	cfg   Config
	index func() (*search.Index, error)
}

// New returns the service; index gives the current full-text index (or an
// error while it is not ready).
func New(cfg Config, index func() (*search.Index, error)) *Service {
	if cfg.Path == "" {
		cfg.Path = "/reconcile"
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 1000
	}
	if cfg.MaxLimit <= 0 {
		cfg.MaxLimit = 25
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 4 << 20
	}
	return &Service{cfg: cfg, index: index}
}

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// ServeHTTP answers a request, writing errors as problem documents.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := s.Handle(w, r); err != nil {
		WriteProblem(w, err)
	}
}

// WriteProblem writes err as an RFC 9457 problem document.
func WriteProblem(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Status: http.StatusInternalServerError, Code: "internal"}
	}
	body, _ := json.Marshal(map[string]any{
		"type": "https://w3id.org/radn/problems/" + e.Code, "title": http.StatusText(e.Status),
		"status": e.Status, "detail": e.Detail, "limit": e.Limit,
	})
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	w.Write(body)
}

// cors lets browser clients on any origin call every endpoint (the
// specification requires it uniformly).
func cors(h http.Header) {
	h.Set("Access-Control-Allow-Origin", "*")
}

// Handle answers a request under the service's path; errors are returned
// for the caller to render (always an *Error, or a context error).
func (s *Service) Handle(w http.ResponseWriter, r *http.Request) error {
	cors(w.Header())
	switch r.Method {
	case http.MethodOptions:
		h := w.Header()
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Accept, Content-Type")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return nil
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, HEAD, POST, OPTIONS")
		return &Error{Status: http.StatusMethodNotAllowed, Code: "method-not-allowed", Detail: r.Method + " is not allowed here"}
	}
	p, err := s.params(r)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	sub := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, s.cfg.Path), "/")
	switch sub {
	case "":
		switch {
		case p.has("queries"):
			return s.batch(ctx, w, []byte(p.get("queries")))
		case p.has("extend"):
			return s.extend(ctx, w, []byte(p.get("extend")))
		case p.has("query"):
			return s.single(ctx, w, p.get("query"))
		}
		return writeJSON(w, s.manifest())
	case "/suggest/entity":
		return s.suggestEntity(ctx, w, p)
	case "/suggest/type":
		return s.suggestType(w, p)
	case "/suggest/property":
		return s.suggestProperty(w, p)
	case "/preview":
		return s.preview(ctx, w, p)
	case "/view":
		return s.view(w, r, p)
	case "/properties":
		return s.proposeProperties(w, p)
	}
	return &Error{Status: http.StatusNotFound, Code: "not-found", Detail: "no reconciliation endpoint at " + r.URL.Path}
}

// params are the request's parameters: the query string, then a form or
// JSON body (a JSON body is a query batch, or a data extension query when
// it has "ids").
type params url.Values

func (p params) has(k string) bool   { _, ok := p[k]; return ok }
func (p params) get(k string) string { return url.Values(p).Get(k) }

func (s *Service) params(r *http.Request) (params, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badRequest("malformed query string: %v", err)
	}
	if r.Method == http.MethodPost && r.Body != nil {
		body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, s.cfg.MaxBody))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, &Error{Status: http.StatusRequestEntityTooLarge, Code: "body-too-large", Detail: "the request body is larger than the limit", Limit: "max-body"}
			}
			return nil, badRequest("reading the body: %v", err)
		}
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch {
		case len(bytes.TrimSpace(body)) == 0:
		case ct == "application/x-www-form-urlencoded" || ct == "":
			form, err := url.ParseQuery(string(body))
			if err != nil {
				return nil, badRequest("malformed form body: %v", err)
			}
			for k, vs := range form {
				v[k] = append(v[k], vs...)
			}
		case ct == "application/json" || strings.HasSuffix(ct, "+json"):
			if !utf8.Valid(body) {
				return nil, badRequest("the body is not valid UTF-8")
			}
			var probe map[string]json.RawMessage
			if err := json.Unmarshal(body, &probe); err != nil {
				return nil, badRequest("the JSON body is not an object: %v", err)
			}
			if _, ok := probe["ids"]; ok {
				v.Set("extend", string(body))
			} else {
				v.Set("queries", string(body))
			}
		default:
			return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported-media-type",
				Detail: "send application/x-www-form-urlencoded (queries=…, extend=…) or application/json"}
		}
	}
	for k, vs := range v {
		if !utf8.ValidString(k) {
			return nil, badRequest("a parameter name is not valid UTF-8")
		}
		for _, x := range vs {
			if !utf8.ValidString(x) {
				return nil, badRequest("parameter %q is not valid UTF-8", k)
			}
		}
	}
	return params(v), nil
}

func writeJSON(w http.ResponseWriter, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return &Error{Status: http.StatusInternalServerError, Code: "internal", Detail: err.Error()}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// ix returns the index or a 503.
func (s *Service) ix() (*search.Index, error) {
	ix, err := s.index()
	if err != nil || ix == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Detail: "the search index is not ready; retry in a moment"}
	}
	return ix, nil
}

// timedOut maps a context error to a 503.
func timedOut(err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return &Error{Status: http.StatusServiceUnavailable, Code: "query-timeout", Detail: "the request ran out of time", Limit: "reconcile-timeout"}
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal"}
}

// id is the identifier of an IRI: the IRI relative to the base.
func (s *Service) id(iri string) string { return strings.TrimPrefix(iri, s.cfg.Base) }

// iri is the IRI of an identifier (or of an IRI).
func (s *Service) iri(id string) string {
	if strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") {
		return id
	}
	return s.cfg.Base + strings.TrimPrefix(id, "/")
}

func (s *Service) serviceURL() string { return strings.TrimSuffix(s.cfg.Base, "/") + s.cfg.Path }

// manifest is the service manifest.
func (s *Service) manifest() map[string]any {
	svc := s.serviceURL()
	var types []map[string]string
	for _, k := range defaultKinds {
		types = append(types, typeRef(k))
	}
	return map[string]any{
		"versions":        []string{"0.2"},
		"name":            "Chantiers du Réseau ADN (ruche)",
		"identifierSpace": s.cfg.Base,
		"schemaSpace":     vocab.RadnNS,
		"documentation":   s.cfg.Base + "openapi.json",
		"view":            map[string]string{"url": svc + "/view?id={{id}}"},
		"preview":         map[string]any{"url": svc + "/preview?id={{id}}", "width": 400, "height": 120},
		"defaultTypes":    types,
		"suggest": map[string]any{
			"entity":   map[string]string{"service_url": svc, "service_path": "/suggest/entity"},
			"type":     map[string]string{"service_url": svc, "service_path": "/suggest/type"},
			"property": map[string]string{"service_url": svc, "service_path": "/suggest/property"},
		},
		"extend": map[string]any{
			"propose_properties": map[string]string{"service_url": svc, "service_path": "/properties"},
			"property_settings":  []any{},
		},
	}
}

// intParam parses an optional non-negative integer parameter.
func intParam(p params, name string, def, maxV int) (int, error) {
	v := p.get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("%s must be a non-negative integer", name)
	}
	return min(n, maxV), nil
}
