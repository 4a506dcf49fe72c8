package api

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
)

// The search door (package searchdoor) keeps the full-text index in step
// with the store and serves /recherche, /en/search and /reconcile; what
// stays here: reindexing after a write, and the routes' OpenAPI entries.

// indexWrite notes a write about to commit and returns the function that
// reindexes what it touched once it is done (committed or not: reindexing
// reads the store as it is). A write's resources are those of its audit
// records and the chantiers it touched.
func (s *Server) indexWrite(w *writeRequest) func() {
	ix := s.searchIx.Load()
	if ix == nil {
		return func() {}
	}
	ix.Begin()
	return func() {
		iris := append(slices.Clone(w.indexed), w.touched...)
		if !w.t.collection {
			iris = append(iris, w.t.iri)
		}
		if err := ix.Apply(w.ctx(), w.st, iris...); err != nil {
			s.log.Error("search index: reindex after a write (repaired at the next start)", "err", err)
		}
	}
}

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

// searchOps describe the search and reconciliation routes (OpenAPI).
func searchOps() []apiOp {
	var ops []apiOp
	for _, p := range []struct{ path, id, summary string }{
		{"/recherche", "search", "Full-text search of the public text (ranked, highlighted, ?type ?status ?theme filters, paged): HTML, or a schema:SearchResultsPage / Hydra collection in JSON-LD"},
		{"/en/search", "search_en", "English search page"},
	} {
		ops = append(ops, apiOp{method: "get", path: p.path, id: p.id, summary: p.summary, tag: "search",
			params: []string{"q", "type", "page", "size", "status", "theme"}, media: []string{"text/html", "application/ld+json"}, errors: []int{400, 404, 406, 429}})
	}
	recon := "Reconciliation Service API v0.2: the manifest, or a batch (queries=) or data extension (extend=) by query string"
	for _, p := range []string{"/reconcile", "/reconcile/{path}"} {
		id := "reconcile"
		sum := recon
		var params []string
		if p != "/reconcile" {
			id, sum = "reconcileSub", "Reconciliation sub-services: suggest/entity, suggest/type, suggest/property, preview, view (303), properties"
			params = []string{"path"}
		}
		ops = append(ops,
			apiOp{method: "get", path: p, id: id, summary: sum, tag: "reconciliation", params: params, media: []string{"application/json", "text/html"}, errors: []int{400, 404, 413, 429}},
			apiOp{method: "post", path: p, id: id + "Post", summary: "Reconciliation batch or data extension by POST (form queries=/extend=, or a JSON body)", tag: "reconciliation",
				params: params, media: []string{"application/json"}, body: []string{"application/x-www-form-urlencoded", "application/json"}, errors: []int{400, 404, 413, 415, 429}},
			apiOp{method: "options", path: p, id: id + "Options", summary: "CORS preflight", tag: "reconciliation", params: params, status: 204},
		)
	}
	return ops
}
