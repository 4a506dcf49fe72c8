package eval

import (
	"fmt"
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
	if len(o.Keys) != 0 || c.graphSlot >= 0 {
		return nil
	}
	b, _, repeated, aggs := c.countShape(o)
	if aggs == nil {
		return nil
	}
	tp := b.Patterns[0]
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
		return ex.yieldCounts(make(Row, len(in)), in, aggs, counts, yield)
	}
}

// countByKey compiles a group keyed on one variable of one triple pattern
// whose aggregates are all COUNTs (countShape): the keys are the distinct
// values the cursor lists at that position (DistinctCursor) and each
// group's counts are the dataset's exact counts of the pattern with the key
// bound (CountDataset), nothing read but a few index keys per group. An
// execution falls back to generic, before yielding anything, when the
// cursor cannot list the values, a count is not exact, the active graph is
// a merge or the input binds a variable of the pattern. It returns nil
// when o has another shape.
func (c *compiler) countByKey(o *algebra.Group, generic stream) stream {
	if len(o.Keys) != 1 || c.graphSlot >= 0 {
		return nil
	}
	key, ok := o.Keys[0].Expr.(*algebra.ExprVar)
	if !ok {
		return nil
	}
	b, where, repeated, aggs := c.countShape(o)
	if aggs == nil || repeated {
		return nil
	}
	of, ok := where[key.Name]
	if !ok {
		return nil
	}
	for i := range aggs {
		if !aggs[i].distinc {
			aggs[i].of = 0 // the pattern's variables are always bound
		}
	}
	step := c.step(b.Patterns[0])
	slots := []int{c.slot(key.Name)}
	if v := o.Keys[0].Var; v != "" {
		slots = append(slots, c.slot(v))
	}
	width := len(c.p.names)
	return func(ex *exec, in Row, g ID, yield func(Row) bool) bool {
		dc, pat, none, ok1 := ex.listing(step, in, g)
		cd, ok2 := ex.ds.(CountDataset)
		switch {
		case !ok1 || !ok2:
			return generic(ex, in, g, yield)
		case none:
			return true // no group
		}
		// The groups, each its key then its counts, held until every
		// count proved exact.
		per := int64(len(aggs) + 1)
		var groups []uint64
		held, exact := int64(0), true
		defer func() { ex.release(held, held*per*8) }()
		listed, err := dc.ScanDistinct(pat, of, func(id ID) bool {
			if !ex.tick() || !ex.hold(1, per*8) {
				return false
			}
			held++
			groups = append(groups, uint64(id))
			p := pat
			switch of {
			case 'S':
				p.S = id
			case 'P':
				p.P = id
			default:
				p.O = id
			}
			for _, a := range aggs {
				n, ok := cd.Count(p, a.of)
				if exact = ok; !exact {
					return false
				}
				groups = append(groups, n)
			}
			return true
		})
		switch {
		case err != nil:
			return ex.fail(fmt.Errorf("sparql: listing group keys: %w", err))
		case ex.err != nil:
			return false
		case !listed || !exact:
			return generic(ex, in, g, yield)
		}
		out := make(Row, max(width, len(in)))
		for i := 0; i < len(groups); i += int(per) {
			for _, s := range slots {
				out[s] = ID(groups[i])
			}
			if !ex.yieldCounts(out, in, aggs, groups[i+1:i+int(per)], yield) {
				return false
			}
		}
		return true
	}
}

// countShape returns, for a group over one triple pattern whose aggregates
// are all COUNTs of its solutions or of the values of one of its
// variables, the pattern, where each variable stands in it, whether a
// variable repeats (it then filters triples, so statistics cannot answer)
// and the aggregates; nil aggregates for another shape.
func (c *compiler) countShape(o *algebra.Group) (b *algebra.BGP, where map[string]byte, repeated bool, aggs []countAgg) {
	b, ok := o.Op.(*algebra.BGP)
	if !ok || len(b.Patterns) != 1 || len(o.Aggregates) == 0 {
		return nil, nil, false, nil
	}
	where, repeated = varPositions(b.Patterns[0])
	aggs = make([]countAgg, len(o.Aggregates))
	for i, a := range o.Aggregates {
		if !strings.EqualFold(a.Name, "COUNT") {
			return nil, nil, false, nil
		}
		ag := countAgg{slot: c.slot(a.Var), arg: -1, distinc: a.Distinct}
		if !a.Star {
			v, ok := a.Arg.(*algebra.ExprVar)
			if !ok {
				return nil, nil, false, nil
			}
			pos, in := where[v.Name]
			if !in {
				return nil, nil, false, nil // never bound: the generic path counts 0
			}
			ag.arg = c.slot(v.Name)
			if a.Distinct {
				ag.of = pos
			}
		}
		aggs[i] = ag
	}
	return b, where, repeated, aggs
}

// varPositions returns where each variable of tp stands ('S', 'P' or 'O';
// the last place of a repeated one) and whether one repeats (it then
// filters triples: neither statistics nor a listing of one position
// answer for it).
func varPositions(tp algebra.TriplePattern) (where map[string]byte, repeated bool) {
	where = map[string]byte{}
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
	return where, repeated
}

// listing returns the cursor that lists the distinct values of a
// pattern's position (DistinctCursor) and step's pattern in active graph
// g, the input's values put in; ok is false when the execution must
// evaluate generically instead (no such cursor, an active graph merging
// several, the input binding a variable of the pattern), none true when a
// constant of the pattern is in no quad.
func (ex *exec) listing(step bgpStep, in Row, g ID) (dc DistinctCursor, pat IDQuad, none, ok bool) {
	dc, ok = ex.cur.(DistinctCursor)
	gid, single := ex.countGraph(g)
	if !ok || !single || step.boundBy(in) {
		return nil, IDQuad{}, false, false
	}
	pat = IDQuad{S: step.s.get(ex, in), P: step.p.get(ex, in), O: step.o.get(ex, in), G: gid}
	return dc, pat, isLocal(pat.S) || isLocal(pat.P) || isLocal(pat.O), true
}

// yieldCounts sets the aggregates' slots of out to counts, as
// xsd:integer literals, and yields out merged with in when they are
// compatible.
func (ex *exec) yieldCounts(out, in Row, aggs []countAgg, counts []uint64, yield func(Row) bool) bool {
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
