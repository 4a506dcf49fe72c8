package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// writeMediaTypes are the body formats a write accepts.
var writeMediaTypes = map[string]rdfio.Format{
	"application/ld+json":   rdfio.JSONLD,
	"application/json":      rdfio.JSONLD,
	"text/turtle":           rdfio.Turtle,
	"application/n-triples": rdfio.NTriples,
}

func unsupportedMediaType(got string) *Problem {
	p := newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type",
		fmt.Sprintf("the body must be JSON-LD or Turtle, not %q", got))
	p.Accept = []string{"application/ld+json", "text/turtle", "application/n-triples"}
	return p
}

func unprocessable(kind, detail string) *Problem {
	return newProblem(http.StatusUnprocessableEntity, kind, detail)
}

// bodyFormat returns the RDF syntax named by the request's Content-Type.
func bodyFormat(c *gin.Context) (rdfio.Format, error) {
	ct := c.GetHeader("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return 0, unsupportedMediaType(ct)
	}
	f, ok := writeMediaTypes[strings.ToLower(mt)]
	if !ok {
		return 0, unsupportedMediaType(mt)
	}
	return f, nil
}

// readBody reads the whole request body (413 past the limit).
func readBody(c *gin.Context) ([]byte, error) {
	if c.Request.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, badRequest("the request body could not be read")
	}
	return body, nil
}

// decodeBody parses an RDF body against base (the resource's IRI, so that
// <> names it). Graph names are dropped: a resource is written as triples.
// https://schema.org/ IRIs are normalised to http://schema.org/.
func (s *Server) decodeBody(f rdfio.Format, body []byte, base string) ([]rdf.Quad, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("the request body is empty")
	}
	dec, err := rdfio.NewDecoder(f, bytes.NewReader(body), rdfio.DecodeOptions{BaseIRI: base, Name: "body", Contexts: vocab.Contexts(s.cfg.Base)})
	if err != nil {
		return nil, fmt.Errorf("decoder: %w", err)
	}
	var read []rdf.Quad
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *rdfio.SyntaxError
			if errors.As(err, &se) {
				p := badRequest(fmt.Sprintf("line %d, column %d: %s", se.Line, se.Column, se.Msg))
				p.Type = problemTypeBase + "syntax-error"
				p.Line, p.Column = se.Line, se.Column
				return nil, p
			}
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, err
			}
			p := badRequest("the body is not valid " + f.String() + ": " + err.Error())
			p.Type = problemTypeBase + "syntax-error"
			return nil, p
		}
		read = append(read, rdf.Quad{S: q.S, P: q.P, O: q.O})
	}
	// Terms written with https://schema.org/ are stored as http://schema.org/
	// (the vocabulary's rule), which can make two quads one.
	var out []rdf.Quad
	seen := map[rdf.Quad]bool{}
	for _, q := range vocab.NormaliseSchemaOrg(read) {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		return nil, unprocessable("empty-description", "the body describes nothing (no triples; is the @context missing?)")
	}
	return out, nil
}

// rootOf finds the node a body describes and renames it to iri: either
// placeholder (written <> in the body) or the one blank node that is a
// subject and never an object. Fragments placeholder#x become iri#x. Every
// subject must then be iri, one of its fragments, or a blank node.
func rootOf(quads []rdf.Quad, placeholder, iri string) ([]rdf.Quad, error) {
	ph := rdf.IRI(placeholder)
	hasPH := false
	subjects := map[rdf.Term]bool{}
	objects := map[rdf.Term]bool{}
	for _, q := range quads {
		if q.S == ph {
			hasPH = true
		}
		subjects[q.S] = true
		objects[q.O] = true
	}
	var blankRoot rdf.Term
	if !hasPH {
		n := 0
		for sub := range subjects {
			if sub.IsBlank() && !objects[sub] {
				blankRoot = sub
				n++
			}
		}
		if n != 1 {
			return nil, unprocessable("no-single-resource", "the body must describe <> or exactly one top-level blank node")
		}
	}
	rename := func(t rdf.Term) rdf.Term {
		switch {
		case t == ph || (hasPH == false && t == blankRoot):
			return rdf.IRI(iri)
		case t.IsIRI() && strings.HasPrefix(t.Value, placeholder+"#"):
			return rdf.IRI(iri + strings.TrimPrefix(t.Value, placeholder))
		}
		return t
	}
	out := make([]rdf.Quad, 0, len(quads))
	for _, q := range quads {
		q = rdf.Quad{S: rename(q.S), P: q.P, O: rename(q.O)}
		if !ownSubject(q.S, iri) {
			return nil, unprocessable("foreign-subject", "a write describes one resource; "+q.S.String()+" is another one")
		}
		out = append(out, q)
	}
	return out, nil
}

// ownSubject reports whether t may be described in the document of iri.
func ownSubject(t rdf.Term, iri string) bool {
	return t.IsBlank() || (t.IsIRI() && (t.Value == iri || strings.HasPrefix(t.Value, iri+"#")))
}

// ensureType adds iri a class when the body did not say it; a body typed
// with another radn class is refused.
func ensureType(quads []rdf.Quad, iri, class string) ([]rdf.Quad, error) {
	root := rdf.IRI(iri)
	typed := false
	for _, q := range quads {
		if q.S == root && q.P.Value == vocab.RDFType {
			if q.O.Value == class || vocab.IsInstance(q.O.Value, class) {
				typed = true
			} else if strings.HasPrefix(q.O.Value, vocab.RadnNS) || q.O.Value == vocab.SchemaPerson || q.O.Value == vocab.OrgMembership {
				if !vocab.IsInstance(class, q.O.Value) {
					return nil, unprocessable("wrong-type", "this collection holds "+class+", not "+q.O.Value)
				}
			}
		}
	}
	if !typed {
		quads = append(quads, rdf.Quad{S: root, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(class)})
	}
	return quads, nil
}

// violationJSON is one validation failure in a 422 problem.
type violationJSON struct {
	FocusNode  string            `json:"focusNode"`
	Path       string            `json:"path,omitempty"`
	Value      string            `json:"value,omitempty"`
	Constraint string            `json:"constraint"`
	Message    map[string]string `json:"message"`
}

// validate checks quads against the shapes; every violation is reported.
func (s *Server) validate(quads []rdf.Quad) error {
	vs, err := vocab.Validate(s.cfg.Base, quads)
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if len(vs) == 0 {
		return nil
	}
	out := make([]violationJSON, 0, len(vs))
	for _, v := range vs {
		j := violationJSON{FocusNode: v.FocusNode.String(), Constraint: strings.TrimPrefix(v.Constraint, vocab.SHNS),
			Message: map[string]string{"fr": v.Message.FR, "en": v.Message.EN}}
		if !v.Path.IsZero() {
			j.Path = v.Path.Value
		}
		if !v.Value.IsZero() {
			j.Value = v.Value.String()
		}
		out = append(out, j)
	}
	p := unprocessable("validation", fmt.Sprintf("%d constraint(s) violated", len(out)))
	p.Violations = out
	return p
}
