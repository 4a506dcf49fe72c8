package rdfio

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// A parsed JSON-LD context is expensive to build (about 80 µs for 50
// terms) and compaction against a parsed one is about five times faster
// than json-gold's Compact, which parses it again on every call. Parsed
// contexts are cached here. json-gold builds a context's inverse lazily and
// without locking, so each one is made read-only (GetInverse) before it is
// shared.

// contextKey identifies a context value: its IRI, if any, and the identity
// of the map or slice holding it. The cache entry keeps the value alive, so
// an address is never reused while its entry exists.
type contextKey struct {
	iri string
	ptr uintptr
	jcs string // for contexts that are not a map or a slice
}

type contextEntry struct {
	value any // keeps the keyed value alive
	ctx   *ld.Context
}

// maxCachedContexts bounds the cache; it is cleared when full. Ruche has a
// handful of contexts, so this only guards against callers that parse a
// fresh context for every request.
const maxCachedContexts = 256

var contextCache struct {
	sync.Mutex
	m map[contextKey]*contextEntry
}

// innerContext returns the value of "@context" of a context document, or
// the value itself when it is already a bare context.
func innerContext(context any) any {
	if m, ok := context.(map[string]any); ok {
		if c, ok := m["@context"]; ok {
			return c
		}
	}
	return context
}

func keyOf(context any, iri string) (contextKey, error) {
	k := contextKey{iri: iri}
	switch v := reflect.ValueOf(context); v.Kind() {
	case reflect.Map, reflect.Slice:
		k.ptr = uintptr(v.UnsafePointer())
	default:
		s, err := canonicalJSON(context)
		if err != nil {
			return k, err
		}
		k.jcs = s
	}
	return k, nil
}

// parsedContext returns the json-gold active context for a context
// document, parsing it once per (IRI, value). Remote contexts it names are
// resolved with loader. The result is shared: callers must not modify it.
func parsedContext(context any, iri string, loader ld.DocumentLoader) (*ld.Context, error) {
	key, err := keyOf(context, iri)
	if err != nil {
		return nil, fmt.Errorf("json-ld context: %w", err)
	}
	contextCache.Lock()
	e := contextCache.m[key]
	contextCache.Unlock()
	if e != nil {
		return e.ctx, nil
	}
	var ctx *ld.Context
	err = callJSONGold("context", func() error {
		opts := jsonldConfig{loader: loader}.options()
		c, err := ld.NewContext(nil, opts).Parse(ld.CloneDocument(innerContext(context)))
		if err != nil {
			return err
		}
		c.GetInverse() // build the lazy inverse now, before sharing
		ctx = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("json-ld context %s: %w", iri, err)
	}
	contextCache.Lock()
	if contextCache.m == nil || len(contextCache.m) >= maxCachedContexts {
		contextCache.m = make(map[contextKey]*contextEntry)
	}
	contextCache.m[key] = &contextEntry{value: context, ctx: ctx}
	contextCache.Unlock()
	return ctx, nil
}
