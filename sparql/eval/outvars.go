package eval

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/store/rdf"
)

// A BIND whose variable is read only as a term (by expressions, ORDER BY,
// aggregates and the output; no pattern, path, VALUES, GRAPH, template or
// other BIND binds or matches it) never has its ids compared with the
// dataset's, only with each other (DISTINCT, GROUP BY, COUNT(DISTINCT)),
// and those come from that one BIND. Its terms are then numbered locally
// without asking the dataset for their id: a computed string, number, IRI
// or hash costs no dictionary lookup. (The one expression that compares
// ids, a variable against a constant in idcompare.go, compares terms when
// the variable's id is local.)

// outputOnly returns the variables bound by exactly one BIND of q and
// otherwise only read as terms. Queries with a template or a DESCRIBE get
// none.
func outputOnly(q *algebra.Query) map[string]bool {
	if len(q.Template) > 0 || len(q.Describe) > 0 {
		return nil
	}
	mentions, binds := map[string]int{}, map[string]int{}
	countMentions(q.Op, mentions, binds)
	var out map[string]bool
	for v, n := range binds {
		if n == 1 && mentions[v] == 0 {
			if out == nil {
				out = map[string]bool{}
			}
			out[v] = true
		}
	}
	return out
}

func countMentions(op algebra.Op, m, binds map[string]int) {
	node := func(n algebra.Node) {
		if n.Var != "" {
			m[n.Var]++
		}
	}
	// Expressions read terms; the patterns of their EXISTS match ids.
	exprs := func(es ...algebra.Expr) {
		for _, e := range es {
			if e != nil {
				walkExists(e, func(o algebra.Op) { countMentions(o, m, binds) })
			}
		}
	}
	switch o := op.(type) {
	case *algebra.BGP:
		for _, tp := range o.Patterns {
			node(tp.S)
			node(tp.P)
			node(tp.O)
		}
	case *algebra.Path:
		node(o.S)
		node(o.O)
	case *algebra.Extend:
		binds[o.Var]++
		exprs(o.Expr)
	case *algebra.Filter:
		exprs(o.Exprs...)
	case *algebra.LeftJoin:
		exprs(o.Expr)
	case *algebra.Group:
		for _, k := range o.Keys {
			exprs(k.Expr)
			// GROUP BY ?v passes ?v's ids on; GROUP BY (e AS ?v)
			// binds ?v.
			if v, ok := k.Expr.(*algebra.ExprVar); k.Var != "" && (!ok || v.Name != k.Var) {
				m[k.Var]++
			}
		}
		for _, a := range o.Aggregates {
			exprs(a.Arg)
			m[a.Var]++
		}
	case *algebra.OrderBy:
		for _, k := range o.Conds {
			exprs(k.Expr)
		}
	case *algebra.Table:
		for _, v := range o.Vars {
			m[v]++
		}
	case *algebra.Graph:
		node(o.Name)
	case *algebra.Service:
		node(o.Name)
	case *algebra.Project, *algebra.Join, *algebra.Union, *algebra.Minus, *algebra.Distinct,
		*algebra.Reduced, *algebra.Slice, *algebra.ToMultiSet:
	default:
		// An operator not known here: every variable it binds counts.
		for v := range algebra.MaybeVars(op) {
			m[v]++
		}
	}
	for ch := range algebra.Children(op) {
		countMentions(ch, m, binds)
	}
}

// internOutput numbers a term bound to an output-only variable: one local
// id per distinct term among those, the dataset not asked.
func (ex *exec) internOutput(t rdf.Term) (ID, error) {
	if t.IsZero() {
		return 0, nil
	}
	if id, ok := ex.outIdx[t]; ok {
		return id, nil
	}
	if !ex.growBytes(2*termBytes(t) + mapEntryBytes) {
		return 0, ex.err
	}
	id := localBit | ID(len(ex.locals))
	ex.locals = append(ex.locals, t)
	if ex.outIdx == nil {
		ex.outIdx = make(map[rdf.Term]ID)
	}
	ex.outIdx[t] = id
	return id, nil
}
