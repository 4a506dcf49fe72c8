package rdfio

import (
	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Parsing ruche's context (about a hundred terms) is three quarters of the
// cost of decoding a small document. json-gold accepts an already parsed
// *ld.Context inside a context array, so a document whose top-level
// @context starts with the IRI of a served context gets a copy of the
// cached parse instead. Only "simple" contexts take this path: no @base,
// @import, @propagate, relative @vocab or scoped contexts, whose meaning
// could depend on where and with which loader they are processed.

// preparseTopContext replaces, in place, a leading remote context IRI of
// doc's top-level @context by a copy of its cached parse, with base as the
// base IRI.
func preparseTopContext(doc any, cfg jsonldConfig, base string) {
	if cfg.processingMode != "" && cfg.processingMode != ld.JsonLd_1_1 {
		return
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return
	}
	arr, isArr := m["@context"].([]any)
	first := m["@context"]
	if isArr {
		if len(arr) == 0 {
			return
		}
		first = arr[0]
	}
	iri, ok := first.(string)
	if !ok || !rdf.HasScheme(iri) {
		return
	}
	ol, ok := cfg.loader.(offlineLoader)
	if !ok || ol.contexts == nil {
		return
	}
	cdoc, err := ol.contexts.LoadContext(iri)
	if err != nil {
		return
	}
	cm, ok := cdoc.(map[string]any)
	if !ok || !simpleContext(cm["@context"]) {
		return
	}
	ctx, err := parsedContext(cdoc, iri, offlineLoader{})
	if err != nil {
		return // json-gold reports it the usual way
	}
	c := ld.CopyContext(ctx)
	c.Values.Base = base
	if isArr {
		arr[0] = c
	} else {
		m["@context"] = c
	}
}

// simpleContext reports whether a context value is one or more context
// objects whose processing does not depend on a base IRI or a loader.
func simpleContext(v any) bool {
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	for _, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			return false
		}
		for k, def := range m {
			switch k {
			case "@base", "@import", "@propagate":
				return false
			case "@vocab":
				if s, ok := def.(string); !ok || !rdf.HasScheme(s) {
					return false
				}
			default:
				if d, ok := def.(map[string]any); ok && hasKey(d, "@context") {
					return false
				}
			}
		}
	}
	return true
}
