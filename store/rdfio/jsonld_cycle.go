package rdfio

import (
	"fmt"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// json-gold follows remote contexts recursively without a limit, so a
// context that names itself, directly or through others, overflows the
// goroutine stack: a fatal error no recover catches. The offline loader
// therefore checks, before handing a context to json-gold, that the
// contexts it references (resolved against its IRI) never lead back to it.

// maxContextDepth bounds the chain of remote contexts one context may
// reference (JSON-LD 1.1's "context overflow").
const maxContextDepth = 32

// checkContextCycle reports an error if the context document doc, served
// for iri, references a chain of contexts that includes itself or that is
// longer than maxContextDepth.
func checkContextCycle(contexts ContextLoader, iri string, doc any) error {
	return walkContextRefs(contexts, iri, doc, []string{iri})
}

func walkContextRefs(contexts ContextLoader, iri string, doc any, stack []string) error {
	m, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	for _, ref := range contextRefs(m["@context"], iri) {
		for _, s := range stack {
			if s == ref {
				return ld.NewJsonLdError(ld.RecursiveContextInclusion,
					fmt.Sprintf("context <%s> includes itself (%s)", ref, strings.Join(append(stack, ref), " -> ")))
			}
		}
		if len(stack) >= maxContextDepth {
			return ld.NewJsonLdError("context overflow", fmt.Sprintf("more than %d nested remote contexts from <%s>", maxContextDepth, stack[0]))
		}
		next, err := contexts.LoadContext(ref)
		if err != nil {
			continue // json-gold will ask for it and get the refusal
		}
		if err := walkContextRefs(contexts, ref, next, append(stack, ref)); err != nil {
			return err
		}
	}
	return nil
}

// contextRefs lists the remote context IRIs a context value loads while
// it is processed: context IRIs and @import values, resolved against base.
// Scoped contexts are left out: they are processed only when a term is
// used, so one may name its own context (W3C toRdf e126-e128).
func contextRefs(ctx any, base string) []string {
	var refs []string
	add := func(s string) {
		if r, err := ResolveIRI(base, s); err == nil {
			refs = append(refs, r)
		}
	}
	items, ok := ctx.([]any)
	if !ok {
		items = []any{ctx}
	}
	for _, item := range items {
		switch x := item.(type) {
		case string:
			add(x)
		case map[string]any:
			if imp, ok := x["@import"].(string); ok {
				add(imp)
			}
		}
	}
	return refs
}
