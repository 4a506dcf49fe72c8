package api

import (
	"github.com/gin-gonic/gin"
)

// serviceDescription answers a /sparql request without a query.
func (s *Server) serviceDescription(c *gin.Context) error {
	f, err := chooseFormat(c.GetHeader("Accept"), graphFormats)
	if err != nil {
		return err
	}
	doc, err := s.docs.get("service-description|"+f.name, func() (*rendered, error) {
		quads := s.sparql.Description()
		var body []byte
		var err error
		if f == fmtJSONLD {
			body, err = s.renderJSONLDGraph("", quads)
		} else {
			body, err = renderRDF(f, sortForSubject(quads, ""))
		}
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.started), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, f.mediaType, "", "public, max-age=3600")
}
