package optimize

import (
	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/stats"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Selectivity of a position bound by an earlier operand, whose value is
// unknown when planning.
const (
	boundSubject = 1e-3
	boundObject  = 1e-2
	boundPred    = 1e-1
	unknownCost  = 1e4
)

// placeholder stands for the unknown value of a bound variable when asking
// the dataset for an estimate.
const placeholder = stats.Bound

type estimator struct {
	ds  stats.Estimator
	ids map[rdf.Term]stats.ID
}

func newEstimator(ds stats.Estimator) *estimator {
	return &estimator{ds: ds, ids: map[rdf.Term]stats.ID{}}
}

// id returns the id of a constant, AnyID for a variable, and false when the
// dataset does not hold the constant (the pattern matches nothing).
func (e *estimator) id(n algebra.Node) (stats.ID, bool) {
	if n.Var != "" || e.ds == nil {
		return stats.AnyID, true
	}
	if id, ok := e.ids[n.Term]; ok {
		return id, id != stats.AnyID
	}
	id, ok, err := e.ds.LookupID(n.Term)
	if err != nil || !ok {
		e.ids[n.Term] = stats.AnyID
		return stats.AnyID, false
	}
	e.ids[n.Term] = id
	return id, true
}

// cost estimates the number of solutions an operand yields per input row,
// given the variables already bound.
func (e *estimator) cost(op algebra.Op, bound algebra.VarSet) float64 {
	switch x := op.(type) {
	case *algebra.BGP:
		// Patterns in order, each one's variables bound for the next.
		n := 1.0
		b := union(bound, nil)
		for _, tp := range x.Patterns {
			n *= e.pattern(tp, b)
			for _, nd := range []algebra.Node{tp.S, tp.P, tp.O} {
				if nd.Var != "" {
					b.Add(nd.Var)
				}
			}
		}
		return n
	case *algebra.Join:
		return e.cost(x.Left, bound) * e.cost(x.Right, union(bound, algebra.CertainVars(x.Left)))
	case *algebra.Union:
		return e.cost(x.Left, bound) + e.cost(x.Right, bound)
	case *algebra.LeftJoin:
		return e.cost(x.Left, bound)
	case *algebra.Filter:
		return e.cost(x.Op, bound)
	case *algebra.Extend:
		return e.cost(x.Op, bound)
	case *algebra.Graph:
		return e.cost(x.Op, bound)
	case *algebra.Path:
		sb := x.S.Var == "" || bound.Has(x.S.Var)
		ob := x.O.Var == "" || bound.Has(x.O.Var)
		switch {
		case sb && ob:
			return 1
		case sb:
			return e.pathFanout(x.Path, true)
		case ob:
			return e.pathFanout(x.Path, false)
		}
		return unknownCost * 10
	case *algebra.Table:
		return float64(len(x.Rows))
	}
	return unknownCost
}

func (e *estimator) pattern(tp algebra.TriplePattern, bound algebra.VarSet) float64 {
	s, ok1 := e.id(tp.S)
	p, ok2 := e.id(tp.P)
	o, ok3 := e.id(tp.O)
	if !ok1 || !ok2 || !ok3 {
		return 0
	}
	var n float64
	if e.ds == nil {
		n = 1e6
		if s != 0 || tp.S.Var == "" {
			n *= boundSubject
		}
		if p != 0 || tp.P.Var == "" {
			n *= boundPred
		}
		if o != 0 || tp.O.Var == "" {
			n *= boundObject
		}
		if tp.S.Var != "" && bound.Has(tp.S.Var) {
			n *= boundSubject
		}
		if tp.P.Var != "" && bound.Has(tp.P.Var) {
			n *= boundPred
		}
		if tp.O.Var != "" && bound.Has(tp.O.Var) {
			n *= boundObject
		}
		return max(n, 1e-3)
	}
	if tp.S.Var != "" && bound.Has(tp.S.Var) {
		s = placeholder
	}
	if tp.P.Var != "" && bound.Has(tp.P.Var) {
		p = placeholder
	}
	if tp.O.Var != "" && bound.Has(tp.O.Var) {
		o = placeholder
	}
	return max(float64(e.ds.Estimate(stats.IDQuad{S: s, P: p, O: o})), 1e-3)
}

// maxClosureFanout bounds the estimate of the nodes a closure reaches
// from one node.
const maxClosureFanout = 1000

// pathFanout estimates how many nodes path reaches from one node, forward
// (from subject to object) or backward, from the dataset's statistics: a
// link's average objects per subject (subjects per object backward), or
// every link's for a negated property set; sums over alternatives,
// products along sequences; a closure reaches the nodes of a walk of a
// few steps, 1 + f + f² + f³ (at most maxClosureFanout). Without
// statistics each link counts 10. Paths are at most algebra.MaxDepth
// deep.
func (e *estimator) pathFanout(p algebra.PathExpr, forward bool) float64 {
	switch x := p.(type) {
	case *algebra.PathLink:
		id, ok := e.id(algebra.Node{Term: rdf.IRI(x.IRI)})
		if !ok {
			return 0
		}
		return e.linkFanout(id, forward)
	case *algebra.PathNPS:
		return e.linkFanout(stats.AnyID, forward)
	case *algebra.PathInv:
		return e.pathFanout(x.Path, !forward)
	case *algebra.PathSeq:
		return e.pathFanout(x.Left, forward) * e.pathFanout(x.Right, forward)
	case *algebra.PathAlt:
		return e.pathFanout(x.Left, forward) + e.pathFanout(x.Right, forward)
	case *algebra.PathZeroOrOne:
		return 1 + e.pathFanout(x.Path, forward)
	case *algebra.PathZeroOrMore:
		return closureFanout(e.pathFanout(x.Path, forward))
	case *algebra.PathOneOrMore:
		return closureFanout(e.pathFanout(x.Path, forward))
	}
	return 100
}

// linkFanout is the average number of links with predicate p (AnyID: any)
// from one subject (forward) or to one object.
func (e *estimator) linkFanout(p stats.ID, forward bool) float64 {
	if e.ds == nil {
		return 10
	}
	pat := stats.IDQuad{P: p, O: placeholder}
	if forward {
		pat = stats.IDQuad{S: placeholder, P: p}
	}
	return max(float64(e.ds.Estimate(pat)), 1e-3)
}

func closureFanout(f float64) float64 {
	return min(1+f+f*f+f*f*f, maxClosureFanout)
}
