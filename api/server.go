package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/framing"
	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/api/harvest"
	"github.com/ruche-lod/ruche/api/partner"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/api/searchdoor"
	"github.com/ruche-lod/ruche/api/sparqlhttp"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// Config is everything the HTTP layer needs to know about its deployment.
type Config struct {
	// Base is the base IRI under which ruche mints and serves its own
	// resources; it ends with "/".
	Base string
	// MaxBodyBytes caps request bodies (413 beyond).
	MaxBodyBytes int64
	// QueryTimeout bounds the run time of one SPARQL query (503 beyond).
	QueryTimeout time.Duration
	// MaxResults caps the rows (or triples) of one query result.
	MaxResults int64
	// MaxResultBytes caps the bytes of one SPARQL response: a 503 naming
	// the limit result-bytes while nothing was sent, the body cut short
	// (unterminated) after.
	MaxResultBytes int64
	// MaxQueryBytes caps the text of one SPARQL query (413 beyond).
	MaxQueryBytes int64
	// MaxTextLength caps the characters of one literal written through
	// the write API (422 beyond).
	MaxTextLength int
	// MaxWriteTriples caps the triples of one write body (413 beyond).
	MaxWriteTriples int
	// MaxUpdateBytes caps the body of a SPARQL Update or a Graph Store
	// write (coordination tokens only; 413 beyond).
	MaxUpdateBytes int64
	// MaxUpdateTriples caps the quads one SPARQL Update or Graph Store
	// write inserts plus deletes (413 beyond, nothing written).
	MaxUpdateTriples int
	// ClientQueries bounds the queries one client runs at once (its
	// share of ConcurrentQueries).
	ClientQueries int
	// MaxMemoryRows caps the rows one query may hold in memory (sorts,
	// groups, DISTINCT, hash joins).
	MaxMemoryRows int64
	// MaxMemoryBytes caps the bytes one query may hold in memory (the
	// same buffers, anti-join builds, and the strings functions build).
	MaxMemoryBytes int64
	// QueryBudget is the query time each client may use per minute (429
	// beyond, with Retry-After).
	QueryBudget time.Duration
	// ConcurrentQueries bounds the queries running at once.
	ConcurrentQueries int
	// Logger receives access logs and errors; nil discards them.
	Logger *slog.Logger
	// SearchDir holds the full-text index ("" keeps it in memory);
	// ReconcileBatch caps the queries of a reconciliation batch (default 1000).
	SearchDir      string
	ReconcileBatch int
}

// DefaultConfig returns the configuration of a local server.
func DefaultConfig() Config {
	return Config{
		Base:              "http://localhost:8080/",
		MaxBodyBytes:      4 << 20,
		QueryTimeout:      30 * time.Second,
		MaxResults:        1_000_000,
		MaxMemoryRows:     5_000_000,
		MaxMemoryBytes:    512 << 20,
		MaxResultBytes:    32 << 20,
		MaxQueryBytes:     1 << 20,
		MaxTextLength:     20_000,
		MaxWriteTriples:   1_000,
		MaxUpdateBytes:    64 << 20,
		MaxUpdateTriples:  1_000_000,
		ClientQueries:     2,
		QueryBudget:       120 * time.Second,
		ConcurrentQueries: 4,
	}
}

// Server is ruche's HTTP API. It answers /healthz with 503 until the store
// is attached with SetStore, so a listener can start before a big store has
// finished opening.
type Server struct {
	cfg     Config
	log     *slog.Logger
	engine  *gin.Engine
	store   atomic.Pointer[store.Store]
	metrics *metrics
	web     *web.Renderer
	docs    *docCache
	clock   versionClock
	started time.Time

	budget     *sparqlhttp.Budget
	dumpMemo   dumpMemo // pages.go: sizes and checksums of the dumps
	querySlots *sparqlhttp.Slots
	sparql     *sparqlhttp.Door // the doors below api (doors.go)
	harvest    *harvest.Door
	search     *searchdoor.Door
	partner    *partner.Door
	authFails  *authThrottle

	// apiContext is the parsed "@context" value of the API context, shared
	// by every JSON-LD frame (the JSON-LD layer caches its parsed form by
	// identity); contextIRI is where it is served.
	apiContext any
	contextIRI string

	writer *records.Writer // the write rules of the core (write.go)

	outer http.Handler // the router wrapped by Wrap (replication.go), if any
}

