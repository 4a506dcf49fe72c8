package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store/rdfio"
)

// The HTTP side of a write's body: its media type and its bytes. Decoding
// and checking it is the core's (records.Writer.Decode).

// writeMediaTypes are the body formats a write accepts.
var writeMediaTypes = map[string]rdfio.Format{
	"application/ld+json":   rdfio.JSONLD,
	"application/json":      rdfio.JSONLD,
	"text/turtle":           rdfio.Turtle,
	"application/n-triples": rdfio.NTriples,
}

func unsupportedMediaType(got string) *Problem {
	p := newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type",
		fmt.Sprintf("the body must be JSON-LD or Turtle, not %q", got))
	p.Accept = []string{"application/ld+json", "text/turtle", "application/n-triples"}
	return p
}

func unprocessable(kind, detail string) *Problem {
	return newProblem(http.StatusUnprocessableEntity, kind, detail)
}

// bodyFormat returns the RDF syntax named by the request's Content-Type.
func bodyFormat(c *gin.Context) (rdfio.Format, error) {
	ct := c.GetHeader("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return 0, unsupportedMediaType(ct)
	}
	f, ok := writeMediaTypes[strings.ToLower(mt)]
	if !ok {
		return 0, unsupportedMediaType(mt)
	}
	return f, nil
}

// readBody reads the whole request body (413 past the limit).
func readBody(c *gin.Context) ([]byte, error) {
	if c.Request.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return nil, bodyReadError(c.Request.Context(), err)
	}
	return body, nil
}
