package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// Decode parses an RDF body against base (the resource's IRI, so that
// <> names it). Graph names are dropped: a resource is written as triples.
// https://schema.org/ IRIs are normalised to http://schema.org/.
func (wr *Writer) Decode(f rdfio.Format, body []byte, base string) ([]rdf.Quad, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, malformed("the request body is empty")
	}
	if err := checkText(body); err != nil {
		return nil, err
	}
	if f == rdfio.JSONLD {
		if err := wr.checkJSONShape(body); err != nil {
			return nil, err
		}
	}
	dec, err := rdfio.NewDecoder(f, bytes.NewReader(body), rdfio.DecodeOptions{BaseIRI: base, Name: "body", Contexts: vocab.Contexts(wr.Base)})
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
				return nil, syntaxError(fmt.Sprintf("line %d, column %d: %s", se.Line, se.Column, se.Msg), se.Line, se.Column)
			}
			var le *rdfio.LimitError
			if errors.As(err, &le) {
				return nil, &Error{Kind: ErrInvalid, Code: "too-deep", Detail: err.Error(), Limit: LimitBodyDepth}
			}
			return nil, syntaxError("the body is not valid "+f.String()+": "+err.Error(), 0, 0)
		}
		if len(read) >= wr.MaxWriteTriples {
			return nil, &Error{Kind: ErrTooLarge, Code: "body-too-large", Limit: LimitWriteTriples,
				Detail: fmt.Sprintf("a write describes at most %d triples; nothing was written", wr.MaxWriteTriples)}
		}
		read = append(read, rdf.Quad{S: q.S, P: q.P, O: q.O})
	}
	if err := wr.checkLiterals(read); err != nil {
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
		return syntaxError("the body is not valid UTF-8", 0, 0)
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
					return syntaxError(fmt.Sprintf("the body escapes a lone UTF-16 surrogate (\\u%04x) at byte %d", r, i), 0, 0)
				}
			}
			i += 5
		case 'U':
			if i+10 <= len(body) {
				if v, err := strconv.ParseUint(string(body[i+2:i+10]), 16, 32); err == nil && (v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF) {
					return syntaxError(fmt.Sprintf("the body escapes an invalid code point (\\U%08x) at byte %d", v, i), 0, 0)
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
// (ErrInvalid, limit body-depth); an array of more than MaxWriteTriples items (as
// many triples at least), or more JSON tokens than a write within the cap
// could need (a language-tagged value takes four, an object with an @id a
// few more: 6 per triple, plus room for a context), is refused at once
// (ErrTooLarge, limit write-triples) instead of after the JSON-LD expansion, which
// grows faster than linearly with the values of one property (3,000 of
// them take seconds).
func (wr *Writer) checkJSONShape(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tokens := 0
	maxTokens := 6*wr.MaxWriteTriples + 500
	var items []int // items of each open array (-1 for an object)
	tooMany := func(what string) error {
		return &Error{Kind: ErrTooLarge, Code: "body-too-large", Limit: LimitWriteTriples,
			Detail: fmt.Sprintf("a write describes at most %d triples; this body has %s; nothing was written", wr.MaxWriteTriples, what)}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return syntaxError("the body is not valid JSON: "+err.Error(), 0, 0)
		}
		if n := len(items); n > 0 && items[n-1] >= 0 && tok != json.Delim(']') {
			if items[n-1]++; items[n-1] > wr.MaxWriteTriples {
				return tooMany(fmt.Sprintf("an array of more than %d items", wr.MaxWriteTriples))
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(items) >= maxBodyDepth {
				return &Error{Kind: ErrInvalid, Code: "too-deep", Detail: fmt.Sprintf("the body nests more than %d levels", maxBodyDepth), Limit: LimitBodyDepth}
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

// checkLiterals applies the maximum length of text values (ErrInvalid, limit text-length, beyond).
func (wr *Writer) checkLiterals(quads []rdf.Quad) error {
	max := wr.MaxTextLength
	for _, q := range quads {
		for _, t := range []rdf.Term{q.S, q.O} {
			if len(t.Value) > max && utf8.RuneCountInString(t.Value) > max {
				return &Error{Kind: ErrInvalid, Code: "text-too-long", Detail: fmt.Sprintf("a value of %s is longer than %d characters", q.P.Value, max), Limit: LimitTextLength}
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

// validate checks quads against the shapes; every violation is reported
// (a [Violations] error).
func (wr *Writer) validate(quads []rdf.Quad) error {
	vs, err := vocab.Validate(wr.Base, quads)
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if len(vs) == 0 {
		return nil
	}
	out := make(Violations, 0, len(vs))
	for _, v := range vs {
		out = append(out, ViolationOf(v))
	}
	return out
}

// ViolationOf is the record of one shapes violation.
func ViolationOf(v vocab.Violation) Violation {
	j := Violation{FocusNode: v.FocusNode.String(), Constraint: strings.TrimPrefix(v.Constraint, vocab.SHNS),
		Message: map[string]string{"fr": v.Message.FR, "en": v.Message.EN}}
	if !v.Path.IsZero() {
		j.Path = v.Path.Value
	}
	if !v.Value.IsZero() {
		j.Value = v.Value.String()
	}
	return j
}
