package algebra

import (
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// SSE prints op in the SPARQL S-Expression style used by explain output and
// golden tests, indenting nested operators by two spaces.
func SSE(op Op) string {
	var p printer
	p.op(op, 0)
	return p.b.String()
}

// ExprString prints an expression in SSE style.
func ExprString(e Expr) string {
	var p printer
	p.expr(e)
	return p.b.String()
}

// PathString prints a property path in SSE style.
func PathString(pe PathExpr) string {
	var p printer
	p.path(pe)
	return p.b.String()
}

type printer struct {
	b     strings.Builder
	depth int // of the operator whose expressions are being printed
}

func (p *printer) nl(depth int) {
	p.b.WriteByte('\n')
	for range depth {
		p.b.WriteString("  ")
	}
}

func (p *printer) node(n Node) {
	if n.Var != "" {
		if strings.HasPrefix(n.Var, BlankVarPrefix) {
			p.b.WriteString("??" + n.Var[len(BlankVarPrefix):])
			return
		}
		p.b.WriteString("?" + n.Var)
		return
	}
	p.term(n.Term)
}

func (p *printer) term(t rdf.Term) {
	if t.IsZero() {
		p.b.WriteString("UNDEF")
		return
	}
	p.b.WriteString(t.String())
}

func (p *printer) vars(vs []string) {
	p.b.WriteByte('(')
	for i, v := range vs {
		if i > 0 {
			p.b.WriteByte(' ')
		}
		p.b.WriteString("?" + v)
	}
	p.b.WriteByte(')')
}

func (p *printer) op(op Op, d int) {
	saved := p.depth
	p.depth = d
	defer func() { p.depth = saved }()
	switch o := op.(type) {
	case *BGP:
		p.b.WriteString("(bgp")
		for _, tp := range o.Patterns {
			p.nl(d + 1)
			p.b.WriteString("(triple ")
			p.node(tp.S)
			p.b.WriteByte(' ')
			p.node(tp.P)
			p.b.WriteByte(' ')
			p.node(tp.O)
			p.b.WriteByte(')')
		}
		p.b.WriteByte(')')
	case *Path:
		p.b.WriteString("(path ")
		p.node(o.S)
		p.b.WriteByte(' ')
		p.path(o.Path)
		p.b.WriteByte(' ')
		p.node(o.O)
		p.b.WriteByte(')')
	case *Join:
		if o.Hash {
			p.binary("hashjoin", o.Left, o.Right, d)
		} else {
			p.binary("join", o.Left, o.Right, d)
		}
	case *LeftJoin:
		if o.Hash {
			p.b.WriteString("(hashleftjoin")
		} else {
			p.b.WriteString("(leftjoin")
		}
		p.nl(d + 1)
		p.op(o.Left, d+1)
		p.nl(d + 1)
		p.op(o.Right, d+1)
		if o.Expr != nil {
			p.nl(d + 1)
			p.expr(o.Expr)
		}
		p.b.WriteByte(')')
	case *Filter:
		p.b.WriteString("(filter ")
		if len(o.Exprs) == 1 {
			p.expr(o.Exprs[0])
		} else {
			p.b.WriteString("(exprlist")
			for _, e := range o.Exprs {
				p.b.WriteByte(' ')
				p.expr(e)
			}
			p.b.WriteByte(')')
		}
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case *Union:
		p.binary("union", o.Left, o.Right, d)
	case *Minus:
		p.binary("minus", o.Left, o.Right, d)
	case *Graph:
		p.b.WriteString("(graph ")
		p.node(o.Name)
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case *Service:
		p.b.WriteString("(service ")
		if o.Silent {
			p.b.WriteString("silent ")
		}
		p.node(o.Name)
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case *Extend:
		p.b.WriteString("(extend ((?" + o.Var + " ")
		p.expr(o.Expr)
		p.b.WriteString("))")
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case *Table:
		if IsUnit(o) {
			p.b.WriteString("(table unit)")
			return
		}
		p.b.WriteString("(table (vars")
		for _, v := range o.Vars {
			p.b.WriteString(" ?" + v)
		}
		p.b.WriteByte(')')
		for _, row := range o.Rows {
			p.nl(d + 1)
			p.b.WriteString("(row")
			for i, v := range o.Vars {
				if i < len(row) && !row[i].IsZero() {
					p.b.WriteString(" [?" + v + " ")
					p.term(row[i])
					p.b.WriteByte(']')
				}
			}
			p.b.WriteByte(')')
		}
		p.b.WriteByte(')')
	case *Group:
		p.b.WriteString("(group (")
		for i, k := range o.Keys {
			if i > 0 {
				p.b.WriteByte(' ')
			}
			if ev, ok := k.Expr.(*ExprVar); ok && ev.Name == k.Var {
				p.b.WriteString("?" + k.Var)
				continue
			}
			p.b.WriteByte('(')
			if k.Var != "" {
				p.b.WriteString("?" + k.Var + " ")
			}
			p.expr(k.Expr)
			p.b.WriteByte(')')
		}
		p.b.WriteString(") (")
		for i, a := range o.Aggregates {
			if i > 0 {
				p.b.WriteByte(' ')
			}
			p.b.WriteString("(?" + a.Var + " ")
			p.aggregate(a)
			p.b.WriteByte(')')
		}
		p.b.WriteByte(')')
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case *OrderBy:
		p.b.WriteString("(order (")
		for i, c := range o.Conds {
			if i > 0 {
				p.b.WriteByte(' ')
			}
			if c.Desc {
				p.b.WriteString("(desc ")
				p.expr(c.Expr)
				p.b.WriteByte(')')
			} else {
				p.expr(c.Expr)
			}
		}
		p.b.WriteByte(')')
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case *Project:
		p.b.WriteString("(project ")
		p.vars(o.Vars)
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case *Distinct:
		p.unary("distinct", o.Op, d)
	case *Reduced:
		p.unary("reduced", o.Op, d)
	case *ToMultiSet:
		p.unary("tomultiset", o.Op, d)
	case *Slice:
		p.b.WriteString("(slice ")
		if o.Offset > 0 {
			p.b.WriteString(strconv.FormatInt(o.Offset, 10))
		} else {
			p.b.WriteByte('_')
		}
		p.b.WriteByte(' ')
		if o.Limit >= 0 {
			p.b.WriteString(strconv.FormatInt(o.Limit, 10))
		} else {
			p.b.WriteByte('_')
		}
		p.nl(d + 1)
		p.op(o.Op, d+1)
		p.b.WriteByte(')')
	case nil:
		p.b.WriteString("(null)")
	default:
		p.b.WriteString("(unknown)")
	}
}

func (p *printer) unary(name string, op Op, d int) {
	p.b.WriteString("(" + name)
	p.nl(d + 1)
	p.op(op, d+1)
	p.b.WriteByte(')')
}

func (p *printer) binary(name string, l, r Op, d int) {
	p.b.WriteString("(" + name)
	p.nl(d + 1)
	p.op(l, d+1)
	p.nl(d + 1)
	p.op(r, d+1)
	p.b.WriteByte(')')
}

func (p *printer) aggregate(a Aggregate) {
	p.b.WriteString("(" + strings.ToLower(a.Name))
	if a.Distinct {
		p.b.WriteString(" distinct")
	}
	if a.Star {
		p.b.WriteString(" *")
	} else if a.Arg != nil {
		p.b.WriteByte(' ')
		p.expr(a.Arg)
	}
	if a.Name == "GROUP_CONCAT" && a.Separator != " " {
		p.b.WriteString(" " + strconv.Quote(a.Separator))
	}
	p.b.WriteByte(')')
}

func (p *printer) expr(e Expr) {
	switch x := e.(type) {
	case *ExprVar:
		p.node(Node{Var: x.Name})
	case *ExprTerm:
		p.term(x.Term)
	case *ExprCall:
		p.b.WriteByte('(')
		if strings.Contains(x.Op, ":") {
			p.b.WriteString("<" + x.Op + ">")
		} else {
			p.b.WriteString(strings.ToLower(x.Op))
		}
		for _, a := range x.Args {
			p.b.WriteByte(' ')
			p.expr(a)
		}
		p.b.WriteByte(')')
	case *ExprExists:
		if x.Not {
			p.b.WriteString("(notexists")
		} else {
			p.b.WriteString("(exists")
		}
		p.nl(p.depth + 2)
		p.op(x.Op, p.depth+2)
		p.b.WriteByte(')')
	case *ExprAggregate:
		p.aggregate(x.Agg)
	case nil:
		p.b.WriteString("null")
	}
}

func (p *printer) path(pe PathExpr) {
	switch x := pe.(type) {
	case *PathLink:
		p.b.WriteString("<" + x.IRI + ">")
	case *PathInv:
		p.b.WriteString("(reverse ")
		p.path(x.Path)
		p.b.WriteByte(')')
	case *PathSeq:
		p.b.WriteString("(seq ")
		p.path(x.Left)
		p.b.WriteByte(' ')
		p.path(x.Right)
		p.b.WriteByte(')')
	case *PathAlt:
		p.b.WriteString("(alt ")
		p.path(x.Left)
		p.b.WriteByte(' ')
		p.path(x.Right)
		p.b.WriteByte(')')
	case *PathZeroOrMore:
		p.b.WriteString("(path* ")
		p.path(x.Path)
		p.b.WriteByte(')')
	case *PathOneOrMore:
		p.b.WriteString("(path+ ")
		p.path(x.Path)
		p.b.WriteByte(')')
	case *PathZeroOrOne:
		p.b.WriteString("(path? ")
		p.path(x.Path)
		p.b.WriteByte(')')
	case *PathNPS:
		p.b.WriteString("(notoneof")
		for _, f := range x.Fwd {
			p.b.WriteString(" <" + f + ">")
		}
		for _, f := range x.Inv {
			p.b.WriteString(" (reverse <" + f + ">)")
		}
		p.b.WriteByte(')')
	}
}
