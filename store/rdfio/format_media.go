package rdfio

import "strings"

// MediaTypes returns the media types that name f: the registered one first,
// then the others clients send for it (text/plain for N-Triples,
// application/json for JSON-LD, text/n3 for Turtle, …).
func (f Format) MediaTypes() []string {
	i, ok := formats[f]
	if !ok {
		return nil
	}
	out := []string{i.mediaType}
	for _, a := range i.aliases {
		if strings.Contains(a, "/") && a != "rdf/xml" {
			out = append(out, a)
		}
	}
	return out
}

// Names returns the short names of f (its String first, then aliases such
// as "ttl", "n3", "json-ld", "xml").
func (f Format) Names() []string {
	i, ok := formats[f]
	if !ok {
		return nil
	}
	out := []string{i.name}
	for _, a := range i.aliases {
		if !strings.Contains(a, "/") {
			out = append(out, a)
		}
	}
	return out
}
