package rdfio

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// tokKind is the kind of a Turtle/TriG token.
type tokKind uint8

const (
	tokEOF       tokKind = iota
	tokIRI               // <...>, val = unescaped IRI reference
	tokPName             // prefix:local, pfx = prefix, val = unescaped local part
	tokBlank             // _:label, val = label
	tokString            // any of the four string forms, val = unescaped value
	tokLang              // @tag (also @prefix and @base), val = tag
	tokInteger           // val = lexical form
	tokDecimal           //
	tokDouble            //
	tokCaret             // ^^
	tokDot               // .
	tokSemicolon         // ;
	tokComma             // ,
	tokLBracket          // [
	tokRBracket          // ]
	tokLParen            // (
	tokRParen            // )
	tokLBrace            // {
	tokRBrace            // }
	tokKeyword           // a, true, false, PREFIX, BASE, GRAPH (val as written)
)

var tokNames = [...]string{
	tokEOF: "end of input", tokIRI: "IRI", tokPName: "prefixed name", tokBlank: "blank node",
	tokString: "string", tokLang: "language tag", tokInteger: "integer", tokDecimal: "decimal",
	tokDouble: "double", tokCaret: "'^^'", tokDot: "'.'", tokSemicolon: "';'", tokComma: "','",
	tokLBracket: "'['", tokRBracket: "']'", tokLParen: "'('", tokRParen: "')'", tokLBrace: "'{'",
	tokRBrace: "'}'", tokKeyword: "keyword",
}

// token is the lexer's output. Its byte slices alias the lexer's buffers and
// are valid until the next call to next.
type token struct {
	kind      tokKind
	val, pfx  []byte
	line, col int
}

func (t *token) String() string {
	switch t.kind {
	case tokIRI:
		return fmt.Sprintf("IRI <%s>", t.val)
	case tokPName:
		return fmt.Sprintf("prefixed name %s:%s", t.pfx, t.val)
	case tokBlank:
		return "blank node _:" + string(t.val)
	case tokString:
		return "string literal"
	case tokLang:
		return "'@" + string(t.val) + "'"
	case tokInteger, tokDecimal, tokDouble:
		return "number " + string(t.val)
	case tokKeyword:
		return "'" + string(t.val) + "'"
	}
	return tokNames[t.kind]
}

// turtleLexer turns a byte stream into Turtle/TriG tokens. It reads through
// its own growing buffer, so lookahead of any length is possible, and
// tracks line and column (in code points) of every byte.
type turtleLexer struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	ioErr    error
	line     int
	col      int
	name     string
	started  bool

	val, pfx []byte // token text buffers
}

func newTurtleLexer(r io.Reader, name string) *turtleLexer {
	return &turtleLexer{r: r, buf: make([]byte, 64<<10), line: 1, col: 1, name: name}
}

