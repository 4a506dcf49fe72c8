package api

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/api/web/svg"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Site names, for the site description and the page profile.
var siteName = map[string]string{
	"fr": "Chantiers du Réseau ADN",
	"en": "Réseau ADN chantiers",
}

// networkIRI is the organisation that publishes the site.
func (s *Server) networkIRI() string {
	return vocab.NetworkIRI(s.cfg.Base)
}

// datasetIRI names the dataset described at /.well-known/void.
func (s *Server) datasetIRI() string { return s.cfg.Base + "dataset" }

// getHome serves / (French) and /en/ (English): the page for browsers, a
// small description of the site (a schema:WebSite and dcat:Catalog) for
// linked-data clients.
func (s *Server) getHome(c *gin.Context) error {
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	f, err := chooseFormat(c.GetHeader("Accept"), homeFormats)
	if err != nil {
		return err
	}
	lang := pageLang(c)
	version := snap.Version()
	ctx := c.Request.Context()
	doc, err := s.docs.get(cacheKey("home|", f.name, "|", lang, "|", version), func() (*rendered, error) {
		var body []byte
		var err error
		if f == fmtHTML {
			body, err = s.renderHome(ctx, snap, lang)
		} else {
			body, err = renderQuads(f, s.siteTriples(ctx, snap), s.cfg.Base, prefixContext)
		}
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	s.describedBy(c, f)
	return sendDocument(c, doc, f.mediaType, "", "")
}

// siteTriples describe the site: a web site and data catalog published by
// the network, listing the dataset and the chantiers.
func (s *Server) siteTriples(ctx context.Context, snap *store.Snapshot) []rdf.Quad {
	site := rdf.IRI(s.cfg.Base)
	var g door.Graph
	g.IRI(s.cfg.Base, rdf.RDFType, schemaNS+"WebSite")
	g.IRI(s.cfg.Base, rdf.RDFType, dcatNS+"Catalog")
	for lang, name := range siteName {
		g.Add(site, schemaNS+"name", rdf.LangString(name, lang))
		g.Add(site, dctermsNS+"title", rdf.LangString(name, lang))
	}
	g.IRI(s.cfg.Base, schemaNS+"publisher", s.networkIRI())
	g.IRI(s.cfg.Base, dctermsNS+"publisher", s.networkIRI())
	g.IRI(s.cfg.Base, dcatNS+"dataset", s.datasetIRI())
	g.IRI(s.cfg.Base, voidNS+"sparqlEndpoint", s.cfg.Base+"sparql")
	for _, d := range collections {
		g.IRI(s.cfg.Base, hydraNS+"collection", s.cfg.Base+d.path[1:])
	}
	for _, ch := range distinctSubjects(ctx, snap, rdf.RDFType, rdf.IRI(vocab.RadnChantier)) {
		g.Add(site, schemaNS+"about", ch)
	}
	return g.Quads
}

// chantierIRIs lists the public chantiers.
func chantierIRIs(ctx context.Context, r quadReader) []string {
	var out []string
	for _, t := range distinctSubjects(ctx, r, rdf.RDFType, rdf.IRI(vocab.RadnChantier)) {
		if t.IsIRI() {
			out = append(out, t.Value)
		}
	}
	return out
}

// summaryOf is one member of a list: name, kinds, status and definition.
func (s *Server) summaryOf(ctx context.Context, snap *store.Snapshot, iri string, l *labeler) web.ChantierSummary {
	self := rdf.IRI(iri)
	def := pickLiteral(lookup(ctx, snap, self, vocab.RadnInitialDefinition), l.langs)
	if def == "" {
		def = pickLiteral(lookup(ctx, snap, self, schemaNS+"description"), l.langs)
	}
	if def == "" {
		def = pickLiteral(lookup(ctx, snap, self, skosNS+"definition"), l.langs)
	}
	if len(def) > 400 {
		def = truncateText(def, 400)
	}
	return web.ChantierSummary{
		Link:       web.Link{Href: s.pageHref(iri, l.langs[0]), Label: l.labelOr(iri)},
		Kinds:      s.links(lookup(ctx, snap, self, vocab.RadnKind), l),
		Status:     s.firstLink(lookup(ctx, snap, self, vocab.RadnStatus), l),
		Chantier:   hasType(ctx, snap, iri, vocab.RadnChantier),
		Definition: def,
	}
}

// pageHref is the page of an IRI in a language (/fr/… or /en/…) when it is
// a resource of ours (under id/, concept/ or graph/); any other IRI is
// linked as hrefOf does.
func (s *Server) pageHref(iri, lang string) string {
	h := s.hrefOf(iri)
	if strings.HasPrefix(h, "/id/") || strings.HasPrefix(h, "/concept/") || strings.HasPrefix(h, "/graph/") {
		return sitePath(lang, h)
	}
	return h
}

// truncateText cuts text at a rune boundary before max bytes, adding "…".
func truncateText(text string, max int) string {
	cut := 0
	for i := range text {
		if i > max {
			break
		}
		cut = i
	}
	return text[:cut] + "…"
}

// renderHome renders the home page: the chantiers, the chart of kinds and
// statuses and the lineage chart.
func (s *Server) renderHome(ctx context.Context, snap *store.Snapshot, lang string) ([]byte, error) {
	l := newLabeler(ctx, snap, lang)
	v := web.HomeView{}
	counts := map[[2]string]int{}
	for _, iri := range chantierIRIs(ctx, snap) {
		sum := s.summaryOf(ctx, snap, iri, l)
		v.Chantiers = append(v.Chantiers, sum)
		kinds := sum.Kinds
		if len(kinds) == 0 {
			kinds = []web.Link{{Label: web.T(lang, "kind.none")}}
		}
		for _, k := range kinds {
			counts[[2]string{k.Label, sum.Status.Label}]++
		}
		v.Lineage.Nodes = append(v.Lineage.Nodes, svg.Node{ID: iri, Label: sum.Label, Href: sum.Href})
		for _, from := range lookup(ctx, snap, rdf.IRI(iri), provWasDerivedFrom) {
			if from.IsIRI() {
				v.Lineage.Edges = append(v.Lineage.Edges, svg.Edge{From: from.Value, To: iri})
			}
		}
	}
	slices.SortFunc(v.Chantiers, func(a, b web.ChantierSummary) int {
		if c := compareFold(a.Label, b.Label); c != 0 {
			return c
		}
		return compareFold(a.Href, b.Href)
	})
	for k, n := range counts {
		v.KindStatus = append(v.KindStatus, svg.KindStatusCount{Kind: k[0], Status: k[1], Count: n})
	}
	slices.SortFunc(v.KindStatus, func(a, b svg.KindStatusCount) int {
		if c := compareFold(a.Kind, b.Kind); c != 0 {
			return c
		}
		return compareFold(a.Status, b.Status)
	})
	slices.SortFunc(v.Lineage.Edges, func(a, b svg.Edge) int {
		if a.From != b.From {
			return compareFold(a.From, b.From)
		}
		return compareFold(a.To, b.To)
	})
	jsonld, err := json.Marshal(map[string]any{
		"@context":   "https://schema.org",
		"@type":      "WebSite",
		"@id":        s.cfg.Base + "#site",
		"url":        s.cfg.Base + langPath(lang, "/")[1:],
		"name":       siteName[lang],
		"inLanguage": lang,
		"publisher": map[string]any{
			"@type": "Organization",
			"@id":   s.networkIRI(),
			"name":  l.labelOr(s.networkIRI()),
		},
		"potentialAction": s.searchAction(lang),
	})
	if err != nil {
		return nil, err
	}
	v.Guides = append(guideLinks(lang),
		web.Link{Href: "/proposer", Label: web.T(lang, "footer.propose")},
		web.Link{Href: "/openapi.json", Label: web.T(lang, "footer.openapi")})
	v.Page = web.Page{
		Lang:         lang,
		Canonical:    s.cfg.Base + langPath(lang, "/")[1:],
		Translations: s.translations("/"),
		JSONLD:       jsonld,
		Alternates:   web.Alternates{JSONLD: "/.well-known/void.jsonld", Turtle: "/.well-known/void.ttl"},
	}
	var buf bytes.Buffer
	if err := s.web.Home(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
