package vocab

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/ruche-lod/ruche/store/rdfio"
)

// ContextVersion is the version of the API JSON-LD context. A published
// version never changes incompatibly: terms are only added; a breaking change
// is a new version with a new IRI.
const ContextVersion = "v1"

// PageContext is the "@context" of the page profile: the JSON-LD snippets in
// <script type="application/ld+json"> use schema.org terms only, with plain
// strings, under this context. ruche never expands page-profile documents,
// so it embeds no copy of the schema.org context.
const PageContext = "https://schema.org"

// ContextIRI returns the IRI of the API context under base:
// base + "context/v1" (model.md §2.1), served as application/ld+json with
// Cache-Control: immutable.
func ContextIRI(base string) string { return base + PathContext + ContextVersion }

// ContextDocument returns the API context document, a JSON object with one
// "@context" member: JSON-LD 1.1, @protected, @vocab schema.org, prefixes of
// the vocabularies ruche uses, type coercion for IRIs and dates, and language
// maps (@container @language) for names, descriptions, labels and the other
// natural-language fields. The context holds only fixed namespaces, so the
// document is the same for every base; base names where it is served.
func ContextDocument(base string) []byte {
	_ = base
	return bytes.Clone(contextV1)
}

// Contexts returns the JSON-LD contexts ruche knows, parsed (as
// encoding/json decodes them), by IRI: the API context under base and under
// DefaultBase (so documents written against the production IRI decode on any
// server). Pass it as rdfio.DecodeOptions.Contexts: it answers only these
// IRIs, so decoding never reaches the network.
//
// The parsed document is made once and shared by every call (it is never
// modified): rdfio caches a parsed JSON-LD context by the identity of its
// document, so a fresh parse per request would miss that cache every time.
func Contexts(base string) rdfio.StaticContexts {
	out := rdfio.StaticContexts{}
	// The embedded document is tested to parse; a failure here would be a
	// build defect, and it leaves the IRIs out rather than panicking.
	if doc := contextV1Doc(); doc != nil {
		out[ContextIRI(base)] = doc
		out[ContextIRI(DefaultBase)] = doc
	}
	return out
}

// contextV1Doc is the embedded API context parsed once, or nil if it does
// not parse.
var contextV1Doc = sync.OnceValue(func() any {
	var doc any
	if err := json.Unmarshal(contextV1, &doc); err != nil {
		return nil
	}
	return doc
})
