package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ruche-lod/ruche/api/negotiate"
)

// docFormat is one representation a document can be served in.
type docFormat struct {
	name      string // short name, used in cache keys
	mediaType string // Content-Type sent
	ext       string // format-specific URL suffix
}

var (
	fmtJSONLD   = docFormat{"jsonld", "application/ld+json", ".jsonld"}
	fmtTurtle   = docFormat{"turtle", "text/turtle", ".ttl"}
	fmtNTriples = docFormat{"ntriples", "application/n-triples", ".nt"}
	fmtNQuads   = docFormat{"nquads", "application/n-quads", ".nq"}
	fmtHTML     = docFormat{"html", "text/html", ".html"}
)

// rdfDocFormats are the formats of a resource document, in the server's
// order of preference (JSON-LD first: harvesters and plain clients such as
// curl get schema.org JSON-LD; browsers ask for text/html explicitly).
var rdfDocFormats = []docFormat{fmtJSONLD, fmtTurtle, fmtNTriples, fmtNQuads, fmtHTML}

// mediaAliases are media types clients send for a format we offer.
var mediaAliases = map[string]docFormat{
	"application/json":      fmtJSONLD,
	"application/xhtml+xml": fmtHTML,
	"text/plain":            fmtNTriples,
}

// offersOf lists the media types of formats for 406 messages.
func offersOf(formats []docFormat) []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.mediaType
	}
	return out
}

// chooseFormat picks a representation by Accept header (q-values honoured).
func chooseFormat(accept string, formats []docFormat) (docFormat, error) {
	offers := offersOf(formats)
	byType := map[string]docFormat{}
	for _, f := range formats {
		byType[f.mediaType] = f
	}
	for alias, f := range mediaAliases {
		if _, ok := byType[f.mediaType]; ok {
			offers = append(offers, alias)
			byType[alias] = f
		}
	}
	best, ok := negotiate.Best(accept, offers)
	if !ok {
		return docFormat{}, notAcceptable(offersOf(formats))
	}
	return byType[best], nil
}

// formatFromPath splits a format-specific URL ("/id/x.ttl") into the
// resource path and its format.
func formatFromPath(path string, formats []docFormat) (string, docFormat, bool) {
	for _, f := range formats {
		if strings.HasSuffix(path, f.ext) && len(path) > len(f.ext) {
			return strings.TrimSuffix(path, f.ext), f, true
		}
	}
	return path, docFormat{}, false
}

// rendered is a serialised document, cached by data version.
type rendered struct {
	body     []byte
	etag     string // strong validator of body: the same bytes give the same tag
	modified time.Time
}

func newRendered(body []byte, modified time.Time) *rendered {
	sum := sha256.Sum256(body)
	return &rendered{
		body:     body,
		etag:     `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		modified: modified.UTC().Truncate(time.Second),
	}
}

// docCache keeps rendered documents keyed by what they depend on (resource,
// format, language and data version), so revalidations and repeated reads
// of unchanged data cost a map lookup.
type docCache struct {
	lru *lru.Cache[string, *rendered]
}

func newDocCache(size int) *docCache {
	c, _ := lru.New[string, *rendered](size) // size > 0: cannot fail
	return &docCache{lru: c}
}

func cacheKey(parts ...any) string { return fmt.Sprint(parts...) }

// get returns the cached document for key, or renders and caches it.
func (dc *docCache) get(key string, render func() (*rendered, error)) (*rendered, error) {
	if r, ok := dc.lru.Get(key); ok {
		return r, nil
	}
	r, err := render()
	if err != nil {
		return nil, err
	}
	dc.lru.Add(key, r)
	return r, nil
}

// sendDocument writes a rendered document with its validators, answering 304
// when the client's copy is current. contentLocation, when set, names the
// format-specific URL of a negotiated response.
func sendDocument(c *gin.Context, r *rendered, mediaType, contentLocation string, cacheControl string) error {
	h := c.Writer.Header()
	h.Set("Vary", "Accept, Accept-Language")
	h.Set("ETag", r.etag)
	if !r.modified.IsZero() {
		h.Set("Last-Modified", r.modified.Format(http.TimeFormat))
	}
	if cacheControl == "" {
		cacheControl = "public, max-age=60, must-revalidate"
	}
	h.Set("Cache-Control", cacheControl)
	if contentLocation != "" {
		h.Set("Content-Location", contentLocation)
	}
	match, err := notModified(c.Request, r)
	if err != nil {
		return err
	}
	if match {
		c.Status(http.StatusNotModified)
		return nil
	}
	ct := mediaType
	if strings.HasPrefix(ct, "text/") || ct == "application/ld+json" || ct == "application/json" {
		ct += "; charset=utf-8"
	}
	h.Set("Content-Type", ct)
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		h.Set("Content-Length", fmt.Sprint(len(r.body)))
		return nil
	}
	_, _ = c.Writer.Write(r.body)
	return nil
}

// notModified evaluates If-None-Match (weak comparison, RFC 9110 §13.1.2),
// then If-Modified-Since when there is no If-None-Match. A malformed
// If-None-Match is the client's error.
func notModified(req *http.Request, r *rendered) (bool, error) {
	if inm := req.Header.Get("If-None-Match"); inm != "" {
		tags, err := parseETags(inm)
		if err != nil {
			return false, badRequest("malformed If-None-Match header: " + err.Error())
		}
		for _, t := range tags {
			if t == "*" || strings.TrimPrefix(t, "W/") == r.etag {
				return true, nil
			}
		}
		return false, nil
	}
	if ims := req.Header.Get("If-Modified-Since"); ims != "" && !r.modified.IsZero() {
		t, err := http.ParseTime(ims)
		if err == nil && !r.modified.After(t) {
			return true, nil
		}
	}
	return false, nil
}

// parseETags parses an If-None-Match / If-Match list of entity tags.
func parseETags(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "*" {
		return []string{"*"}, nil
	}
	var tags []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			break
		}
		weak := ""
		if strings.HasPrefix(s, "W/") {
			weak, s = "W/", s[2:]
		}
		if !strings.HasPrefix(s, `"`) {
			return nil, fmt.Errorf("entity tags must be quoted")
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return nil, fmt.Errorf("unterminated entity tag")
		}
		tag := s[:end+2]
		if bytes.ContainsAny([]byte(tag[1:len(tag)-1]), "\x00\r\n") {
			return nil, fmt.Errorf("invalid character in entity tag")
		}
		tags = append(tags, weak+tag)
		s = s[end+2:]
		s = strings.TrimLeft(s, " \t")
		if s != "" && s[0] != ',' {
			return nil, fmt.Errorf("expected ',' between entity tags")
		}
	}
	if len(tags) == 0 {
		return nil, fmt.Errorf("no entity tag")
	}
	return tags, nil
}
