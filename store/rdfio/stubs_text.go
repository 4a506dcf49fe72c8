package rdfio

// Placeholder constructors: replaced by the real Turtle/TriG/RDF-XML code.
// Delete this file when those exist.

import (
	"io"

	"github.com/ruche-lod/ruche/store/rdf"
)

type unsupported struct{}

func (unsupported) Decode() (rdf.Quad, error) { return rdf.Quad{}, ErrUnsupportedFormat }
func (unsupported) Encode(rdf.Quad) error     { return ErrUnsupportedFormat }
func (unsupported) Close() error              { return nil }

func newRDFXMLDecoder(r io.Reader, opts DecodeOptions) (Decoder, error)   { return unsupported{}, nil }
