package results

import (
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// csvEncoder writes SPARQL 1.1 Query Results CSV: plain values, RFC 4180
// quoting, CRLF line ends.
type csvEncoder struct{}

func (csvEncoder) header(dst []byte, vars []string) []byte {
	for i, v := range vars {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVField(dst, v)
	}
	return append(dst, '\r', '\n')
}

func (csvEncoder) row(dst []byte, _ []string, row []rdf.Term) []byte {
	if len(row) == 1 && csvValue(row[0]) == "" {
		// A blank line would be skipped by CSV readers: quote the empty field.
		return append(dst, '"', '"', '\r', '\n')
	}
	for i, t := range row {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVField(dst, csvValue(t))
	}
	return append(dst, '\r', '\n')
}

func (csvEncoder) trailer(dst []byte) []byte { return dst }

// abort writes a record with one field more than the header: "#ERROR" and
// the message, then empty fields.
func (csvEncoder) abort(dst []byte, vars []string, err error) []byte {
	dst = append(dst, "#ERROR,"...)
	dst = appendCSVField(dst, err.Error())
	for range len(vars) - 1 {
		dst = append(dst, ',')
	}
	return append(dst, '\r', '\n')
}

// csvValue is the CSV form of a term: the IRI, the lexical form, or _:label.
func csvValue(t rdf.Term) string {
	switch t.Kind {
	case rdf.KindBlank:
		return "_:" + t.Value
	case rdf.KindNone:
		return ""
	}
	return t.Value
}

func appendCSVField(dst []byte, s string) []byte {
	if !strings.ContainsAny(s, "\",\r\n") {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}

// tsvEncoder writes SPARQL 1.1 Query Results TSV: "?var" headers and terms
// in N-Triples syntax, LF line ends.
type tsvEncoder struct{}

func (tsvEncoder) header(dst []byte, vars []string) []byte {
	for i, v := range vars {
		if i > 0 {
			dst = append(dst, '\t')
		}
		dst = append(dst, '?')
		dst = append(dst, v...)
	}
	return append(dst, '\n')
}

func (tsvEncoder) row(dst []byte, _ []string, row []rdf.Term) []byte {
	for i, t := range row {
		if i > 0 {
			dst = append(dst, '\t')
		}
		dst = rdf.AppendTerm(dst, t)
	}
	return append(dst, '\n')
}

func (tsvEncoder) trailer(dst []byte) []byte { return dst }

// abort writes a line with one field more than the header: #ERROR and the
// message as an N-Triples string.
func (tsvEncoder) abort(dst []byte, vars []string, err error) []byte {
	dst = append(dst, "#ERROR\t"...)
	dst = rdf.AppendTerm(dst, rdf.String(err.Error()))
	for range len(vars) - 1 {
		dst = append(dst, '\t')
	}
	return append(dst, '\n')
}
