package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// errUpdateRequest marks a POST carrying an update (graphstore_routes.go).
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
			return req, newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type",
				"POST a query as application/x-www-form-urlencoded or application/sparql-query")
		}
		switch ct {
		case "application/x-www-form-urlencoded":
			if err := c.Request.ParseForm(); err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return req, err
				}
				if p := bodyReadError(c.Request.Context(), err); asProblem(p).Status != http.StatusBadRequest {
					return req, p
				}
				return req, badRequest("unreadable form body: " + err.Error())
			}
			for k, v := range c.Request.PostForm {
				params[k] = append(params[k], v...)
			}
		case "application/sparql-update":
			return req, errUpdateRequest
		case "application/sparql-query":
			body, err := io.ReadAll(c.Request.Body)
			if err != nil {
				return req, bodyReadError(c.Request.Context(), err)
			}
			if len(params["query"]) > 0 {
				return req, badRequest("a query in the body and in the URL")
			}
			params["query"] = []string{string(body)}
		default:
			p := newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type",
				"POST a query as application/x-www-form-urlencoded or application/sparql-query, not "+ct)
			p.Accept = []string{"application/x-www-form-urlencoded", "application/sparql-query"}
			return req, p
		}
	}
	if _, ok := params["update"]; ok {
		if c.Request.Method != http.MethodPost || c.Request.PostForm["update"] == nil {
			return req, badRequest("send an update by POST, in a form body or as application/sparql-update")
		}
		return req, errUpdateRequest
	}
	switch n := len(params["query"]); {
	case n > 1:
		return req, badRequest("more than one query parameter")
	case n == 1:
		req.query = params["query"][0]
	}
	req.defaultGraphs = params["default-graph-uri"]
	req.namedGraphs = params["named-graph-uri"]
	return req, nil
}

// sparqlEndpoint answers /sparql: the query page for browsers, the service
// description when there is no query, and query results otherwise.
func (s *Server) sparqlEndpoint(c *gin.Context) error {
	req, err := readSPARQLRequest(c)
	if errors.Is(err, errUpdateRequest) {
		return s.sparqlUpdate(c)
	}
	if err != nil {
		return err
	}
	if int64(len(req.query)) > s.cfg.MaxQueryBytes {
		return &limitError{name: limitQuerySize, status: http.StatusRequestEntityTooLarge,
			detail: fmt.Sprintf("the query is longer than the limit of %d bytes", s.cfg.MaxQueryBytes)}
	}
	accept := c.GetHeader("Accept")
	format := formatParam(c)
	if wantsHTML(accept, format) && c.Request.Method != http.MethodPost {
		return s.sparqlPage(c, req.query)
	}
	if strings.TrimSpace(req.query) == "" {
		return s.serviceDescription(c)
	}
	return s.runQuery(c, req, accept, format)
}

// formatParam is the value of the format= parameter (URL or form body) when
// there is exactly one. A repeated parameter is no answer: SPARQLWrapper
// sends format=json-ld&format=application/ld+json,… beside a good Accept.
func formatParam(c *gin.Context) string {
	values := c.Request.URL.Query()["format"]
	if c.Request.PostForm != nil {
		values = append(values, c.Request.PostForm["format"]...)
	}
	if len(values) != 1 {
		return ""
	}
	return values[0]
}

// sparqlFormat picks the format of a result: the format= parameter when it
// names one of the offered formats (by name, alias or media type), the
// Accept header otherwise; an unknown format= falls back to Accept.
func sparqlFormat(accept, format string, formats []docFormat) (docFormat, error) {
	if f, ok := formatByName(format, formats); ok && format != "" {
		return f, nil
	}
	return chooseFormat(accept, formats)
}

// wantsHTML reports whether a browser asked for a page rather than data:
// no format= naming a data format, and text/html preferred to every result
// format.
func wantsHTML(accept, format string) bool {
	if _, ok := formatByName(format, selectFormats); ok {
		return false
	}
	if _, ok := formatByName(format, graphFormats); ok {
		return false
	}
	f, err := chooseFormat(accept, append([]docFormat{fmtHTML}, selectFormats...))
	return err == nil && f == fmtHTML && strings.Contains(accept, "text/html")
}

func (s *Server) sparqlPage(c *gin.Context, query string) error {
	lang := pageLang(c)
	v := web.SPARQLView{Endpoint: sparqlPagePath(c), Query: query, FormatParam: "format"}
	v.Page = web.Page{Lang: lang, Title: "SPARQL", Nav: "sparql", Canonical: s.cfg.Base + "sparql", Translations: s.translations("/sparql")}
	v.Error = s.sparqlPageError(lang, query)
	v.Examples = web.ExamplesFor(s.cfg.Base)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Vary", "Accept, Accept-Language")
	c.Status(http.StatusOK)
	return s.web.SPARQL(c.Writer, v)
}

