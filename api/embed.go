package api

import (
	"bytes"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/partner"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/vocab"
)

// cardCSP lets any site frame the card, and nothing else in: inline styles
// only, https images, no script.
const cardCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https:; frame-ancestors *"

// cardURL is the absolute URL of a chantier's embed card.
func (s *Server) cardURL(slug, lang string) string { return partner.CardURL(s.cfg.Base, slug, lang) }

// embedPanel fills the "Intégrer" panel of a chantier page.
func (s *Server) embedPanel(iri, title string, jsonld []byte, lang string) *web.EmbedPanel {
	slug, ok := strings.CutPrefix(iri, s.cfg.Base+vocab.PathChantiers)
	if !ok || slug == "" || strings.Contains(slug, "/") {
		return nil
	}
	return &web.EmbedPanel{
		SnippetJSONLD: jsonld,
		CardURL:       s.cardURL(slug, lang),
		WidgetURL:     s.cfg.Base + "widget.js",
		Title:         title,
	}
}

// langParam reads the lang query parameter of embeds: fr (default) or en.
func langParam(c *gin.Context) (string, error) {
	switch l := c.Query("lang"); l {
	case "", "fr":
		return "fr", nil
	case "en":
		return "en", nil
	default:
		return "", badRequest("lang must be fr or en, not " + l)
	}
}

// getEmbedCard serves the iframe card of a chantier, framable anywhere.
func (s *Server) getEmbedCard(c *gin.Context) error {
	slug := c.Param("slug")
	lang, err := langParam(c)
	if err != nil {
		return err
	}
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	iri := vocab.ChantierIRI(s.cfg.Base, slug)
	ctx := c.Request.Context()
	version := snap.Version()
	doc, err := s.docs.get(cacheKey("card|", iri, "|", lang, "|", version), func() (*rendered, error) {
		if !hasType(ctx, snap, iri, vocab.RadnChantier) {
			return nil, notFound("no chantier " + slug)
		}
		quads, err := describe(ctx, snap, iri)
		if err != nil {
			return nil, err
		}
		triples := triplesOf(quads)
		l := newLabeler(ctx, snap, lang)
		jsonld, err := pageJSONLD(iri, triples, lang, l)
		if err != nil {
			return nil, err
		}
		labels := func(p string) []string {
			var out []string
			for _, k := range s.links(objectsOf(triples, iri, p), l) {
				out = append(out, k.Label)
			}
			return out
		}
		href := iri
		if lang == "en" {
			href = s.cfg.Base + "en/" + strings.TrimPrefix(iri, s.cfg.Base)
		}
		v := web.CardView{
			Lang: lang, IRI: iri, Href: href, Name: l.labelOr(iri),
			Kinds: labels(vocab.RadnKind), Themes: labels(vocab.RadnTheme),
			Definition: pickLiteral(objectsOf(triples, iri, vocab.RadnInitialDefinition), l.langs),
			JSONLD:     jsonld,
		}
		if v.Definition == "" {
			v.Definition = pickLiteral(objectsOf(triples, iri, schemaNS+"description"), l.langs)
		}
		var buf bytes.Buffer
		if err := s.web.Embed(&buf, v); err != nil {
			return nil, err
		}
		return newRendered(buf.Bytes(), s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", cardCSP)
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	return sendDocument(c, doc, "text/html", "", "public, max-age=3600")
}
