package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/ruche-lod/ruche/vocab"
)

// The route table: every route of the HTTP door, in one file. Handlers
// live beside what they serve; the doors of the sub-packages (sparqlhttp,
// harvest, searchdoor, partner, graphstore) are wired through s.door and
// s.handler, which turn their errors into problem documents (problem.go).

func (s *Server) routes() {
	r := s.engine
	r.GET("/healthz", s.handler(s.healthz))
	// Browsers ask for it on every visit; ruche has no icon file.
	r.GET("/favicon.ico", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=86400")
		c.Status(http.StatusNoContent)
	})
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})))
	read := r.Group("/", cors())
	for _, prefix := range []string{"/id/*path", "/concept/*path", "/graph/*path"} {
		read.GET(prefix, s.handler(s.getResource))
		read.HEAD(prefix, s.handler(s.getResource))
	}
	s.vocabRoutes(read)
	s.publishRoutes(r, read)
	s.writeRoutes(r)
	s.tokenRoutes(r)
	s.searchRoutes(r, read)
	s.graphStoreRoutes(r, read)
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
		read.Handle(m, "/sparql", s.door(s.sparql.Serve))
	}
	r.NoRoute(s.handler(func(c *gin.Context) error {
		return notFound("no resource at " + c.Request.URL.Path)
	}))
	r.NoMethod(s.handler(func(c *gin.Context) error {
		return newProblem(http.StatusMethodNotAllowed, "method-not-allowed", c.Request.Method+" is not allowed on "+c.Request.URL.Path)
	}))
}

func (s *Server) vocabRoutes(r gin.IRoutes) {
	for _, p := range []string{"/vocab", "/vocab.ttl", "/vocab.jsonld", "/vocab.nt"} {
		r.GET(p, s.handler(s.getVocab))
		r.HEAD(p, s.handler(s.getVocab))
	}
	r.GET("/"+vocab.PathContext+":version", s.handler(s.getContext))
	r.HEAD("/"+vocab.PathContext+":version", s.handler(s.getContext))
}

// publishRoutes registers the harvesting doors, collections, home page,
// embeds and static assets (see the publishing files of this package).
// The unprefixed pages negotiate their language (Accept-Language); /fr/…
// and /en/… hold a reader's explicit choice.
func (s *Server) publishRoutes(r *gin.Engine, read *gin.RouterGroup) {
	getHead := func(g gin.IRoutes, path string, h gin.HandlerFunc) {
		g.GET(path, h)
		g.HEAD(path, h)
	}
	// Home page and dataset landing page.
	getHead(read, "/", s.handler(s.getHome))
	getHead(read, "/en", s.handler(s.getHome))
	getHead(read, "/en/", s.handler(s.getHome))
	getHead(read, "/fr", s.handler(s.getHome))
	getHead(read, "/fr/", s.handler(s.getHome))
	for _, p := range []string{"/donnees", "/en/donnees", "/fr/donnees", "/.well-known/void", "/.well-known/void.ttl", "/.well-known/void.jsonld", "/.well-known/void.nt"} {
		getHead(read, p, s.handler(s.getVoID))
	}
	getHead(read, "/dataset", func(c *gin.Context) {
		c.Redirect(http.StatusSeeOther, "/.well-known/void")
	})
	// Collections.
	for _, def := range collections {
		getHead(read, def.path, s.handler(s.getCollection))
		getHead(read, "/en"+def.path, s.handler(s.getCollection))
		getHead(read, "/fr"+def.path, s.handler(s.getCollection))
	}
	// Resource pages in a chosen language.
	for _, prefix := range []string{"/en", "/fr"} {
		getHead(read, prefix+"/id/*path", s.handler(s.getEnglishResource))
		getHead(read, prefix+"/concept/*path", s.handler(s.getEnglishResource))
		getHead(read, prefix+"/graph/*path", s.handler(s.getEnglishResource))
		getHead(read, prefix+"/sparql", s.door(s.sparql.Serve))
	}
	// Dumps, sitemap, robots.
	getHead(read, "/dumps/latest.nq.gz", s.door(s.harvest.NQuads))
	// Pages a person reads: the downloads and the guides.
	for _, prefix := range []string{"", "/fr", "/en"} {
		getHead(read, prefix+"/dumps/", s.handler(s.getDumpsPage))
		getHead(read, prefix+"/guides/:name", s.handler(s.getGuide))
	}
	getHead(read, "/dumps/latest.jsonld", s.door(s.harvest.JSONLD))
	getHead(read, "/sitemap.xml", s.door(s.harvest.Sitemap))
	getHead(read, "/sitemaps/:file", s.door(s.harvest.SitemapPart))
	getHead(read, "/robots.txt", s.door(s.harvest.Robots))
	// Event stream.
	getHead(read, "/ldes", s.door(s.harvest.LDESRoot))
	getHead(read, "/ldes/pages/:page", s.door(s.harvest.LDESPage))
	// Embeds, widget and static assets.
	getHead(r, "/embed/chantiers/:slug", s.handler(s.getEmbedCard))
	getHead(read, "/oembed", s.door(s.partner.OEmbed))
	getHead(read, "/widget.js", s.door(s.partner.Widget))
	getHead(r, "/static/*file", s.door(s.partner.Static))
	// API description.
	getHead(read, "/openapi.json", s.handler(s.getOpenAPI))
}

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

// The token door of the coordination role: GET and POST /admin/tokens,
// DELETE /admin/tokens/{id}. Agents get 403, anonymous callers 401; the
// rules are records'. Answers are JSON, never cached.
func (s *Server) tokenRoutes(r *gin.Engine) {
	r.GET("/admin/tokens", s.handler(s.listTokens))
	r.POST("/admin/tokens", s.handler(s.createToken))
	r.DELETE("/admin/tokens/:id", s.handler(s.revokeToken))
}

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

// graphStoreRoutes registers /graph-store (GET and HEAD open to all,
// writes with a coordination token).
func (s *Server) graphStoreRoutes(r *gin.Engine, read *gin.RouterGroup) {
	h := s.handler(func(c *gin.Context) error {
		return graphStoreProblem(s.graphStoreDoor(c).ServeGraphStore(c.Writer, c.Request))
	})
	read.GET("/graph-store", h)
	read.HEAD("/graph-store", h)
	for _, m := range []string{http.MethodPut, http.MethodPost, http.MethodDelete} {
		r.Handle(m, "/graph-store", h)
	}
}
