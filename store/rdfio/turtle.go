package rdfio

import (
	"io"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// turtleDecoder parses Turtle or TriG by recursive descent over the tokens
// of a turtleLexer. It streams: each call parses one statement (in TriG,
// one triples statement inside a graph block) and hands out its triples, so
// only the prefix map, the base IRI and the current statement are held.
type turtleDecoder struct {
	lex  *turtleLexer
	tok  token
	opts DecodeOptions
	trig bool

	base     string
	prefixes map[string]string
	plist    []turtlePrefix    // the prefixes in order, while few (see namespace)
	pnames   map[string]string // "pfx:local" -> interned IRI, for the prefixes in force
	graph    rdf.Term          // graph of the block being read (TriG)
	inGraph  bool              // inside '{ … }'
	lazy     bool              // d.tok was consumed: read the next token before use
	fresh    int               // counter for generated blank nodes
	depth    int               // nesting of '[' and '('

	intern map[string]string
	key    []byte
	out    []rdf.Quad
	outPos int
	err    error
}

// maxNesting bounds the nesting of blank node property lists and
// collections, so hostile input cannot exhaust the stack of the decoder's
// recursive descent; deeper input is a *LimitError.
const maxNesting = 512

// freshPrefix starts generated blank node labels; document labels that
// start with it are renamed so they can never collide (see blankLabel).
const freshPrefix = "g_"

func newTurtleDecoder(r io.Reader, opts DecodeOptions, trig bool) Decoder {
	return &turtleDecoder{
		lex:      newTurtleLexer(r, opts.Name),
		opts:     opts,
		trig:     trig,
		base:     opts.BaseIRI,
		prefixes: map[string]string{},
		intern:   map[string]string{},
		pnames:   map[string]string{},
	}
}

// Decode returns the next quad, io.EOF at the end, or a *SyntaxError.
func (d *turtleDecoder) Decode() (rdf.Quad, error) {
	for d.outPos >= len(d.out) {
		if d.err != nil {
			return rdf.Quad{}, d.err
		}
		d.out, d.outPos = d.out[:0], 0
		if d.err = d.statement(); d.err != nil {
			d.out = d.out[:0]
		}
	}
	q := d.out[d.outPos]
	d.outPos++
	if q.G.IsZero() {
		q.G = d.opts.Graph
	}
	return q, nil
}

func (d *turtleDecoder) advance() error { return d.lex.next(&d.tok) }

func (d *turtleDecoder) errTok(format string, args ...any) error {
	return d.lex.errAt(d.tok.line, d.tok.col, format, args...)
}

func (d *turtleDecoder) expected(what string) error {
	return d.errTok("expected %s, found %s", what, d.tok.String())
}

func (d *turtleDecoder) emit(s, p, o rdf.Term) {
	d.out = append(d.out, rdf.Quad{S: s, P: p, O: o, G: d.graph})
}

// statement parses one unit of the document; it returns io.EOF at the end.
func (d *turtleDecoder) statement() error {
	if d.lazy || d.tok.line == 0 { // token consumed, or first call
		d.lazy = false
		if err := d.advance(); err != nil {
			return err
		}
	}
	if d.inGraph {
		return d.graphStatement()
	}
	switch d.tok.kind {
	case tokEOF:
		return io.EOF
	case tokLang:
		switch string(d.tok.val) {
		case "prefix":
			return d.prefixDirective(true)
		case "base":
			return d.baseDirective(true)
		}
		return d.errTok("unknown directive '@%s'", d.tok.val)
	case tokKeyword:
		switch strings.ToUpper(string(d.tok.val)) {
		case "PREFIX":
			return d.prefixDirective(false)
		case "BASE":
			return d.baseDirective(false)
		case "GRAPH":
			if d.trig {
				return d.graphKeyword()
			}
		}
	case tokLBrace:
		if d.trig {
			d.inGraph, d.graph = true, rdf.Term{}
			return d.advance()
		}
		return d.errTok("graph blocks '{ … }' are TriG, not Turtle")
	}
	return d.triplesStatement()
}

// triplesStatement parses "triples '.'" at the top level; in TriG the
// subject may instead name the graph of a following block.
func (d *turtleDecoder) triplesStatement() error {
	if d.trig && d.tok.kind == tokLBracket {
		// "[ ] { … }" names a graph with a fresh blank node.
		line, col := d.tok.line, d.tok.col
		if err := d.advance(); err != nil {
			return err
		}
		b := d.newBlank()
		if d.tok.kind == tokRBracket {
			if err := d.advance(); err != nil {
				return err
			}
			if d.tok.kind == tokLBrace {
				d.inGraph, d.graph = true, b
				return d.advance()
			}
			if err := d.predicateObjectList(b); err != nil {
				return err
			}
			return d.expectDot()
		}
		if err := d.propertyListBody(b, line, col); err != nil {
			return err
		}
		if d.tok.kind != tokDot {
			if err := d.predicateObjectList(b); err != nil {
				return err
			}
		}
		return d.expectDot()
	}
	if d.tok.kind == tokLBracket || d.tok.kind == tokLParen {
		if err := d.triples(); err != nil {
			return err
		}
		return d.expectDot()
	}
	startKind := d.tok.kind
	subj, err := d.subject()
	if err != nil {
		return err
	}
	if d.trig && d.tok.kind == tokLBrace && startKind != tokLParen {
		d.inGraph, d.graph = true, subj
		return d.advance()
	}
	if err := d.predicateObjectList(subj); err != nil {
		return err
	}
	return d.expectDot()
}

// expectDot consumes the '.' that ends a statement. The next token is only
// read when the next statement is asked for, so a statement is handed out
// as soon as its '.' has arrived.
func (d *turtleDecoder) expectDot() error {
	if d.tok.kind != tokDot {
		return d.expected("'.' at end of statement")
	}
	d.lazy = true
	return nil
}

// graphKeyword parses "GRAPH label { … }" up to and including '{'.
func (d *turtleDecoder) graphKeyword() error {
	if err := d.advance(); err != nil {
		return err
	}
	var g rdf.Term
	var err error
	switch d.tok.kind {
	case tokIRI, tokPName:
		g, err = d.iriTerm(true)
	case tokBlank:
		g = d.blankLabel()
		err = d.advance()
	case tokLBracket:
		g, err = d.anon()
	default:
		return d.expected("graph name (IRI or blank node) after GRAPH")
	}
	if err != nil {
		return err
	}
	if d.tok.kind != tokLBrace {
		return d.expected("'{' after graph name")
	}
	d.inGraph, d.graph = true, g
	return d.advance()
}

// anon parses "[ ]" at '['.
func (d *turtleDecoder) anon() (rdf.Term, error) {
	if err := d.advance(); err != nil {
		return rdf.Term{}, err
	}
	if d.tok.kind != tokRBracket {
		return rdf.Term{}, d.expected("']' (a graph name cannot be a blank node property list)")
	}
	return d.newBlank(), d.advance()
}

// graphStatement parses one triples statement inside '{ … }', or the '}'.
func (d *turtleDecoder) graphStatement() error {
	switch d.tok.kind {
	case tokRBrace:
		d.inGraph, d.graph = false, rdf.Term{}
		d.lazy = true
		return nil
	case tokEOF:
		return d.expected("'}' to close the graph block")
	}
	if err := d.triples(); err != nil {
		return err
	}
	switch d.tok.kind {
	case tokDot:
		d.lazy = true
		return nil
	case tokRBrace:
		return nil
	}
	return d.expected("'.' or '}' after triples")
}

// triples parses "subject predicateObjectList" or
// "blankNodePropertyList predicateObjectList?".
func (d *turtleDecoder) triples() error {
	if d.tok.kind == tokLBracket {
		line, col := d.tok.line, d.tok.col
		if err := d.advance(); err != nil {
			return err
		}
		b := d.newBlank()
		if d.tok.kind == tokRBracket { // ANON subject: predicates required
			if err := d.advance(); err != nil {
				return err
			}
			return d.predicateObjectList(b)
		}
		if err := d.propertyListBody(b, line, col); err != nil {
			return err
		}
		if d.tok.kind == tokDot || d.tok.kind == tokRBrace || d.tok.kind == tokEOF {
			return nil
		}
		return d.predicateObjectList(b)
	}
	subj, err := d.subject()
	if err != nil {
		return err
	}
	return d.predicateObjectList(subj)
}

func (d *turtleDecoder) subject() (rdf.Term, error) {
	switch d.tok.kind {
	case tokIRI, tokPName:
		return d.iriTerm(false)
	case tokBlank:
		b := d.blankLabel()
		return b, d.advance()
	case tokLParen:
		return d.collection()
	case tokLBracket:
		return d.anon()
	}
	return rdf.Term{}, d.expected("subject (IRI, blank node or collection)")
}

func (d *turtleDecoder) predicateObjectList(subj rdf.Term) error {
	for {
		var pred rdf.Term
		switch d.tok.kind {
		case tokIRI, tokPName:
			p, err := d.iriTerm(true)
			if err != nil {
				return err
			}
			pred = p
		case tokKeyword:
			if string(d.tok.val) != "a" {
				return d.expected("predicate")
			}
			pred = rdf.IRI(rdf.RDFType)
			if err := d.advance(); err != nil {
				return err
			}
		default:
			return d.expected("predicate (IRI or 'a')")
		}
		if err := d.objectList(subj, pred); err != nil {
			return err
		}
		if d.tok.kind != tokSemicolon {
			return nil
		}
		for d.tok.kind == tokSemicolon {
			if err := d.advance(); err != nil {
				return err
			}
		}
		switch d.tok.kind {
		case tokIRI, tokPName, tokKeyword:
		default:
			return nil
		}
	}
}

func (d *turtleDecoder) objectList(subj, pred rdf.Term) error {
	for {
		if d.tok.kind == tokLBracket {
			// Emit the linking triple before the nested ones, so that a
			// subject's triples come out together.
			line, col := d.tok.line, d.tok.col
			if err := d.advance(); err != nil {
				return err
			}
			b := d.newBlank()
			d.emit(subj, pred, b)
			var err error
			if d.tok.kind == tokRBracket {
				err = d.advance()
			} else {
				err = d.propertyListBody(b, line, col)
			}
			if err != nil {
				return err
			}
		} else {
			// Classes are few and repeated: share the strings of the
			// objects of rdf:type, as those of predicates.
			var o rdf.Term
			var err error
			if pred.Value == rdf.RDFType && (d.tok.kind == tokIRI || d.tok.kind == tokPName) {
				o, err = d.iriTerm(true)
			} else {
				o, err = d.object()
			}
			if err != nil {
				return err
			}
			d.emit(subj, pred, o)
		}
		if d.tok.kind != tokComma {
			return nil
		}
		if err := d.advance(); err != nil {
			return err
		}
	}
}

func (d *turtleDecoder) object() (rdf.Term, error) {
	switch d.tok.kind {
	case tokIRI, tokPName:
		return d.iriTerm(false)
	case tokBlank:
		b := d.blankLabel()
		return b, d.advance()
	case tokLParen:
		return d.collection()
	case tokLBracket:
		line, col := d.tok.line, d.tok.col
		if err := d.advance(); err != nil {
			return rdf.Term{}, err
		}
		b := d.newBlank()
		if d.tok.kind == tokRBracket {
			return b, d.advance()
		}
		return b, d.propertyListBody(b, line, col)
	case tokString:
		return d.literal()
	case tokInteger:
		return d.number(rdf.XSDInteger)
	case tokDecimal:
		return d.number(rdf.XSDDecimal)
	case tokDouble:
		return d.number(rdf.XSDDouble)
	case tokKeyword:
		switch string(d.tok.val) {
		case "true", "false":
			t := rdf.Literal(string(d.tok.val), rdf.XSDBoolean)
			return t, d.advance()
		}
	}
	return rdf.Term{}, d.expected("object (IRI, blank node, collection or literal)")
}

// propertyListBody parses "predicateObjectList ']'" after '['.
func (d *turtleDecoder) propertyListBody(b rdf.Term, line, col int) error {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > maxNesting {
		return &LimitError{Name: d.opts.Name, Line: line, Column: col, Limit: "nesting", Max: maxNesting}
	}
	if err := d.predicateObjectList(b); err != nil {
		return err
	}
	if d.tok.kind != tokRBracket {
		return d.expected("']' to close the blank node property list")
	}
	return d.advance()
}

// collection parses "( object* )" at '('.
func (d *turtleDecoder) collection() (rdf.Term, error) {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > maxNesting {
		return rdf.Term{}, &LimitError{Name: d.opts.Name, Line: d.tok.line, Column: d.tok.col, Limit: "nesting", Max: maxNesting}
	}
	if err := d.advance(); err != nil {
		return rdf.Term{}, err
	}
	head := rdf.IRI(rdf.RDFNil)
	var last rdf.Term
	first, rest := rdf.IRI(rdf.RDFFirst), rdf.IRI(rdf.RDFRest)
	for d.tok.kind != tokRParen {
		if d.tok.kind == tokEOF {
			return rdf.Term{}, d.expected("')' to close the collection")
		}
		node := d.newBlank()
		if last.IsZero() {
			head = node
		} else {
			d.emit(last, rest, node)
		}
		o, err := d.object()
		if err != nil {
			return rdf.Term{}, err
		}
		d.emit(node, first, o)
		last = node
	}
	if !last.IsZero() {
		d.emit(last, rest, rdf.IRI(rdf.RDFNil))
	}
	return head, d.advance()
}

func (d *turtleDecoder) literal() (rdf.Term, error) {
	lex := string(d.tok.val)
	if err := d.advance(); err != nil {
		return rdf.Term{}, err
	}
	switch d.tok.kind {
	case tokLang:
		t := rdf.LangString(lex, d.internBytes(d.tok.val))
		return t, d.advance()
	case tokCaret:
		if err := d.advance(); err != nil {
			return rdf.Term{}, err
		}
		if d.tok.kind != tokIRI && d.tok.kind != tokPName {
			return rdf.Term{}, d.expected("datatype IRI after '^^'")
		}
		dt, err := d.iriTerm(true)
		if err != nil {
			return rdf.Term{}, err
		}
		return rdf.Literal(lex, dt.Value), nil
	}
	return rdf.String(lex), nil
}

func (d *turtleDecoder) number(dt string) (rdf.Term, error) {
	t := rdf.Literal(string(d.tok.val), dt)
	return t, d.advance()
}

// iriTerm turns the current IRI or prefixed-name token into an absolute IRI
// and advances. With intern set (predicates, datatypes, graph names: few
// distinct values) the string is shared with earlier occurrences.
func (d *turtleDecoder) iriTerm(intern bool) (rdf.Term, error) {
	var s string
	switch {
	case d.tok.kind == tokIRI && intern && rdf.HasScheme(d.tok.val):
		s = d.internBytes(d.tok.val)
	case d.tok.kind == tokIRI:
		var err error
		if s, err = d.resolve(d.tok.val); err != nil {
			return rdf.Term{}, err
		}
	default:
		ns, ok := d.namespace(d.tok.pfx)
		if !ok {
			return rdf.Term{}, d.errTok("undefined prefix %q", string(d.tok.pfx)+":")
		}
		if intern {
			s = d.internPName(ns, d.tok.pfx, d.tok.val)
		} else {
			s = ns + string(d.tok.val)
		}
	}
	return rdf.IRI(s), d.advance()
}

// setPrefix binds a prefix, keeping plist and pnames in step with the map.
// Once plist holds more than maxPrefixList prefixes, namespace reads the
// map only and plist is no longer kept: declaring n prefixes is linear.
func (d *turtleDecoder) setPrefix(name, ns string) {
	old, ok := d.prefixes[name]
	if ok && old != ns {
		clear(d.pnames)
	}
	d.prefixes[name] = ns
	if len(d.plist) > maxPrefixList {
		return
	}
	if ok {
		for i := range d.plist {
			if d.plist[i].name == name {
				d.plist[i].ns = ns
				return
			}
		}
	}
	d.plist = append(d.plist, turtlePrefix{name, ns})
}

// namespace returns the IRI bound to the prefix pfx. A document declares
// few prefixes as a rule; a short list is then cheaper to search than the
// map is to hash into.
func (d *turtleDecoder) namespace(pfx []byte) (string, bool) {
	if len(d.plist) <= maxPrefixList {
		for _, p := range d.plist {
			if p.name == string(pfx) {
				return p.ns, true
			}
		}
		return "", false
	}
	ns, ok := d.prefixes[string(pfx)]
	return ns, ok
}

// maxPrefixList is the number of prefixes up to which namespace searches
// the list rather than the map.
const maxPrefixList = 16

// internPName returns the interned IRI of the prefixed name pfx:local whose
// namespace is ns. The cache is keyed by the name as written, which is
// shorter to hash than the IRI and needs no concatenation when it hits.
func (d *turtleDecoder) internPName(ns string, pfx, local []byte) string {
	d.key = append(append(append(d.key[:0], pfx...), ':'), local...)
	if s, ok := d.pnames[string(d.key)]; ok {
		return s
	}
	iri := d.internString(ns + string(local))
	if len(d.pnames) >= internLimit {
		clear(d.pnames)
	}
	d.pnames[string(d.key)] = iri
	return iri
}

func (d *turtleDecoder) internString(s string) string {
	if t, ok := d.intern[s]; ok {
		return t
	}
	if len(d.intern) >= internLimit {
		clear(d.intern)
	}
	d.intern[s] = s
	return s
}

func (d *turtleDecoder) internBytes(b []byte) string {
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

// resolve resolves an IRI reference against the current base.
func (d *turtleDecoder) resolve(ref []byte) (string, error) {
	s := string(ref)
	if rdf.HasScheme(s) {
		return s, nil
	}
	abs, err := ResolveIRI(d.base, s)
	if err != nil {
		return "", d.errTok("%v", err)
	}
	return abs, nil
}

// blankLabel maps a document label to the decoder's label: labels that
// could be mistaken for generated ones get the generated prefix once more.
func (d *turtleDecoder) blankLabel() rdf.Term {
	label := string(d.tok.val)
	if strings.HasPrefix(label, freshPrefix) {
		label = freshPrefix + label
	}
	return rdf.Blank(label)
}

// newBlank returns a fresh blank node, distinct from every document label.
func (d *turtleDecoder) newBlank() rdf.Term {
	d.fresh++
	return rdf.Blank(freshPrefix + strconv.Itoa(d.fresh))
}

func (d *turtleDecoder) prefixDirective(at bool) error {
	if err := d.advance(); err != nil {
		return err
	}
	if d.tok.kind != tokPName || len(d.tok.val) != 0 {
		return d.expected("prefix name ending in ':'")
	}
	name := string(d.tok.pfx)
	if err := d.advance(); err != nil {
		return err
	}
	if d.tok.kind != tokIRI {
		return d.expected("namespace IRI <…>")
	}
	ns, err := d.resolve(d.tok.val)
	if err != nil {
		return err
	}
	d.setPrefix(name, ns)
	return d.endDirective(at)
}

func (d *turtleDecoder) baseDirective(at bool) error {
	if err := d.advance(); err != nil {
		return err
	}
	if d.tok.kind != tokIRI {
		return d.expected("base IRI <…>")
	}
	b, err := d.resolve(d.tok.val)
	if err != nil {
		return err
	}
	d.base = b
	return d.endDirective(at)
}

// endDirective consumes the '.' that ends @prefix and @base (and that
// PREFIX and BASE must not have).
func (d *turtleDecoder) endDirective(at bool) error {
	if err := d.advance(); err != nil {
		return err
	}
	if !at {
		if d.tok.kind == tokDot {
			return d.errTok("SPARQL-style PREFIX and BASE take no '.'")
		}
		return nil
	}
	return d.expectDot()
}
