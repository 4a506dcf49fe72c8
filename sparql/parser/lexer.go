package parser

import (
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token.
type tokKind int

const (
	tokEOF     tokKind = iota
	tokError           // val holds the message
	tokIRI             // <…>; val is the IRI with \u escapes decoded
	tokPName           // prefix:local; val is the local part unescaped, prefix in prefix
	tokBlank           // _:label; val is the label
	tokVar             // ?x or $x; val is the name
	tokString          // val is the decoded string
	tokLang            // @en; val is the tag
	tokInteger         // val is the lexical form, sign included
	tokDecimal         // idem
	tokDouble          // idem
	tokWord            // a bare word: keyword, `a`, true/false, built-in name
	tokPunct           // punctuation or operator; val is its text
)

var tokNames = [...]string{
	tokEOF: "end of input", tokError: "error", tokIRI: "IRI", tokPName: "prefixed name",
	tokBlank: "blank node", tokVar: "variable", tokString: "string", tokLang: "language tag",
	tokInteger: "integer", tokDecimal: "decimal", tokDouble: "double", tokWord: "keyword",
	tokPunct: "punctuation",
}

// token is one lexical token. pos and end are byte offsets.
type token struct {
	kind   tokKind
	pos    int
	end    int
	val    string
	prefix string
}

// lexer turns a source string into tokens, writing each into the caller's
// token. It never panics and needs no goroutine.
type lexer struct {
	src string
	pos int
}

// describe renders a token for "found X" messages.
func (t *token) describe(src string) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokError:
		return "invalid token"
	case tokPunct:
		return "'" + t.val + "'"
	case tokWord:
		return "'" + t.val + "'"
	}
	text := src[t.pos:t.end]
	if len(text) > 40 {
		text = text[:40] + "…"
	}
	return tokNames[t.kind] + " " + text
}

func (l *lexer) errorf(t *token, start int, msg string) {
	t.kind = tokError
	t.pos = start
	t.end = l.pos
	t.val = msg
	t.prefix = ""
}

// next scans the next token into t.
func (l *lexer) next(t *token) {
	l.skipSpace()
	t.kind = tokEOF
	t.pos = l.pos
	t.prefix = ""
	t.val = ""
	if l.pos >= len(l.src) {
		t.kind = tokEOF
		t.end = l.pos
		return
	}
	c := l.src[l.pos]
	switch {
	case c == '<':
		if l.scanIRI(t) {
			return
		}
		if t.kind == tokError {
			return
		}
		l.punct(t, "<=", "<")
		return
	case c == '?' || c == '$':
		if l.pos+1 < len(l.src) {
			r, _ := utf8.DecodeRuneInString(l.src[l.pos+1:])
			if isVarStart(r) {
				l.pos++
				start := l.pos
				for l.pos < len(l.src) {
					r, n := utf8.DecodeRuneInString(l.src[l.pos:])
					if !isVarChar(r) {
						break
					}
					l.pos += n
				}
				t.kind = tokVar
				t.val = l.src[start:l.pos]
				t.end = l.pos
				return
			}
		}
		if c == '$' {
			l.pos++
			l.errorf(t, t.pos, "'$' must start a variable name")
			return
		}
		l.punct(t, "?")
		return
	case c == '"' || c == '\'':
		l.scanString(t)
		return
	case c == '@':
		l.scanLang(t)
		return
	case c >= '0' && c <= '9':
		l.scanNumber(t, t.pos)
		return
	case c == '.':
		if l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]) {
			l.scanNumber(t, t.pos)
			return
		}
		l.punct(t, ".")
		return
	case c == '+' || c == '-':
		if l.pos+1 < len(l.src) {
			d := l.src[l.pos+1]
			if isDigit(d) || (d == '.' && l.pos+2 < len(l.src) && isDigit(l.src[l.pos+2])) {
				l.pos++
				l.scanNumber(t, t.pos)
				return
			}
		}
		l.punct(t, string(c))
		return
	case c == '_' && l.pos+1 < len(l.src) && l.src[l.pos+1] == ':':
		l.scanBlank(t)
		return
	case c == ':':
		l.scanPName(t, "")
		return
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	if isPNCharsBase(r) {
		l.scanWordOrPName(t)
		return
	}
	l.punct(t, "^^", "&&", "||", "!=", ">=", "{", "}", "(", ")", "[", "]", ";", ",", "*", "/",
		"!", "=", ">", "^", "|")
}

