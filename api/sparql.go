package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/negotiate"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// Result formats of the SPARQL endpoint, in the server's order of preference.
var (
	selectOffers = []string{
		"application/sparql-results+json", "application/sparql-results+xml",
		"text/csv", "text/tab-separated-values", "application/json", "application/xml", "text/xml",
	}
	graphOffers = []string{"text/turtle", "application/n-triples", "application/ld+json", "application/n-quads", "application/trig"}
)

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
				if errors.As(err, new(*http.MaxBytesError)) {
					return req, err
				}
				return req, badRequest("unreadable form body: " + err.Error())
			}
			for k, v := range c.Request.PostForm {
				params[k] = append(params[k], v...)
			}
		case "application/sparql-query":
			body, err := io.ReadAll(c.Request.Body)
			if err != nil {
				return req, err
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
		return req, badRequest("this endpoint answers queries only; SPARQL Update is not offered")
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
	if err != nil {
		return err
	}
	accept := c.GetHeader("Accept")
	if format := c.Query("format"); format != "" {
		accept = formatParamAccept(format)
	}
	if wantsHTML(accept) && c.Request.Method != http.MethodPost {
		return s.sparqlPage(c, req.query)
	}
	if strings.TrimSpace(req.query) == "" {
		return s.serviceDescription(c)
	}
	return s.runQuery(c, req, accept)
}

// wantsHTML reports whether a browser asked for a page rather than data.
func wantsHTML(accept string) bool {
	best, ok := negotiate.Best(accept, append([]string{"text/html"}, selectOffers...))
	return ok && best == "text/html" && strings.Contains(accept, "text/html")
}

// formatParamAccept maps the format= parameter to an Accept header.
func formatParamAccept(format string) string {
	switch strings.ToLower(format) {
	case "json", "srj":
		return "application/sparql-results+json"
	case "xml", "srx":
		return "application/sparql-results+xml"
	case "csv":
		return "text/csv"
	case "tsv":
		return "text/tab-separated-values"
	case "turtle", "ttl":
		return "text/turtle"
	case "ntriples", "nt":
		return "application/n-triples"
	case "jsonld":
		return "application/ld+json"
	}
	return format
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
func (s *Server) runQuery(c *gin.Context, req sparqlRequest, accept string) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	q, err := sparql.Prepare(req.query, sparql.Options{
		BaseIRI: s.cfg.Base, DefaultGraphs: req.defaultGraphs, NamedGraphs: req.namedGraphs,
	})
	if err != nil {
		return queryError(err)
	}
	offers := selectOffers
	if q.Form() == sparql.Construct || q.Form() == sparql.Describe {
		offers = graphOffers
	}
	mediaType, ok := negotiate.Best(accept, offers)
	if !ok {
		return notAcceptable(offers)
	}
	client := c.ClientIP()
	if wait, ok := s.budget.admit(client); !ok {
		p := newProblem(http.StatusTooManyRequests, "query-budget", fmt.Sprintf(
			"this client used its query time budget (%s of query time per %s); retry later",
			s.budget.perWindow, s.budget.window))
		p.Limit = "client-time-budget"
		c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		writeProblem(c, p)
		return nil
	}
	release, err := s.querySlots.acquire(c.Request.Context())
	if err != nil {
		return err
	}
	defer release()

	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.QueryTimeout)
	defer cancel()
	start := time.Now()
	defer func() {
		s.budget.spend(client, time.Since(start))
		s.metrics.queries.WithLabelValues(q.Form().String()).Inc()
	}()

	snap := st.Snapshot()
	defer snap.Close()
	res, err := q.Exec(ctx, sparql.StoreDataset(snap), s.limits())
	if err != nil {
		return s.execError(err, ctx)
	}
	c.Header("Vary", "Accept")
	c.Header("Cache-Control", "no-store")
	c.Header("Access-Control-Allow-Origin", "*")
	switch q.Form() {
	case sparql.Ask:
		f, _ := results.ParseFormat(mediaType)
		c.Header("Content-Type", f.MediaType()+"; charset=utf-8")
		c.Status(http.StatusOK)
		return results.WriteBoolean(f, c.Writer, res.Boolean)
	case sparql.Select:
		return s.streamSolutions(c, ctx, mediaType, res)
	default:
		return s.streamTriples(c, ctx, mediaType, res)
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
}

func (h *heldWriter) Write(p []byte) (int, error) {
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

// streamSolutions writes SELECT results.
func (s *Server) streamSolutions(c *gin.Context, ctx context.Context, mediaType string, res *sparql.Result) error {
	f, err := results.ParseFormat(mediaType)
	if err != nil {
		return notAcceptable(selectOffers)
	}
	h := &heldWriter{c: c, header: func() { c.Header("Content-Type", f.MediaType()+"; charset=utf-8") }}
	w := results.NewWriter(f, h, res.Vars)
	for row, err := range res.Solutions() {
		if err != nil {
			return s.fail(h, err, ctx, func() { _ = w.Abort(err) })
		}
		if err := w.Write(row); err != nil {
			return nil // the client went away
		}
	}
	if err := w.Close(); err != nil {
		return nil
	}
	return h.commit()
}

// streamTriples writes CONSTRUCT/DESCRIBE results in an RDF format.
func (s *Server) streamTriples(c *gin.Context, ctx context.Context, mediaType string, res *sparql.Result) error {
	f, err := rdfio.ParseFormat(mediaType)
	if err != nil {
		return notAcceptable(graphOffers)
	}
	h := &heldWriter{c: c, header: func() { c.Header("Content-Type", f.MediaType()+"; charset=utf-8") }}
	enc, err := rdfio.NewEncoder(f, h, rdfio.EncodeOptions{Prefixes: turtlePrefixes})
	if err != nil {
		return err
	}
	for t, err := range res.Triples() {
		if err != nil {
			return s.fail(h, err, ctx, func() {})
		}
		if err := enc.Encode(rdf.Quad{S: t.S, P: t.P, O: t.O}); err != nil {
			return nil
		}
	}
	if err := enc.Close(); err != nil {
		return nil
	}
	return h.commit()
}

// queryError maps a preparation error to a 400 with its position.
func queryError(err error) error {
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
	var le *sparql.LimitError
	switch {
	case errors.As(err, &le):
		p := newProblem(http.StatusServiceUnavailable, "query-limit", le.Error())
		p.Limit = le.Limit
		return p
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		p := newProblem(http.StatusServiceUnavailable, "query-timeout",
			fmt.Sprintf("the query ran past the time limit of %s", s.cfg.QueryTimeout))
		p.Limit = "timeout"
		return p
	case errors.Is(err, context.Canceled):
		return newProblem(499, "client-closed", "the client went away")
	case errors.Is(err, sparql.ErrServiceUnsupported):
		return newProblem(http.StatusNotImplemented, "service-unsupported", err.Error())
	}
	return fmt.Errorf("query evaluation: %w", err)
}

func (s *Server) limits() sparql.Limits {
	return sparql.Limits{MaxResults: s.cfg.MaxResults, MaxMemoryRows: s.cfg.MaxMemoryRows}
}
