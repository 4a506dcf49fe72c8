package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

// asBoolean turns the one-column _askResult table written by WriteBoolean
// into an ASK result.
func asBoolean(rs *ResultSet) *ResultSet {
	if len(rs.Vars) != 1 || rs.Vars[0] != askVar || len(rs.Rows) != 1 {
		return rs
	}
	t := rs.Rows[0][0]
	if t.Kind != rdf.KindLiteral || (t.Value != "true" && t.Value != "false") {
		return rs
	}
	b := t.Value == "true"
	return &ResultSet{Boolean: &b}
}

func readCSV(r io.Reader) (*ResultSet, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return &ResultSet{Vars: []string{}}, nil
	}
	if err != nil {
		return nil, err
	}
	rs := &ResultSet{Vars: header}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		row := make([]rdf.Term, len(rec))
		for i, f := range rec {
			switch {
			case f == "":
			case strings.HasPrefix(f, "_:") && len(f) > 2:
				row[i] = rdf.Blank(f[2:])
			default:
				row[i] = rdf.String(f)
			}
		}
		rs.Rows = append(rs.Rows, row)
	}
	return asBoolean(rs), nil
}

func readTSV(r io.Reader) (*ResultSet, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		return nil, errors.New("invalid UTF-8")
	}
	lines := strings.Split(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	rs := &ResultSet{Vars: []string{}}
	if len(lines) == 0 {
		return rs, nil
	}
	if h := strings.TrimSuffix(lines[0], "\r"); h != "" {
		for _, v := range strings.Split(h, "\t") {
			if len(v) < 2 || (v[0] != '?' && v[0] != '$') {
				return nil, fmt.Errorf("line 1: bad variable %q", truncate(v))
			}
			rs.Vars = append(rs.Vars, v[1:])
		}
	}
	for n, line := range lines[1:] {
		line = strings.TrimSuffix(line, "\r")
		var fields []string
		if len(rs.Vars) > 0 {
			fields = strings.Split(line, "\t")
		} else if line != "" {
			return nil, fmt.Errorf("line %d: values without variables", n+2)
		}
		if len(fields) != len(rs.Vars) {
			return nil, fmt.Errorf("line %d: %d fields for %d variables", n+2, len(fields), len(rs.Vars))
		}
		row := make([]rdf.Term, len(fields))
		for i, f := range fields {
			t, err := parseTSVTerm(strings.TrimSpace(f))
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n+2, err)
			}
			row[i] = t
		}
		rs.Rows = append(rs.Rows, row)
	}
	return asBoolean(rs), nil
}

// parseTSVTerm parses one TSV field: an RDF term in Turtle syntax without
// prefixed names (IRI, blank node, quoted literal, bare number or boolean),
// or nothing for an unbound variable.
func parseTSVTerm(s string) (rdf.Term, error) {
	switch {
	case s == "":
		return rdf.Term{}, nil
	case s[0] == '<':
		if !strings.HasSuffix(s, ">") || len(s) < 2 {
			return rdf.Term{}, fmt.Errorf("bad IRI %q", truncate(s))
		}
		v, err := unescape(s[1:len(s)-1], false)
		if err != nil {
			return rdf.Term{}, err
		}
		return rdf.IRI(v), nil
	case strings.HasPrefix(s, "_:"):
		if len(s) == 2 || strings.ContainsAny(s, " \"<>") {
			return rdf.Term{}, fmt.Errorf("bad blank node %q", truncate(s))
		}
		return rdf.Blank(s[2:]), nil
	case s[0] == '"' || s[0] == '\'':
		return parseQuoted(s)
	case s == "true" || s == "false":
		return rdf.Literal(s, rdf.XSDBoolean), nil
	}
	if dt := numberType(s); dt != "" {
		return rdf.Literal(s, dt), nil
	}
	return rdf.Term{}, fmt.Errorf("bad term %q", truncate(s))
}

// numberType returns the datatype of a Turtle numeric literal, or "".
func numberType(s string) string {
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" {
		return ""
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(body), "e")
	ip, fp, hasDot := strings.Cut(mant, ".")
	digits := func(x string) bool {
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return false
			}
		}
		return true
	}
	if !digits(ip) || !digits(fp) || (ip == "" && fp == "") {
		return ""
	}
	if hasExp {
		e := strings.TrimLeft(exp, "+-")
		if len(exp)-len(e) > 1 || e == "" || !digits(e) {
			return ""
		}
		return rdf.XSDDouble
	}
	if hasDot {
		if fp == "" {
			return ""
		}
		return rdf.XSDDecimal
	}
	return rdf.XSDInteger
}

func parseQuoted(s string) (rdf.Term, error) {
	q := s[0]
	end := -1
	for i := 1; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == q {
			end = i
			break
		}
	}
	if end < 0 {
		return rdf.Term{}, fmt.Errorf("unterminated string %q", truncate(s))
	}
	lex, err := unescape(s[1:end], true)
	if err != nil {
		return rdf.Term{}, err
	}
	rest := s[end+1:]
	switch {
	case rest == "":
		return rdf.String(lex), nil
	case rest[0] == '@' && len(rest) > 1:
		return rdf.LangString(lex, rest[1:]), nil
	case strings.HasPrefix(rest, "^^<") && strings.HasSuffix(rest, ">"):
		dt, err := unescape(rest[3:len(rest)-1], false)
		if err != nil {
			return rdf.Term{}, err
		}
		return makeLiteral(lex, dt, "")
	}
	return rdf.Term{}, fmt.Errorf("bad literal suffix %q", truncate(rest))
}

var echars = map[byte]byte{'t': '\t', 'b': '\b', 'n': '\n', 'r': '\r', 'f': '\f', '"': '"', '\'': '\'', '\\': '\\'}

// unescape decodes \uXXXX and \UXXXXXXXX, and in strings the ECHAR escapes.
func unescape(s string, str bool) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", errors.New("dangling backslash")
		}
		i++
		switch e := s[i]; {
		case e == 'u' || e == 'U':
			n := 4
			if e == 'U' {
				n = 8
			}
			if i+1+n > len(s) {
				return "", errors.New("short \\u escape")
			}
			v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(v)) {
				return "", fmt.Errorf("bad escape \\%c%s", e, s[i+1:i+1+n])
			}
			b.WriteRune(rune(v))
			i += n
		case !str:
			return "", fmt.Errorf("bad escape \\%c in IRI", e)
		default:
			r, ok := echars[e]
			if !ok {
				return "", fmt.Errorf("bad escape \\%c", e)
			}
			b.WriteByte(r)
		}
	}
	return b.String(), nil
}
