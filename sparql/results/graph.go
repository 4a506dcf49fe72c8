package results

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/ruche-lod/ruche/store/rdf"
)

// The result-set vocabulary of the DAWG tests.
const (
	rsNS             = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
	rsResultSet      = rsNS + "ResultSet"
	rsResultVariable = rsNS + "resultVariable"
	rsSolution       = rsNS + "solution"
	rsBinding        = rsNS + "binding"
	rsVariable       = rsNS + "variable"
	rsValue          = rsNS + "value"
	rsIndex          = rsNS + "index"
	rsBoolean        = rsNS + "boolean"
)

// FromGraph reads a result set written as RDF in the DAWG result-set
// vocabulary (rs:ResultSet, rs:solution, rs:binding …), as the expected
// results of many SPARQL 1.0 tests are (.ttl and .rdf files). ordered
// reports whether every solution has an rs:index, in which case the rows
// are in index order.
func FromGraph(triples []rdf.Triple) (rs *ResultSet, ordered bool, err error) {
	bySubject := make(map[rdf.Term][]rdf.Triple)
	var root rdf.Term
	for _, t := range triples {
		bySubject[t.S] = append(bySubject[t.S], t)
		if t.P.Value == rdf.RDFType && t.O.Value == rsResultSet && t.O.IsIRI() {
			if !root.IsZero() && root != t.S {
				return nil, false, errors.New("result graph has more than one rs:ResultSet")
			}
			root = t.S
		}
	}
	if root.IsZero() {
		return nil, false, errors.New("result graph has no rs:ResultSet")
	}
	rs = &ResultSet{Vars: []string{}}
	type solution struct {
		row   []rdf.Term
		index int
		has   bool
	}
	var sols []solution
	for _, t := range bySubject[root] {
		switch t.P.Value {
		case rsResultVariable:
			if !t.O.IsLiteral() {
				return nil, false, fmt.Errorf("rs:resultVariable %v is not a literal", t.O)
			}
			rs.varIndex(t.O.Value)
		case rsBoolean:
			b := t.O.Value == "true"
			if !t.O.IsLiteral() || (!b && t.O.Value != "false") {
				return nil, false, fmt.Errorf("bad rs:boolean %v", t.O)
			}
			rs.Boolean = &b
		case rsSolution:
			s := solution{}
			for _, st := range bySubject[t.O] {
				switch st.P.Value {
				case rsIndex:
					n, err := strconv.Atoi(st.O.Value)
					if err != nil {
						return nil, false, fmt.Errorf("bad rs:index %v", st.O)
					}
					s.index, s.has = n, true
				case rsBinding:
					var name string
					var value rdf.Term
					for _, bt := range bySubject[st.O] {
						switch bt.P.Value {
						case rsVariable:
							name = bt.O.Value
						case rsValue:
							value = bt.O
						}
					}
					if name == "" || value.IsZero() {
						return nil, false, errors.New("rs:binding without rs:variable or rs:value")
					}
					i := rs.varIndex(name)
					for len(s.row) <= i {
						s.row = append(s.row, rdf.Term{})
					}
					s.row[i] = value
				}
			}
			sols = append(sols, s)
		}
	}
	if rs.Boolean != nil {
		if len(sols) > 0 {
			return nil, false, errors.New("result graph has both rs:boolean and rs:solution")
		}
		return &ResultSet{Boolean: rs.Boolean}, false, nil
	}
	ordered = len(sols) > 0
	for _, s := range sols {
		ordered = ordered && s.has
	}
	if ordered {
		slices.SortStableFunc(sols, func(a, b solution) int { return a.index - b.index })
	}
	for _, s := range sols {
		row := make([]rdf.Term, len(rs.Vars))
		copy(row, s.row)
		rs.Rows = append(rs.Rows, row)
	}
	return rs, ordered, nil
}