// punct scans the first of the candidates found at the current offset.
func (l *lexer) punct(t *token, cands ...string) {
	for _, c := range cands {
		if strings.HasPrefix(l.src[l.pos:], c) {
			t.kind = tokPunct
			t.val = c
			l.pos += len(c)
			t.end = l.pos
			return
		}
	}
	r, n := utf8.DecodeRuneInString(l.src[l.pos:])
	start := l.pos
	l.pos += n
	if r == utf8.RuneError && n == 1 {
		l.errorf(t, start, "invalid UTF-8")
		return
	}
	l.errorf(t, start, "unexpected character "+quoteRune(r))
}

func quoteRune(r rune) string {
	if r < 0x20 || r == 0x7f {
		return "U+" + strings.ToUpper(strings.TrimLeft(hex4(r), "0"))
	}
	return "'" + string(r) + "'"
}

func hex4(r rune) string {
	const digits = "0123456789abcdef"
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0; i-- {
		b[i] = digits[r&15]
		r >>= 4
	}
	return string(b)
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case ' ', '\t', '\n', '\r':
			l.pos++
		case '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' && l.src[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// scanIRI scans <…>. It returns false (and leaves l.pos alone) when the
// text is not an IRI, so that '<' is an operator.
func (l *lexer) scanIRI(t *token) bool {
	start := l.pos
	i := l.pos + 1
	var b strings.Builder
	plain := true
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '>':
			if plain {
				t.val = l.src[start+1 : i]
			} else {
				t.val = b.String()
			}
			l.pos = i + 1
			t.kind = tokIRI
			t.end = l.pos
			return true
		case c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`':
			return false
		case c == '\\':
			r, n, ok := decodeUCHAR(l.src[i:])
			if !ok {
				return false
			}
			if plain {
				b.WriteString(l.src[start+1 : i])
				plain = false
			}
			if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
				l.pos = i + n
				l.errorf(t, i, "escaped character not allowed in IRI")
				return false
			}
			b.WriteRune(r)
			i += n
		default:
			r, n := utf8.DecodeRuneInString(l.src[i:])
			if r == utf8.RuneError && n == 1 {
				return false
			}
			if !plain {
				b.WriteString(l.src[i : i+n])
			}
			i += n
		}
	}
	return false
}

// decodeUCHAR decodes \uXXXX or \UXXXXXXXX at the start of s.
func decodeUCHAR(s string) (rune, int, bool) {
	if len(s) < 2 || s[0] != '\\' {
		return 0, 0, false
	}
	var n int
	switch s[1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, 0, false
	}
	if len(s) < 2+n {
		return 0, 0, false
	}
	var r rune
	for i := 2; i < 2+n; i++ {
		h, ok := hexVal(s[i])
		if !ok {
			return 0, 0, false
		}
		r = r<<4 | rune(h)
	}
	if !utf8.ValidRune(r) {
		return 0, 0, false
	}
	return r, 2 + n, true
}

func hexVal(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

func (l *lexer) scanString(t *token) {
	start := l.pos
	q := l.src[l.pos]
	long := strings.HasPrefix(l.src[l.pos:], string([]byte{q, q, q}))
	if long {
		l.pos += 3
	} else {
		l.pos++
	}
	var b strings.Builder
	for {
		if l.pos >= len(l.src) {
			l.errorf(t, start, "unterminated string")
			return
		}
		c := l.src[l.pos]
		switch {
		case c == q && !long:
			l.pos++
			t.kind, t.val, t.end = tokString, b.String(), l.pos
			return
		case c == q && long && strings.HasPrefix(l.src[l.pos:], string([]byte{q, q, q})):
			// A long string may end with one or two quotes before the
			// closing three.
			for l.pos+3 < len(l.src) && l.src[l.pos+3] == q && strings.HasPrefix(l.src[l.pos+1:], string([]byte{q, q, q})) {
				b.WriteByte(q)
				l.pos++
			}
			l.pos += 3
			t.kind, t.val, t.end = tokString, b.String(), l.pos
			return
		case (c == '\n' || c == '\r') && !long:
			l.errorf(t, start, "line break in string")
			return
		case c == '\\':
			if l.pos+1 >= len(l.src) {
				l.pos++
				l.errorf(t, start, "unterminated string")
				return
			}
			e := l.src[l.pos+1]
			if e == 'u' || e == 'U' {
				r, n, ok := decodeUCHAR(l.src[l.pos:])
				if !ok {
					l.pos += 2
					l.errorf(t, l.pos-2, "invalid \\u escape in string")
					return
				}
				b.WriteRune(r)
				l.pos += n
				continue
			}
			d, ok := echar(e)
			if !ok {
				l.pos += 2
				l.errorf(t, l.pos-2, "invalid escape \\"+string(e)+" in string")
				return
			}
			b.WriteByte(d)
			l.pos += 2
		default:
			r, n := utf8.DecodeRuneInString(l.src[l.pos:])
			if r == utf8.RuneError && n == 1 {
				l.pos++
				l.errorf(t, l.pos-1, "invalid UTF-8 in string")
				return
			}
			b.WriteString(l.src[l.pos : l.pos+n])
			l.pos += n
		}
	}
}

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
	case '"', '\'', '\\':
		return c, true
	}
	return 0, false
}

func (l *lexer) scanLang(t *token) {
	start := l.pos
	l.pos++
	i := l.pos
	for i < len(l.src) && isAlpha(l.src[i]) {
		i++
	}
	if i == l.pos {
		l.errorf(t, start, "expected language tag after '@'")
		return
	}
	for i+1 < len(l.src) && l.src[i] == '-' && isAlnum(l.src[i+1]) {
		i++
		for i < len(l.src) && isAlnum(l.src[i]) {
			i++
		}
	}
	t.kind = tokLang
	t.val = l.src[l.pos:i]
	l.pos = i
	t.end = i
}

// scanNumber scans a number starting at l.pos; start includes any sign.
func (l *lexer) scanNumber(t *token, start int) {
	kind := tokInteger
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
	}
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		// A '.' belongs to the number if digits or an exponent follow.
		if l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]) {
			kind = tokDecimal
			l.pos++
			for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
				l.pos++
			}
		} else if l.hasExponent(l.pos+1) && l.pos > start && isDigit(l.src[l.pos-1]) {
			kind = tokDecimal
			l.pos++
		}
	}
	if l.hasExponent(l.pos) {
		kind = tokDouble
		l.pos++
		if l.src[l.pos] == '+' || l.src[l.pos] == '-' {
			l.pos++
		}
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
	}
	t.kind = kind
	t.val = l.src[start:l.pos]
	t.end = l.pos
}

func (l *lexer) hasExponent(i int) bool {
	if i >= len(l.src) || (l.src[i] != 'e' && l.src[i] != 'E') {
		return false
	}
	i++
	if i < len(l.src) && (l.src[i] == '+' || l.src[i] == '-') {
		i++
	}
	return i < len(l.src) && isDigit(l.src[i])
}

func (l *lexer) scanBlank(t *token) {
	start := l.pos
	l.pos += 2
	r, n := utf8.DecodeRuneInString(l.src[l.pos:])
	if !(isPNCharsU(r) || (r >= '0' && r <= '9')) {
		l.errorf(t, start, "expected blank node label after '_:'")
		return
	}
	l.pos += n
	l.pos = l.scanNameTail(l.pos, false)
	t.kind = tokBlank
	t.val = l.src[start+2 : l.pos]
	t.end = l.pos
}

// scanNameTail scans (PN_CHARS | '.')* not ending with '.', plus ':' and
// PLX escapes when local is set, and returns the end offset.
func (l *lexer) scanNameTail(i int, local bool) int {
	end := i
	for i < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[i:])
		switch {
		case r == '.':
			i += n
			continue
		case isPNChars(r) || (local && r == ':'):
			i += n
		case local && r == '%' && i+2 < len(l.src) && isHex(l.src[i+1]) && isHex(l.src[i+2]):
			i += 3
		case local && r == '\\' && i+1 < len(l.src) && strings.IndexByte(localEscapes, l.src[i+1]) >= 0:
			i += 2
		default:
			return end
		}
		end = i
	}
	return end
}

const localEscapes = "_~.-!$&'()*+,;=/?#@%"

func (l *lexer) scanWordOrPName(t *token) {
	start := l.pos
	_, n := utf8.DecodeRuneInString(l.src[l.pos:])
	end := l.scanNameTail(l.pos+n, false)
	if end < len(l.src) && l.src[end] == ':' {
		l.pos = end
		l.scanPName(t, l.src[start:end])
		t.pos = start
		return
	}
	// A keyword: letters, digits and '_' only.
	i := start
	for i < len(l.src) && (isAlnum(l.src[i]) || l.src[i] == '_') {
		i++
	}
	l.pos = i
	t.kind = tokWord
	t.val = l.src[start:i]
	t.end = i
}

// scanPName scans ':' local at l.pos, the prefix having been read.
func (l *lexer) scanPName(t *token, prefix string) {
	start := l.pos
	l.pos++ // ':'
	localStart := l.pos
	if l.pos < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[l.pos:])
		c := l.src[l.pos]
		ok := isPNCharsU(r) || r == ':' || (r >= '0' && r <= '9') ||
			(c == '%' && l.pos+2 < len(l.src) && isHex(l.src[l.pos+1]) && isHex(l.src[l.pos+2])) ||
			(c == '\\' && l.pos+1 < len(l.src) && strings.IndexByte(localEscapes, l.src[l.pos+1]) >= 0)
		if ok {
			first := l.pos + n
			if c == '%' {
				first = l.pos + 3
			} else if c == '\\' {
				first = l.pos + 2
			}
			l.pos = l.scanNameTail(first, true)
		}
	}
	raw := l.src[localStart:l.pos]
	local := raw
	if strings.IndexByte(raw, '\\') >= 0 {
		var b strings.Builder
		for i := 0; i < len(raw); i++ {
			if raw[i] == '\\' && i+1 < len(raw) {
				i++
			}
			b.WriteByte(raw[i])
		}
		local = b.String()
	}
	t.kind = tokPName
	t.prefix = prefix
	t.val = local
	t.pos = start
	t.end = l.pos
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }
func isHex(c byte) bool   { _, ok := hexVal(c); return ok }

func isPNCharsBase(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

func isPNCharsU(r rune) bool { return r == '_' || isPNCharsBase(r) }

func isPNChars(r rune) bool {
	return isPNCharsU(r) || r == '-' || (r >= '0' && r <= '9') || r == 0xB7 ||
		(r >= 0x300 && r <= 0x36F) || (r >= 0x203F && r <= 0x2040)
}

func isVarStart(r rune) bool { return isPNCharsU(r) || (r >= '0' && r <= '9') }

func isVarChar(r rune) bool {
	return isPNCharsU(r) || (r >= '0' && r <= '9') || r == 0xB7 ||
		(r >= 0x300 && r <= 0x36F) || (r >= 0x203F && r <= 0x2040)
}
