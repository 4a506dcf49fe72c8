package api

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/sparql/parser"
)

// unprefixed is a request path without its /fr or /en language prefix.
func unprefixed(path string) string {
	for _, p := range []string{"/fr", "/en"} {
		if path == p {
			return "/"
		}
		if rest, ok := strings.CutPrefix(path, p+"/"); ok {
			return "/" + rest
		}
	}
	return path
}

// errorTranslations let the reader of an error page switch language and
// keep the choice (/fr/… or /en/… of the same path).
func (s *Server) errorTranslations(c *gin.Context) []web.Translation {
	path := unprefixed(c.Request.URL.Path)
	return []web.Translation{
		{Lang: "fr", Href: s.cfg.Base + strings.TrimPrefix(sitePath("fr", path), "/"), Choose: sitePath("fr", path)},
		{Lang: "en", Href: s.cfg.Base + strings.TrimPrefix(sitePath("en", path), "/"), Choose: sitePath("en", path)},
	}
}

// errorTitle is the title of an error page in its language.
func errorTitle(lang string, p *Problem) string {
	key := fmt.Sprintf("status.%d", p.Status)
	if t := web.T(lang, key); t != key {
		return t
	}
	return p.Title
}

// sparqlPageError checks the query a SPARQL page starts with and, when it
// does not parse, says so in the page's language (the parser's own
// message, in English, follows as the technical detail).
func (s *Server) sparqlPageError(lang, query string) string {
	if strings.TrimSpace(query) == "" {
		return ""
	}
	_, err := sparql.Prepare(query, sparql.Options{BaseIRI: s.cfg.Base})
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

// sparqlPagePath is where the SPARQL page sends its queries: the path it
// was served at (/sparql, /fr/sparql or /en/sparql), so that the form
// keeps the reader's choice of language.
func sparqlPagePath(c *gin.Context) string {
	switch p := c.Request.URL.Path; p {
	case "/fr/sparql", "/en/sparql":
		return p
	}
	return "/sparql"
}

// listedCollection is the listed collection of a write collection path
// (/id/chantiers → /chantiers), or "".
func listedCollection(path string) string {
	name := strings.TrimSuffix(strings.TrimPrefix(path, "/id/"), "/")
	for _, d := range collections {
		if d.writes != "" && d.writes == name && path != "" {
			return d.path
		}
	}
	return ""
}
