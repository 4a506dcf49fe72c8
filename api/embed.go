package api

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/vocab"
)

// cardCSP lets any site frame the card, and nothing else in: inline styles
// only, https images, no script.
const cardCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https:; frame-ancestors *"

// providerName is the oEmbed provider_name.
const providerName = "Réseau ADN — chantiers"

// cardURL is the absolute URL of a chantier's embed card.
func (s *Server) cardURL(slug, lang string) string {
	if lang != "en" {
		lang = "fr"
	}
	return s.cfg.Base + "embed/chantiers/" + url.PathEscape(slug) + "?lang=" + lang
}

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

// oembedResponse is an oEmbed 1.0 response.
type oembedResponse struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	Title        string `json:"title,omitempty"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	CacheAge     int    `json:"cache_age"`
	Width        int    `json:"width,omitempty"`
	Height       int    `json:"height,omitempty"`
	HTML         string `json:"html,omitempty"`
}

// oembedTarget maps a URL of ours to the IRI of its resource and the page
// language, or reports that the URL is not one of our pages.
func (s *Server) oembedTarget(raw string) (iri, lang string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", "", false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	rest, ok := strings.CutPrefix(u.String(), s.cfg.Base)
	if !ok {
		// Accept the other scheme of the same host (http/https).
		b, err := url.Parse(s.cfg.Base)
		if err != nil || u.Host != b.Host || !strings.HasPrefix(u.Path, b.Path) {
			return "", "", false
		}
		rest = strings.TrimPrefix(u.Path, b.Path)
	}
	lang = "fr"
	if r, ok := strings.CutPrefix(rest, "en/"); ok {
		rest, lang = r, "en"
	}
	rest, _, _ = formatFromPath(rest, rdfDocFormats)
	if !strings.HasPrefix(rest, "id/") && !strings.HasPrefix(rest, "concept/") && !strings.HasPrefix(rest, "graph/") {
		return "", "", false
	}
	return s.cfg.Base + rest, lang, true
}

// getOEmbed answers oEmbed requests for our resource pages: chantiers get
// the card (type rich), other resources a link.
func (s *Server) getOEmbed(c *gin.Context) error {
	switch c.Query("format") {
	case "", "json":
	default:
		return newProblem(http.StatusNotImplemented, "not-implemented", "only format=json is supported")
	}
	raw := c.Query("url")
	if raw == "" {
		return badRequest("the url parameter is required")
	}
	q := c.Request.URL.Query()
	maxW, err := intParam(q, "maxwidth", web.CardWidth, 1, 100000)
	if err != nil {
		return err
	}
	maxH, err := intParam(q, "maxheight", web.CardHeight, 1, 100000)
	if err != nil {
		return err
	}
	iri, lang, ok := s.oembedTarget(raw)
	if !ok {
		return notFound("not one of our pages: " + raw)
	}
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	ctx := c.Request.Context()
	version := snap.Version()
	doc, err := s.docs.get(cacheKey("oembed|", iri, "|", lang, "|", maxW, "x", maxH, "|", version), func() (*rendered, error) {
		if !exists(ctx, snap, iri) {
			return nil, notFound("no resource " + iri)
		}
		l := newLabeler(ctx, snap, lang)
		resp := oembedResponse{
			Version: "1.0", Type: "link", Title: l.labelOr(iri),
			ProviderName: providerName, ProviderURL: s.cfg.Base, CacheAge: 86400,
		}
		if slug, ok := strings.CutPrefix(iri, s.cfg.Base+vocab.PathChantiers); ok && !strings.Contains(slug, "/") && hasType(ctx, snap, iri, vocab.RadnChantier) {
			resp.Type = "rich"
			resp.Width, resp.Height = min(web.CardWidth, maxW), min(web.CardHeight, maxH)
			resp.HTML = web.EmbedIframe(s.cardURL(slug, lang), resp.Title, resp.Width, resp.Height)
		}
		body, err := json.Marshal(resp)
		if err != nil {
			return nil, err
		}
		return newRendered(append(body, '\n'), s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, "application/json", "", "public, max-age=86400")
}

// staticFile serves one embedded asset.
func (s *Server) staticFile(c *gin.Context, name, cacheControl string) error {
	if !fs.ValidPath(name) || name == "." {
		return notFound("no static file " + name)
	}
	doc, err := s.docs.get("static|"+name, func() (*rendered, error) {
		b, err := fs.ReadFile(web.Static(), name)
		if err != nil {
			return nil, notFound("no static file " + name)
		}
		return newRendered(b, s.started), nil
	})
	if err != nil {
		return err
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	ct, _, _ = strings.Cut(ct, ";")
	c.Header("X-Content-Type-Options", "nosniff")
	return sendDocument(c, doc, ct, "", cacheControl)
}

// getStatic serves /static/*file from web.Static() with long cache
// headers.
func (s *Server) getStatic(c *gin.Context) error {
	return s.staticFile(c, strings.TrimPrefix(c.Param("file"), "/"), "public, max-age=2592000")
}

// getWidget serves /widget.js with a short cache (it changes with the
// site) and CORS (the read group's).
func (s *Server) getWidget(c *gin.Context) error {
	return s.staticFile(c, "widget.js", "public, max-age=300")
}
