package rdfio

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

// ErrNotRepresentable is wrapped by the errors of an encoder given a quad its
// syntax cannot write (in RDF/XML: a predicate with no NCName local part, a
// character XML 1.0 forbids).
var ErrNotRepresentable = errors.New("not representable in this syntax")

// rdfxmlEncoder writes RDF/XML (RDF 1.1 XML Syntax) as it goes: one
// rdf:Description per run of quads with the same subject, one property
// element per triple, objects as rdf:resource, rdf:nodeID or text with
// xml:lang or rdf:datatype. Graph names are dropped (RDF/XML carries one
// graph).
//
// A predicate is split into a namespace and an NCName local part. The
// namespaces of EncodeOptions.Prefixes are declared on rdf:RDF under their
// names. The encoder holds back up to rdfxmlWindow quads so that the other
// namespaces they use are declared there too, under generated prefixes
// (ns1, ns2, …); past the window, quads are written as they come and a new
// namespace is declared on its property element. A predicate
// that ends in no NCName (http://example.org/1), and text with characters
// XML 1.0 cannot carry, make Encode fail with ErrNotRepresentable before
// anything of that quad is written.
type rdfxmlEncoder struct {
	w        *bufio.Writer
	declared map[string]string // namespace → prefix declared on rdf:RDF
	names    []string          // prefixes in use, for the generated ones
	gen      map[string]string // namespace → generated prefix
	blanks   map[string]string // blank node label → rdf:nodeID
	started  bool
	held     []rdf.Quad // quads held back before the header is written
	open     bool       // an rdf:Description is open
	subj     rdf.Term
	buf      []byte
	err      error
}

func newRDFXMLEncoder(w io.Writer, opts EncodeOptions) Encoder {
	e := &rdfxmlEncoder{
		w:        bufio.NewWriterSize(w, 64<<10),
		declared: map[string]string{rdf.RDFNS: "rdf"},
		gen:      map[string]string{},
		blanks:   map[string]string{},
		names:    []string{"rdf", "xml"},
	}
	names := make([]string, 0, len(opts.Prefixes))
	for name := range opts.Prefixes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		ns := opts.Prefixes[name]
		if ns == "" || !isNCName(name) || strings.HasPrefix(strings.ToLower(name), "xml") || name == "rdf" {
			continue
		}
		if _, ok := e.declared[ns]; ok || !validXMLText(ns) {
			continue
		}
		e.declared[ns] = name
		e.names = append(e.names, name)
	}
	return e
}

