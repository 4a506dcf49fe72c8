package rdfio

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Format is an RDF syntax.
type Format int

// The syntaxes ruche reads and writes. Turtle also answers to the N3 names
// (text/n3, text/rdf+n3): a client asking for N3 reads Turtle, a subset of
// N3; N3 input beyond Turtle is a syntax error.
const (
	FormatUnknown Format = iota
	NTriples
	NQuads
	Turtle
	TriG
	JSONLD
	RDFXML
)

type formatInfo struct {
	name       string
	mediaType  string
	extensions []string
	aliases    []string // other media types and names accepted on input
	quads      bool     // can carry named graphs
	writable   bool
}

var formats = map[Format]formatInfo{
	NTriples: {"ntriples", "application/n-triples", []string{".nt"}, []string{"nt", "n-triples", "text/plain"}, false, true},
	NQuads:   {"nquads", "application/n-quads", []string{".nq"}, []string{"nq", "n-quads"}, true, true},
	Turtle:   {"turtle", "text/turtle", []string{".ttl"}, []string{"ttl", "application/x-turtle", "n3", "text/n3", "text/rdf+n3"}, false, true},
	TriG:     {"trig", "application/trig", []string{".trig"}, []string{}, true, true},
	JSONLD:   {"jsonld", "application/ld+json", []string{".jsonld", ".json"}, []string{"json-ld", "application/json"}, true, true},
	RDFXML:   {"rdfxml", "application/rdf+xml", []string{".rdf", ".owl", ".xml"}, []string{"rdf/xml", "xml", "rdf"}, false, true},
}

// AllFormats lists the formats in a fixed order.
var AllFormats = []Format{NTriples, NQuads, Turtle, TriG, JSONLD, RDFXML}

// ErrUnsupportedFormat is returned for a format ruche cannot read or write.
var ErrUnsupportedFormat = errors.New("unsupported RDF format")

// String returns the short name of f ("turtle", "nquads", …).
func (f Format) String() string {
	if i, ok := formats[f]; ok {
		return i.name
	}
	return "unknown"
}

// MediaType returns the registered media type of f.
func (f Format) MediaType() string { return formats[f].mediaType }

// Extension returns the preferred file extension of f, with its dot.
func (f Format) Extension() string {
	if i, ok := formats[f]; ok && len(i.extensions) > 0 {
		return i.extensions[0]
	}
	return ""
}

// SupportsQuads reports whether f can carry named graphs.
func (f Format) SupportsQuads() bool { return formats[f].quads }

// Writable reports whether ruche can write f.
func (f Format) Writable() bool { return formats[f].writable }

// ParseFormat finds a format by short name or media type (parameters are
// ignored), case-insensitively.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if mt, _, err := mime.ParseMediaType(s); err == nil {
		s = mt
	}
	for _, f := range AllFormats {
		i := formats[f]
		if s == i.name || s == i.mediaType {
			return f, nil
		}
		for _, a := range i.aliases {
			if s == a {
				return f, nil
			}
		}
	}
	return FormatUnknown, fmt.Errorf("%w: %q", ErrUnsupportedFormat, s)
}

// FormatFromPath guesses a format from a file name's extension; a trailing
// ".gz" is looked through.
func FormatFromPath(path string) (Format, error) {
	p := strings.ToLower(path)
	p = strings.TrimSuffix(p, ".gz")
	ext := filepath.Ext(p)
	for _, f := range AllFormats {
		for _, e := range formats[f].extensions {
			if e == ext {
				return f, nil
			}
		}
	}
	return FormatUnknown, fmt.Errorf("%w: cannot tell the format of %q from its extension", ErrUnsupportedFormat, path)
}

// A Decoder reads quads one at a time. Decode returns io.EOF after the last
// quad; any other error is final (typically a *SyntaxError).
type Decoder interface {
	Decode() (rdf.Quad, error)
}

// An Encoder writes quads. Close flushes buffered output and writes any
// trailer; it does not close the underlying writer.
type Encoder interface {
	Encode(q rdf.Quad) error
	Close() error
}

// DecodeOptions tune a decoder.
type DecodeOptions struct {
	// BaseIRI resolves relative IRIs (RFC 3986 section 5.2).
	BaseIRI string
	// Name is used in error messages (usually the file name).
	Name string
	// Graph, if not the zero Term, is the graph of every quad read from a
	// triples format, and of default-graph quads of a quads format.
	Graph rdf.Term
	// Contexts resolves JSON-LD remote contexts (typically
	// vocab.Contexts(base)); nil means no remote context is known, and a
	// document naming one is refused. Nothing is ever fetched.
	Contexts ContextLoader
}

// EncodeOptions tune an encoder.
type EncodeOptions struct {
	// Prefixes maps prefix names to namespace IRIs for Turtle and TriG.
	Prefixes map[string]string
	// BaseIRI, when set, is written as @base by Turtle/TriG (IRIs stay absolute).
	BaseIRI string
	// Context is the JSON-LD context document (parsed JSON) used to compact
	// JSON-LD output; nil writes expanded JSON-LD. ContextIRI, when set, is
	// what the output's "@context" names instead of embedding the context.
	Context    any
	ContextIRI string
}

// ContextLoader returns the parsed JSON of a JSON-LD context document by IRI.
// It returns an error for any IRI it does not know.
type ContextLoader interface {
	LoadContext(iri string) (any, error)
}

// NewDecoder returns a streaming decoder of format f reading r.
func NewDecoder(f Format, r io.Reader, opts DecodeOptions) (Decoder, error) {
	switch f {
	case NTriples:
		return newNQuadsDecoder(r, opts, false), nil
	case NQuads:
		return newNQuadsDecoder(r, opts, true), nil
	case Turtle:
		return newTurtleDecoder(r, opts, false), nil
	case TriG:
		return newTurtleDecoder(r, opts, true), nil
	case JSONLD:
		return newJSONLDDecoder(r, opts)
	case RDFXML:
		return newRDFXMLDecoder(r, opts)
	}
	return nil, fmt.Errorf("%w: %v", ErrUnsupportedFormat, f)
}

// NewEncoder returns an encoder of format f writing to w.
func NewEncoder(f Format, w io.Writer, opts EncodeOptions) (Encoder, error) {
	switch f {
	case NTriples:
		return newNQuadsEncoder(w, false), nil
	case NQuads:
		return newNQuadsEncoder(w, true), nil
	case Turtle:
		return newTurtleEncoder(w, opts, false), nil
	case TriG:
		return newTurtleEncoder(w, opts, true), nil
	case JSONLD:
		return newJSONLDEncoder(w, opts)
	case RDFXML:
		return newRDFXMLEncoder(w, opts), nil
	}
	return nil, fmt.Errorf("%w for writing: %v", ErrUnsupportedFormat, f)
}

// LimitError reports input beyond one of the decoders' bounds, at a
// position of the input: Limit "nesting" is blank node property lists and
// collections (Turtle, TriG) or arrays and objects (JSON-LD) nested deeper
// than Max. The input may be well-formed; it is refused, not wrong.
type LimitError struct {
	Name   string // file or input name, may be empty
	Line   int
	Column int
	Limit  string
	Max    int
}

func (e *LimitError) Error() string {
	msg := fmt.Sprintf("nested deeper than the %s limit of %d levels", e.Limit, e.Max)
	if e.Name != "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Column, msg)
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, msg)
}

// SyntaxError is a parse error at a position of the input. Line and Column
// count from 1; Column counts Unicode code points.
type SyntaxError struct {
	Name   string // file or input name, may be empty
	Line   int
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.Name != "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}
