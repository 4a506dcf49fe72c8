package harvest

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// MaxSitemapURLs is the sitemaps.org limit of URLs per file; above it
// /sitemap.xml is an index of /sitemaps/{n}.xml.
var MaxSitemapURLs = 50000

// SitemapURL is one <url> of a sitemap.
type SitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapURLs lists every HTML page under the base: the home page, the
// collections, the dataset page, then every typed resource under id/,
// concept/ and graph/, in French and in English, with the date its content
// last changed (schema:dateModified or dcterms:modified when the data says,
// else when this server first saw the current data version).
func (s *Door) sitemapURLs(ctx context.Context, snap *store.Snapshot) ([]SitemapURL, error) {
	fallback := s.Modified(snap.Version()).UTC().Format("2006-01-02")
	var out []SitemapURL
	page := func(path, lastmod string) {
		for _, lang := range []string{"fr", "en"} {
			out = append(out, SitemapURL{Loc: s.Base + strings.TrimPrefix(s.LangPath(lang, path), "/"), LastMod: lastmod})
		}
	}
	for _, p := range s.Pages() {
		page(p, fallback)
	}
	var subjects []string
	seen := map[string]bool{}
	for q, err := range snap.Match(ctx, store.Pattern{P: rdf.IRI(rdf.RDFType), AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if !q.S.IsIRI() || seen[q.S.Value] {
			continue
		}
		rest, ok := strings.CutPrefix(q.S.Value, s.Base)
		if !ok || strings.ContainsAny(rest, "#?") || !(strings.HasPrefix(rest, "id/") || strings.HasPrefix(rest, "concept/") || strings.HasPrefix(rest, "graph/")) {
			continue
		}
		seen[q.S.Value] = true
		subjects = append(subjects, q.S.Value)
	}
	slices.Sort(subjects)
	// Dates of change, in one scan per predicate (schema:dateModified wins).
	modified := map[string]string{}
	for _, p := range []string{vocab.DCTermsNS + "modified", vocab.SchemaNS + "dateModified"} {
		for q, err := range snap.Match(ctx, store.Pattern{P: rdf.IRI(p), AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			if d := s.Date([]rdf.Term{q.O}); !d.IsZero() && q.S.IsIRI() {
				modified[q.S.Value] = d.Format("2006-01-02")
			}
		}
	}
	for _, iri := range subjects {
		lastmod, ok := modified[iri]
		if !ok {
			lastmod = fallback
		}
		page(s.Href(iri), lastmod)
	}
	return out, nil
}

// sitemapPart serves a cached sitemap file of the current version: part 0
// is /sitemap.xml (a urlset, or an index above MaxSitemapURLs), part n ≥ 1
// is /sitemaps/n.xml. One scan of the store renders every part of a
// version and caches them with their count, so further parts, and parts
// that do not exist, cost a cache lookup.
func (s *Door) sitemapPart(c *gin.Context, n int) error {
	snap, err := s.Snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	version := snap.Version()
	ctx := c.Request.Context()
	partKey := func(i int) string { return fmt.Sprint("sitemap|", i, "|", MaxSitemapURLs, "|", version) }
	// renderAll renders and caches every part, and returns the count of
	// /sitemaps/n.xml files (0 when /sitemap.xml holds every URL).
	renderAll := func() (door.Document, error) {
		urls, err := s.sitemapURLs(ctx, snap)
		if err != nil {
			return nil, err
		}
		modified := s.Modified(version)
		parts := (len(urls) + MaxSitemapURLs - 1) / MaxSitemapURLs
		if parts <= 1 {
			body, err := urlset(urls)
			if err != nil {
				return nil, err
			}
			s.Documents.Put(partKey(0), body, modified)
			return s.Documents.New([]byte("0"), modified), nil
		}
		body, err := sitemapIndex(s.Base, parts, modified)
		if err != nil {
			return nil, err
		}
		s.Documents.Put(partKey(0), body, modified)
		for i := 1; i <= parts; i++ {
			body, err := urlset(urls[(i-1)*MaxSitemapURLs : min(len(urls), i*MaxSitemapURLs)])
			if err != nil {
				return nil, err
			}
			s.Documents.Put(partKey(i), body, modified)
		}
		return s.Documents.New([]byte(strconv.Itoa(parts)), modified), nil
	}
	count, err := s.Documents.Get(fmt.Sprint("sitemap-parts|", MaxSitemapURLs, "|", version), renderAll)
	if err != nil {
		return err
	}
	if parts, _ := strconv.Atoi(string(count.Body())); n > parts {
		return door.NotFound(fmt.Sprintf("no sitemap part %d", n))
	}
	// A part evicted from the cache since is rendered again with the rest.
	doc, ok := s.Documents.Cached(partKey(n))
	if !ok {
		if _, err := renderAll(); err != nil {
			return err
		}
		if doc, ok = s.Documents.Cached(partKey(n)); !ok {
			return fmt.Errorf("sitemap part %d not cached", n)
		}
	}
	return s.Documents.Send(c, doc, "application/xml", "", "public, max-age=3600")
}

// Sitemap serves /sitemap.xml.
func (s *Door) Sitemap(c *gin.Context) error { return s.sitemapPart(c, 0) }

// SitemapPart serves /sitemaps/{n}.xml.
func (s *Door) SitemapPart(c *gin.Context) error {
	name, ok := strings.CutSuffix(c.Param("file"), ".xml")
	n, err := strconv.Atoi(name)
	if !ok || err != nil || n < 1 {
		return door.NotFound("no sitemap " + c.Param("file"))
	}
	return s.sitemapPart(c, n)
}

func urlset(urls []SitemapURL) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b, err := xml.Marshal(struct {
			XMLName xml.Name `xml:"url"`
			SitemapURL
		}{SitemapURL: u})
		if err != nil {
			return nil, err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes(), nil
}

func sitemapIndex(base string, parts int, modified time.Time) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := 1; i <= parts; i++ {
		b, err := xml.Marshal(struct {
			XMLName xml.Name `xml:"sitemap"`
			SitemapURL
		}{SitemapURL: SitemapURL{Loc: fmt.Sprintf("%ssitemaps/%d.xml", base, i), LastMod: modified.UTC().Format("2006-01-02")}})
		if err != nil {
			return nil, err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	buf.WriteString("</sitemapindex>\n")
	return buf.Bytes(), nil
}

// Robots serves robots.txt: pages (and dumps, for harvesters that obey
// robots.txt) allowed, SPARQL query URLs disallowed, the sitemap named.
func (s *Door) Robots(c *gin.Context) error {
	body := "User-agent: *\n" +
		"Allow: /\n" +
		"Disallow: /sparql?\n" +
		"\n" +
		"Sitemap: " + s.Base + "sitemap.xml\n"
	doc, err := s.Documents.Get("robots|"+s.Base, func() (door.Document, error) {
		return s.Documents.New([]byte(body), s.Started()), nil
	})
	if err != nil {
		return err
	}
	return s.Documents.Send(c, doc, "text/plain", "", "public, max-age=86400")
}
