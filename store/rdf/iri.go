package rdf

import (
	"fmt"
	"strings"
)

// ResolveIRI resolves the IRI reference ref against the absolute IRI base,
// following RFC 3986 §5.2. A reference that has a scheme is already an
// absolute IRI and is returned unchanged (dot segments included), as
// N-Triples would keep it: so an IRI reads back identically whichever
// syntax wrote it. It works on IRIs as strings, so non-ASCII characters and
// percent escapes are kept exactly as written. It fails if ref is relative
// and base is not an absolute IRI.
func ResolveIRI(base, ref string) (string, error) {
	if HasScheme(ref) {
		return ref, nil
	}
	if !HasScheme(base) {
		if base == "" {
			return "", fmt.Errorf("cannot resolve relative IRI <%s>: no base IRI", ref)
		}
		return "", fmt.Errorf("cannot resolve relative IRI <%s>: base <%s> is not absolute", ref, base)
	}
	b, r := splitIRI(base), splitIRI(ref)
	var t iriParts
	switch {
	case r.hasAuthority:
		t = r
		t.path = removeDotSegments(r.path)
	case r.path == "":
		t = b
		t.hasFragment, t.fragment = false, ""
		if r.hasQuery {
			t.hasQuery, t.query = true, r.query
		}
	default:
		t = b
		t.hasQuery, t.query = r.hasQuery, r.query
		if strings.HasPrefix(r.path, "/") {
			t.path = removeDotSegments(r.path)
		} else {
			t.path = removeDotSegments(mergePaths(b, r.path))
		}
	}
	t.scheme = b.scheme
	t.hasFragment, t.fragment = r.hasFragment, r.fragment
	return t.String(), nil
}

// iriParts is an IRI split into its RFC 3986 components.
type iriParts struct {
	scheme                string // without ':'; empty if none
	hasAuthority          bool
	authority             string
	path                  string
	hasQuery, hasFragment bool
	query, fragment       string
}

func splitIRI(s string) iriParts {
	var p iriParts
	if HasScheme(s) {
		i := strings.IndexByte(s, ':')
		p.scheme, s = s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		p.hasFragment, p.fragment, s = true, s[i+1:], s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		p.hasQuery, p.query, s = true, s[i+1:], s[:i]
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		i := strings.IndexByte(s, '/')
		if i < 0 {
			i = len(s)
		}
		p.hasAuthority, p.authority, s = true, s[:i], s[i:]
	}
	p.path = s
	return p
}

// String recomposes the components (RFC 3986 §5.3).
func (p iriParts) String() string {
	var sb strings.Builder
	sb.Grow(len(p.scheme) + len(p.authority) + len(p.path) + len(p.query) + len(p.fragment) + 6)
	if p.scheme != "" {
		sb.WriteString(p.scheme)
		sb.WriteByte(':')
	}
	if p.hasAuthority {
		sb.WriteString("//")
		sb.WriteString(p.authority)
	}
	sb.WriteString(p.path)
	if p.hasQuery {
		sb.WriteByte('?')
		sb.WriteString(p.query)
	}
	if p.hasFragment {
		sb.WriteByte('#')
		sb.WriteString(p.fragment)
	}
	return sb.String()
}

// mergePaths merges a relative-path reference with the base (§5.2.3).
func mergePaths(b iriParts, ref string) string {
	if b.hasAuthority && b.path == "" {
		return "/" + ref
	}
	i := strings.LastIndexByte(b.path, '/')
	return b.path[:i+1] + ref
}

// removeDotSegments implements RFC 3986 §5.2.4.
func removeDotSegments(in string) string {
	if !strings.Contains(in, ".") {
		return in
	}
	out := make([]byte, 0, len(in))
	for len(in) > 0 {
		switch {
		case strings.HasPrefix(in, "../"):
			in = in[3:]
		case strings.HasPrefix(in, "./"):
			in = in[2:]
		case strings.HasPrefix(in, "/./"):
			in = in[2:]
		case in == "/.":
			in = "/"
		case strings.HasPrefix(in, "/../"):
			in = in[3:]
			out = dropLastSegment(out)
		case in == "/..":
			in = "/"
			out = dropLastSegment(out)
		case in == "." || in == "..":
			in = ""
		default:
			// Move the first segment (with its leading '/', if any) to out.
			i := 0
			if in[0] == '/' {
				i = 1
			}
			j := strings.IndexByte(in[i:], '/')
			if j < 0 {
				j = len(in)
			} else {
				j += i
			}
			out = append(out, in[:j]...)
			in = in[j:]
		}
	}
	return string(out)
}

func dropLastSegment(out []byte) []byte {
	for i := len(out) - 1; i >= 0; i-- {
		if out[i] == '/' {
			return out[:i]
		}
	}
	return out[:0]
}

// NormalizeDotSegments removes the dot segments ("." and "..") of the path
// of an absolute IRI (RFC 3986 §5.2.4), leaving everything else as
// written. A string without a scheme is returned unchanged.
func NormalizeDotSegments(iri string) string {
	if !HasScheme(iri) {
		return iri
	}
	p := splitIRI(iri)
	p.path = removeDotSegments(p.path)
	return p.String()
}

// HasScheme reports whether s starts with an IRI scheme and ':' (RFC 3986
// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), that is, whether
// it is an absolute IRI rather than a relative reference. It takes bytes
// too, so a parser can test a token before making a string of it.
func HasScheme[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}
