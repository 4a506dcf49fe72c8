package rdfio

import "github.com/ruche-lod/ruche/store/rdf"

// ResolveIRI resolves the IRI reference ref against the absolute IRI base,
// following RFC 3986 §5.2; see [rdf.ResolveIRI], which it calls. A
// reference that has a scheme is returned unchanged.
func ResolveIRI(base, ref string) (string, error) { return rdf.ResolveIRI(base, ref) }
