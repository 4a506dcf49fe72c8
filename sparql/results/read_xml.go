package results

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// attr returns the value of an attribute; "lang" means xml:lang.
func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local != local {
			continue
		}
		if local == "lang" && (a.Name.Space == xmlNamespace || a.Name.Space == "xml") {
			return a.Value, true
		}
		if local != "lang" && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// xmlReader walks a SPARQL Query Results XML document.
type xmlReader struct {
	d *xml.Decoder
}

func (x *xmlReader) next() (xml.Token, error) {
	for {
		tok, err := x.d.Token()
		if err != nil {
			if err == io.EOF {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement, xml.EndElement:
			return tok, nil
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				return nil, fmt.Errorf("unexpected text %q", truncate(string(t)))
			}
		}
	}
}

// text reads character data up to the end of the current element.
func (x *xmlReader) text() (string, error) {
	var b strings.Builder
	for {
		tok, err := x.d.Token()
		if err != nil {
			if err == io.EOF {
				return "", io.ErrUnexpectedEOF
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			return b.String(), nil
		case xml.StartElement:
			return "", fmt.Errorf("unexpected element <%s> in text", t.Name.Local)
		}
	}
}

// skip skips the rest of the current element.
func (x *xmlReader) skip() error { return x.d.Skip() }

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func readXML(r io.Reader) (*ResultSet, error) {
	x := &xmlReader{d: xml.NewDecoder(r)}
	tok, err := x.next()
	if err != nil {
		return nil, err
	}
	root, ok := tok.(xml.StartElement)
	if !ok || root.Name.Local != "sparql" {
		return nil, errors.New("root element is not <sparql>")
	}
	rs := &ResultSet{}
	sawResults := false
	for {
		tok, err := x.next()
		if err != nil {
			return nil, err
		}
		if _, ok := tok.(xml.EndElement); ok {
			break
		}
		se := tok.(xml.StartElement)
		switch se.Name.Local {
		case "head":
			if err := x.readHead(rs); err != nil {
				return nil, err
			}
		case "boolean":
			s, err := x.text()
			if err != nil {
				return nil, err
			}
			var b bool
			switch strings.TrimSpace(s) {
			case "true":
				b = true
			case "false":
			default:
				return nil, fmt.Errorf("invalid boolean %q", truncate(s))
			}
			rs.Boolean = &b
		case "results":
			sawResults = true
			if err := x.readResults(rs); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unexpected element <%s>", se.Name.Local)
		}
	}
	// Nothing may follow the root element.
	for {
		tok, err := x.d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				return nil, errors.New("text after the root element")
			}
		case xml.StartElement:
			return nil, errors.New("element after the root element")
		}
	}
	switch {
	case rs.Boolean != nil && sawResults:
		return nil, errors.New("both <boolean> and <results>")
	case rs.Boolean == nil && !sawResults:
		return nil, errors.New("neither <boolean> nor <results>")
	}
	return rs, nil
}

func (x *xmlReader) readHead(rs *ResultSet) error {
	for {
		tok, err := x.next()
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.EndElement); ok {
			return nil
		}
		se := tok.(xml.StartElement)
		switch se.Name.Local {
		case "variable":
			name, ok := attr(se, "name")
			if !ok {
				return errors.New("<variable> without a name")
			}
			for _, v := range rs.Vars {
				if v == name {
					return fmt.Errorf("variable %q declared twice", name)
				}
			}
			rs.Vars = append(rs.Vars, name)
		case "link":
		default:
			return fmt.Errorf("unexpected element <%s> in <head>", se.Name.Local)
		}
		if err := x.skip(); err != nil {
			return err
		}
	}
}

func (x *xmlReader) readResults(rs *ResultSet) error {
	for {
		tok, err := x.next()
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.EndElement); ok {
			return nil
		}
		if se := tok.(xml.StartElement); se.Name.Local != "result" {
			return fmt.Errorf("unexpected element <%s> in <results>", se.Name.Local)
		}
		row := make([]rdf.Term, len(rs.Vars))
		for {
			tok, err := x.next()
			if err != nil {
				return err
			}
			if _, ok := tok.(xml.EndElement); ok {
				break
			}
			se := tok.(xml.StartElement)
			if se.Name.Local != "binding" {
				return fmt.Errorf("unexpected element <%s> in <result>", se.Name.Local)
			}
			name, ok := attr(se, "name")
			if !ok {
				return errors.New("<binding> without a name")
			}
			t, err := x.readTerm()
			if err != nil {
				return fmt.Errorf("binding of %q: %w", name, err)
			}
			i := rs.varIndex(name)
			if i >= len(row) {
				row = append(row, make([]rdf.Term, i+1-len(row))...)
			}
			row[i] = t
		}
		rs.Rows = append(rs.Rows, row)
	}
}

// readTerm reads the term inside <binding> and the </binding> end tag.
func (x *xmlReader) readTerm() (rdf.Term, error) {
	tok, err := x.next()
	if err != nil {
		return rdf.Term{}, err
	}
	se, ok := tok.(xml.StartElement)
	if !ok {
		return rdf.Term{}, errors.New("empty <binding>")
	}
	var t rdf.Term
	switch se.Name.Local {
	case "uri":
		s, err := x.text()
		if err != nil {
			return t, err
		}
		t = rdf.IRI(s)
	case "bnode":
		s, err := x.text()
		if err != nil {
			return t, err
		}
		if s == "" {
			return t, errors.New("empty blank node label")
		}
		t = rdf.Blank(s)
	case "literal":
		dt, _ := attr(se, "datatype")
		lang, _ := attr(se, "lang")
		s, err := x.text()
		if err != nil {
			return t, err
		}
		if t, err = makeLiteral(s, dt, lang); err != nil {
			return t, err
		}
	case "unbound":
		if err := x.skip(); err != nil {
			return t, err
		}
	default:
		return t, fmt.Errorf("unexpected element <%s> in <binding>", se.Name.Local)
	}
	tok, err = x.next()
	if err != nil {
		return rdf.Term{}, err
	}
	if _, ok := tok.(xml.EndElement); !ok {
		return rdf.Term{}, errors.New("more than one term in <binding>")
	}
	return t, nil
}
