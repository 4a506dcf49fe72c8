package sparqlhttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// Format is one format a result can be sent in: a row of api's format
// table, as the door needs it.
type Format struct {
	Name      string         // short name
	MediaType string         // Content-Type sent
	RDF       rdfio.Format   // the RDF syntax of CONSTRUCT and DESCRIBE results
	Results   results.Format // the syntax of SELECT and ASK results
}

// Door answers /sparql: the query page for browsers, the service
// description when there is no query, query results otherwise; updates go
// to Update. Its handlers return errors (package door, limit errors, or
// those of the funcs given) that api renders as problem documents.
type Door struct {
	Base string
	// Store returns the open store, or the error to answer while there is
	// none.
	Store func() (*store.Store, error)
	Log   *slog.Logger
	// Limits bound the evaluation of one query; Timeout its run time,
	// preparation included (503 beyond); MaxQueryBytes its text (413);
	// MaxResultBytes the bytes of one response (503, or the body cut short).
	Limits         sparql.Limits
	Timeout        time.Duration
	MaxQueryBytes  int64
	MaxResultBytes int64
	Budget         *Budget // query time per client
	Slots          *Slots  // queries running at once
	// Prefixes are declared in Turtle and TriG results.
	Prefixes map[string]string
	// Choose picks the format of a result by the Accept header and the
	// format= parameter, among those of a SELECT/ASK (graph false) or a
	// CONSTRUCT/DESCRIBE (graph true) query; GraphOffers are the media
	// types of the latter, for a 406. WantsHTML reports whether a browser
	// asks for the query page.
	Choose      func(accept, param string, graph bool) (Format, error)
	GraphOffers []string
	WantsHTML   func(accept, param string) bool
	// Web renders the query page, in the language Lang reads from the
	// request, with links to its Translations.
	Web          *web.Renderer
	Lang         func(c *gin.Context) string
	Translations func(path string) []web.Translation
	// Describe serves the service description, Update an update request.
	Describe func(c *gin.Context) error
	Update   func(c *gin.Context) error
	// Reject answers at once with the problem of err (a client over its
	// time budget).
	Reject func(c *gin.Context, err error)
	// IsLimit reports whether err means a limit was reached (api maps it).
	IsLimit func(error) bool
	// Counted, when set, is told the form of every query run.
	Counted func(form string)
}

// errUpdateRequest marks a POST carrying an update.
var errUpdateRequest = errors.New("an update request")

// sparqlRequest is a query read from the protocol's three forms.
type sparqlRequest struct {
	query                      string
	defaultGraphs, namedGraphs []string
}

// readSPARQLRequest reads a query by GET, by POST form, or by POST with an
// application/sparql-query body (SPARQL 1.1 Protocol §2.1).
func readSPARQLRequest(c *gin.Context) (sparqlRequest, error) {
	var req sparqlRequest
	params := c.Request.URL.Query()
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		ct, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
		if err != nil {
			return req, door.New(http.StatusUnsupportedMediaType, "unsupported-media-type",
				"POST a query as application/x-www-form-urlencoded or application/sparql-query")
		}
		switch ct {
		case "application/x-www-form-urlencoded":
			if err := c.Request.ParseForm(); err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return req, err
				}
				var e *door.Error
				if p := door.BodyReadError(c.Request.Context(), err); !errors.As(p, &e) || e.Status != http.StatusBadRequest {
					return req, p
				}
				return req, door.BadRequest("unreadable form body: " + err.Error())
			}
			for k, v := range c.Request.PostForm {
				params[k] = append(params[k], v...)
			}
		case "application/sparql-update":
			return req, errUpdateRequest
		case "application/sparql-query":
			body, err := io.ReadAll(c.Request.Body)
			if err != nil {
				return req, door.BodyReadError(c.Request.Context(), err)
			}
			if len(params["query"]) > 0 {
				return req, door.BadRequest("a query in the body and in the URL")
			}
			params["query"] = []string{string(body)}
		default:
			p := door.New(http.StatusUnsupportedMediaType, "unsupported-media-type",
				"POST a query as application/x-www-form-urlencoded or application/sparql-query, not "+ct)
			p.Accept = []string{"application/x-www-form-urlencoded", "application/sparql-query"}
			return req, p
		}
	}
	if _, ok := params["update"]; ok {
		if c.Request.Method != http.MethodPost || c.Request.PostForm["update"] == nil {
			return req, door.BadRequest("send an update by POST, in a form body or as application/sparql-update")
		}
		return req, errUpdateRequest
	}
	switch n := len(params["query"]); {
	case n > 1:
		return req, door.BadRequest("more than one query parameter")
	case n == 1:
		req.query = params["query"][0]
	}
	req.defaultGraphs = params["default-graph-uri"]
	req.namedGraphs = params["named-graph-uri"]
	return req, nil
}

