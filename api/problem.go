package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/api/negotiate"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/api/web"
)

// Problem is an RFC 9457 problem details document. Extension members carry
// positions of syntax errors, validation violations and the limit reached.
type Problem struct {
	Type       string `json:"type"`
	Title      string `json:"title"`
	Status     int    `json:"status"`
	Detail     string `json:"detail,omitempty"`
	Instance   string `json:"instance,omitempty"`
	Line       int    `json:"line,omitempty"`
	Column     int    `json:"column,omitempty"`
	Limit      string `json:"limit,omitempty"`
	Violations any    `json:"violations,omitempty"`
	Accept     any    `json:"accept,omitempty"` // the media types on offer, with 406 and 415
}

// Error makes a Problem usable as an error value returned by handlers.
func (p *Problem) Error() string {
	if p.Detail != "" {
		return p.Title + ": " + p.Detail
	}
	return p.Title
}

// problemTypeBase prefixes the problem type names; they are documented in
// the OpenAPI description.
const problemTypeBase = "https://w3id.org/radn/problems/"

// newProblem builds a problem of a given kind (a short slug naming the type).
func newProblem(status int, kind, detail string) *Problem {
	return &Problem{
		Type:   problemTypeBase + kind,
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
	}
}

// Convenience constructors for the common kinds.
func badRequest(detail string) *Problem {
	return newProblem(http.StatusBadRequest, "bad-request", detail)
}
func notFound(detail string) *Problem { return newProblem(http.StatusNotFound, "not-found", detail) }
func gone(iri string) *Problem        { return newProblem(http.StatusGone, "gone", iri+" has been withdrawn") }
func unavailable(detail string) *Problem {
	return newProblem(http.StatusServiceUnavailable, "unavailable", detail)
}
func notAcceptable(offers []string) *Problem {
	p := newProblem(http.StatusNotAcceptable, "not-acceptable", "none of the formats on offer is acceptable")
	p.Accept = offers
	return p
}

// The mappings from errors to problem documents, all in this file (with
// limits.go for the limits): asProblem for the core's error kinds
// (api/records) and every error a handler returns, doorProblem for the
// errors of the doors below api (api/door), graphStoreProblem for
// api/graphstore's.

// asProblem maps any error to a problem; errors that are not problems are
// internal errors, logged by the caller and shown without details.
func asProblem(err error) *Problem {
	var p *Problem
	var vs records.Violations
	var ce *records.Error
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &vs):
		p := newProblem(http.StatusUnprocessableEntity, "validation", vs.Error())
		p.Violations = []records.Violation(vs)
		return p
	case errors.As(err, &ce):
		p := newProblem(coreStatus(ce.Kind), ce.Code, ce.Detail)
		p.Line, p.Column, p.Limit = ce.Line, ce.Column, ce.Limit
		return p
	case errors.Is(err, records.ErrInvalid):
		return newProblem(http.StatusUnprocessableEntity, "invalid", err.Error())
	case errors.Is(err, records.ErrNotFound):
		return notFound(err.Error())
	}
	if lp, ok := limitProblem(err); ok {
		return lp
	}
	return newProblem(http.StatusInternalServerError, "internal", "")
}

// doorProblem is the one mapping from the problems the doors below api
// report (package door) to problem documents; any other error passes
// unchanged (asProblem maps limits and internal errors).
func doorProblem(err error) error {
	var e *door.Error
	if !errors.As(err, &e) {
		return err
	}
	p := newProblem(e.Status, e.Kind, e.Detail)
	p.Line, p.Column, p.Limit = e.Line, e.Column, e.Limit
	if e.Accept != nil {
		p.Accept = e.Accept
	}
	return p
}

// graphStoreProblem maps the package's errors to problems.
func graphStoreProblem(err error) error {
	var ge *graphstore.Error
	if !errors.As(err, &ge) {
		return err
	}
	p := newProblem(graphstore.Status(ge.Kind), ge.Code, ge.Detail)
	if len(ge.Violations) > 0 {
		out := make([]records.Violation, 0, len(ge.Violations))
		for _, v := range ge.Violations {
			out = append(out, records.ViolationOf(v))
		}
		p.Violations = out
	}
	return p
}

// coreStatus is the status of one of the core's error kinds.
func coreStatus(kind error) int {
	switch kind {
	case records.ErrMalformed:
		return http.StatusBadRequest
	case records.ErrForbidden:
		return http.StatusForbidden
	case records.ErrNotFound:
		return http.StatusNotFound
	case records.ErrConflict:
		return http.StatusConflict
	case records.ErrGone:
		return http.StatusGone
	case records.ErrPrecondition:
		return http.StatusPreconditionFailed
	case records.ErrTooLarge:
		return http.StatusRequestEntityTooLarge
	case records.ErrInvalid:
		return http.StatusUnprocessableEntity
	case records.ErrPreconditionRequired:
		return http.StatusPreconditionRequired
	}
	return http.StatusInternalServerError
}

// writeProblem sends p as application/problem+json and aborts the chain.
func writeProblem(c *gin.Context, p *Problem) {
	if p.Instance == "" {
		p.Instance = c.Request.URL.RequestURI()
		if len(p.Instance) > 512 {
			p.Instance = p.Instance[:512]
		}
	}
	body, err := json.Marshal(p)
	if err != nil {
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	c.Header("Content-Type", "application/problem+json")
	c.Header("Cache-Control", "no-store")
	c.Status(p.Status)
	_, _ = c.Writer.Write(body)
	c.Abort()
}

// wantsErrorPage reports whether the client is a browser that prefers an
// HTML page to a problem document.
func (s *Server) wantsErrorPage(c *gin.Context) bool {
	accept := c.GetHeader("Accept")
	if !strings.Contains(accept, "text/html") {
		return false
	}
	best, ok := negotiate.Best(accept, []string{"text/html", "application/problem+json", "application/json"})
	return ok && best == "text/html"
}

// writeErrorPage renders a problem as an HTML page with the same status.
func (s *Server) writeErrorPage(c *gin.Context, p *Problem) {
	lang := pageLang(c)
	v := web.ErrorView{Status: p.Status, Detail: p.Detail, DetailLang: "en"}
	v.Page = web.Page{Lang: lang, Title: errorTitle(lang, p), Translations: s.errorTranslations(c)}
	var buf bytes.Buffer
	if err := s.web.Error(&buf, v); err != nil {
		writeProblem(c, p)
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Status(p.Status)
	_, _ = c.Writer.Write(buf.Bytes())
	c.Abort()
}
