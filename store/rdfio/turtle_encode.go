package rdfio

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

// turtleEncoder writes Turtle or TriG deterministically: @prefix lines in
// name order, then one statement per subject (";" between predicates, ","
// between objects of one predicate). TriG puts the quads of a named graph
// in a "GRAPH g { … }" block; quads of the default graph stay at the top
// level. IRIs are written as prefixed names when a prefix fits and the
// local part can be written (escaped if need be), as absolute <IRI>s
// otherwise.
//
// The encoder holds back up to turtleWindow quads and writes them at Close,
// grouped and with blank nodes written in place where possible (see
// nestPlan). A longer input makes it fall back to flat output: the held
// quads, then each following one, are written as they come, one statement
// per run of quads with the same subject, blank nodes by label.
type turtleEncoder struct {
	w        *bufio.Writer
	opts     EncodeOptions
	trig     bool
	prefixes []turtlePrefix // longest namespace first

	started bool
	inStmt  bool // a statement is open (subject and predicate written)
	inGraph bool // a GRAPH block is open
	graph   rdf.Term
	subj    rdf.Term
	pred    rdf.Term
	buf     []byte
	err     error

	window int       // quads held back at most (turtleWindow)
	held   heldQuads // quads held back, while not flat
	flat   bool      // the window overflowed: quads are written as they come
}

type turtlePrefix struct{ name, ns string }

func newTurtleEncoder(w io.Writer, opts EncodeOptions, trig bool) Encoder {
	e := &turtleEncoder{w: bufio.NewWriterSize(w, 64<<10), opts: opts, trig: trig, window: turtleWindow}
	for name, ns := range opts.Prefixes {
		if validPrefixName(name) && ns != "" {
			e.prefixes = append(e.prefixes, turtlePrefix{name, ns})
		}
	}
	slices.SortFunc(e.prefixes, func(a, b turtlePrefix) int { return strings.Compare(a.name, b.name) })
	return e
}

// validPrefixName reports whether s is a PN_PREFIX (or empty).
func validPrefixName(s string) bool {
	for i, r := range s {
		switch {
		case i == 0 && !isPNCharsBase(r):
			return false
		case r == '.' || isPNChars(r):
		default:
			return false
		}
	}
	return !strings.HasSuffix(s, ".")
}

func (e *turtleEncoder) header() {
	e.started = true
	if e.opts.BaseIRI != "" {
		e.buf = append(e.buf, "@base "...)
		e.buf = rdf.AppendTerm(e.buf, rdf.IRI(e.opts.BaseIRI))
		e.buf = append(e.buf, " .\n"...)
	}
	for _, p := range e.prefixes {
		e.buf = append(e.buf, "@prefix "...)
		e.buf = append(e.buf, p.name...)
		e.buf = append(e.buf, ": "...)
		e.buf = rdf.AppendTerm(e.buf, rdf.IRI(p.ns))
		e.buf = append(e.buf, " .\n"...)
	}
	if len(e.buf) > 0 {
		e.buf = append(e.buf, '\n')
	}
	// Match the longest namespace first.
	slices.SortStableFunc(e.prefixes, func(a, b turtlePrefix) int { return len(b.ns) - len(a.ns) })
}

// Encode holds q back, or writes it when the window has overflowed.
func (e *turtleEncoder) Encode(q rdf.Quad) error {
	if e.err != nil {
		return e.err
	}
	if !e.trig {
		q.G = rdf.Term{}
	}
	if err := checkQuad(q); err != nil {
		return err
	}
	if !e.flat {
		if e.held.n < e.window {
			e.held.add(q)
			return nil
		}
		e.flat = true
		for i := range e.held.n {
			if err := e.encodeFlat(*e.held.at(i)); err != nil {
				return err
			}
		}
		e.held = heldQuads{}
	}
	return e.encodeFlat(q)
}

// encodeFlat writes q, continuing the current statement when it can.
func (e *turtleEncoder) encodeFlat(q rdf.Quad) error {
	e.buf = e.buf[:0]
	if !e.started {
		e.header()
	}
	if e.trig && (q.G != e.graph || (!q.G.IsZero() && !e.inGraph)) {
		e.endStatement()
		if e.inGraph {
			e.buf = append(e.buf, "}\n\n"...)
			e.inGraph = false
		}
		e.graph = q.G
		if !q.G.IsZero() {
			e.buf = append(e.buf, "GRAPH "...)
			e.buf = e.appendTerm(e.buf, q.G, false)
			e.buf = append(e.buf, " {\n"...)
			e.inGraph = true
		}
	}
	indent := ""
	if e.inGraph {
		indent = "  "
	}
	switch {
	case e.inStmt && q.S == e.subj && q.P == e.pred:
		e.buf = append(e.buf, ", "...)
	case e.inStmt && q.S == e.subj:
		e.buf = append(e.buf, " ;\n    "...)
		e.buf = append(e.buf, indent...)
		e.buf = e.appendTerm(e.buf, q.P, true)
		e.buf = append(e.buf, ' ')
	default:
		e.endStatement()
		e.buf = append(e.buf, indent...)
		e.buf = e.appendTerm(e.buf, q.S, false)
		e.buf = append(e.buf, ' ')
		e.buf = e.appendTerm(e.buf, q.P, true)
		e.buf = append(e.buf, ' ')
	}
	e.buf = e.appendTerm(e.buf, q.O, false)
	e.inStmt, e.subj, e.pred = true, q.S, q.P
	return e.write()
}

func (e *turtleEncoder) endStatement() {
	if e.inStmt {
		e.buf = append(e.buf, " .\n"...)
		e.inStmt = false
	}
}

