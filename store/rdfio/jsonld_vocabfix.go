package rdfio

import (
	"strconv"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// Compacting an IRI against @vocab cuts the vocabulary off whatever
// follows, so http://schema.org/a:b becomes "a:b" (read back as an IRI with
// scheme "a") and http://schema.org/@x becomes "@x" (ignored on reading).
// Before compaction such IRIs (properties and types) are swapped for
// markers that compaction leaves alone, and put back in full afterwards,
// so the output always reads back as the same data.

const iriMarker = "urn:x-ruche-iri:"

type iriMarks struct {
	vocab string
	iris  []string
	index map[string]string // IRI -> marker
}

func newIRIMarks(ctx *ld.Context) *iriMarks {
	m := &iriMarks{}
	if ctx.Values != nil && ctx.Values.Vocab != nil {
		m.vocab = *ctx.Values.Vocab
	}
	return m
}

// unsafe reports whether compacting iri against the vocabulary would give
// a key that does not read back as iri.
func (m *iriMarks) unsafe(iri string) bool {
	if m.vocab == "" || !strings.HasPrefix(iri, m.vocab) {
		return false
	}
	s := iri[len(m.vocab):]
	return s == "" || s[0] == '@' || strings.Contains(s, ":")
}

func (m *iriMarks) mark(iri string) string {
	if !m.unsafe(iri) {
		return iri
	}
	if mk, ok := m.index[iri]; ok {
		return mk
	}
	if m.index == nil {
		m.index = map[string]string{}
	}
	mk := iriMarker + strconv.Itoa(len(m.iris))
	m.iris = append(m.iris, iri)
	m.index[iri] = mk
	return mk
}

// protect swaps, in place, the unsafe property IRIs and types of an
// expanded document for markers.
func (m *iriMarks) protect(v any) {
	if m.vocab == "" {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			m.protect(e)
		}
	case map[string]any:
		if _, isValue := x["@value"]; isValue {
			if t, ok := x["@type"].(string); ok {
				x["@type"] = m.mark(t)
			}
			return
		}
		for k, e := range x {
			if k == "@type" {
				if ts, ok := e.([]any); ok {
					for i, t := range ts {
						if s, ok := t.(string); ok {
							ts[i] = m.mark(s)
						}
					}
				}
				continue
			}
			m.protect(e)
			if !strings.HasPrefix(k, "@") {
				if mk := m.mark(k); mk != k {
					delete(x, k)
					x[mk] = e
				}
			}
		}
	}
}

// restore puts the IRIs back in a compacted document (keys and strings),
// and returns v.
func (m *iriMarks) restore(v any) any {
	if len(m.iris) == 0 {
		return v
	}
	switch x := v.(type) {
	case string:
		return m.iri(x)
	case []any:
		for i, e := range x {
			x[i] = m.restore(e)
		}
	case map[string]any:
		for k, e := range x {
			if k == "@value" {
				continue
			}
			e = m.restore(e)
			if full := m.iri(k); full != k {
				delete(x, k)
				k = full
			}
			x[k] = e
		}
	}
	return v
}

func (m *iriMarks) iri(s string) string {
	n, ok := strings.CutPrefix(s, iriMarker)
	if !ok {
		return s
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 0 || i >= len(m.iris) {
		return s
	}
	return m.iris[i]
}
