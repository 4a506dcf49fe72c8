package records

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Defaults that spare a newcomer the traps of JSON-LD bodies (issue 14):
//
//   - a body without "@context" is read with the API context
//     (/context/v1), the context every JSON-LD document of ruche uses;
//   - under that context, a term whose values are language maps (name,
//     description, initialDefinition, …) also accepts a plain string,
//     taken as French: "name": "Essai" is "name": {"fr": "Essai"} (a
//     person's name stays a plain string, in no language);
//   - in a membership, "member" (schema:member in the API context) names
//     the person, as org:member does.

// JSONLDDefaults rewrites a JSON-LD body with the defaults above. A body
// that is not a JSON object (or array of objects) is returned unchanged,
// and the decoder reports its syntax error.
func (wr *Writer) JSONLDDefaults(body []byte) []byte {
	// A body decodeBody will refuse is left as it came, so that it is
	// refused for what the client sent (encoding/json would replace a lone
	// surrogate by U+FFFD, and walk nesting decodeBody bounds).
	if checkText(body) != nil || wr.checkJSONShape(body) != nil {
		return body
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return body
	}
	langTerms := wr.LanguageTerms
	changed := false
	var walk func(v any, apiContext bool) any
	walk = func(v any, apiContext bool) any {
		switch x := v.(type) {
		case []any:
			for i := range x {
				x[i] = walk(x[i], apiContext)
			}
			return x
		case map[string]any:
			if ctx, ok := x["@context"]; ok {
				apiContext = ctx == wr.ContextIRI
			}
			if !apiContext {
				return x
			}
			person := isPersonNode(x)
			for k, val := range x {
				if langTerms[k] && !(person && k == "name") {
					if str, ok := val.(string); ok {
						x[k] = map[string]any{"fr": str}
						changed = true
						continue
					}
					if arr, ok := val.([]any); ok && len(arr) > 0 && allStrings(arr) {
						x[k] = map[string]any{"fr": arr}
						changed = true
						continue
					}
				}
				x[k] = walk(val, apiContext)
			}
			return x
		}
		return v
	}
	switch x := doc.(type) {
	case map[string]any:
		if _, ok := x["@context"]; !ok {
			x["@context"] = wr.ContextIRI
			changed = true
		}
	case []any:
		for _, item := range x {
			if m, ok := item.(map[string]any); ok {
				if _, ok := m["@context"]; !ok {
					m["@context"] = wr.ContextIRI
					changed = true
				}
			}
		}
	default:
		return body
	}
	doc = walk(doc, false)
	if !changed {
		return body
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

// isPersonNode reports whether a node object is typed as a person (whose
// name is a plain string, in no language).
func isPersonNode(x map[string]any) bool {
	for _, key := range []string{"type", "@type"} {
		switch t := x[key].(type) {
		case string:
			if t == "Person" || t == "schema:Person" || t == vocab.SchemaPerson {
				return true
			}
		case []any:
			for _, v := range t {
				if v == "Person" || v == "schema:Person" || v == vocab.SchemaPerson {
					return true
				}
			}
		}
	}
	return false
}

func allStrings(arr []any) bool {
	for _, v := range arr {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

// membershipMember reads schema:member on a membership as org:member (the
// API context's "member" is schema:member, the chantier's members).
func membershipMember(quads []rdf.Quad, root rdf.Term) []rdf.Quad {
	if slices.ContainsFunc(quads, func(q rdf.Quad) bool { return q.S == root && q.P.Value == vocab.OrgMember }) {
		return quads
	}
	out := slices.Clone(quads)
	for i, q := range out {
		if q.S == root && q.P.Value == vocab.SchemaMember {
			out[i].P = rdf.IRI(vocab.OrgMember)
		}
	}
	return out
}
