package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// The search door (package searchdoor) keeps the full-text index in step
// with the store, serves /recherche, /en/search and /reconcile and
// describes them (searchdoor.Ops); what stays here: its routes.

// CloseSearch closes the search index (serve calls it before closing the
// store).
func (s *Server) CloseSearch() error { return s.search.Close() }

// searchAction is the schema:SearchAction of the home page.
func (s *Server) searchAction(lang string) map[string]any { return s.search.Action(lang) }

// searchRoutes registers the search pages and the reconciliation service.
func (s *Server) searchRoutes(r *gin.Engine, read *gin.RouterGroup) {
	for _, p := range []string{"/recherche", "/en/search"} {
		read.GET(p, s.door(s.search.Search))
		read.HEAD(p, s.door(s.search.Search))
	}
	for _, p := range []string{"/reconcile", "/reconcile/*path"} {
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions} {
			r.Handle(m, p, s.door(s.search.Reconcile))
		}
	}
}
