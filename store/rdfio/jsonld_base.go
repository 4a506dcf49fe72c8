package rdfio

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// json-gold resolves relative IRIs with net/url, which is not RFC 3986
// (it removes dot segments from a base path that a reference with an empty
// path must keep, turns "ex:" + "test" into "ex:///test", escapes
// characters…). It cannot be told otherwise, so ruche hides the real base
// IRIs from it: every absolute base (the document's, and each absolute
// "@base" of an embedded context) is replaced by a placeholder whose
// net/url resolution can be undone, deep enough that ".." never reaches
// its root. After expansion, every IRI built on a placeholder is turned
// back into the relative reference it came from and resolved against the
// real base with ResolveIRI (RFC 3986 section 5.2).
//
// Known limits: net/url percent-encodes non-ASCII characters, which are put
// back, so a relative reference that spells a non-ASCII character as a
// percent escape comes back unescaped; against a base without authority
// and path ("ex:") dot segments are already removed as net/url does. Only
// bases in the document itself are hidden, not those of remote contexts.

const (
	placeholderScheme = "x-ruche-base"
	placeholderDepth  = 48
	placeholderFile   = "_rf"
	placeholderQuery  = "_rq"
	placeholderHost   = "x-ruche-base.invalid"
)

// baseMap records the real base behind each placeholder, and the
// relative @vocab values seen: json-gold resolves those against the base
// and then appends terms to them without resolution.
type baseMap struct {
	docBase      string // the document's own base, for context references
	real         []string
	placeholders []string
	vocabs       []string
}

func placeholderDir(k int) string { return "_r" + strconv.Itoa(k) }

// placeholder returns the placeholder standing for base.
func (m *baseMap) placeholder(base string) string {
	i := len(m.real)
	m.real = append(m.real, base)
	var b strings.Builder
	b.WriteString(placeholderScheme + strconv.Itoa(i) + "://" + placeholderHost + "/")
	for k := 1; k <= placeholderDepth; k++ {
		b.WriteString(placeholderDir(k) + "/")
	}
	b.WriteString(placeholderFile + "?" + placeholderQuery)
	m.placeholders = append(m.placeholders, b.String())
	return b.String()
}

// hideBases replaces the absolute "@base" values of the embedded contexts
// of doc by placeholders, in place.
func (m *baseMap) hideBases(v any, inContext bool) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			m.hideBases(e, inContext)
		}
	case map[string]any:
		if _, isValue := x["@value"]; isValue && !inContext {
			return
		}
		for k, e := range x {
			switch {
			case inContext && k == "@base":
				if s, ok := e.(string); ok && rdf.HasScheme(s) {
					x[k] = m.placeholder(s)
				}
			case inContext && k == "@vocab":
				if s, ok := e.(string); ok && !rdf.HasScheme(s) && !strings.HasPrefix(s, "_:") {
					m.vocabs = append(m.vocabs, s)
				}
			case k == "@context":
				x[k] = m.resolveContextRefs(e)
				m.hideBases(x[k], true)
			case inContext && !strings.HasPrefix(k, "@"):
				// A term definition: only its scoped context matters.
				if def, ok := e.(map[string]any); ok {
					if scoped, ok := def["@context"]; ok {
						def["@context"] = m.resolveContextRefs(scoped)
						m.hideBases(def["@context"], true)
					}
				}
			case !inContext:
				m.hideBases(e, false)
			}
		}
	}
}

// resolveContextRefs resolves the relative context references of a
// context value against the document's base: the spec resolves them
// against the base URL of the document, json-gold against the active
// @base.
func (m *baseMap) resolveContextRefs(v any) any {
	switch x := v.(type) {
	case string:
		if !rdf.HasScheme(x) && m.docBase != "" {
			if r, err := ResolveIRI(m.docBase, x); err == nil {
				return r
			}
		}
	case []any:
		for i, e := range x {
			if _, ok := e.(string); ok {
				x[i] = m.resolveContextRefs(e)
			}
		}
	}
	return v
}

// reveal turns an IRI built by json-gold on a placeholder back into the
// IRI resolved against the real base. Other strings are returned as they
// are. An IRI that cannot be resolved comes back relative, so that it is
// dropped later as not well-formed.
func (m *baseMap) reveal(s string) string {
	rest, ok := strings.CutPrefix(s, placeholderScheme)
	if !ok || len(m.real) == 0 {
		return s
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	i, err := strconv.Atoi(rest[:n])
	if err != nil || i >= len(m.real) || !strings.HasPrefix(rest[n:], "://") {
		return s
	}
	if out, ok := m.revealVocab(s, i); ok {
		return out
	}
	ref := unescapeNonASCII(placeholderRef(rest[n+3:]))
	out, err := ResolveIRI(m.real[i], ref)
	if err != nil {
		return ref
	}
	return out
}

// placeholderRef recovers the relative reference that net/url resolved
// against a placeholder to give placeholderHost + "/_r1/…" + suffix.
func placeholderRef(afterScheme string) string {
	auth, rest, _ := strings.Cut(afterScheme, "/")
	if auth != placeholderHost {
		return "//" + afterScheme // a network-path reference
	}
	path, tail := rest, ""
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		path, tail = rest[:i], rest[i:]
	}
	segs := strings.Split(path, "/")
	k := 0
	for k < len(segs)-1 && k < placeholderDepth && segs[k] == placeholderDir(k+1) {
		k++
	}
	rel := strings.Join(segs[k:], "/")
	if k == placeholderDepth && rel == placeholderFile {
		// Same path as the base: only the query and fragment changed.
		if q, ok := strings.CutPrefix(tail, "?"+placeholderQuery); ok {
			return q // "" or "#frag"
		}
		return tail
	}
	switch {
	case k == 0:
		return "/" + rel + tail
	case k < placeholderDepth:
		return strings.Repeat("../", placeholderDepth-k) + rel + tail
	}
	if rel == "" || strings.Contains(strings.SplitN(rel, "/", 2)[0], ":") {
		rel = "./" + rel
	}
	return rel + tail
}