// New builds the server and its route table.
func New(cfg Config) (*Server, error) {
	def := DefaultConfig()
	if cfg.Base == "" || !strings.HasSuffix(cfg.Base, "/") {
		return nil, fmt.Errorf("api: base IRI %q must end with '/'", cfg.Base)
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = def.MaxBodyBytes
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = def.QueryTimeout
	}
	if cfg.MaxResults <= 0 {
		cfg.MaxResults = def.MaxResults
	}
	if cfg.MaxResultBytes <= 0 {
		cfg.MaxResultBytes = def.MaxResultBytes
	}
	if cfg.MaxQueryBytes <= 0 {
		cfg.MaxQueryBytes = def.MaxQueryBytes
	}
	if cfg.MaxTextLength <= 0 {
		cfg.MaxTextLength = def.MaxTextLength
	}
	if cfg.MaxWriteTriples <= 0 {
		cfg.MaxWriteTriples = def.MaxWriteTriples
	}
	if cfg.MaxUpdateBytes <= 0 {
		cfg.MaxUpdateBytes = def.MaxUpdateBytes
	}
	if cfg.MaxUpdateTriples <= 0 {
		cfg.MaxUpdateTriples = def.MaxUpdateTriples
	}
	if cfg.ClientQueries <= 0 {
		cfg.ClientQueries = def.ClientQueries
	}
	if cfg.MaxMemoryRows <= 0 {
		cfg.MaxMemoryRows = def.MaxMemoryRows
	}
	if cfg.MaxMemoryBytes <= 0 {
		cfg.MaxMemoryBytes = def.MaxMemoryBytes
	}
	if cfg.QueryBudget <= 0 {
		cfg.QueryBudget = def.QueryBudget
	}
	if cfg.ConcurrentQueries <= 0 {
		cfg.ConcurrentQueries = def.ConcurrentQueries
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	gin.SetMode(gin.ReleaseMode)
	renderer, err := web.New(web.Options{Nav: siteNav()})
	if err != nil {
		return nil, fmt.Errorf("api: templates: %w", err)
	}
	s := &Server{cfg: cfg, log: log, engine: gin.New(), metrics: newMetrics(), web: renderer, docs: newDocCache(4096), started: time.Now()}
	var ctxDoc map[string]any
	if err := json.Unmarshal(vocab.ContextDocument(cfg.Base), &ctxDoc); err != nil {
		return nil, fmt.Errorf("api: embedded JSON-LD context: %w", err)
	}
	s.apiContext = ctxDoc["@context"]
	s.budget = sparqlhttp.NewBudget(cfg.QueryBudget, time.Minute)
	s.authFails = newAuthThrottle(10, time.Minute)
	s.querySlots = sparqlhttp.NewSlots(cfg.ConcurrentQueries, cfg.ClientQueries, 10*time.Second)
	s.newDoors()
	s.metrics.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "ruche_sparql_running_queries", Help: "SPARQL queries holding a query slot (running, or abandoned past the time limit and still ending).",
	}, func() float64 { return float64(s.querySlots.Used()) }))
	s.contextIRI = vocab.ContextIRI(cfg.Base)
	s.writer = s.newWriter()
	if err := s.engine.SetTrustedProxies(nil); err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	s.engine.HandleMethodNotAllowed = true
	s.engine.Use(s.recoverer(), s.accessLog(), refuseAmbiguousFraming(), securityHeaders(), preflight(), s.bodyLimit())
	s.routes()
	return s, nil
}

// SetStore attaches the opened store; from then on the server is ready.
func (s *Server) SetStore(st *store.Store) {
	s.store.Store(st)
	s.search.Attach(st)
	s.metrics.storeOnce.Do(func() { s.metrics.registerStore(&s.store) })
}

// Handler returns the http.Handler to serve.
func (s *Server) Handler() http.Handler {
	if s.outer != nil {
		return s.outer
	}
	return s.engine
}

// ready returns the store or a 503 problem while it is still opening.
func (s *Server) ready() (*store.Store, error) {
	st := s.store.Load()
	if st == nil {
		return nil, unavailable("the store is still opening; retry in a moment")
	}
	return st, nil
}

