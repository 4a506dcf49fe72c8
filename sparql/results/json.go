package results

import (
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

// jsonEncoder writes SPARQL 1.1 Query Results JSON.
type jsonEncoder struct{ n int }

func (e *jsonEncoder) header(dst []byte, vars []string) []byte {
	dst = append(dst, `{"head":{"vars":[`...)
	for i, v := range vars {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, v)
	}
	return append(dst, "]},\n\"results\":{\"bindings\":["...)
}

func (e *jsonEncoder) row(dst []byte, vars []string, row []rdf.Term) []byte {
	if e.n > 0 {
		dst = append(dst, ',')
	}
	e.n++
	dst = append(dst, "\n{"...)
	first := true
	for i, t := range row {
		if t.Kind == rdf.KindNone {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendJSONString(dst, vars[i])
		dst = append(dst, ':')
		dst = appendJSONTerm(dst, t)
	}
	return append(dst, '}')
}

func (e *jsonEncoder) trailer(dst []byte) []byte { return append(dst, "\n]}}\n"...) }

// abort leaves the arrays and objects open: the document does not parse.
func (e *jsonEncoder) abort(dst []byte, _ []string, _ error) []byte { return append(dst, '\n') }

func appendJSONTerm(dst []byte, t rdf.Term) []byte {
	switch t.Kind {
	case rdf.KindIRI:
		dst = append(dst, `{"type":"uri","value":`...)
		dst = appendJSONString(dst, t.Value)
	case rdf.KindBlank:
		dst = append(dst, `{"type":"bnode","value":`...)
		dst = appendJSONString(dst, t.Value)
	default:
		dst = append(dst, `{"type":"literal","value":`...)
		dst = appendJSONString(dst, t.Value)
		switch {
		case t.Lang != "":
			dst = append(dst, `,"xml:lang":`...)
			dst = appendJSONString(dst, t.Lang)
		case t.Datatype != "" && t.Datatype != rdf.XSDString:
			dst = append(dst, `,"datatype":`...)
			dst = appendJSONString(dst, t.Datatype)
		}
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&15])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