// revealAll rewrites, in place, the IRIs of an expanded document (map keys
// and strings outside @value) that json-gold built on placeholders.
func (m *baseMap) revealAll(v any) any {
	if len(m.real) == 0 {
		return v
	}
	switch x := v.(type) {
	case string:
		return m.reveal(x)
	case []any:
		for i, e := range x {
			x[i] = m.revealAll(e)
		}
	case map[string]any:
		for k, e := range x {
			if k == "@value" {
				continue
			}
			e = m.revealAll(e)
			nk := m.reveal(k)
			if nk == k {
				x[k] = e
				continue
			}
			delete(x, k)
			if old, ok := x[nk].([]any); ok {
				if add, ok := e.([]any); ok {
					e = append(old, add...)
				}
			}
			x[nk] = e
		}
	}
	return v
}

// placeholderLoader reveals placeholder IRIs before asking the real loader
// (a relative context reference is resolved by json-gold against the
// placeholder base).
type placeholderLoader struct {
	bases *baseMap
	next  ld.DocumentLoader
}

func (l placeholderLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	real := l.bases.reveal(u)
	if !rdf.HasScheme(real) {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Errorf("cannot resolve context reference %q", real))
	}
	rd, err := l.next.LoadDocument(real)
	if err != nil {
		return nil, err
	}
	// Context references inside a remote context are relative to it.
	if doc, ok := rd.Document.(map[string]any); ok {
		resolveScopedRefs(doc["@context"], &baseMap{docBase: rd.DocumentURL})
	}
	return rd, nil
}

// resolveScopedRefs resolves, in place, the context references of a
// context value and of the scoped contexts of its term definitions against
// m.docBase.
func resolveScopedRefs(ctx any, m *baseMap) {
	items, ok := ctx.([]any)
	if !ok {
		items = []any{ctx}
	}
	for _, item := range items {
		cm, ok := item.(map[string]any)
		if !ok {
			continue
		}
		for k, def := range cm {
			if d, ok := def.(map[string]any); ok && !strings.HasPrefix(k, "@") {
				if scoped, ok := d["@context"]; ok {
					d["@context"] = m.resolveContextRefs(scoped)
					resolveScopedRefs(d["@context"], m)
				}
			}
		}
	}
}

// revealVocab handles an IRI made by appending a term to a relative @vocab
// that json-gold resolved against placeholder i: the real IRI is the real
// vocabulary IRI followed by the same term, unresolved.
func (m *baseMap) revealVocab(s string, i int) (string, bool) {
	best, bestRef := "", ""
	for _, r := range m.vocabs {
		v := ld.Resolve(m.placeholders[i], r)
		if len(v) > len(best) && strings.HasPrefix(s, v) {
			best, bestRef = v, r
		}
	}
	if best == "" {
		return "", false
	}
	vocab, err := ResolveIRI(m.real[i], bestRef)
	if err != nil {
		return "", false
	}
	return vocab + s[len(best):], true
}

// unescapeNonASCII undoes net/url's percent-encoding of non-ASCII
// characters (IRIs keep them as they are); escapes of ASCII bytes and
// invalid UTF-8 stay as they are.
func unescapeNonASCII(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '%' {
			var buf []byte
			j := i
			for j+2 < len(s) && s[j] == '%' {
				v, err := strconv.ParseUint(s[j+1:j+3], 16, 8)
				if err != nil || v < 0x80 {
					break
				}
				buf = append(buf, byte(v))
				j += 3
			}
			if len(buf) > 0 && utf8.Valid(buf) {
				b.Write(buf)
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

var placeholderRE = regexp.MustCompile(placeholderScheme + `[0-9]+://[^\s"'()<>,\]]*`)

// revealError rewrites the placeholder IRIs json-gold put in an error
// message; errors.Is and errors.As still see the original error.
func (m *baseMap) revealError(err error) error {
	if err == nil || len(m.real) == 0 || !strings.Contains(err.Error(), placeholderScheme) {
		return err
	}
	msg := placeholderRE.ReplaceAllStringFunc(err.Error(), m.reveal)
	return &revealedError{msg: msg, err: err}
}

type revealedError struct {
	msg string
	err error
}

func (e *revealedError) Error() string { return e.msg }
func (e *revealedError) Unwrap() error { return e.err }
