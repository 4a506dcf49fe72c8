package api

import (
	"context"
	"iter"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/negotiate"

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Namespaces of the publishing documents (collections, dataset description,
// event stream).
const (
	hydraNS   = vocab.HydraNS
	voidNS    = vocab.VoIDNS
	dcatNS    = vocab.DCATNS
	dctermsNS = vocab.DCTermsNS
	ldesNS    = vocab.LDESNS
	treeNS    = vocab.TreeNS
	provNS    = vocab.ProvNS
	xsdNS     = vocab.XSDNS
	asNS      = vocab.ASNS
	orgNS     = vocab.OrgNS
	foafNS    = vocab.FOAFNS
)

// jsonldPrefixes are the prefixes of the inline JSON-LD contexts of the
// generated documents.
var jsonldPrefixes = map[string]any{
	"hydra":   hydraNS,
	"void":    voidNS,
	"dcat":    dcatNS,
	"dcterms": dctermsNS,
	"ldes":    ldesNS,
	"tree":    treeNS,
	"prov":    provNS,
	"xsd":     xsdNS,
	"as":      asNS,
	"schema":  schemaNS,
	"radn":    vocab.RadnNS,
	"skos":    skosNS,
	"org":     orgNS,
	"foaf":    foafNS,
	"rdfs":    vocab.RDFSNS,
	"sd":      vocab.SDNS,
	"spdx":    vocab.SPDXNS,
}

// jsonldContext is a context document: the prefixes plus terms.
func jsonldContext(terms map[string]any) map[string]any {
	ctx := map[string]any{}
	for k, v := range jsonldPrefixes {
		ctx[k] = v
	}
	for k, v := range terms {
		ctx[k] = v
	}
	return map[string]any{"@context": ctx}
}

func idTerm(iri string) map[string]any { return map[string]any{"@id": iri, "@type": "@id"} }

// The inline contexts of the generated documents. Each is one value, so
// the JSON-LD layer parses it once.
var (
	// prefixContext serves the site and dataset descriptions.
	prefixContext = jsonldContext(nil)
	// hydraContext names the Hydra paging terms of collections.
	hydraContext = jsonldContext(map[string]any{
		"Collection":            "hydra:Collection",
		"PartialCollectionView": "hydra:PartialCollectionView",
		"member":                idTerm("hydra:member"),
		"totalItems":            map[string]any{"@id": "hydra:totalItems"},
		"view":                  idTerm("hydra:view"),
		"first":                 idTerm("hydra:first"),
		"previous":              idTerm("hydra:previous"),
		"next":                  idTerm("hydra:next"),
		"last":                  idTerm("hydra:last"),
		"search":                map[string]any{"@id": "hydra:search"},
	})
	// ldesContext names the TREE and LDES terms of the event stream.
	ldesContext = jsonldContext(map[string]any{
		"EventStream":   "ldes:EventStream",
		"Node":          "tree:Node",
		"view":          idTerm("tree:view"),
		"member":        idTerm("tree:member"),
		"relation":      map[string]any{"@id": "tree:relation"},
		"node":          idTerm("tree:node"),
		"path":          idTerm("tree:path"),
		"value":         map[string]any{"@id": "tree:value"},
		"timestampPath": idTerm("ldes:timestampPath"),
		"versionOfPath": idTerm("ldes:versionOfPath"),
		"immutable":     map[string]any{"@id": "ldes:immutable"},
	})
)

// quadReader is what Snapshot and Txn share for reading quads by pattern.
type quadReader interface {
	Match(ctx context.Context, p store.Pattern) iter.Seq2[rdf.Quad, error]
}

// pickFormat negotiates, honouring a format-specific suffix of the path
// first; it returns the path without the suffix and whether it was
// explicit.
func pickFormat(c *gin.Context, path string, formats []docFormat) (string, docFormat, bool, error) {
	if p, f, ok := formatFromPath(path, formats); ok {
		return p, f, true, nil
	}
	f, err := chooseFormat(c.GetHeader("Accept"), formats)
	return path, f, false, err
}

// publishPrefixes are the Turtle prefixes of the generated documents.
var publishPrefixes = func() map[string]string {
	m := map[string]string{"ldes": ldesNS, "tree": treeNS, "as": asNS, "spdx": vocab.SPDXNS}
	for k, v := range turtlePrefixes {
		m[k] = v
	}
	return m
}()

// pageLang is the language of an HTML page: "en" under /en/, "fr" under
// /fr/ (a reader's explicit choice); elsewhere the
// reader's Accept-Language, French first — the same rule as resource pages.
func pageLang(c *gin.Context) string {
	if p := c.Request.URL.Path; p == "/en" || strings.HasPrefix(p, "/en/") {
		return "en"
	}
	if p := c.Request.URL.Path; p == "/fr" || strings.HasPrefix(p, "/fr/") {
		return "fr"
	}
	return negotiate.Language(c.GetHeader("Accept-Language"), []string{"fr", "en"})
}

// langPath prefixes a French site path with /en for English pages.
func langPath(lang, path string) string {
	if lang == "en" {
		if path == "/" {
			return "/en/"
		}
		return "/en" + path
	}
	return path
}

// sitePath is the link to a site page in a language: /fr/… or /en/…, so
// that a reader who chose a language keeps it from page to page (the
// unprefixed paths negotiate with Accept-Language).
func sitePath(lang, path string) string {
	prefix := "/fr"
	if lang == "en" {
		prefix = "/en"
	}
	if path == "/" {
		return prefix + "/"
	}
	return prefix + path
}

// translations are the hreflang alternates of a page available at path in
// both languages (canonical URLs), with the language switcher's links,
// under /fr/ and /en/.
func (s *Server) translations(path string) []web.Translation {
	return []web.Translation{
		{Lang: "fr", Href: s.cfg.Base + strings.TrimPrefix(path, "/"), Choose: sitePath("fr", path)},
		{Lang: "en", Href: s.cfg.Base + strings.TrimPrefix(langPath("en", path), "/"), Choose: sitePath("en", path)},
	}
}

// snapshot opens a snapshot of the public space for one request.
func (s *Server) snapshot() (*store.Snapshot, error) {
	st, err := s.ready()
	if err != nil {
		return nil, err
	}
	return st.Snapshot(), nil
}

// sendNegotiated sends a cached document with the right Content-Location.
func sendNegotiated(c *gin.Context, doc *rendered, f docFormat, path string, explicit bool, cacheControl string) error {
	loc := ""
	if !explicit && f != fmtHTML {
		loc = path + f.ext
	}
	return sendDocument(c, doc, f.mediaType, loc, cacheControl)
}

// describedBy links an RDF response to the dataset description (VoID
// §6.3 style, RFC 8288 rel=describedby).
func (s *Server) describedBy(c *gin.Context, f docFormat) {
	if f != fmtHTML {
		c.Writer.Header().Add("Link", "<"+s.cfg.Base+".well-known/void>; rel=\"describedby\"")
	}
}

// hasType reports whether iri has rdf:type class in r.
func hasType(ctx context.Context, r quadReader, iri, class string) bool {
	for _, err := range r.Match(ctx, store.Pattern{S: rdf.IRI(iri), P: rdf.IRI(rdf.RDFType), O: rdf.IRI(class), AnyGraph: true}) {
		return err == nil
	}
	return false
}

// exists reports whether iri is the subject of a public quad.
func exists(ctx context.Context, r quadReader, iri string) bool {
	for _, err := range r.Match(ctx, store.Pattern{S: rdf.IRI(iri), AnyGraph: true}) {
		return err == nil
	}
	return false
}
