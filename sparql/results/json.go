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
		dst = AppendJSONString(dst, v, false)
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
		dst = AppendJSONString(dst, vars[i], false)
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
		dst = AppendJSONString(dst, t.Value, false)
	case rdf.KindBlank:
		dst = append(dst, `{"type":"bnode","value":`...)
		dst = AppendJSONString(dst, t.Value, false)
	default:
		dst = append(dst, `{"type":"literal","value":`...)
		dst = AppendJSONString(dst, t.Value, false)
		switch {
		case t.Lang != "":
			dst = append(dst, `,"xml:lang":`...)
			dst = AppendJSONString(dst, t.Lang, false)
		case t.Datatype != "" && t.Datatype != rdf.XSDString:
			dst = append(dst, `,"datatype":`...)
			dst = AppendJSONString(dst, t.Datatype, false)
		}
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s to dst as a JSON string without allocating:
// quotes, backslashes, control characters, U+2028 and U+2029 are escaped,
// and invalid UTF-8 becomes U+FFFD. With escapeHTML, <, > and & are escaped
// too (as encoding/json does), so the output is safe to embed in HTML. It is
// the one JSON string writer of ruche: SPARQL JSON results and the JSON-LD
// dump both use it.
func AppendJSONString(dst []byte, s string, escapeHTML bool) []byte {
	safe := &jsonSafe
	if escapeHTML {
		safe = &jsonSafeHTML
	}
	dst = append(dst, '"')
	// Runs of bytes that need no escaping (most of a term) are copied at
	// once; only the bytes around them are looked at one by one.
	start := 0
	for i := 0; i < len(s); {
		if !escapeHTML && i+8 <= len(s) && plainWord(s, i) {
			i += 8
			continue
		}
		c := s[i]
		if safe[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default: // other control characters, and <, > & for HTML
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&15])
		default:
			i += size // valid UTF-8: part of the run
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plainWord tells whether the 8 bytes of s from i are all printable ASCII
// other than the quote and the backslash (jsonSafe), testing them at once
// (the bit tricks of "Bit Twiddling Hacks": a byte below 0x20, a byte with
// its high bit set, a quote or a backslash), since most of a term's bytes
// need no escape.
func plainWord(s string, i int) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
	hasZero := func(v uint64) uint64 { return (v - ones) &^ v & highs }
	below := (x - ones*0x20) &^ x & highs // some byte < 0x20 (x has no high bit here)
	return x&highs == 0 && below == 0 && hasZero(x^(ones*'"')) == 0 && hasZero(x^(ones*'\\')) == 0
}

// jsonSafe tells the bytes AppendJSONString copies as they are: printable
// ASCII but the quote and the backslash (bytes from 0x80 start a UTF-8
// sequence, checked apart); jsonSafeHTML also leaves out <, > and &.
var jsonSafe, jsonSafeHTML = func() (plain, html [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		plain[c] = c != '"' && c != '\\'
		html[c] = plain[c] && c != '<' && c != '>' && c != '&'
	}
	return plain, html
}()
