package expr

import "github.com/ruche-lod/ruche/store/rdf"

// resolveIRI resolves ref against base (RFC 3986 section 5.2.2) for IRI()
// and URI(). An empty base leaves a relative ref unchanged; an absolute ref
// has its dot segments removed, as SPARQL's IRI() normalises them.
func resolveIRI(base, ref string) string {
	if rdf.HasScheme(ref) {
		return rdf.NormalizeDotSegments(ref)
	}
	if base == "" {
		return ref
	}
	resolved, err := rdf.ResolveIRI(base, ref)
	if err != nil {
		return ref
	}
	return resolved
}
