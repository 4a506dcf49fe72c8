package eval

import (
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/store/rdf"
)

// CountDataset is a [Dataset] that can count some patterns exactly without
// reading them (the store, from its statistics).
type CountDataset interface {
	Dataset
	// Count returns the number of distinct triples matching pat (of = 0),
	// or with of = 'S', 'P' or 'O' the number of distinct terms at that
	// position among them, and true; false when it cannot answer exactly.
	// pat.G = AnyID is the union of every graph (a triple held by several
	// graphs counts once).
	Count(pat IDQuad, of byte) (uint64, bool)
}

// countAgg is one aggregate of a counting group: COUNT(*), COUNT(?v) or
// COUNT(DISTINCT ?v) over the one triple pattern of the group.
type countAgg struct {
	slot    int  // output slot
	arg     int  // slot of ?v, or -1 for *
	of      byte // position of ?v in the pattern for DISTINCT ('S', 'P', 'O'), 0 otherwise
	distinc bool
}

// countGroup compiles a group without keys whose aggregates are all COUNTs
// of the solutions of one triple pattern or of the values of one of its
// variables. The answer comes from the dataset's exact counts when it
// offers them; otherwise the pattern is scanned and counted in id space,
// no term decoded. It returns nil when o has another shape.
func (c *compiler) countGroup(o *algebra.Group) stream {
	if len(o.Keys) != 0 || len(o.Aggregates) == 0 || c.graphSlot >= 0 {
		return nil
	}
	b, ok := o.Op.(*algebra.BGP)
	if !ok || len(b.Patterns) != 1 {
		return nil
	}
	tp := b.Patterns[0]
	// Where each variable of the pattern stands; a repeated variable
	// filters triples, so statistics cannot answer.
	where := map[string]byte{}
	repeated := false
	for _, x := range []struct {
		n   algebra.Node
		pos byte
	}{{tp.S, 'S'}, {tp.P, 'P'}, {tp.O, 'O'}} {
		if x.n.Var == "" {
			continue
		}
		if _, dup := where[x.n.Var]; dup {
			repeated = true
		}
		where[x.n.Var] = x.pos
	}
	aggs := make([]countAgg, len(o.Aggregates))
	for i, a := range o.Aggregates {
		if !strings.EqualFold(a.Name, "COUNT") {
			return nil
		}
		ag := countAgg{slot: c.slot(a.Var), arg: -1, distinc: a.Distinct}
		if !a.Star {
			v, ok := a.Arg.(*algebra.ExprVar)
			if !ok {
				return nil
			}
			pos, in := where[v.Name]
			if !in {
				return nil // never bound: the generic path counts 0
			}
			ag.arg = c.slot(v.Name)
			if a.Distinct {
				ag.of = pos
			}
		}
		aggs[i] = ag
	}
	scan := c.bgp(b)
	s, p, ob := c.pos(tp.S), c.pos(tp.P), c.pos(tp.O)
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		counts := make([]uint64, len(aggs))
		done := false
		if cd, ok := ex.ds.(CountDataset); ok && !repeated {
			if gid, ok := ex.countGraph(g); ok {
				empty := Row(nil)
				get := func(x pos) ID {
					if x.slot >= 0 {
						return AnyID
					}
					return x.get(ex, empty)
				}
				pat := IDQuad{S: get(s), P: get(p), O: get(ob), G: gid}
				if isLocal(pat.S) || isLocal(pat.P) || isLocal(pat.O) {
					done = true // a constant no quad holds: every count is 0
				} else {
					done = true
					for i, a := range aggs {
						n, ok := cd.Count(pat, a.of)
						if !ok {
							done = false
							break
						}
						counts[i] = n
					}
				}
			}
		}
		if !done {
			clear(counts)
			sets := make([]idSet, len(aggs))
			defer func() {
				for i := range sets {
					ex.releaseIDs(&sets[i], 0)
				}
			}()
			ok := scan(ex, make(Row, max(len(c.p.names), len(in))), g, func(r Row) bool {
				if !ex.tick() {
					return false
				}
				for i, a := range aggs {
					if !a.distinc {
						counts[i]++
						continue
					}
					if a.arg < 0 { // COUNT(DISTINCT *): one solution per triple
						counts[i]++
						continue
					}
					fresh, ok := ex.holdID(&sets[i], r[a.arg], 0)
					if !ok {
						return false
					}
					if fresh {
						counts[i]++
					}
				}
				return true
			})
			if !ok && ex.err != nil {
				return false
			}
		}
		out := make(Row, len(in))
		for i, a := range aggs {
			id, err := ex.intern(rdf.Literal(strconv.FormatUint(counts[i], 10), rdf.XSDInteger))
			if err != nil {
				return ex.fail(err)
			}
			out[a.slot] = id
		}
		if !compatible(in, out) {
			return true
		}
		merge(out, in, out)
		return yield(out)
	}
}

// countGraph returns the graph id a count of the active graph g asks the
// dataset for (AnyID: the union of all graphs), and false when the active
// graph is a merge that Count cannot express.
func (ex *exec) countGraph(g ID) (ID, bool) {
	switch {
	case g != 0:
		return g, !isLocal(g)
	case ex.defaultGraphs != nil:
		if len(ex.defaultGraphs) == 1 {
			for id := range ex.defaultGraphs {
				return id, true
			}
		}
		return 0, false
	case ex.unionDefault:
		return AnyID, true
	}
	return DefaultGraphID, true
}