func (e *turtleEncoder) write() error {
	if _, err := e.w.Write(e.buf); err != nil {
		e.err = fmt.Errorf("writing Turtle: %w", err)
	}
	return e.err
}

// Close writes the quads held back, or ends the open statement and graph
// block, and flushes.
func (e *turtleEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	e.buf = e.buf[:0]
	if !e.started {
		e.header()
	}
	if e.held.n > 0 {
		if err := e.writeDocument(newNestPlan(&e.held)); err != nil {
			return err
		}
		e.held = heldQuads{}
	}
	e.endStatement()
	if e.inGraph {
		e.buf = append(e.buf, "}\n"...)
		e.inGraph = false
	}
	if err := e.write(); err != nil {
		return err
	}
	if err := e.w.Flush(); err != nil {
		e.err = fmt.Errorf("writing Turtle: %w", err)
	}
	return e.err
}

func (e *turtleEncoder) appendTerm(dst []byte, t rdf.Term, predicate bool) []byte {
	switch t.Kind {
	case rdf.KindIRI:
		if predicate && t.Value == rdf.RDFType {
			return append(dst, 'a')
		}
		return e.appendIRI(dst, t.Value)
	case rdf.KindLiteral:
		return e.appendLiteral(dst, t)
	}
	return rdf.AppendTerm(dst, t)
}

// appendIRI writes iri as a prefixed name if one fits, else as <iri>.
func (e *turtleEncoder) appendIRI(dst []byte, iri string) []byte {
	for _, p := range e.prefixes {
		local, ok := strings.CutPrefix(iri, p.ns)
		if !ok {
			continue
		}
		if out, ok := appendLocalName(append(append(dst, p.name...), ':'), local); ok {
			return out
		}
	}
	return rdf.AppendTerm(dst, rdf.IRI(iri))
}

// appendLocalName appends local as a PN_LOCAL, escaping characters with a
// backslash where the grammar allows it; ok is false if it cannot be written.
func appendLocalName(dst []byte, local string) ([]byte, bool) {
	for i, r := range local {
		last := i+utf8.RuneLen(r) == len(local)
		switch {
		case r == utf8.RuneError:
			return dst, false
		case r == ':' || isPNCharsU(r) || r >= '0' && r <= '9':
			dst = utf8.AppendRune(dst, r)
		case i > 0 && isPNChars(r) || (r == '.' && i > 0 && !last):
			dst = utf8.AppendRune(dst, r)
		case r == '%' && i+2 < len(local) && hexVal(local[i+1]) >= 0 && hexVal(local[i+2]) >= 0:
			dst = append(dst, '%')
		case strings.ContainsRune("_~.-!$&'()*+,;=/?#@%", r):
			dst = append(dst, '\\', byte(r))
		default:
			return dst, false
		}
	}
	return dst, true
}

func (e *turtleEncoder) appendLiteral(dst []byte, t rdf.Term) []byte {
	switch t.Datatype {
	case rdf.XSDInteger, rdf.XSDDecimal, rdf.XSDDouble, rdf.XSDBoolean:
		if isCanonicalNative(t.Value, t.Datatype) {
			return append(dst, t.Value...)
		}
	}
	if !strings.ContainsAny(t.Value, "\n") {
		dst = rdf.AppendTerm(dst, rdf.Term{Kind: rdf.KindLiteral, Value: t.Value, Datatype: rdf.XSDString})
	} else {
		dst = append(dst, `"""`...)
		dst = appendLongString(dst, t.Value)
		dst = append(dst, `"""`...)
	}
	switch {
	case t.Lang != "":
		dst = append(dst, '@')
		dst = append(dst, t.Lang...)
	case t.Datatype != rdf.XSDString && t.Datatype != "":
		dst = append(dst, '^', '^')
		dst = e.appendIRI(dst, t.Datatype)
	}
	return dst
}

// appendLongString escapes s for a """…""" string: newlines stay as they
// are, quotes, backslashes and other control characters are escaped.
func appendLongString(dst []byte, s string) []byte {
	for _, line := range strings.SplitAfter(s, "\n") {
		text, nl := strings.CutSuffix(line, "\n")
		lit := rdf.AppendTerm(nil, rdf.String(text))
		dst = append(dst, lit[1:len(lit)-1]...)
		if nl {
			dst = append(dst, '\n')
		}
	}
	return dst
}

// isCanonicalNative reports whether lex is the canonical lexical form of
// its datatype and can therefore be written as a bare Turtle number or
// boolean (which the reader turns back into exactly this literal).
func isCanonicalNative(lex, dt string) bool {
	switch dt {
	case rdf.XSDBoolean:
		return lex == "true" || lex == "false"
	case rdf.XSDInteger:
		return canonicalInt(strings.TrimPrefix(lex, "-"))
	case rdf.XSDDecimal:
		ip, fp, ok := strings.Cut(strings.TrimPrefix(lex, "-"), ".")
		return ok && canonicalInt(ip) && allDigits(fp) && fp != "" && (fp == "0" || !strings.HasSuffix(fp, "0"))
	case rdf.XSDDouble:
		m, exp, ok := strings.Cut(strings.TrimPrefix(lex, "-"), "E")
		if !ok || !canonicalInt(strings.TrimPrefix(exp, "-")) || exp == "-0" {
			return false
		}
		ip, fp, ok := strings.Cut(m, ".")
		if !ok || len(ip) != 1 || !allDigits(ip) || !allDigits(fp) || fp == "" {
			return false
		}
		if ip == "0" {
			return fp == "0" && exp == "0"
		}
		return fp == "0" || !strings.HasSuffix(fp, "0")
	}
	return false
}

func canonicalInt(s string) bool {
	return s != "" && allDigits(s) && (s == "0" || s[0] != '0')
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