func (e *rdfxmlEncoder) header(b []byte) []byte {
	e.started = true
	b = append(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF"...)
	type decl struct{ name, ns string }
	decls := make([]decl, 0, len(e.declared))
	for ns, name := range e.declared {
		decls = append(decls, decl{name, ns})
	}
	slices.SortFunc(decls, func(a, b decl) int { return strings.Compare(a.name, b.name) })
	for _, d := range decls {
		b = append(b, "\n    xmlns:"...)
		b = append(b, d.name...)
		b = append(b, "=\""...)
		b = appendXMLAttr(b, d.ns)
		b = append(b, '"')
	}
	return append(b, ">\n"...)
}

// Encode writes the triple of q.
func (e *rdfxmlEncoder) Encode(q rdf.Quad) error {
	if e.err != nil {
		return e.err
	}
	if err := checkQuad(q); err != nil {
		return err
	}
	ns, local, ok := splitPredicate(q.P.Value)
	if !ok {
		return fmt.Errorf("%w: RDF/XML cannot name the predicate <%s> (no NCName at its end)", ErrNotRepresentable, q.P.Value)
	}
	if ns == rdf.RDFNS && rdfxmlReserved[local] {
		return fmt.Errorf("%w: rdf:%s is not a property element name in RDF/XML", ErrNotRepresentable, local)
	}
	if !validXMLText(q.S.Value) || !validXMLText(q.O.Value) || !validXMLText(q.O.Datatype) || !validXMLText(q.O.Lang) || !validXMLText(ns) {
		return fmt.Errorf("%w: RDF/XML cannot carry a character of %s (XML 1.0 forbids it)", ErrNotRepresentable, rdf.AppendQuad(nil, rdf.Quad{S: q.S, P: q.P, O: q.O}))
	}
	if !e.started {
		if len(e.held) < rdfxmlWindow {
			e.held = append(e.held, q)
			return nil
		}
		if err := e.start(); err != nil {
			return err
		}
	}
	return e.write(q, ns, local)
}

// rdfxmlWindow is how many quads the encoder holds back to declare their
// namespaces on rdf:RDF.
const rdfxmlWindow = 4096

// start writes the header, declaring the namespaces of the held quads, and
// then the held quads.
func (e *rdfxmlEncoder) start() error {
	for _, q := range e.held {
		ns, _, _ := splitPredicate(q.P.Value)
		if _, ok := e.declared[ns]; !ok {
			e.declared[ns] = e.newPrefix()
		}
	}
	e.buf = e.header(e.buf[:0])
	if err := e.flushBuf(); err != nil {
		return err
	}
	for _, q := range e.held {
		ns, local, _ := splitPredicate(q.P.Value)
		if err := e.write(q, ns, local); err != nil {
			return err
		}
	}
	e.held = nil
	return nil
}

// write writes one checked quad.
func (e *rdfxmlEncoder) write(q rdf.Quad, ns, local string) error {
	e.buf = e.buf[:0]
	if !e.open || e.subj != q.S {
		if e.open {
			e.buf = append(e.buf, "  </rdf:Description>\n"...)
		}
		e.buf = append(e.buf, "  <rdf:Description "...)
		e.buf = e.appendNode(e.buf, q.S, "about")
		e.buf = append(e.buf, ">\n"...)
		e.open, e.subj = true, q.S
	}
	prefix, declared := e.declared[ns]
	if !declared {
		prefix = e.gen[ns]
		if prefix == "" {
			prefix = e.newPrefix()
			e.gen[ns] = prefix
		}
	}
	e.buf = append(e.buf, "    <"...)
	e.buf = append(e.buf, prefix...)
	e.buf = append(e.buf, ':')
	e.buf = append(e.buf, local...)
	if !declared {
		e.buf = append(e.buf, " xmlns:"...)
		e.buf = append(e.buf, prefix...)
		e.buf = append(e.buf, "=\""...)
		e.buf = appendXMLAttr(e.buf, ns)
		e.buf = append(e.buf, '"')
	}
	o := q.O
	switch {
	case o.IsIRI() || o.IsBlank():
		e.buf = append(e.buf, ' ')
		e.buf = e.appendNode(e.buf, o, "resource")
		e.buf = append(e.buf, "/>\n"...)
	default:
		switch {
		case o.Lang != "":
			e.buf = append(e.buf, " xml:lang=\""...)
			e.buf = appendXMLAttr(e.buf, o.Lang)
			e.buf = append(e.buf, '"')
		case o.Datatype != "" && o.Datatype != rdf.XSDString:
			e.buf = append(e.buf, " rdf:datatype=\""...)
			e.buf = appendXMLAttr(e.buf, o.Datatype)
			e.buf = append(e.buf, '"')
		}
		e.buf = append(e.buf, '>')
		e.buf = appendXMLText(e.buf, o.Value)
		e.buf = append(e.buf, "</"...)
		e.buf = append(e.buf, prefix...)
		e.buf = append(e.buf, ':')
		e.buf = append(e.buf, local...)
		e.buf = append(e.buf, ">\n"...)
	}
	return e.flushBuf()
}

// appendNode writes the attribute naming a node: rdf:about or rdf:resource
// for an IRI (attr), rdf:nodeID for a blank node.
func (e *rdfxmlEncoder) appendNode(b []byte, t rdf.Term, attr string) []byte {
	if t.IsBlank() {
		id, ok := e.blanks[t.Value]
		if !ok {
			// Labels are renamed: a blank node label need not be an NCName.
			id = "b" + strconv.Itoa(len(e.blanks))
			e.blanks[t.Value] = id
		}
		b = append(b, "rdf:nodeID=\""...)
		b = append(b, id...)
		return append(b, '"')
	}
	b = append(b, "rdf:"...)
	b = append(b, attr...)
	b = append(b, "=\""...)
	b = appendXMLAttr(b, t.Value)
	return append(b, '"')
}

// newPrefix returns an unused generated prefix.
func (e *rdfxmlEncoder) newPrefix() string {
	for n := len(e.gen) + 1; ; n++ {
		p := "ns" + strconv.Itoa(n)
		if !slices.Contains(e.names, p) {
			e.names = append(e.names, p)
			return p
		}
	}
}

func (e *rdfxmlEncoder) flushBuf() error {
	if _, err := e.w.Write(e.buf); err != nil {
		e.err = fmt.Errorf("writing RDF/XML: %w", err)
		return e.err
	}
	return nil
}

// Close closes the open rdf:Description and rdf:RDF and flushes.
func (e *rdfxmlEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if !e.started {
		if err := e.start(); err != nil {
			return err
		}
	}
	e.buf = e.buf[:0]
	if e.open {
		e.buf = append(e.buf, "  </rdf:Description>\n"...)
		e.open = false
	}
	e.buf = append(e.buf, "</rdf:RDF>\n"...)
	if err := e.flushBuf(); err != nil {
		return err
	}
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("writing RDF/XML: %w", err)
	}
	return nil
}

