package rdfio

import (
	"fmt"
	"unicode/utf8"
)

// Character classes and escapes shared by the N-Triples, N-Quads, Turtle and
// TriG readers and the Turtle writer (RDF 1.1 Turtle §6.5 productions).

func isPNCharsBase(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	case r < 0xC0:
		return false
	case r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF,
		r >= 0x200C && r <= 0x200D, r >= 0x2070 && r <= 0x218F,
		r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD,
		r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

func isPNCharsU(r rune) bool { return r == '_' || isPNCharsBase(r) }

func isPNChars(r rune) bool {
	switch {
	case isPNCharsU(r), r == '-', r >= '0' && r <= '9', r == 0xB7,
		r >= 0x300 && r <= 0x36F, r >= 0x203F && r <= 0x2040:
		return true
	}
	return false
}

// isIRIForbidden reports whether byte c may not appear unescaped in an
// IRIREF (RDF 1.1 N-Triples: [^#x00-#x20<>"{}|^`\]).
func isIRIForbidden(c byte) bool {
	switch c {
	case '<', '>', '"', '{', '}', '|', '^', '`', '\\':
		return true
	}
	return c <= 0x20
}

func hexVal(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// decodeUCHAR decodes the hex digits of a \u (n = 4) or \U (n = 8) escape
// at the start of b. It reports an error message if they are missing or
// denote no Unicode scalar value.
func decodeUCHAR(b []byte, n int) (rune, string) {
	if len(b) < n {
		return 0, "truncated \\u escape"
	}
	var r rune
	for i := 0; i < n; i++ {
		v := hexVal(b[i])
		if v < 0 {
			return 0, fmt.Sprintf("invalid hex digit %q in \\%c escape", rune(b[i]), map[int]rune{4: 'u', 8: 'U'}[n])
		}
		r = r<<4 | v
	}
	if r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
		return 0, fmt.Sprintf("escape \\%c%s is not a Unicode scalar value", map[int]rune{4: 'u', 8: 'U'}[n], b[:n])
	}
	return r, ""
}

// echar maps the letter of an ECHAR escape to its character.
func echar(c byte) (byte, bool) {
	switch c {
	case 't':
		return '\t', true
	case 'b':
		return '\b', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 'f':
		return '\f', true
	case '"':
		return '"', true
	case '\'':
		return '\'', true
	case '\\':
		return '\\', true
	}
	return 0, false
}

// validLangTag reports whether s matches [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLangTag(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	first, run := true, 0
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			run++
		case c >= '0' && c <= '9' && !first:
			run++
		case c == '-' && run > 0:
			first, run = false, 0
		default:
			return false
		}
	}
	return run > 0
}

// describe names the input at the start of b for an error message.
func describe(b []byte) string {
	if len(b) == 0 {
		return "end of input"
	}
	r, size := utf8.DecodeRune(b)
	switch {
	case r == utf8.RuneError && size <= 1:
		return fmt.Sprintf("invalid UTF-8 byte 0x%02X", b[0])
	case r == '\n' || r == '\r':
		return "end of line"
	case r < 0x20 || r == 0x7F:
		return fmt.Sprintf("control character U+%04X", r)
	}
	return fmt.Sprintf("%q", r)
}
