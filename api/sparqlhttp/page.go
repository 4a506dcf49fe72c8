package sparqlhttp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/sparql/parser"
)

// page serves the query page, its form filled with query.
func (s *Door) page(c *gin.Context, query string) error {
	lang := s.Lang(c)
	v := web.SPARQLView{Endpoint: pagePath(c), Query: query, FormatParam: "format"}
	v.Page = web.Page{Lang: lang, Title: "SPARQL", Nav: "sparql", Canonical: s.Base + "sparql", Translations: s.Translations("/sparql")}
	v.Error = s.pageError(lang, query)
	v.Examples = web.ExamplesFor(s.Base)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Vary", "Accept, Accept-Language")
	c.Status(http.StatusOK)
	return s.Web.SPARQL(c.Writer, v)
}

// pageError checks the query a SPARQL page starts with and, when it
// does not parse, says so in the page's language (the parser's own
// message, in English, follows as the technical detail).
func (s *Door) pageError(lang, query string) string {
	if strings.TrimSpace(query) == "" {
		return ""
	}
	_, err := sparql.Prepare(query, sparql.Options{BaseIRI: s.Base})
	if err == nil {
		return ""
	}
	msg := web.T(lang, "sparql.syntax")
	var se *parser.SyntaxError
	if errors.As(err, &se) {
		msg += " (" + fmt.Sprintf(web.T(lang, "sparql.position"), se.Line, se.Column) + ")"
		err = errors.New(se.Msg)
	}
	return msg + web.T(lang, "colon") + err.Error()
}

// pagePath is where the SPARQL page sends its queries: the path it
// was served at (/sparql, /fr/sparql or /en/sparql), so that the form
// keeps the reader's choice of language.
func pagePath(c *gin.Context) string {
	switch p := c.Request.URL.Path; p {
	case "/fr/sparql", "/en/sparql":
		return p
	}
	return "/sparql"
}