// rdfxmlReserved are the names of the RDF namespace that RDF/XML forbids as
// property elements (RDF 1.1 XML Syntax §7.2.5: coreSyntaxTerms,
// rdf:Description, rdf:li, oldTerms).
var rdfxmlReserved = map[string]bool{
	"RDF": true, "ID": true, "about": true, "parseType": true, "resource": true, "nodeID": true,
	"datatype": true, "Description": true, "li": true, "aboutEach": true, "aboutEachPrefix": true, "bagID": true,
}

// splitPredicate splits an IRI into a namespace and the longest NCName that
// ends it (XML Namespaces §3: it starts with a letter or "_").
func splitPredicate(iri string) (ns, local string, ok bool) {
	start := len(iri)
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(iri[:start])
		if r == utf8.RuneError || !isNCNameChar(r) {
			break
		}
		start -= size
	}
	for start < len(iri) {
		r, size := utf8.DecodeRuneInString(iri[start:])
		if isNCNameStart(r) {
			break
		}
		start += size
	}
	if start == 0 || start == len(iri) {
		return "", "", false
	}
	return iri[:start], iri[start:], true
}

// isNCNameStart and isNCNameChar are NameStartChar and NameChar of XML 1.0
// fifth edition without ":" (PN_CHARS_U and PN_CHARS of Turtle, plus "."),
// narrowed outside ASCII to what encoding/xml reads (xmlReadsName): the
// RDF/XML reader is built on it, and it keeps XML 1.0 fourth edition's
// name characters, as older parsers do.
func isNCNameStart(r rune) bool { return isPNCharsU(r) && xmlReadsName(r, true) }

func isNCNameChar(r rune) bool { return (r == '.' || isPNChars(r)) && xmlReadsName(r, false) }

// isNCName reports whether s is an XML NCName.
func isNCName(s string) bool {
	for i, r := range s {
		if i == 0 && !isNCNameStart(r) || !isNCNameChar(r) {
			return false
		}
	}
	return s != ""
}

// xmlReadsName reports whether encoding/xml reads r in an element name
// (first: as its first character), asking it once per rune (xmlNames,
// bounded); ASCII, on which both editions agree, is not asked.
func xmlReadsName(r rune, first bool) bool {
	if r < utf8.RuneSelf {
		return true
	}
	key := xmlNameKey{r, first}
	if ok, known := xmlNames.Load(key); known {
		return ok.(bool)
	}
	name := "a" + string(r)
	if first {
		name = string(r)
	}
	_, err := xml.NewDecoder(strings.NewReader("<" + name + "/>")).Token()
	if xmlNamesKept.Add(1) <= maxXMLNames {
		xmlNames.Store(key, err == nil)
	}
	return err == nil
}

type xmlNameKey struct {
	r     rune
	first bool
}

var (
	xmlNames     sync.Map // xmlNameKey → bool
	xmlNamesKept atomic.Int64
)

// maxXMLNames bounds the runes xmlReadsName remembers.
const maxXMLNames = 1 << 14

// validXMLText reports whether s is UTF-8 made of XML 1.0 Chars only.
func validXMLText(s string) bool {
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			if !utf8.ValidString(s) {
				return false
			}
		case r == 0x9 || r == 0xA || r == 0xD:
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
	}
	return true
}

// appendXMLText escapes character data; CR is written as a reference so
// that XML's end-of-line handling keeps it.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '\r':
			b = append(b, "&#xD;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendXMLAttr escapes a double-quoted attribute value; tab, newline and
// CR are written as references so that attribute normalisation keeps them.
func appendXMLAttr(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '"':
			b = append(b, "&quot;"...)
		case '\t':
			b = append(b, "&#x9;"...)
		case '\n':
			b = append(b, "&#xA;"...)
		case '\r':
			b = append(b, "&#xD;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}