// Serve answers /sparql: the query page for browsers, the service
// description when there is no query, and query results otherwise.
func (s *Door) Serve(c *gin.Context) error {
	req, err := readSPARQLRequest(c)
	if errors.Is(err, errUpdateRequest) {
		return s.Update(c)
	}
	if err != nil {
		return err
	}
	if int64(len(req.query)) > s.MaxQueryBytes {
		return &door.LimitError{Name: door.LimitQuerySize, Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("the query is longer than the limit of %d bytes", s.MaxQueryBytes)}
	}
	accept := c.GetHeader("Accept")
	format := FormatParam(c)
	if s.WantsHTML(accept, format) && c.Request.Method != http.MethodPost {
		return s.page(c, req.query)
	}
	if strings.TrimSpace(req.query) == "" {
		return s.Describe(c)
	}
	return s.runQuery(c, req, accept, format)
}

// FormatParam is the value of the format= parameter (URL or form body) when
// there is exactly one. A repeated parameter is no answer: SPARQLWrapper
// sends format=json-ld&format=application/ld+json,… beside a good Accept.
func FormatParam(c *gin.Context) string {
	values := c.Request.URL.Query()["format"]
	if c.Request.PostForm != nil {
		values = append(values, c.Request.PostForm["format"]...)
	}
	if len(values) != 1 {
		return ""
	}
	return values[0]
}

// runQuery prepares and runs one query, streaming its results.
func (s *Door) runQuery(c *gin.Context, req sparqlRequest, accept, format string) error {
	st, err := s.Store()
	if err != nil {
		return err
	}
	client := c.ClientIP()
	if wait, ok := s.Budget.Admit(client); !ok {
		c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.Reject(c, &door.LimitError{Name: door.LimitClientTimeBudget, Status: http.StatusTooManyRequests, Detail: fmt.Sprintf(
			"this client used its query time budget (%s of query time per %s); retry later",
			s.Budget.perWindow, s.Budget.window)})
		return nil
	}
	release, err := s.Slots.Acquire(c.Request.Context(), client)
	if err != nil {
		return err
	}
	releaseSlot := true
	defer func() {
		if releaseSlot {
			release()
		}
	}()

	// The time limit covers preparation (parsing, translation) too.
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.Timeout)
	defer cancel()
	start := time.Now()
	defer func() { s.Budget.Spend(client, time.Since(start)) }()
	var q *sparql.Query
	if running := s.within(ctx, func() {
		q, err = sparql.PrepareContext(ctx, req.query, sparql.Options{
			BaseIRI: s.Base, DefaultGraphs: req.defaultGraphs, NamedGraphs: req.namedGraphs,
		})
	}); running != nil {
		// Preparation is still running: it keeps the query slot until it
		// ends, so abandoned work never exceeds the slots.
		releaseSlot = false
		go func() { <-running; release() }()
		return s.execError(context.DeadlineExceeded, ctx)
	}
	if q == nil && err == nil {
		err = door.BadRequest("the query could not be prepared") // it panicked (logged)
	}
	if err != nil {
		return s.queryError(err)
	}
	f, err := s.Choose(accept, format, q.Form() == sparql.Construct || q.Form() == sparql.Describe)
	if err != nil {
		return err
	}
	if s.Counted != nil {
		defer s.Counted(q.Form().String())
	}

	snap := st.Snapshot()
	closeSnap := true
	defer func() {
		if closeSnap {
			snap.Close()
		}
	}()
	var res *sparql.Result
	if running := s.within(ctx, func() { res, err = q.Exec(ctx, sparql.StoreDataset(snap), s.Limits) }); running != nil {
		// Planning ran past the limit: as above, the abandoned work keeps
		// its slot and its snapshot until it ends.
		releaseSlot, closeSnap = false, false
		go func() { <-running; snap.Close(); release() }()
		return s.execError(context.DeadlineExceeded, ctx)
	}
	if res == nil && err == nil {
		err = errors.New("query planning panicked (logged)")
	}
	if err != nil {
		return s.execError(err, ctx)
	}
	c.Header("Vary", "Accept")
	c.Header("Cache-Control", "no-store")
	c.Header("Access-Control-Allow-Origin", "*")
	switch q.Form() {
	case sparql.Ask:
		c.Header("Content-Type", f.MediaType+"; charset=utf-8")
		c.Status(http.StatusOK)
		return results.WriteBoolean(f.Results, c.Writer, res.Boolean)
	case sparql.Select:
		return s.streamSolutions(c, ctx, f, res)
	default:
		return s.streamTriples(c, ctx, f, res)
	}
}