// handler adapts a handler that returns an error to gin, so that every error
// becomes a problem document in one place.
func (s *Server) handler(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		err := fn(c)
		if err == nil {
			return
		}
		p := asProblem(err)
		if p.Status >= 500 && p.Type == problemTypeBase+"internal" {
			s.log.Error("request failed", "path", c.Request.URL.Path, "err", err)
		}
		if c.Writer.Written() {
			// Too late for a status: the body has started; cut it short so the
			// client cannot take it for complete.
			s.log.Warn("error after response started", "path", c.Request.URL.Path, "err", err)
			panic(http.ErrAbortHandler)
		}
		if (p.Status == http.StatusServiceUnavailable || p.Status == http.StatusTooManyRequests) && c.Writer.Header().Get("Retry-After") == "" {
			c.Header("Retry-After", "5")
		}
		if s.wantsErrorPage(c) {
			s.writeErrorPage(c, p)
			return
		}
		writeProblem(c, p)
	}
}

func (s *Server) healthz(c *gin.Context) error {
	if _, err := s.ready(); err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
	return nil
}

// recoverer turns a panic into a 500 problem (or, once the body has started,
// into an aborted response), logging the stack.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			if rec == http.ErrAbortHandler {
				panic(rec)
			}
			s.log.Error("panic in handler", "path", c.Request.URL.Path, "panic", fmt.Sprint(rec), "stack", string(debug.Stack()))
			if c.Writer.Written() {
				panic(http.ErrAbortHandler)
			}
			writeProblem(c, newProblem(http.StatusInternalServerError, "internal", ""))
		}()
		c.Next()
	}
}

// accessLog writes one structured line per request and feeds the metrics.
func (s *Server) accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		elapsed := time.Since(start)
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		status := c.Writer.Status()
		if errors.Is(c.Request.Context().Err(), context.Canceled) {
			// The client went away before the answer was complete: logged
			// as nginx's 499, never as a server error.
			status = door.StatusClientClosed
		}
		s.metrics.observe(c.Request.Method, route, status, elapsed)
		s.log.Info("request",
			"method", c.Request.Method,
			"path", c.Request.URL.Path,
			"route", route,
			"status", status,
			"bytes", c.Writer.Size(),
			"duration_ms", float64(elapsed.Microseconds())/1000,
			"client", c.ClientIP(),
		)
	}
}

// bodyLimit caps every request body; reading past the cap yields
// *http.MaxBytesError, which asProblem maps to 413.
func (s *Server) bodyLimit() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body != nil {
			limit := s.cfg.MaxBodyBytes
			if graphstore.BulkWrite(c.Request) {
				limit = max(limit, s.cfg.MaxUpdateBytes) // the door applies MaxUpdateBytes
			}
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
	}
}

// metrics are the Prometheus collectors of one server.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	queries  *prometheus.CounterVec

	storeOnce sync.Once
}

// registerStore adds gauges of the attached store's size, read from its
// statistics (kept up to date on every write, cheap to read).
func (m *metrics) registerStore(st *atomic.Pointer[store.Store]) {
	stat := func(f func(*store.Snapshot) float64) func() float64 {
		return func() float64 {
			s := st.Load()
			if s == nil {
				return 0
			}
			snap := s.Snapshot()
			defer snap.Close()
			return f(snap)
		}
	}
	m.registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ruche_store_quads", Help: "Quads in the public space of the store."},
			stat(func(snap *store.Snapshot) float64 { return float64(snap.Stats().Quads) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ruche_store_graphs", Help: "Graphs in the public space of the store."},
			stat(func(snap *store.Snapshot) float64 { return float64(len(snap.Stats().Graphs)) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ruche_store_data_version", Help: "Data version of the store (grows on every write)."},
			stat(func(snap *store.Snapshot) float64 { return float64(snap.Version()) })),
	)
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ruche_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ruche_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10),
		}, []string{"route"}),
		queries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ruche_sparql_queries_total", Help: "SPARQL queries run, by form.",
		}, []string{"form"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.queries,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, fmt.Sprint(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// ListenAndServe serves until ctx is cancelled, then shuts down gracefully
// within grace.
func (s *Server) ListenAndServe(ctx context.Context, addr string, grace time.Duration, ready func(addr string)) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ConnContext:       framing.ConnContext,
	}
	errc := make(chan error, 1)
	go func() {
		ln, err := listen(addr)
		if err != nil {
			errc <- err
			return
		}
		if ready != nil {
			ready(ln.Addr().String())
		}
		errc <- srv.Serve(framing.Listener{Listener: ln})
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("api: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// securityHeaders sets the defaults every response carries: no MIME
// sniffing, and pages that only ruche itself may frame (the embed card
// overrides the frame policy for partner sites).
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if !strings.HasPrefix(c.Request.URL.Path, "/embed/") {
			h.Set("Content-Security-Policy", "frame-ancestors 'self'")
		}
		c.Next()
	}
}
