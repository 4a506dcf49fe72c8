package rdfio

import (
	"fmt"

	"github.com/piprate/json-gold/ld"
)

// Error checks of the JSON-LD 1.1 API that json-gold v0.9.1 misses (found
// by the W3C toRdf suite). checkInput runs on the document before
// expansion, checkExpanded on json-gold's expansion result.

// checkInput checks every embedded context of doc (the values of
// "@context" entries; value objects, which may hold @json data, are not
// entered).
func checkInput(v any) error {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if err := checkInput(e); err != nil {
				return err
			}
		}
	case map[string]any:
		if _, isValue := x["@value"]; isValue {
			return nil
		}
		for _, k := range sortedKeys(x) {
			var err error
			if k == "@context" {
				err = checkContext(x[k])
			} else {
				err = checkInput(x[k])
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checkContext checks a context value: a context, null, an IRI or an
// array of those. It also drops, in place, the term definitions the spec
// says to ignore and json-gold rejects.
func checkContext(v any) error {
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	protectedNull := map[string]bool{} // terms defined null and protected by an earlier item
	for _, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			if item == nil {
				clear(protectedNull)
			}
			continue
		}
		protectAll, _ := m["@protected"].(bool)
		for _, term := range sortedKeys(m) {
			def := m[term]
			switch {
			case term == "":
				return ld.NewJsonLdError(ld.InvalidTermDefinition, "the empty string cannot be a term")
			case term == "@context":
				return ld.NewJsonLdError(ld.KeywordRedefinition, "@context cannot be redefined")
			case term == "@type":
				if err := checkTypeDefinition(def); err != nil {
					return err
				}
				continue
			case ld.IsKeyword(term):
				continue
			}
			defMap, isMap := def.(map[string]any)
			if isMap && keywordLike(defMap["@reverse"]) {
				// JSON-LD 1.1 API 4.2.2 step 14.2: a reverse property of
				// the form of a keyword is ignored (with a warning).
				delete(m, term)
				continue
			}
			if protectedNull[term] && def != nil && !(isMap && defMap["@id"] == nil && hasKey(defMap, "@id")) {
				return ld.NewJsonLdError(ld.ProtectedTermRedefinition,
					fmt.Sprintf("term %q is protected (defined as null) and cannot be redefined", term))
			}
			protected := protectAll
			if isMap {
				if p, ok := defMap["@protected"].(bool); ok {
					protected = p
				}
				if scoped, ok := defMap["@context"]; ok {
					if err := checkContext(scoped); err != nil {
						return err
					}
				}
			}
			isNull := def == nil || (isMap && hasKey(defMap, "@id") && defMap["@id"] == nil)
			if isNull && protected {
				protectedNull[term] = true
			}
		}
	}
	return nil
}

// checkTypeDefinition checks a term definition for @type, which JSON-LD
// 1.1 allows only as {"@container": "@set"} with an optional @protected.
func checkTypeDefinition(def any) error {
	m, ok := def.(map[string]any)
	if !ok || len(m) == 0 {
		return ld.NewJsonLdError(ld.KeywordRedefinition, "@type can only be defined as {\"@container\": \"@set\"}")
	}
	for k, v := range m {
		switch k {
		case "@container":
			if v != "@set" {
				return ld.NewJsonLdError(ld.KeywordRedefinition, "the @container of @type can only be @set")
			}
		case "@protected":
		default:
			return ld.NewJsonLdError(ld.KeywordRedefinition, fmt.Sprintf("@type cannot have %s in its definition", k))
		}
	}
	return nil
}

// keywordLike reports whether v is a string of the form of a keyword ("@"
// and letters) that is not a keyword.
func keywordLike(v any) bool {
	s, ok := v.(string)
	if !ok || len(s) < 2 || s[0] != '@' || ld.IsKeyword(s) {
		return false
	}
	for _, r := range s[1:] {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// checkExpanded checks the value objects of an expanded document: @type
// must be one absolute IRI or @json.
func checkExpanded(v any) error {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if err := checkExpanded(e); err != nil {
				return err
			}
		}
	case map[string]any:
		if _, isValue := x["@value"]; isValue {
			t, hasType := x["@type"]
			if !hasType {
				return nil
			}
			s, ok := t.(string)
			if !ok || (s != "@json" && !wellFormedIRI(s)) {
				return ld.NewJsonLdError(ld.InvalidTypedValue, fmt.Sprintf("the @type of a value must be one IRI, not %v", t))
			}
			return nil
		}
		for _, e := range x {
			if err := checkExpanded(e); err != nil {
				return err
			}
		}
	}
	return nil
}