// within runs fn unless ctx ends first: it returns nil once fn has
// returned, or, when ctx ended before, a channel closed when fn (still
// running, its results to be ignored) returns. A panic in fn is logged and
// leaves its results unset.
func (s *Door) within(ctx context.Context, fn func()) <-chan struct{} {
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer func() {
			if rec := recover(); rec != nil {
				s.Log.Error("panic preparing a query", "panic", fmt.Sprint(rec), "stack", string(debug.Stack()))
			}
		}()
		fn()
	}()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return finished
	}
}

// holdBytes is how much of a result is held back before the response
// starts: a query that fails (time-out, limit) before its result reaches
// this size still gets a proper problem document; past it the result
// streams, and a later failure cuts the response short.
const holdBytes = 8 << 20

// heldWriter buffers output until commit, or until it holds more than
// holdBytes, whichever comes first; then it writes through.
type heldWriter struct {
	c         *gin.Context
	buf       bytes.Buffer
	committed bool
	header    func()
	// max caps the bytes of the whole response (Door.MaxResultBytes);
	// n counts them; err is the limit error once it is reached.
	max, n int64
	err    error
}

func (h *heldWriter) Write(p []byte) (int, error) {
	if h.err != nil {
		return 0, h.err
	}
	if h.max > 0 && h.n+int64(len(p)) > h.max {
		h.err = ResultBytesError(h.max)
		return 0, h.err
	}
	h.n += int64(len(p))
	if h.committed {
		return h.c.Writer.Write(p)
	}
	h.buf.Write(p)
	if h.buf.Len() > holdBytes {
		if err := h.commit(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// commit starts the response and writes what was held.
func (h *heldWriter) commit() error {
	if h.committed {
		return nil
	}
	h.committed = true
	h.header()
	h.c.Status(http.StatusOK)
	_, err := h.c.Writer.Write(h.buf.Bytes())
	h.buf = bytes.Buffer{}
	return err
}

// fail reports an evaluation error: a problem document if nothing was sent
// yet, otherwise an aborted response.
func (s *Door) fail(h *heldWriter, err error, ctx context.Context, abort func()) error {
	if !h.committed {
		return s.execError(err, ctx)
	}
	abort()
	s.Log.Warn("query failed after the response started", "err", err)
	panic(http.ErrAbortHandler)
}

func (s *Door) newHeldWriter(c *gin.Context, mediaType string) *heldWriter {
	return &heldWriter{c: c, max: s.MaxResultBytes,
		header: func() { c.Header("Content-Type", mediaType+"; charset=utf-8") }}
}

// writeFailed handles an error writing a result: the byte limit is a 503
// limit problem while nothing was sent (the response cut short after);
// any other write error is the client going away.
func (s *Door) writeFailed(h *heldWriter, err error, ctx context.Context) error {
	if h.err != nil {
		return s.fail(h, h.err, ctx, func() {})
	}
	s.Log.Info("client went away during the response", "err", err, "status", door.StatusClientClosed)
	return nil
}

// streamSolutions writes SELECT results.
func (s *Door) streamSolutions(c *gin.Context, ctx context.Context, f Format, res *sparql.Result) error {
	h := s.newHeldWriter(c, f.MediaType)
	w := results.NewWriter(f.Results, h, res.Vars)
	for row, err := range res.Solutions() {
		if err != nil {
			return s.fail(h, err, ctx, func() { _ = w.Abort(err) })
		}
		if err := w.Write(row); err != nil {
			return s.writeFailed(h, err, ctx)
		}
	}
	if err := w.Close(); err != nil {
		return s.writeFailed(h, err, ctx)
	}
	return h.commit()
}

// streamTriples writes CONSTRUCT/DESCRIBE results in an RDF format.
func (s *Door) streamTriples(c *gin.Context, ctx context.Context, f Format, res *sparql.Result) error {
	h := s.newHeldWriter(c, f.MediaType)
	enc, err := rdfio.NewEncoder(f.RDF, h, rdfio.EncodeOptions{Prefixes: s.Prefixes})
	if err != nil {
		return err
	}
	for t, err := range res.Triples() {
		if err != nil {
			return s.fail(h, err, ctx, func() {})
		}
		if err := enc.Encode(rdf.Quad{S: t.S, P: t.P, O: t.O}); err != nil {
			if errors.Is(err, rdfio.ErrNotRepresentable) {
				if h.committed {
					s.Log.Warn("result cut: not representable", "format", f.Name, "err", err)
					panic(http.ErrAbortHandler)
				}
				p := door.NotAcceptable(s.GraphOffers)
				p.Detail = err.Error() + "; ask for another format"
				return p
			}
			return s.writeFailed(h, err, ctx)
		}
	}
	if err := enc.Close(); err != nil {
		return s.writeFailed(h, err, ctx)
	}
	return h.commit()
}

// queryError maps a preparation error to a 400 with its position; a query
// beyond a bound of the parser or the planner (depth, size) to a 413 naming
// the limit; a bug of the parser to a 500.
func (s *Door) queryError(err error) error {
	if s.IsLimit(err) {
		return err
	}
	if ie := new(sparql.InternalError); errors.As(err, &ie) {
		return fmt.Errorf("preparing a query: %w", err)
	}
	var se *parser.SyntaxError
	if errors.As(err, &se) {
		p := door.New(http.StatusBadRequest, "query-syntax", se.Msg)
		p.Line, p.Column = se.Line, se.Column
		return p
	}
	var te *algebra.TranslateError
	if errors.As(err, &te) {
		return door.New(http.StatusBadRequest, "query-syntax", err.Error())
	}
	return door.BadRequest(err.Error())
}

// execError maps an evaluation error: a time-out or a resource limit is a
// 503 naming the limit; a client that went away gets nothing.
func (s *Door) execError(err error, ctx context.Context) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &door.LimitError{Name: door.LimitQueryTimeout, Status: http.StatusServiceUnavailable,
			Detail: fmt.Sprintf("the query ran past the time limit of %s", s.Timeout)}
	case errors.Is(err, context.Canceled):
		return door.New(499, "client-closed", "the client went away")
	case errors.Is(err, sparql.ErrServiceUnsupported):
		return door.New(http.StatusNotImplemented, "service-unsupported", err.Error())
	}
	if s.IsLimit(err) {
		return err
	}
	return fmt.Errorf("query evaluation: %w", err)
}

// ResultBytesError ends a response past Door.MaxResultBytes.
func ResultBytesError(max int64) error {
	return &door.LimitError{Name: door.LimitResultBytes, Status: http.StatusServiceUnavailable,
		Detail: fmt.Sprintf("the response exceeds the limit of %d bytes", max)}
}
