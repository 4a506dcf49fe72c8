package rdfio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

// nquadsDecoder reads N-Triples or N-Quads (RDF 1.1) line by line straight
// from the bufio buffer: terms are scanned byte by byte, and each term costs
// at most one string allocation (predicates, datatypes, language tags and
// graph names are interned, so usually none).
type nquadsDecoder struct {
	r     *bufio.Reader
	opts  DecodeOptions
	quads bool

	buf       []byte // current chunk: one line, usually aliasing r's buffer
	long      []byte // backing store for lines longer than r's buffer
	pos       int
	lineStart int // offset in buf where the current line starts
	line      int // number of the current line, from 1
	eof       bool

	scratch []byte // unescaped term text
	intern  map[string]string
	err     error
}

// iriClass is 0 for the bytes that may appear as such in an IRIREF.
var iriClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if c >= utf8.RuneSelf || isIRIForbidden(byte(c)) || c == '>' {
			t[c] = 1
		}
	}
	return t
}()

// litClass is 0 for the bytes a string literal body copies as they are.
var litClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '\n' || c == '\r' {
			t[c] = 1
		}
	}
	return t
}()

const (
	readBufferSize = 1 << 20
	internLimit    = 4096
)

func newNQuadsDecoder(r io.Reader, opts DecodeOptions, quads bool) Decoder {
	return &nquadsDecoder{
		r:      bufio.NewReaderSize(r, readBufferSize),
		opts:   opts,
		quads:  quads,
		line:   1,
		intern: make(map[string]string),
	}
}

// Decode returns the next quad, io.EOF at the end, or a *SyntaxError.
func (d *nquadsDecoder) Decode() (rdf.Quad, error) {
	if d.err != nil {
		return rdf.Quad{}, d.err
	}
	q, err := d.next()
	if err != nil {
		d.err = err
		return rdf.Quad{}, err
	}
	if q.G.IsZero() {
		q.G = d.opts.Graph
	}
	return q, nil
}

func (d *nquadsDecoder) next() (rdf.Quad, error) {
	for {
		if d.pos >= len(d.buf) {
			if err := d.fill(); err != nil {
				return rdf.Quad{}, err
			}
		}
		d.skipSpace()
		if d.pos >= len(d.buf) {
			continue
		}
		switch d.buf[d.pos] {
		case '\n', '\r':
			d.newline()
			continue
		case '#':
			d.skipComment()
			continue
		}
		q, err := d.statement()
		if err != nil {
			return rdf.Quad{}, err
		}
		d.skipSpace()
		if d.pos < len(d.buf) && d.buf[d.pos] == '#' {
			d.skipComment()
		}
		if d.pos < len(d.buf) && d.buf[d.pos] != '\n' && d.buf[d.pos] != '\r' {
			return rdf.Quad{}, d.errorf("expected end of line after '.', found %s", describe(d.buf[d.pos:]))
		}
		return q, nil
	}
}

// fill reads the next line into d.buf.
func (d *nquadsDecoder) fill() error {
	if d.eof {
		return io.EOF
	}
	d.pos, d.lineStart = 0, 0
	line, err := d.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		d.long = append(d.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = d.r.ReadSlice('\n')
			d.long = append(d.long, line...)
		}
		line = d.long
	}
	d.buf = line
	if d.line == 1 && d.pos == 0 && len(line) >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF {
		d.pos, d.lineStart = 3, 3 // a UTF-8 byte order mark is tolerated
	}
	switch {
	case err == io.EOF:
		d.eof = true
		if len(line) == 0 {
			return io.EOF
		}
	case err != nil:
		return fmt.Errorf("reading %s: %w", d.name(), err)
	}
	return nil
}

func (d *nquadsDecoder) name() string {
	if d.opts.Name != "" {
		return d.opts.Name
	}
	return "input"
}

func (d *nquadsDecoder) skipSpace() {
	for d.pos < len(d.buf) && (d.buf[d.pos] == ' ' || d.buf[d.pos] == '\t') {
		d.pos++
	}
}

func (d *nquadsDecoder) skipComment() {
	for d.pos < len(d.buf) && d.buf[d.pos] != '\n' && d.buf[d.pos] != '\r' {
		d.pos++
	}
}

// newline consumes one line end at d.pos ("\n", "\r\n" or a lone "\r").
func (d *nquadsDecoder) newline() {
	if d.buf[d.pos] == '\r' && d.pos+1 < len(d.buf) && d.buf[d.pos+1] == '\n' {
		d.pos++
	}
	d.pos++
	d.line++
	d.lineStart = d.pos
}

// errorf returns a *SyntaxError at the current position.
func (d *nquadsDecoder) errorf(format string, args ...any) error {
	return d.errorAt(d.pos, format, args...)
}

