package parser

import "github.com/ruche-lod/ruche/store/rdfio"

// isAbsoluteIRI reports whether s starts with a scheme (RFC 3986 §3.1).
func isAbsoluteIRI(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c):
		case i > 0 && (isDigit(c) || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// resolveIRI resolves ref against base (RFC 3986 §5.2).
func resolveIRI(base, ref string) (string, error) {
	return rdfio.ResolveIRI(base, ref)
}
