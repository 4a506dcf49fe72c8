package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ruche-lod/ruche/store/rdf"
)

type jsonDoc struct {
	Head struct {
		Vars []string `json:"vars"`
	} `json:"head"`
	Results *struct {
		Bindings []map[string]jsonTerm `json:"bindings"`
	} `json:"results"`
	Boolean *bool `json:"boolean"`
}

type jsonTerm struct {
	Type     string  `json:"type"`
	Value    *string `json:"value"`
	Datatype string  `json:"datatype"`
	Lang     string  `json:"xml:lang"`
}

func readJSON(r io.Reader) (*ResultSet, error) {
	var doc jsonDoc
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the results object")
	}
	if doc.Boolean != nil {
		if doc.Results != nil {
			return nil, errors.New(`both "boolean" and "results"`)
		}
		return &ResultSet{Boolean: doc.Boolean}, nil
	}
	if doc.Results == nil {
		return nil, errors.New(`no "results" nor "boolean" member`)
	}
	rs := &ResultSet{Vars: append([]string{}, doc.Head.Vars...)}
	seen := make(map[string]bool)
	for _, v := range rs.Vars {
		if seen[v] {
			return nil, fmt.Errorf("variable %q declared twice", v)
		}
		seen[v] = true
	}
	for _, b := range doc.Results.Bindings {
		row := make([]rdf.Term, len(rs.Vars))
		for name, jt := range b {
			t, err := jt.term()
			if err != nil {
				return nil, fmt.Errorf("binding of %q: %w", name, err)
			}
			i := rs.varIndex(name)
			if i >= len(row) {
				row = append(row, make([]rdf.Term, i+1-len(row))...)
			}
			row[i] = t
		}
		rs.Rows = append(rs.Rows, row)
	}
	return rs, nil
}

func (jt jsonTerm) term() (rdf.Term, error) {
	if jt.Value == nil {
		return rdf.Term{}, errors.New(`missing "value"`)
	}
	v := *jt.Value
	switch jt.Type {
	case "uri":
		return rdf.IRI(v), nil
	case "bnode":
		if v == "" {
			return rdf.Term{}, errors.New("empty blank node label")
		}
		return rdf.Blank(v), nil
	case "literal", "typed-literal":
		return makeLiteral(v, jt.Datatype, jt.Lang)
	}
	return rdf.Term{}, fmt.Errorf("unknown term type %q", jt.Type)
}

// makeLiteral builds a literal from a lexical form and an optional datatype
// or language tag.
func makeLiteral(lex, datatype, lang string) (rdf.Term, error) {
	switch {
	case lang != "":
		if datatype != "" && datatype != rdf.RDFLangString {
			return rdf.Term{}, fmt.Errorf("literal with both a language tag and datatype %s", datatype)
		}
		return rdf.LangString(lex, lang), nil
	case datatype == rdf.RDFLangString:
		return rdf.Term{}, errors.New("rdf:langString literal without a language tag")
	}
	return rdf.Literal(lex, datatype), nil
}
