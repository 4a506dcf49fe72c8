package rdf

import (
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

func appendEscapedString(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = appendUCHAR(dst, 0xFFFD)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			if c < 0x20 || c == 0x7F {
				dst = appendUCHAR(dst, rune(c))
			} else {
				dst = append(dst, c)
			}
		}
		i++
	}
	return dst
}

func appendEscapedIRI(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c <= 0x20, c == '<', c == '>', c == '"', c == '{', c == '}', c == '|', c == '^', c == '`', c == '\\':
			dst = appendUCHAR(dst, rune(c))
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