// fill reads more input; it reports false at the end of input.
func (l *turtleLexer) fill() bool {
	if l.eof {
		return false
	}
	if l.pos > 0 {
		copy(l.buf, l.buf[l.pos:l.end])
		l.end -= l.pos
		l.pos = 0
	}
	if l.end == len(l.buf) {
		l.buf = append(l.buf, make([]byte, len(l.buf))...)
	}
	for tries := 0; tries < 100; tries++ {
		n, err := l.r.Read(l.buf[l.end:])
		l.end += n
		if err != nil {
			l.eof = true
			if !errors.Is(err, io.EOF) {
				l.ioErr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	l.eof, l.ioErr = true, io.ErrNoProgress
	return false
}

// at returns the byte k positions ahead, or -1 past the end of input.
func (l *turtleLexer) at(k int) int {
	for l.pos+k >= l.end {
		if !l.fill() {
			return -1
		}
	}
	return int(l.buf[l.pos+k])
}

// runeAt decodes the code point k bytes ahead: (-1, 0) at the end of input,
// (badRune, 1) for invalid UTF-8.
func (l *turtleLexer) runeAt(k int) (rune, int) {
	c := l.at(k)
	if c < 0 {
		return -1, 0
	}
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	l.at(k + 3) // make sure the whole sequence is buffered, if present
	r, size := utf8.DecodeRune(l.buf[l.pos+k : l.end])
	if r == utf8.RuneError && size == 1 {
		return badRune, 1
	}
	return r, size
}

// badRune stands for a byte that is not valid UTF-8.
const badRune = -2

// Byte tables for the lexer's fast paths: plain ASCII bytes (never a line
// end) that can be copied to the token as they are.
var (
	plainIRIByte  [256]bool // inside <…>
	plainStrByte  [256]bool // inside a string, whatever the quote
	plainNameByte [256]bool // PN_CHARS in ASCII
)

func init() {
	for c := 0x21; c < utf8.RuneSelf; c++ {
		plainIRIByte[c] = !isIRIForbidden(byte(c)) && c != '>'
		plainStrByte[c] = c != '"' && c != '\'' && c != '\\'
		plainNameByte[c] = isPNChars(rune(c))
	}
	plainStrByte[' '], plainStrByte['\t'] = true, true
}

// takePlain copies the bytes at the current position that table accepts
// to l.val; they are ASCII and no line ends, so only the column moves.
func (l *turtleLexer) takePlain(table *[256]bool) {
	i := l.pos
	for i < l.end && table[l.buf[i]] {
		i++
	}
	l.val = append(l.val, l.buf[l.pos:i]...)
	l.col += i - l.pos
	l.pos = i
}

// skip consumes n bytes, keeping line and column up to date.
func (l *turtleLexer) skip(n int) {
	for _, c := range l.buf[l.pos : l.pos+n] {
		if c == '\n' {
			l.line++
			l.col = 1
		} else if c&0xC0 != 0x80 {
			l.col++
		}
	}
	l.pos += n
}

func (l *turtleLexer) errAt(line, col int, format string, args ...any) error {
	return &SyntaxError{Name: l.name, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (l *turtleLexer) errHere(format string, args ...any) error {
	return l.errAt(l.line, l.col, format, args...)
}

// found describes the input at the current position for an error message.
func (l *turtleLexer) found() string {
	l.at(3)
	return describe(l.buf[l.pos:l.end])
}

// next reads the next token into t.
func (l *turtleLexer) next(t *token) error {
	if !l.started {
		l.started = true
		if l.at(0) == 0xEF && l.at(1) == 0xBB && l.at(2) == 0xBF {
			l.pos += 3 // a UTF-8 byte order mark is tolerated
		}
	}
	if err := l.skipSpace(); err != nil {
		return err
	}
	t.line, t.col = l.line, l.col
	t.val, t.pfx = nil, nil
	c := l.at(0)
	switch {
	case c < 0:
		if l.ioErr != nil {
			return fmt.Errorf("reading %s: %w", l.name, l.ioErr)
		}
		t.kind = tokEOF
		return nil
	case c == '<':
		return l.iri(t)
	case c == '"' || c == '\'':
		return l.str(t, byte(c))
	case c == '_':
		return l.blank(t)
	case c == '@':
		return l.lang(t)
	case c == '^':
		if l.at(1) != '^' {
			return l.errHere("expected '^^', found %s", l.foundAt(1))
		}
		l.skip(2)
		t.kind = tokCaret
		return nil
	case c >= '0' && c <= '9', c == '+', c == '-':
		return l.number(t)
	case c == '.':
		if d := l.at(1); d >= '0' && d <= '9' {
			return l.number(t)
		}
		t.kind = tokDot
	case c == ';':
		t.kind = tokSemicolon
	case c == ',':
		t.kind = tokComma
	case c == '[':
		t.kind = tokLBracket
	case c == ']':
		t.kind = tokRBracket
	case c == '(':
		t.kind = tokLParen
	case c == ')':
		t.kind = tokRParen
	case c == '{':
		t.kind = tokLBrace
	case c == '}':
		t.kind = tokRBrace
	default:
		return l.name_(t)
	}
	l.skip(1)
	return nil
}

func (l *turtleLexer) foundAt(k int) string {
	l.at(k + 3)
	if l.pos+k >= l.end {
		return "end of input"
	}
	return describe(l.buf[l.pos+k : l.end])
}

func (l *turtleLexer) skipSpace() error {
	for {
		l.skipBufferedBlanks()
		switch l.at(0) { // refills the buffer when it is used up
		case ' ', '\t', '\r', '\n':
			l.skip(1)
		case '#':
			for {
				c := l.at(0)
				if c < 0 || c == '\n' || c == '\r' {
					break
				}
				l.skip(1)
			}
		default:
			return nil
		}
	}
}

// skipBufferedBlanks is skipSpace's fast path: it consumes the white space
// already in the buffer, keeping line and column up to date.
func (l *turtleLexer) skipBufferedBlanks() {
	for ; l.pos < l.end; l.pos++ {
		switch l.buf[l.pos] {
		case ' ', '\t', '\r':
			l.col++
		case '\n':
			l.line++
			l.col = 1
		default:
			return
		}
	}
}

// iri lexes an IRIREF.
func (l *turtleLexer) iri(t *token) error {
	line, col := l.line, l.col
	l.skip(1)
	l.val = l.val[:0]
	for {
		l.takePlain(&plainIRIByte)
		c := l.at(0)
		switch {
		case c < 0:
			return l.errAt(line, col, "unterminated IRI: missing '>'")
		case c == '>':
			l.skip(1)
			t.kind, t.val = tokIRI, l.val
			return nil
		case c == '\\':
			r, err := l.uchar()
			if err != nil {
				return err
			}
			if r < utf8.RuneSelf && isIRIForbidden(byte(r)) {
				return l.errAt(line, col, "escaped character U+%04X is not allowed in an IRI", r)
			}
			l.val = utf8.AppendRune(l.val, r)
		case c >= utf8.RuneSelf:
			if err := l.appendRune(); err != nil {
				return err
			}
		case isIRIForbidden(byte(c)):
			return l.errHere("invalid character %s in IRI", l.found())
		default:
			l.val = append(l.val, byte(c))
			l.skip(1)
		}
	}
}

// appendRune copies one valid non-ASCII code point to l.val.
func (l *turtleLexer) appendRune() error {
	r, size := l.runeAt(0)
	if r == badRune {
		return l.errHere("invalid UTF-8 byte 0x%02X", l.buf[l.pos])
	}
	l.val = append(l.val, l.buf[l.pos:l.pos+size]...)
	l.skip(size)
	return nil
}

// uchar lexes a \u or \U escape at the current position.
func (l *turtleLexer) uchar() (rune, error) {
	line, col := l.line, l.col
	n := 0
	switch l.at(1) {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, l.errHere("invalid escape: expected \\u or \\U, found \\%s", l.foundAt(1))
	}
	l.at(n + 1)
	avail := l.buf[l.pos+2 : l.end]
	if len(avail) > n {
		avail = avail[:n]
	}
	r, msg := decodeUCHAR(avail, n)
	if msg != "" {
		return 0, l.errAt(line, col, "%s", msg)
	}
	l.skip(n + 2)
	return r, nil
}

// str lexes the four forms of string literal.
func (l *turtleLexer) str(t *token, q byte) error {
	line, col := l.line, l.col
	long := l.at(1) == int(q) && l.at(2) == int(q)
	if long {
		l.skip(3)
	} else {
		l.skip(1)
	}
	l.val = l.val[:0]
	for {
		l.takePlain(&plainStrByte)
		c := l.at(0)
		switch {
		case c < 0:
			return l.errAt(line, col, "unterminated string literal")
		case c == int(q):
			if !long {
				l.skip(1)
				t.kind, t.val = tokString, l.val
				return nil
			}
			if l.at(1) == int(q) && l.at(2) == int(q) {
				l.skip(3)
				t.kind, t.val = tokString, l.val
				return nil
			}
			l.val = append(l.val, q)
			l.skip(1)
		case c == '\\':
			switch e := l.at(1); e {
			case 'u', 'U':
				r, err := l.uchar()
				if err != nil {
					return err
				}
				l.val = utf8.AppendRune(l.val, r)
			default:
				ch, ok := echar(byte(max(e, 0)))
				if !ok || e < 0 {
					return l.errHere("invalid escape sequence \\%s in string literal", l.foundAt(1))
				}
				l.val = append(l.val, ch)
				l.skip(2)
			}
		case (c == '\n' || c == '\r') && !long:
			return l.errAt(line, col, "unterminated string literal: line ends before the closing quote (use \"\"\" for long strings)")
		case c >= utf8.RuneSelf:
			if err := l.appendRune(); err != nil {
				return err
			}
		default:
			l.val = append(l.val, byte(c))
			l.skip(1)
		}
	}
}

// blank lexes a BLANK_NODE_LABEL.
func (l *turtleLexer) blank(t *token) error {
	if l.at(1) != ':' {
		return l.errHere("expected ':' after '_' in blank node label")
	}
	l.skip(2)
	l.val = l.val[:0]
	r, size := l.runeAt(0)
	if !(isPNCharsU(r) || r >= '0' && r <= '9') {
		return l.errHere("invalid blank node label: found %s", l.found())
	}
	l.val = append(l.val, l.buf[l.pos:l.pos+size]...)
	l.skip(size)
	if err := l.nameTail(false); err != nil {
		return err
	}
	t.kind, t.val = tokBlank, l.val
	return nil
}

// nameTail appends the rest of a name: (PN_CHARS | '.')* not ending in '.',
// and with local set, also ':' and PLX (PN_LOCAL).
func (l *turtleLexer) nameTail(local bool) error {
	for {
		l.takePlain(&plainNameByte)
		r, size := l.runeAt(0)
		switch {
		case r == badRune:
			return l.errHere("invalid UTF-8 byte 0x%02X", l.buf[l.pos])
		case r == '.':
			// Dots belong to the name only if a name character follows them.
			k := 1
			for l.at(k) == '.' {
				k++
			}
			r2, _ := l.runeAt(k)
			if !(isPNChars(r2) || local && (r2 == ':' || r2 == '%' || r2 == '\\')) {
				return nil
			}
			l.val = append(l.val, l.buf[l.pos:l.pos+k]...)
			l.skip(k)
		case isPNChars(r), local && r == ':':
			l.val = append(l.val, l.buf[l.pos:l.pos+size]...)
			l.skip(size)
		case local && (r == '%' || r == '\\'):
			if err := l.plx(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

// plx lexes a percent escape (kept as written) or a backslash escape of a
// local name (the backslash is dropped).
func (l *turtleLexer) plx() error {
	if l.at(0) == '%' {
		if hexVal(byte(max(l.at(1), 0))) < 0 || hexVal(byte(max(l.at(2), 0))) < 0 || l.at(1) < 0 || l.at(2) < 0 {
			return l.errHere("invalid percent escape in local name: '%%' must be followed by two hex digits")
		}
		l.val = append(l.val, l.buf[l.pos:l.pos+3]...)
		l.skip(3)
		return nil
	}
	c := l.at(1)
	switch c {
	case '_', '~', '.', '-', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', '/', '?', '#', '@', '%':
		l.val = append(l.val, byte(c))
		l.skip(2)
		return nil
	}
	return l.errHere("invalid escape \\%s in local name", l.foundAt(1))
}

// lang lexes '@' and a language tag (or the directives @prefix, @base).
func (l *turtleLexer) lang(t *token) error {
	l.skip(1)
	l.val = l.val[:0]
	for {
		c := l.at(0)
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			l.val = append(l.val, byte(c))
			l.skip(1)
			continue
		}
		break
	}
	if !validLangTag(l.val) {
		return l.errAt(t.line, t.col, "invalid language tag '@%s'", l.val)
	}
	t.kind, t.val = tokLang, l.val
	return nil
}

// number lexes INTEGER, DECIMAL and DOUBLE.
func (l *turtleLexer) number(t *token) error {
	l.val = l.val[:0]
	if c := l.at(0); c == '+' || c == '-' {
		l.val = append(l.val, byte(c))
		l.skip(1)
	}
	intDigits := l.digits()
	t.kind = tokInteger
	if l.at(0) == '.' {
		if d := l.at(1); d >= '0' && d <= '9' {
			l.val = append(l.val, '.')
			l.skip(1)
			l.digits()
			t.kind = tokDecimal
		} else if (d == 'e' || d == 'E') && intDigits > 0 && l.exponentAt(1) {
			l.val = append(l.val, '.')
			l.skip(1)
		}
	}
	if intDigits == 0 && t.kind == tokInteger {
		return l.errAt(t.line, t.col, "invalid number: expected digits, found %s", l.found())
	}
	if c := l.at(0); (c == 'e' || c == 'E') && l.exponentAt(0) {
		l.val = append(l.val, byte(c))
		l.skip(1)
		if c := l.at(0); c == '+' || c == '-' {
			l.val = append(l.val, byte(c))
			l.skip(1)
		}
		l.digits()
		t.kind = tokDouble
	}
	t.val = l.val
	return nil
}

func (l *turtleLexer) digits() int {
	n := 0
	for c := l.at(0); c >= '0' && c <= '9'; c = l.at(0) {
		l.val = append(l.val, byte(c))
		l.skip(1)
		n++
	}
	return n
}

// exponentAt reports whether an exponent [eE][+-]?[0-9]+ starts k bytes ahead.
func (l *turtleLexer) exponentAt(k int) bool {
	k++
	if c := l.at(k); c == '+' || c == '-' {
		k++
	}
	c := l.at(k)
	return c >= '0' && c <= '9'
}

// name_ lexes a prefixed name or a bare keyword.
func (l *turtleLexer) name_(t *token) error {
	l.pfx = l.pfx[:0]
	r, size := l.runeAt(0)
	if r == badRune {
		return l.errHere("invalid UTF-8 byte 0x%02X", l.buf[l.pos])
	}
	if r != ':' {
		if !isPNCharsBase(r) {
			return l.errHere("unexpected %s", l.found())
		}
		l.val = l.val[:0]
		l.val = append(l.val, l.buf[l.pos:l.pos+size]...)
		l.skip(size)
		if err := l.nameTail(false); err != nil {
			return err
		}
		l.pfx = append(l.pfx, l.val...)
		if l.at(0) != ':' {
			t.kind, t.val = tokKeyword, l.pfx
			return nil
		}
	}
	l.skip(1) // ':'
	l.val = l.val[:0]
	r, size = l.runeAt(0)
	switch {
	case r == badRune:
		return l.errHere("invalid UTF-8 byte 0x%02X", l.buf[l.pos])
	case isPNCharsU(r), r == ':', r >= '0' && r <= '9':
		l.val = append(l.val, l.buf[l.pos:l.pos+size]...)
		l.skip(size)
	case r == '%' || r == '\\':
		if err := l.plx(); err != nil {
			return err
		}
	default:
		t.kind, t.val, t.pfx = tokPName, l.val, l.pfx
		return nil
	}
	if err := l.nameTail(true); err != nil {
		return err
	}
	t.kind, t.val, t.pfx = tokPName, l.val, l.pfx
	return nil
}
