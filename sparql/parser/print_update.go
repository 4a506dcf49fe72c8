package parser

import "github.com/ruche-lod/ruche/store/rdf"

func (pr *printer) update(op UpdateOp) {
	silent := func(s bool) {
		if s {
			pr.ws(" SILENT")
		}
	}
	switch op := op.(type) {
	case *Load:
		pr.ws("LOAD")
		silent(op.Silent)
		pr.ws(" ")
		pr.term(op.Source)
		if !op.Into.Value.IsZero() {
			pr.ws(" INTO GRAPH ")
			pr.term(op.Into)
		}
	case *Clear:
		pr.ws("CLEAR")
		silent(op.Silent)
		pr.graphRef(op.Target)
	case *Drop:
		pr.ws("DROP")
		silent(op.Silent)
		pr.graphRef(op.Target)
	case *Create:
		pr.ws("CREATE")
		silent(op.Silent)
		pr.ws(" GRAPH ")
		pr.term(op.Graph)
	case *Transfer:
		pr.ws(op.Kind.String())
		silent(op.Silent)
		pr.graphOrDefault(op.From)
		pr.ws(" TO")
		pr.graphOrDefault(op.To)
	case *InsertData:
		pr.ws("INSERT DATA ")
		pr.quads(op.Quads)
	case *DeleteData:
		pr.ws("DELETE DATA ")
		pr.quads(op.Quads)
	case *DeleteWhere:
		pr.ws("DELETE WHERE ")
		pr.quads(op.Quads)
	case *Modify:
		if op.With.Value.Kind != rdf.KindNone {
			pr.ws("WITH ")
			pr.term(op.With)
			pr.nl()
		}
		if op.HasDelete {
			pr.ws("DELETE ")
			pr.quads(op.Delete)
			pr.nl()
		}
		if op.HasInsert {
			pr.ws("INSERT ")
			pr.quads(op.Insert)
			pr.nl()
		}
		for _, u := range op.Using {
			pr.ws("USING ")
			if u.Named {
				pr.ws("NAMED ")
			}
			pr.term(u.IRI)
			pr.nl()
		}
		pr.ws("WHERE ")
		pr.group(op.Where)
	}
}

func (pr *printer) graphRef(g GraphRef) {
	switch g.Kind {
	case GraphRefDefault:
		pr.ws(" DEFAULT")
	case GraphRefNamed:
		pr.ws(" NAMED")
	case GraphRefAll:
		pr.ws(" ALL")
	default:
		pr.ws(" GRAPH ")
		pr.term(g.IRI)
	}
}

func (pr *printer) graphOrDefault(t Term) {
	if t.Value.Kind == rdf.KindNone && t.Var == "" {
		pr.ws(" DEFAULT")
		return
	}
	pr.ws(" GRAPH ")
	pr.term(t)
}

// quads prints '{' Quads '}', grouping runs of the same graph.
func (pr *printer) quads(qs []QuadPattern) {
	pr.ws("{")
	pr.indent++
	for i := 0; i < len(qs); {
		g := qs[i].Graph
		j := i
		for j < len(qs) && sameTerm(qs[j].Graph, g) {
			j++
		}
		pr.nl()
		if g.IsUndef() {
			for k := i; k < j; k++ {
				if k > i {
					pr.nl()
				}
				pr.triple(qs[k].TriplePattern)
			}
		} else {
			pr.ws("GRAPH ")
			pr.term(g)
			pr.ws(" ")
			ts := make([]TriplePattern, 0, j-i)
			for k := i; k < j; k++ {
				ts = append(ts, qs[k].TriplePattern)
			}
			pr.triplesBraced(ts)
		}
		i = j
	}
	pr.indent--
	pr.nl()
	pr.ws("}")
}

func sameTerm(a, b Term) bool { return a.Var == b.Var && a.Value == b.Value }