func (d *nquadsDecoder) errorAt(pos int, format string, args ...any) error {
	if pos > len(d.buf) {
		pos = len(d.buf)
	}
	col := 1
	if pos > d.lineStart {
		col += utf8.RuneCount(d.buf[d.lineStart:pos])
	}
	return &SyntaxError{Name: d.opts.Name, Line: d.line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (d *nquadsDecoder) statement() (rdf.Quad, error) {
	var q rdf.Quad
	var err error
	switch d.peek() {
	case '<':
		q.S, err = d.iri(false)
	case '_':
		q.S, err = d.blank()
	default:
		return q, d.errorf("expected subject (IRI or blank node), found %s", describe(d.buf[d.pos:]))
	}
	if err != nil {
		return q, err
	}
	d.skipSpace()
	if d.peek() != '<' {
		return q, d.errorf("expected predicate IRI, found %s", describe(d.buf[d.pos:]))
	}
	if q.P, err = d.iri(true); err != nil {
		return q, err
	}
	d.skipSpace()
	switch d.peek() {
	case '<':
		q.O, err = d.iri(false)
	case '_':
		q.O, err = d.blank()
	case '"':
		q.O, err = d.literal()
	default:
		return q, d.errorf("expected object (IRI, blank node or literal), found %s", describe(d.buf[d.pos:]))
	}
	if err != nil {
		return q, err
	}
	d.skipSpace()
	if d.quads {
		switch d.peek() {
		case '<':
			q.G, err = d.iri(true)
		case '_':
			q.G, err = d.blank()
		}
		if err != nil {
			return q, err
		}
		d.skipSpace()
	}
	if d.peek() != '.' {
		if d.quads {
			return q, d.errorf("expected graph name or '.' at end of statement, found %s", describe(d.buf[d.pos:]))
		}
		return q, d.errorf("expected '.' at end of statement, found %s", describe(d.buf[d.pos:]))
	}
	d.pos++
	return q, nil
}

func (d *nquadsDecoder) peek() byte {
	if d.pos < len(d.buf) {
		return d.buf[d.pos]
	}
	return 0
}

// str returns b as a string, interned if asked.
func (d *nquadsDecoder) str(b []byte, intern bool) string {
	if !intern {
		return string(b)
	}
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.intern) >= internLimit {
		clear(d.intern)
	}
	d.intern[s] = s
	return s
}

// iri scans an IRIREF at d.pos (which holds '<').
func (d *nquadsDecoder) iri(intern bool) (rdf.Term, error) {
	s, err := d.iriText(intern)
	if err != nil {
		return rdf.Term{}, err
	}
	return rdf.Term{Kind: rdf.KindIRI, Value: s}, nil
}

func (d *nquadsDecoder) iriText(intern bool) (string, error) {
	start := d.pos
	i := d.pos + 1
	b := d.buf
	ascii := true
	for i < len(b) {
		// Fast path: skip ordinary characters eight at a time when possible.
		for i+8 <= len(b) && iriClass[b[i]]|iriClass[b[i+1]]|iriClass[b[i+2]]|iriClass[b[i+3]]|
			iriClass[b[i+4]]|iriClass[b[i+5]]|iriClass[b[i+6]]|iriClass[b[i+7]] == 0 {
			i += 8
		}
		for i < len(b) && iriClass[b[i]] == 0 {
			i++
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c == '>' {
			break
		}
		if c >= utf8.RuneSelf {
			ascii = false
			i++
			continue
		}
		if c == '\\' {
			return d.iriEscaped(start)
		}
		return "", d.errorAt(i, "invalid character %s in IRI", describe(b[i:]))
	}
	if i >= len(b) {
		return "", d.errorAt(start, "unterminated IRI: missing '>'")
	}
	text := b[start+1 : i]
	if !ascii && !utf8.Valid(text) {
		return "", d.errorAt(start, "invalid UTF-8 in IRI")
	}
	s := d.str(text, intern)
	if !rdf.HasScheme(s) {
		return "", d.errorAt(start, "relative IRI <%s> not allowed: N-Triples and N-Quads IRIs must be absolute", s)
	}
	d.pos = i + 1
	return s, nil
}

// iriEscaped is the slow path of iriText for IRIs holding \u or \U escapes.
func (d *nquadsDecoder) iriEscaped(start int) (string, error) {
	b := d.buf
	out := d.scratch[:0]
	i := start + 1
	for ; i < len(b) && b[i] != '>'; i++ {
		c := b[i]
		if c != '\\' {
			if c < utf8.RuneSelf && isIRIForbidden(c) {
				return "", d.errorAt(i, "invalid character %s in IRI", describe(b[i:]))
			}
			out = append(out, c)
			continue
		}
		if i+1 >= len(b) || (b[i+1] != 'u' && b[i+1] != 'U') {
			return "", d.errorAt(i, "invalid escape in IRI: only \\u and \\U are allowed")
		}
		n := 4
		if b[i+1] == 'U' {
			n = 8
		}
		r, msg := decodeUCHAR(b[i+2:], n)
		if msg != "" {
			return "", d.errorAt(i, "%s", msg)
		}
		if r < utf8.RuneSelf && isIRIForbidden(byte(r)) {
			return "", d.errorAt(i, "escaped character U+%04X is not allowed in an IRI", r)
		}
		out = utf8.AppendRune(out, r)
		i += 1 + n
	}
	d.scratch = out
	if i >= len(b) {
		return "", d.errorAt(start, "unterminated IRI: missing '>'")
	}
	if !utf8.Valid(out) {
		return "", d.errorAt(start, "invalid UTF-8 in IRI")
	}
	s := string(out)
	if !rdf.HasScheme(s) {
		return "", d.errorAt(start, "relative IRI <%s> not allowed: N-Triples and N-Quads IRIs must be absolute", s)
	}
	d.pos = i + 1
	return s, nil
}

// blank scans a BLANK_NODE_LABEL at d.pos (which holds '_').
func (d *nquadsDecoder) blank() (rdf.Term, error) {
	b := d.buf
	start := d.pos
	if start+1 >= len(b) || b[start+1] != ':' {
		return rdf.Term{}, d.errorAt(start, "expected ':' after '_' in blank node label")
	}
	n := scanBlankLabel(b[start+2:])
	if n == 0 {
		return rdf.Term{}, d.errorAt(start+2, "invalid blank node label: found %s", describe(b[start+2:]))
	}
	d.pos = start + 2 + n
	return rdf.Term{Kind: rdf.KindBlank, Value: string(b[start+2 : d.pos])}, nil
}

// scanBlankLabel returns the length of the blank node label (the part after
// "_:") at the start of b, 0 if there is none. A trailing '.' is not part
// of a label.
func scanBlankLabel(b []byte) int {
	i, last := 0, 0
	for i < len(b) {
		c := b[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
		}
		ok := false
		if i == 0 {
			ok = isPNCharsU(r) || (r >= '0' && r <= '9')
		} else {
			ok = r == '.' || isPNChars(r)
		}
		if !ok {
			break
		}
		i += size
		if r != '.' {
			last = i
		}
	}
	return last
}

// literal scans a quoted literal with its optional language tag or datatype.
func (d *nquadsDecoder) literal() (rdf.Term, error) {
	b := d.buf
	start := d.pos
	i := start + 1
	ascii, escaped := true, false
	for ; i < len(b); i++ {
		for i < len(b) && litClass[b[i]] == 0 {
			i++
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c == '"' {
			break
		}
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c == '\\':
			escaped = true
			i++
		case c == '\n' || c == '\r':
			return rdf.Term{}, d.errorAt(i, "unterminated string literal: line ends before closing '\"'")
		}
	}
	if i >= len(b) {
		return rdf.Term{}, d.errorAt(start, "unterminated string literal")
	}
	raw := b[start+1 : i]
	var lex string
	if escaped {
		out, err := d.unescape(raw, start+1)
		if err != nil {
			return rdf.Term{}, err
		}
		lex = string(out)
	} else {
		if !ascii && !utf8.Valid(raw) {
			return rdf.Term{}, d.errorAt(start, "invalid UTF-8 in string literal")
		}
		lex = string(raw)
	}
	d.pos = i + 1
	t := rdf.Term{Kind: rdf.KindLiteral, Value: lex, Datatype: rdf.XSDString}
	switch d.peek() {
	case '@':
		j := d.pos + 1
		for j < len(b) && (b[j] == '-' || b[j] < utf8.RuneSelf && (b[j]|0x20 >= 'a' && b[j]|0x20 <= 'z' || b[j] >= '0' && b[j] <= '9')) {
			j++
		}
		tag := b[d.pos+1 : j]
		if !validLangTag(tag) {
			return rdf.Term{}, d.errorAt(d.pos, "invalid language tag %q", tag)
		}
		t.Lang = d.str(tag, true)
		t.Datatype = rdf.RDFLangString
		d.pos = j
	case '^':
		if d.pos+2 >= len(b) || b[d.pos+1] != '^' || b[d.pos+2] != '<' {
			return rdf.Term{}, d.errorf("expected '^^<' datatype IRI after literal")
		}
		d.pos += 2
		dt, err := d.iriText(true)
		if err != nil {
			return rdf.Term{}, err
		}
		t.Datatype = dt
	}
	return t, nil
}

// unescape decodes ECHAR and UCHAR escapes of a string literal body.
func (d *nquadsDecoder) unescape(raw []byte, offset int) ([]byte, error) {
	out := d.scratch[:0]
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(raw) {
			return nil, d.errorAt(offset+i, "unterminated escape sequence")
		}
		e := raw[i+1]
		if e == 'u' || e == 'U' {
			n := 4
			if e == 'U' {
				n = 8
			}
			r, msg := decodeUCHAR(raw[i+2:], n)
			if msg != "" {
				return nil, d.errorAt(offset+i, "%s", msg)
			}
			out = utf8.AppendRune(out, r)
			i += 1 + n
			continue
		}
		ch, ok := echar(e)
		if !ok {
			return nil, d.errorAt(offset+i, "invalid escape sequence %q in string literal", "\\"+string(rune(e)))
		}
		out = append(out, ch)
		i++
	}
	d.scratch = out
	if !utf8.Valid(out) {
		return nil, d.errorAt(offset-1, "invalid UTF-8 in string literal")
	}
	return out, nil
}
