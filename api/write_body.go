package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

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
		return nil, bodyReadError(c.Request.Context(), err)
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
	if err := checkText(body); err != nil {
		return nil, err
	}
	if f == rdfio.JSONLD {
		if err := s.checkJSONShape(body); err != nil {
			return nil, err
		}
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
			var le *rdfio.LimitError
			if errors.As(err, &le) {
				p := unprocessable("too-deep", err.Error())
				p.Limit = limitBodyDepth
				return nil, p
			}
			p := badRequest("the body is not valid " + f.String() + ": " + err.Error())
			p.Type = problemTypeBase + "syntax-error"
			return nil, p
		}
		if len(read) >= s.cfg.MaxWriteTriples {
			return nil, &limitError{name: limitWriteTriples, status: http.StatusRequestEntityTooLarge,
				detail: fmt.Sprintf("a write describes at most %d triples; nothing was written", s.cfg.MaxWriteTriples)}
		}
		read = append(read, rdf.Quad{S: q.S, P: q.P, O: q.O})
	}
	if err := s.checkLiterals(read); err != nil {
		return nil, err
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

// checkText refuses a body that is not valid UTF-8 or that escapes a lone
// UTF-16 surrogate (\ud800 in JSON or Turtle): decoders would replace them
// with U+FFFD and the write would store (or mint an IRI from) a text the
// client never sent. A backslash appears only inside strings, IRIs and
// local names in JSON-LD, Turtle and N-Triples, so a plain scan is enough.
func checkText(body []byte) error {
	if !utf8.Valid(body) {
		p := badRequest("the body is not valid UTF-8")
		p.Type = problemTypeBase + "syntax-error"
		return p
	}
	surrogate := func(i int) (rune, bool) { // body[i:] starts with \u or \U
		if i+6 > len(body) {
			return 0, false
		}
		v, err := strconv.ParseUint(string(body[i+2:i+6]), 16, 32)
		if err != nil {
			return 0, false
		}
		return rune(v), v >= 0xD800 && v <= 0xDFFF
	}
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' || i+1 >= len(body) {
			continue
		}
		switch body[i+1] {
		case 'u':
			r, ok := surrogate(i)
			if ok {
				lowOK := false
				if r <= 0xDBFF && i+12 <= len(body) && body[i+6] == '\\' && body[i+7] == 'u' {
					if r2, ok2 := surrogate(i + 6); ok2 && r2 >= 0xDC00 {
						lowOK = true
						i += 6
					}
				}
				if !lowOK {
					p := badRequest(fmt.Sprintf("the body escapes a lone UTF-16 surrogate (\\u%04x) at byte %d", r, i))
					p.Type = problemTypeBase + "syntax-error"
					return p
				}
			}
			i += 5
		case 'U':
			if i+10 <= len(body) {
				if v, err := strconv.ParseUint(string(body[i+2:i+10]), 16, 32); err == nil && (v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF) {
					p := badRequest(fmt.Sprintf("the body escapes an invalid code point (\\U%08x) at byte %d", v, i))
					p.Type = problemTypeBase + "syntax-error"
					return p
				}
			}
			i++
		default:
			i++ // \\, \" …: skip the escaped character
		}
	}
	return nil
}

// maxBodyDepth bounds the nesting of a JSON-LD write body.
const maxBodyDepth = 64

// checkJSONShape walks a JSON body once, in linear time, before the JSON-LD
// algorithms see it: past maxBodyDepth levels of nesting it is refused
// (422, limit body-depth); an array of more than MaxWriteTriples items (as
// many triples at least), or more JSON tokens than a write within the cap
// could need (a language-tagged value takes four, an object with an @id a
// few more: 6 per triple, plus room for a context), is refused at once
// (413, limit write-triples) instead of after the JSON-LD expansion, which
// grows faster than linearly with the values of one property (3,000 of
// them take seconds).
func (s *Server) checkJSONShape(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tokens := 0
	maxTokens := 6*s.cfg.MaxWriteTriples + 500
	var items []int // items of each open array (-1 for an object)
	tooMany := func(what string) error {
		return &limitError{name: limitWriteTriples, status: http.StatusRequestEntityTooLarge,
			detail: fmt.Sprintf("a write describes at most %d triples; this body has %s; nothing was written", s.cfg.MaxWriteTriples, what)}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			p := badRequest("the body is not valid JSON: " + err.Error())
			p.Type = problemTypeBase + "syntax-error"
			return p
		}
		if n := len(items); n > 0 && items[n-1] >= 0 && tok != json.Delim(']') {
			if items[n-1]++; items[n-1] > s.cfg.MaxWriteTriples {
				return tooMany(fmt.Sprintf("an array of more than %d items", s.cfg.MaxWriteTriples))
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(items) >= maxBodyDepth {
				p := unprocessable("too-deep", fmt.Sprintf("the body nests more than %d levels", maxBodyDepth))
				p.Limit = limitBodyDepth
				return p
			}
			if tok == json.Delim('[') {
				items = append(items, 0)
			} else {
				items = append(items, -1)
			}
		case json.Delim('}'), json.Delim(']'):
			items = items[:len(items)-1]
		}
		if tokens++; tokens > maxTokens {
			return tooMany(fmt.Sprintf("more than %d JSON tokens", maxTokens))
		}
	}
}

// checkLiterals applies the maximum length of text values (422 beyond).
func (s *Server) checkLiterals(quads []rdf.Quad) error {
	max := s.cfg.MaxTextLength
	for _, q := range quads {
		for _, t := range []rdf.Term{q.S, q.O} {
			if len(t.Value) > max && utf8.RuneCountInString(t.Value) > max {
				p := unprocessable("text-too-long", fmt.Sprintf("a value of %s is longer than %d characters", q.P.Value, max))
				p.Limit = limitTextLength
				return p
			}
		}
	}
	return nil
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
	if err := checkAttached(out, rdf.IRI(iri)); err != nil {
		return nil, err
	}
	return out, nil
}

// checkAttached refuses a description with a node the resource does not
// reach (a second, unattached node: stored, nobody could delete it).
func checkAttached(quads []rdf.Quad, root rdf.Term) error {
	out := map[rdf.Term][]rdf.Term{}
	for _, q := range quads {
		if q.O.IsBlank() || q.O.IsIRI() {
			out[q.S] = append(out[q.S], q.O)
		}
	}
	seen := map[rdf.Term]bool{root: true}
	queue := []rdf.Term{root}
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, o := range out[n] {
			if !seen[o] {
				seen[o] = true
				queue = append(queue, o)
			}
		}
	}
	for _, q := range quads {
		if !seen[q.S] {
			name := q.S.String()
			if q.S.IsBlank() {
				name = "a blank node"
			}
			return unprocessable("unattached-node", "the body describes "+name+", which the resource does not link to: a write describes one resource and the nodes it reaches")
		}
	}
	return nil
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
