package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

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