// runQuery prepares and runs one query, streaming its results.
func (s *Server) runQuery(c *gin.Context, req sparqlRequest, accept, format string) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	client := c.ClientIP()
	if wait, ok := s.budget.admit(client); !ok {
		p, _ := limitProblem(&limitError{name: limitClientTimeBudget, status: http.StatusTooManyRequests, detail: fmt.Sprintf(
			"this client used its query time budget (%s of query time per %s); retry later",
			s.budget.perWindow, s.budget.window)})
		c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		writeProblem(c, p)
		return nil
	}
	release, err := s.querySlots.acquire(c.Request.Context(), client)
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
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.QueryTimeout)
	defer cancel()
	start := time.Now()
	defer func() { s.budget.spend(client, time.Since(start)) }()
	var q *sparql.Query
	if running := s.within(ctx, func() {
		q, err = sparql.PrepareContext(ctx, req.query, sparql.Options{
			BaseIRI: s.cfg.Base, DefaultGraphs: req.defaultGraphs, NamedGraphs: req.namedGraphs,
		})
	}); running != nil {
		// Preparation is still running: it keeps the query slot until it
		// ends, so abandoned work never exceeds the slots.
		releaseSlot = false
		go func() { <-running; release() }()
		return s.execError(context.DeadlineExceeded, ctx)
	}
	if q == nil && err == nil {
		err = badRequest("the query could not be prepared") // it panicked (logged)
	}
	if err != nil {
		return queryError(err)
	}
	formats := selectFormats
	if q.Form() == sparql.Construct || q.Form() == sparql.Describe {
		formats = graphFormats
	}
	f, err := sparqlFormat(accept, format, formats)
	if err != nil {
		return err
	}
	defer s.metrics.queries.WithLabelValues(q.Form().String()).Inc()

	snap := st.Snapshot()
	closeSnap := true
	defer func() {
		if closeSnap {
			snap.Close()
		}
	}()
	var res *sparql.Result
	if running := s.within(ctx, func() { res, err = q.Exec(ctx, sparql.StoreDataset(snap), s.limits()) }); running != nil {
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
		c.Header("Content-Type", f.mediaType+"; charset=utf-8")
		c.Status(http.StatusOK)
		return results.WriteBoolean(f.results, c.Writer, res.Boolean)
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
func (s *Server) within(ctx context.Context, fn func()) <-chan struct{} {
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer func() {
			if rec := recover(); rec != nil {
				s.log.Error("panic preparing a query", "panic", fmt.Sprint(rec), "stack", string(debug.Stack()))
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
	// max caps the bytes of the whole response (Config.MaxResultBytes);
	// n counts them; err is the limit error once it is reached.
	max, n int64
	err    error
}

func (h *heldWriter) Write(p []byte) (int, error) {
	if h.err != nil {
		return 0, h.err
	}
	if h.max > 0 && h.n+int64(len(p)) > h.max {
		h.err = resultBytesError(h.max)
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
func (s *Server) fail(h *heldWriter, err error, ctx context.Context, abort func()) error {
	if !h.committed {
		return s.execError(err, ctx)
	}
	abort()
	s.log.Warn("query failed after the response started", "err", err)
	panic(http.ErrAbortHandler)
}

func (s *Server) newHeldWriter(c *gin.Context, mediaType string) *heldWriter {
	return &heldWriter{c: c, max: s.cfg.MaxResultBytes,
		header: func() { c.Header("Content-Type", mediaType+"; charset=utf-8") }}
}

// writeFailed handles an error writing a result: the byte limit is a 503
// limit problem while nothing was sent (the response cut short after);
// any other write error is the client going away.
func (s *Server) writeFailed(h *heldWriter, err error, ctx context.Context) error {
	if h.err != nil {
		return s.fail(h, h.err, ctx, func() {})
	}
	s.log.Info("client went away during the response", "err", err, "status", statusClientClosed)
	return nil
}

// streamSolutions writes SELECT results.
func (s *Server) streamSolutions(c *gin.Context, ctx context.Context, f docFormat, res *sparql.Result) error {
	h := s.newHeldWriter(c, f.mediaType)
	w := results.NewWriter(f.results, h, res.Vars)
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
func (s *Server) streamTriples(c *gin.Context, ctx context.Context, f docFormat, res *sparql.Result) error {
	h := s.newHeldWriter(c, f.mediaType)
	enc, err := rdfio.NewEncoder(f.rdf, h, rdfio.EncodeOptions{Prefixes: turtlePrefixes})
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
					s.log.Warn("result cut: not representable", "format", f.name, "err", err)
					panic(http.ErrAbortHandler)
				}
				p := notAcceptable(offersOf(graphFormats))
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
func queryError(err error) error {
	if p, ok := limitProblem(err); ok {
		return p
	}
	if ie := new(sparql.InternalError); errors.As(err, &ie) {
		return fmt.Errorf("preparing a query: %w", err)
	}
	var se *parser.SyntaxError
	if errors.As(err, &se) {
		p := newProblem(http.StatusBadRequest, "query-syntax", se.Msg)
		p.Line, p.Column = se.Line, se.Column
		return p
	}
	var te *algebra.TranslateError
	if errors.As(err, &te) {
		return newProblem(http.StatusBadRequest, "query-syntax", err.Error())
	}
	return badRequest(err.Error())
}

// execError maps an evaluation error: a time-out or a resource limit is a
// 503 naming the limit; a client that went away gets nothing.
func (s *Server) execError(err error, ctx context.Context) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		p, _ := limitProblem(context.DeadlineExceeded)
		p.Detail = fmt.Sprintf("the query ran past the time limit of %s", s.cfg.QueryTimeout)
		return p
	case errors.Is(err, context.Canceled):
		return newProblem(499, "client-closed", "the client went away")
	case errors.Is(err, sparql.ErrServiceUnsupported):
		return newProblem(http.StatusNotImplemented, "service-unsupported", err.Error())
	}
	if p, ok := limitProblem(err); ok {
		return p
	}
	return fmt.Errorf("query evaluation: %w", err)
}

func (s *Server) limits() sparql.Limits {
	return sparql.Limits{MaxResults: s.cfg.MaxResults, MaxMemoryRows: s.cfg.MaxMemoryRows, MaxMemoryBytes: s.cfg.MaxMemoryBytes}
}
