package results

import (
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Equivalent reports whether two result sets are the same up to a renaming
// of blank nodes (one bijection for the whole set) and, unless ordered, the
// order of rows. Variables are matched by name, in any order. Literals are
// compared as terms except that numeric and boolean literals of the same
// datatype compare by value ("1.0"^^xsd:decimal and "1.00"^^xsd:decimal are
// the same) and language tags compare case-insensitively.
func Equivalent(a, b *ResultSet, ordered bool) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Boolean != nil || b.Boolean != nil {
		return a.Boolean != nil && b.Boolean != nil && *a.Boolean == *b.Boolean
	}
	if len(a.Vars) != len(b.Vars) || len(a.Rows) != len(b.Rows) {
		return false
	}
	perm := make([]int, len(a.Vars)) // column of a's variable i in b
	for i, v := range a.Vars {
		j := slices.Index(b.Vars, v)
		if j < 0 {
			return false
		}
		perm[i] = j
	}
	ar := normalizeRows(a.Rows, nil, len(a.Vars))
	br := normalizeRows(b.Rows, perm, len(a.Vars))
	if ar == nil || br == nil {
		return false
	}
	m := newBijection()
	if ordered {
		for i := range ar {
			if !m.matchRow(ar[i], br[i]) {
				return false
			}
		}
		return true
	}
	return matchUnordered(ar, br, m)
}

// normalizeRows puts rows in a common column order and canonical form; it
// returns nil when a row has the wrong width.
func normalizeRows(rows [][]rdf.Term, perm []int, width int) [][]rdf.Term {
	out := make([][]rdf.Term, len(rows))
	for i, r := range rows {
		if len(r) != width {
			return nil
		}
		n := make([]rdf.Term, width)
		for c := range width {
			src := c
			if perm != nil {
				src = perm[c]
			}
			n[c] = normalizeTerm(r[src])
		}
		out[i] = n
	}
	return out
}

func normalizeTerm(t rdf.Term) rdf.Term {
	if t.Kind != rdf.KindLiteral {
		return t
	}
	if t.Lang != "" {
		t.Lang = strings.ToLower(t.Lang)
		return t
	}
	return expr.Canonical(t)
}

// signature is a row's key with blank nodes blotted out.
func signature(row []rdf.Term) (string, bool) {
	var b []byte
	hasBlank := false
	for _, t := range row {
		if t.Kind == rdf.KindBlank {
			hasBlank = true
			b = append(b, "_:\x00"...)
			continue
		}
		b = rdf.AppendTerm(b, t)
		b = append(b, 0, byte(t.Kind))
	}
	return string(b), hasBlank
}

func matchUnordered(ar, br [][]rdf.Term, m *bijection) bool {
	ground := make(map[string]int)
	var aBlank []int
	bBlank := make(map[string][]int)
	for i, r := range ar {
		sig, blank := signature(r)
		if blank {
			aBlank = append(aBlank, i)
		} else {
			ground[sig]++
		}
	}
	for i, r := range br {
		sig, blank := signature(r)
		if blank {
			bBlank[sig] = append(bBlank[sig], i)
			continue
		}
		ground[sig]--
		if ground[sig] < 0 {
			return false
		}
	}
	for _, n := range ground {
		if n != 0 {
			return false
		}
	}
	// Rows with blank nodes: backtracking over candidates with the same
	// signature, keeping one bijection of labels.
	sigs := make([]string, len(aBlank))
	count := make(map[string]int)
	for k, i := range aBlank {
		sigs[k], _ = signature(ar[i])
		count[sigs[k]]++
	}
	for s, n := range count {
		if len(bBlank[s]) != n {
			return false
		}
	}
	used := make(map[int]bool)
	var search func(k int) bool
	search = func(k int) bool {
		if k == len(aBlank) {
			return true
		}
		for _, j := range bBlank[sigs[k]] {
			if used[j] {
				continue
			}
			mark := m.mark()
			if m.matchRow(ar[aBlank[k]], br[j]) {
				used[j] = true
				if search(k + 1) {
					return true
				}
				used[j] = false
			}
			m.undo(mark)
		}
		return false
	}
	return search(0)
}

// bijection maps blank node labels of one set to the other's, with an undo
// log for backtracking.
type bijection struct {
	fwd, bwd map[string]string
	log      []string
}

func newBijection() *bijection {
	return &bijection{fwd: make(map[string]string), bwd: make(map[string]string)}
}

func (m *bijection) mark() int { return len(m.log) }

func (m *bijection) undo(mark int) {
	for _, a := range m.log[mark:] {
		delete(m.bwd, m.fwd[a])
		delete(m.fwd, a)
	}
	m.log = m.log[:mark]
}

func (m *bijection) matchRow(x, y []rdf.Term) bool {
	for i := range x {
		if !m.match(x[i], y[i]) {
			return false
		}
	}
	return true
}

func (m *bijection) match(x, y rdf.Term) bool {
	if x.Kind != rdf.KindBlank || y.Kind != rdf.KindBlank {
		return x == y
	}
	if to, ok := m.fwd[x.Value]; ok {
		return to == y.Value
	}
	if _, ok := m.bwd[y.Value]; ok {
		return false
	}
	m.fwd[x.Value], m.bwd[y.Value] = y.Value, x.Value
	m.log = append(m.log, x.Value)
	return true
}
