package api

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

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// maxSitemapURLs is the sitemaps.org limit of URLs per file; above it
// /sitemap.xml is an index of /sitemaps/{n}.xml.
var maxSitemapURLs = 50000

// sitemapURL is one <url> of a sitemap.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapURLs lists every HTML page under the base: the home page, the
// collections, the dataset page, then every typed resource under id/,
// concept/ and graph/, in French and in English, with the date its content
// last changed (schema:dateModified or dcterms:modified when the data says,
// else when this server first saw the current data version).
func (s *Server) sitemapURLs(ctx context.Context, snap *store.Snapshot) ([]sitemapURL, error) {
	fallback := s.clock.at(snap.Version()).UTC().Format("2006-01-02")
	var out []sitemapURL
	page := func(path, lastmod string) {
		for _, lang := range []string{"fr", "en"} {
			out = append(out, sitemapURL{Loc: s.cfg.Base + strings.TrimPrefix(langPath(lang, path), "/"), LastMod: lastmod})
		}
	}
	page("/", fallback)
	page("/donnees", fallback)
	for _, d := range collections {
		page(d.path, fallback)
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
		rest, ok := strings.CutPrefix(q.S.Value, s.cfg.Base)
		if !ok || strings.ContainsAny(rest, "#?") || !(strings.HasPrefix(rest, "id/") || strings.HasPrefix(rest, "concept/") || strings.HasPrefix(rest, "graph/")) {
			continue
		}
		seen[q.S.Value] = true
		subjects = append(subjects, q.S.Value)
	}
	slices.Sort(subjects)
	// Dates of change, in one scan per predicate (schema:dateModified wins).
	modified := map[string]string{}
	for _, p := range []string{dctermsNS + "modified", schemaNS + "dateModified"} {
		for q, err := range snap.Match(ctx, store.Pattern{P: rdf.IRI(p), AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			if d := dateOf([]rdf.Term{q.O}); !d.IsZero() && q.S.IsIRI() {
				modified[q.S.Value] = d.Format("2006-01-02")
			}
		}
	}
	for _, iri := range subjects {
		lastmod, ok := modified[iri]
		if !ok {
			lastmod = fallback
		}
		page(s.hrefOf(iri), lastmod)
	}
	return out, nil
}

// sitemapPart serves a cached sitemap file of the current version: part 0
// is /sitemap.xml (a urlset, or an index above maxSitemapURLs), part n ≥ 1
// is /sitemaps/n.xml. One scan of the store renders every part of a
// version and caches them with their count, so further parts, and parts
// that do not exist, cost a cache lookup.
func (s *Server) sitemapPart(c *gin.Context, n int) error {
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	version := snap.Version()
	ctx := c.Request.Context()
	partKey := func(i int) string { return cacheKey("sitemap|", i, "|", maxSitemapURLs, "|", version) }
	// renderAll renders and caches every part, and returns the count of
	// /sitemaps/n.xml files (0 when /sitemap.xml holds every URL).
	renderAll := func() (*rendered, error) {
		urls, err := s.sitemapURLs(ctx, snap)
		if err != nil {
			return nil, err
		}
		modified := s.clock.at(version)
		parts := (len(urls) + maxSitemapURLs - 1) / maxSitemapURLs
		if parts <= 1 {
			body, err := urlset(urls)
			if err != nil {
				return nil, err
			}
			s.docs.lru.Add(partKey(0), newRendered(body, modified))
			return newRendered([]byte("0"), modified), nil
		}
		body, err := sitemapIndex(s.cfg.Base, parts, modified)
		if err != nil {
			return nil, err
		}
		s.docs.lru.Add(partKey(0), newRendered(body, modified))
		for i := 1; i <= parts; i++ {
			body, err := urlset(urls[(i-1)*maxSitemapURLs : min(len(urls), i*maxSitemapURLs)])
			if err != nil {
				return nil, err
			}
			s.docs.lru.Add(partKey(i), newRendered(body, modified))
		}
		return newRendered([]byte(strconv.Itoa(parts)), modified), nil
	}
	count, err := s.docs.get(cacheKey("sitemap-parts|", maxSitemapURLs, "|", version), renderAll)
	if err != nil {
		return err
	}
	if parts, _ := strconv.Atoi(string(count.body)); n > parts {
		return notFound(fmt.Sprintf("no sitemap part %d", n))
	}
	// A part evicted from the cache since is rendered again with the rest.
	doc, ok := s.docs.lru.Get(partKey(n))
	if !ok {
		if _, err := renderAll(); err != nil {
			return err
		}
		if doc, ok = s.docs.lru.Get(partKey(n)); !ok {
			return fmt.Errorf("sitemap part %d not cached", n)
		}
	}
	return sendDocument(c, doc, "application/xml", "", "public, max-age=3600")
}

func (s *Server) getSitemap(c *gin.Context) error { return s.sitemapPart(c, 0) }

func (s *Server) getSitemapPart(c *gin.Context) error {
	name, ok := strings.CutSuffix(c.Param("file"), ".xml")
	n, err := strconv.Atoi(name)
	if !ok || err != nil || n < 1 {
		return notFound("no sitemap " + c.Param("file"))
	}
	return s.sitemapPart(c, n)
}

func urlset(urls []sitemapURL) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b, err := xml.Marshal(struct {
			XMLName xml.Name `xml:"url"`
			sitemapURL
		}{sitemapURL: u})
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
			sitemapURL
		}{sitemapURL: sitemapURL{Loc: fmt.Sprintf("%ssitemaps/%d.xml", base, i), LastMod: modified.UTC().Format("2006-01-02")}})
		if err != nil {
			return nil, err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	buf.WriteString("</sitemapindex>\n")
	return buf.Bytes(), nil
}

// getRobots serves robots.txt: pages (and dumps, for harvesters that obey
// robots.txt) allowed, SPARQL query URLs disallowed, the sitemap named.
func (s *Server) getRobots(c *gin.Context) error {
	body := "User-agent: *\n" +
		"Allow: /\n" +
		"Disallow: /sparql?\n" +
		"\n" +
		"Sitemap: " + s.cfg.Base + "sitemap.xml\n"
	doc, err := s.docs.get("robots|"+s.cfg.Base, func() (*rendered, error) {
		return newRendered([]byte(body), s.started), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, "text/plain", "", "public, max-age=86400")
}
