package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// writeRoutes registers the write API (see the write files of this package):
// POST, PUT, PATCH and DELETE on the same /id/… URLs as the documents.
func (s *Server) writeRoutes(r *gin.Engine) {
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		r.Handle(m, "/id/*path", s.handler(s.write))
	}
	// The listed collections accept what they list (POST /chantiers is
	// POST /id/chantiers).
	for _, def := range collections {
		if def.writes != "" {
			r.POST(def.path, s.handler(s.postCollection))
		}
	}
	r.GET("/proposer", s.handler(s.getPropose))
	r.HEAD("/proposer", s.handler(s.getPropose))
	r.POST("/proposer", s.handler(s.postPropose))
}
