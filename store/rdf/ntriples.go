package rdf

import (
	"strings"
	"unicode/utf8"
)

// AppendTerm appends the canonical N-Triples spelling of t to dst (RDF 1.1
// N-Triples canonical form: UCHAR only for control characters, ECHAR for
// \t \b \n \r \f \" \\ in literals). The zero Term appends nothing.
func AppendTerm(dst []byte, t Term) []byte {
	switch t.Kind {
	case KindIRI:
		dst = append(dst, '<')
		dst = appendEscapedIRI(dst, t.Value)
		return append(dst, '>')
	case KindBlank:
		dst = append(dst, '_', ':')
		return append(dst, t.Value...)
	case KindLiteral:
		dst = append(dst, '"')
		dst = appendEscapedString(dst, t.Value)
		dst = append(dst, '"')
		switch {
		case t.Lang != "":
			dst = append(dst, '@')
			dst = append(dst, t.Lang...)
		case t.Datatype != "" && t.Datatype != XSDString:
			dst = append(dst, '^', '^', '<')
			dst = appendEscapedIRI(dst, t.Datatype)
			dst = append(dst, '>')
		}
		return dst
	}
	return dst
}

// AppendQuad appends q as an N-Quads statement ("S P O G ." or "S P O ."),
// without a newline.
func AppendQuad(dst []byte, q Quad) []byte {
	dst = AppendTerm(dst, q.S)
	dst = append(dst, ' ')
	dst = AppendTerm(dst, q.P)
	dst = append(dst, ' ')
	dst = AppendTerm(dst, q.O)
	if !q.G.IsZero() {
		dst = append(dst, ' ')
		dst = AppendTerm(dst, q.G)
	}
	return append(dst, ' ', '.')
}

const hexDigits = "0123456789ABCDEF"

func appendUCHAR(dst []byte, r rune) []byte {
	if r <= 0xFFFF {
		return append(dst, '\\', 'u',
			hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
	}
	dst = append(dst, '\\', 'U')
	for shift := 28; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[r>>uint(shift)&0xF])
	}
	return dst
}

// Byte classes of the escaping fast paths: strPlain marks the ASCII bytes a
// literal keeps as they are, iriPlain the bytes an IRI keeps as they are
// (every non-ASCII byte included: IRIs are written without UTF-8 checks).
var strPlain, iriPlain [256]bool

func init() {
	for c := 0x20; c < 0x7F; c++ {
		strPlain[c] = c != '"' && c != '\\'
	}
	for c := 0x21; c < 0x100; c++ {
		iriPlain[c] = !strings.ContainsRune(`<>"{}|^`+"`"+`\\`, rune(c))
	}
}

// appendEscapedString appends s escaped for a "…" literal. Runs of bytes
// that need no escape (printable ASCII, valid UTF-8 sequences) are copied
// in one append; only the bytes that need an escape are handled one by one.
func appendEscapedString(dst []byte, s string) []byte {
	start := 0 // first byte not yet copied
	for i := 0; i < len(s); {
		c := s[i]
		if strPlain[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size > 1 {
				i += size // valid: stays in the run
				continue
			}
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscapedByte(dst, c)
		i++
		start = i
	}
	return append(dst, s[start:]...)
}

// appendEscapedByte escapes one byte of a literal that cannot be copied:
// ECHAR for the usual suspects, UCHAR for other control characters, and
// \uFFFD (the replacement character) for a byte that is not valid UTF-8.
func appendEscapedByte(dst []byte, c byte) []byte {
	switch c {
	case '"':
		return append(dst, '\\', '"')
	case '\\':
		return append(dst, '\\', '\\')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	}
	if c >= utf8.RuneSelf {
		return appendUCHAR(dst, utf8.RuneError)
	}
	return appendUCHAR(dst, rune(c))
}

// appendEscapedIRI appends s escaped for an <…> IRI: UCHAR for the bytes
// IRIREF forbids, every other byte copied as it is, in runs.
func appendEscapedIRI(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; !iriPlain[c] {
			dst = append(dst, s[start:i]...)
			dst = appendUCHAR(dst, rune(c))
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}
