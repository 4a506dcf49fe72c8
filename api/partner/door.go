package partner

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// providerName is the oEmbed provider_name.
const providerName = "Réseau ADN — chantiers"

// Door serves oEmbed and the embedded files. Package api injects what it
// depends on.
type Door struct {
	Base string
	// Snapshot returns a snapshot of the open store (closed by the
	// caller), or the error to answer while there is none.
	Snapshot func() (*store.Snapshot, error)
	// Documents caches rendered documents and sends them; Modified dates a
	// data version, Started the documents that do not depend on the data.
	Documents door.Documents
	Modified  func(version uint64) time.Time
	Started   func() time.Time
	// StripFormat removes a format-specific suffix from a page's path
	// (/id/x.ttl → /id/x); IntParam reads a bounded integer parameter.
	StripFormat func(path string) string
	IntParam    func(q url.Values, name string, def, lo, hi int) (int, error)
	// Exists reports whether iri is the subject of a public quad, HasType
	// whether it has a class; Label names IRIs in a language.
	Exists  func(ctx context.Context, snap *store.Snapshot, iri string) bool
	HasType func(ctx context.Context, snap *store.Snapshot, iri, class string) bool
	Label   func(ctx context.Context, snap *store.Snapshot, lang string) func(iri string) string
}

// CardURL is the absolute URL of a chantier's embed card.
func CardURL(base, slug, lang string) string {
	if lang != "en" {
		lang = "fr"
	}
	return base + "embed/chantiers/" + url.PathEscape(slug) + "?lang=" + lang
}

// OEmbed is an oEmbed 1.0 response.
type OEmbed struct {
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

// target maps a URL of ours to the IRI of its resource and the page
// language, or reports that the URL is not one of our pages.
func (s *Door) target(raw string) (iri, lang string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", "", false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	rest, ok := strings.CutPrefix(u.String(), s.Base)
	if !ok {
		// Accept the other scheme of the same host (http/https).
		b, err := url.Parse(s.Base)
		if err != nil || u.Host != b.Host || !strings.HasPrefix(u.Path, b.Path) {
			return "", "", false
		}
		rest = strings.TrimPrefix(u.Path, b.Path)
	}
	lang = "fr"
	if r, ok := strings.CutPrefix(rest, "en/"); ok {
		rest, lang = r, "en"
	}
	rest = s.StripFormat(rest)
	if !strings.HasPrefix(rest, "id/") && !strings.HasPrefix(rest, "concept/") && !strings.HasPrefix(rest, "graph/") {
		return "", "", false
	}
	return s.Base + rest, lang, true
}

// OEmbed answers oEmbed requests for our resource pages: chantiers get
// the card (type rich), other resources a link.
func (s *Door) OEmbed(c *gin.Context) error {
	switch c.Query("format") {
	case "", "json":
	default:
		return door.New(http.StatusNotImplemented, "not-implemented", "only format=json is supported")
	}
	raw := c.Query("url")
	if raw == "" {
		return door.BadRequest("the url parameter is required")
	}
	q := c.Request.URL.Query()
	maxW, err := s.IntParam(q, "maxwidth", web.CardWidth, 1, 100000)
	if err != nil {
		return err
	}
	maxH, err := s.IntParam(q, "maxheight", web.CardHeight, 1, 100000)
	if err != nil {
		return err
	}
	iri, lang, ok := s.target(raw)
	if !ok {
		return door.NotFound("not one of our pages: " + raw)
	}
	snap, err := s.Snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	ctx := c.Request.Context()
	version := snap.Version()
	doc, err := s.Documents.Get(fmt.Sprint("oembed|", iri, "|", lang, "|", maxW, "x", maxH, "|", version), func() (door.Document, error) {
		if !s.Exists(ctx, snap, iri) {
			return nil, door.NotFound("no resource " + iri)
		}
		labelOr := s.Label(ctx, snap, lang)
		resp := OEmbed{
			Version: "1.0", Type: "link", Title: labelOr(iri),
			ProviderName: providerName, ProviderURL: s.Base, CacheAge: 86400,
		}
		if slug, ok := strings.CutPrefix(iri, s.Base+vocab.PathChantiers); ok && !strings.Contains(slug, "/") && s.HasType(ctx, snap, iri, vocab.RadnChantier) {
			resp.Type = "rich"
			resp.Width, resp.Height = min(web.CardWidth, maxW), min(web.CardHeight, maxH)
			resp.HTML = web.EmbedIframe(CardURL(s.Base, slug, lang), resp.Title, resp.Width, resp.Height)
		}
		body, err := json.Marshal(resp)
		if err != nil {
			return nil, err
		}
		return s.Documents.New(append(body, '\n'), s.Modified(version)), nil
	})
	if err != nil {
		return err
	}
	return s.Documents.Send(c, doc, "application/json", "", "public, max-age=86400")
}

// staticFile serves one embedded asset.
func (s *Door) staticFile(c *gin.Context, name, cacheControl string) error {
	if !fs.ValidPath(name) || name == "." {
		return door.NotFound("no static file " + name)
	}
	doc, err := s.Documents.Get("static|"+name, func() (door.Document, error) {
		b, err := fs.ReadFile(web.Static(), name)
		if err != nil {
			return nil, door.NotFound("no static file " + name)
		}
		return s.Documents.New(b, s.Started()), nil
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
	return s.Documents.Send(c, doc, ct, "", cacheControl)
}

// Static serves /static/*file from web.Static() with long cache
// headers.
func (s *Door) Static(c *gin.Context) error {
	return s.staticFile(c, strings.TrimPrefix(c.Param("file"), "/"), "public, max-age=2592000")
}

// Widget serves /widget.js with a short cache (it changes with the
// site) and CORS (the read group's).
func (s *Door) Widget(c *gin.Context) error {
	return s.staticFile(c, "widget.js", "public, max-age=300")
}
