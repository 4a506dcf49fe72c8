package results

import (
	"fmt"
	"io"

	"github.com/ruche-lod/ruche/store/rdf"
)

// ResultSet is a whole query result: the solutions of a SELECT query (Vars
// and Rows, one term per variable, zero Term for unbound) or the answer of
// an ASK query (Boolean not nil).
type ResultSet struct {
	Vars    []string
	Rows    [][]rdf.Term
	Boolean *bool
}

// Read parses a whole results document in format f (JSON, XML, TSV or CSV).
func Read(f Format, r io.Reader) (*ResultSet, error) {
	var (
		rs  *ResultSet
		err error
	)
	switch f {
	case JSON:
		rs, err = readJSON(r)
	case XML:
		rs, err = readXML(r)
	case TSV:
		rs, err = readTSV(r)
	case CSV:
		rs, err = readCSV(r)
	default:
		return nil, fmt.Errorf("reading results: %w: %v", ErrUnsupportedFormat, f)
	}
	if err == nil {
		err = checkVars(rs.Vars)
	}
	if err != nil {
		return nil, fmt.Errorf("reading SPARQL %s results: %w", f, err)
	}
	return rs, nil
}

// checkVars rejects duplicate variable names.
func checkVars(vars []string) error {
	seen := make(map[string]bool, len(vars))
	for _, v := range vars {
		if seen[v] {
			return fmt.Errorf("variable %q declared twice", v)
		}
		seen[v] = true
	}
	return nil
}

// Write writes rs in format f: WriteBoolean for an ASK result, else a
// Writer over all rows.
func (rs *ResultSet) Write(f Format, w io.Writer) error {
	if rs.Boolean != nil {
		return WriteBoolean(f, w, *rs.Boolean)
	}
	wr := NewWriter(f, w, rs.Vars)
	for _, row := range rs.Rows {
		if err := wr.Write(row); err != nil {
			return err
		}
	}
	return wr.Close()
}

// AsCSV returns rs as reading it back from CSV would give: every IRI and
// literal becomes a simple literal of its value, blank nodes stay. Compare
// an expected CSV document with AsCSV of the actual results.
func (rs *ResultSet) AsCSV() *ResultSet {
	out := &ResultSet{Vars: rs.Vars, Boolean: rs.Boolean}
	for _, row := range rs.Rows {
		r := make([]rdf.Term, len(row))
		for i, t := range row {
			if t.Kind == rdf.KindIRI || t.Kind == rdf.KindLiteral {
				t = rdf.String(t.Value)
			}
			r[i] = t
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}

// varIndex returns the column of name, appending it to the variables (and
// widening existing rows) when it is new.
func (rs *ResultSet) varIndex(name string) int {
	for i, v := range rs.Vars {
		if v == name {
			return i
		}
	}
	rs.Vars = append(rs.Vars, name)
	for i := range rs.Rows {
		rs.Rows[i] = append(rs.Rows[i], rdf.Term{})
	}
	return len(rs.Vars) - 1
}
