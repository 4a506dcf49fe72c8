package rdfio

import (
	"bufio"
	"fmt"
	"io"

	"github.com/ruche-lod/ruche/store/rdf"
)

// nquadsEncoder writes canonical N-Triples or N-Quads lines through a
// buffer. For N-Triples the graph of each quad is dropped.
type nquadsEncoder struct {
	w     *bufio.Writer
	quads bool
	line  []byte
}

func newNQuadsEncoder(w io.Writer, quads bool) Encoder {
	return &nquadsEncoder{w: bufio.NewWriterSize(w, 64<<10), quads: quads}
}

// Encode writes q as one line.
func (e *nquadsEncoder) Encode(q rdf.Quad) error {
	if !e.quads {
		q.G = rdf.Term{}
	}
	if err := checkQuad(q); err != nil {
		return err
	}
	e.line = append(rdf.AppendQuad(e.line[:0], q), '\n')
	if _, err := e.w.Write(e.line); err != nil {
		return fmt.Errorf("writing N-Quads: %w", err)
	}
	return nil
}

// Close flushes buffered output.
func (e *nquadsEncoder) Close() error {
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("writing N-Quads: %w", err)
	}
	return nil
}

// checkQuad rejects quads no RDF syntax can write: a literal or the default
// graph as subject, a non-IRI predicate, a literal graph name.
func checkQuad(q rdf.Quad) error {
	switch {
	case !q.S.IsIRI() && !q.S.IsBlank():
		return fmt.Errorf("cannot write quad: subject must be an IRI or blank node, got %v", q.S.Kind)
	case !q.P.IsIRI():
		return fmt.Errorf("cannot write quad: predicate must be an IRI, got %v", q.P.Kind)
	case q.O.IsZero():
		return fmt.Errorf("cannot write quad: missing object")
	case q.G.IsLiteral():
		return fmt.Errorf("cannot write quad: graph name must be an IRI or blank node")
	}
	return nil
}
