package rdfio

import (
	"errors"
	"fmt"
	"io"

	knakk "github.com/knakk/rdf"

	"github.com/ruche-lod/ruche/store/rdf"
)

// rdfxmlDecoder reads RDF/XML through github.com/knakk/rdf. That library
// panics on some inputs and resolves relative IRIs by concatenation, so
// RDF/XML is input-only and best effort: its panics become errors here.
// knakk's triple decoder is used (never its quad decoder, whose default
// graph is the blank node _:defaultGraph); every triple goes to
// DecodeOptions.Graph, the default graph unless set. The document is read
// whole first, so that IRIs such as mailto:… can be kept from being taken
// for qualified names (see declareSchemes).
type rdfxmlDecoder struct {
	dec  knakk.TripleDecoder
	opts DecodeOptions
	err  error
}

func newRDFXMLDecoder(r io.Reader, opts DecodeOptions) (dec Decoder, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("RDF/XML decoder: %v", p)
		}
	}()
	r, err = readRDFXML(r)
	if err != nil {
		return nil, err
	}
	d := &rdfxmlDecoder{dec: knakk.NewTripleDecoder(r, knakk.RDFXML), opts: opts}
	if opts.BaseIRI != "" {
		base, err := knakk.NewIRI(opts.BaseIRI)
		if err != nil {
			return nil, fmt.Errorf("RDF/XML base IRI: %w", err)
		}
		if err := d.dec.SetOption(knakk.Base, base); err != nil {
			return nil, fmt.Errorf("RDF/XML base IRI: %w", err)
		}
	}
	return d, nil
}

// Decode returns the next triple as a quad in DecodeOptions.Graph.
func (d *rdfxmlDecoder) Decode() (rdf.Quad, error) {
	if d.err != nil {
		return rdf.Quad{}, d.err
	}
	q, err := d.next()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			name := d.opts.Name
			if name == "" {
				name = "input"
			}
			err = fmt.Errorf("%s: invalid RDF/XML: %w", name, err)
		}
		d.err = err
		return rdf.Quad{}, err
	}
	return q, nil
}

func (d *rdfxmlDecoder) next() (q rdf.Quad, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	t, err := d.dec.Decode()
	if err != nil {
		return q, err
	}
	if q.S, err = fromKnakk(t.Subj); err != nil {
		return q, err
	}
	if q.P, err = fromKnakk(t.Pred); err != nil {
		return q, err
	}
	if q.O, err = fromKnakk(t.Obj); err != nil {
		return q, err
	}
	q.G = d.opts.Graph
	return q, nil
}

// fromKnakk converts a knakk/rdf term to ours.
func fromKnakk(t knakk.Term) (rdf.Term, error) {
	switch v := t.(type) {
	case knakk.IRI:
		if !rdf.HasScheme(v.String()) {
			return rdf.Term{}, fmt.Errorf("relative IRI <%s> (no base IRI?)", v.String())
		}
		return rdf.IRI(v.String()), nil
	case knakk.Blank:
		return rdf.Blank(v.String()), nil
	case knakk.Literal:
		if v.Lang() != "" {
			return rdf.LangString(v.String(), v.Lang()), nil
		}
		return rdf.Literal(v.String(), v.DataType.String()), nil
	}
	return rdf.Term{}, fmt.Errorf("unsupported term %T", t)
}
