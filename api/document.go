package api

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/negotiate"
	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// docFormat is one row of the format table: a representation a door can
// send. RDF formats come from rdfio, result formats from sparql/results;
// HTML is the one format of ruche's own.
type docFormat struct {
	name      string         // short name, used in cache keys
	mediaType string         // Content-Type sent
	ext       string         // format-specific URL suffix
	rdf       rdfio.Format   // the RDF syntax, FormatUnknown if not RDF
	results   results.Format // the result syntax, FormatUnknown if not results
}

func rdfFormat(f rdfio.Format) docFormat {
	return docFormat{name: f.String(), mediaType: f.MediaType(), ext: f.Extension(), rdf: f}
}

func resultsFormat(f results.Format) docFormat {
	return docFormat{name: "results-" + f.String(), mediaType: f.MediaType(), ext: f.Extension(), results: f}
}

// The format table.
var (
	fmtJSONLD   = rdfFormat(rdfio.JSONLD)
	fmtTurtle   = rdfFormat(rdfio.Turtle)
	fmtNTriples = rdfFormat(rdfio.NTriples)
	fmtNQuads   = rdfFormat(rdfio.NQuads)
	fmtTriG     = rdfFormat(rdfio.TriG)
	fmtRDFXML   = rdfFormat(rdfio.RDFXML)
	fmtHTML     = docFormat{name: "html", mediaType: "text/html", ext: ".html"}

	fmtResultsJSON = resultsFormat(results.JSON)
	fmtResultsXML  = resultsFormat(results.XML)
	fmtResultsCSV  = resultsFormat(results.CSV)
	fmtResultsTSV  = resultsFormat(results.TSV)
)

// Each door offers rows of the table, in its order of preference.
var (
	// rdfDocFormats: resource documents. JSON-LD first: harvesters and
	// plain clients such as curl get schema.org JSON-LD; browsers ask for
	// text/html explicitly.
	rdfDocFormats = []docFormat{fmtJSONLD, fmtTurtle, fmtNTriples, fmtNQuads, fmtTriG, fmtRDFXML, fmtHTML}
	// collectionFormats: the page for browsers; Hydra in RDF for the others.
	collectionFormats = []docFormat{fmtJSONLD, fmtTurtle, fmtNTriples, fmtNQuads, fmtTriG, fmtRDFXML, fmtHTML}
	// voidFormats: the dataset description, Turtle first (VoID's own
	// habit), the landing page for browsers.
	voidFormats = []docFormat{fmtTurtle, fmtJSONLD, fmtNTriples, fmtNQuads, fmtTriG, fmtRDFXML, fmtHTML}
	// ldesFormats: the event stream, Turtle first; N-Quads keeps each
	// member's payload in its named graph (the ldes-client asks for it
	// first).
	ldesFormats = []docFormat{fmtTurtle, fmtJSONLD, fmtNQuads, fmtNTriples, fmtTriG, fmtRDFXML}
	// graphFormats: SPARQL CONSTRUCT and DESCRIBE results, the service
	// description and the vocabulary.
	graphFormats = []docFormat{fmtTurtle, fmtNTriples, fmtJSONLD, fmtNQuads, fmtTriG, fmtRDFXML}
	// homeFormats: browsers (and clients that accept anything) get the
	// home page; linked-data clients get the site description.
	homeFormats = []docFormat{fmtHTML, fmtJSONLD, fmtTurtle, fmtNTriples, fmtNQuads, fmtTriG, fmtRDFXML}
	// vocabFormats: the vocabulary (/vocab), Turtle first.
	vocabFormats = graphFormats
	// selectFormats: SPARQL SELECT and ASK results.
	selectFormats = []docFormat{fmtResultsJSON, fmtResultsXML, fmtResultsCSV, fmtResultsTSV}
)

// mediaTypes lists the media types that ask for f: its own, then the
// others clients send for it (rdfio and results know theirs). XHTML names
// the HTML page for browsers only: a client whose Accept names an RDF
// format itself (rdflib sends application/rdf+xml, text/rdf+n3;q=0.9,
// application/xhtml+xml;q=0.5) wants RDF, whatever the q-values.
func (f docFormat) mediaTypes(rdfClient bool) []string {
	switch {
	case f.rdf != rdfio.FormatUnknown:
		return f.rdf.MediaTypes()
	case f.results != results.FormatUnknown:
		return f.results.MediaTypes()
	case f == fmtHTML && !rdfClient:
		return []string{f.mediaType, "application/xhtml+xml"}
	}
	return []string{f.mediaType}
}

// rdfMediaTypes are the media types of every RDF format of the table.
var rdfMediaTypes = func() []string {
	var out []string
	for _, f := range rdfio.AllFormats {
		if f.Writable() {
			out = append(out, f.MediaTypes()...)
		}
	}
	return out
}()

// offersOf lists the media types of formats for 406 messages.
func offersOf(formats []docFormat) []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.mediaType
	}
	return out
}

// chooseFormat picks one of a door's formats by Accept header (q-values
// honoured, aliases included). When nothing is acceptable, the answer is
// always the same: 406, naming the door's formats.
func chooseFormat(accept string, formats []docFormat) (docFormat, error) {
	rdfClient := negotiate.Names(accept, rdfMediaTypes)
	offers := make([][]string, len(formats))
	for i, f := range formats {
		offers[i] = f.mediaTypes(rdfClient)
	}
	i, ok := negotiate.Choose(accept, offers)
	if !ok {
		return docFormat{}, notAcceptable(offersOf(formats))
	}
	return formats[i], nil
}

// formatByName finds one of a door's formats by a name a client may give
// in a query parameter (SPARQL's format=): a short name or alias ("json",
// "xml", "turtle", "n3", "json-ld", "ntriples", "rdfxml") or a media type.
func formatByName(name string, formats []docFormat) (docFormat, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, f := range formats {
		var names []string
		switch {
		case f.rdf != rdfio.FormatUnknown:
			names = append(f.rdf.Names(), f.rdf.MediaTypes()...)
		case f.results != results.FormatUnknown:
			names = append(f.results.Names(), f.results.MediaTypes()...)
		default:
			names = []string{f.name, f.mediaType}
		}
		if slices.Contains(names, name) {
			return f, true
		}
	}
	return docFormat{}, false
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

// renderQuads serialises a generated document (collection, dataset
// description, event stream). JSON-LD is compacted (or framed on frameIRI
// when set) with context, one of the contexts of publish.go; the other
// formats go through encodeRDF, with the graphs kept by the quads formats
// and dropped by the others.
func renderQuads(f docFormat, quads []rdf.Quad, frameIRI string, context map[string]any) ([]byte, error) {
	if f == fmtJSONLD {
		var doc map[string]any
		var err error
		if frameIRI != "" {
			frame := map[string]any{"@context": context["@context"], "@id": frameIRI}
			doc, err = rdfio.FrameJSONLD(triplesOf(quads), frame, rdfio.FrameOptions{})
		} else {
			doc, err = rdfio.CompactJSONLD(quads, context, "")
		}
		if err != nil {
			return nil, fmt.Errorf("json-ld: %w", err)
		}
		return marshalJSON(doc)
	}
	if !f.rdf.SupportsQuads() {
		quads = triplesOf(quads)
	}
	return encodeRDF(f, quads, publishPrefixes)
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

// notModified evaluates the conditional headers of req against r
// (door.NotModified).
func notModified(req *http.Request, r *rendered) (bool, error) {
	match, err := door.NotModified(req, r.etag, r.modified)
	return match, doorProblem(err)
}
