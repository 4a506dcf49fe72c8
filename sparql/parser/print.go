package parser

import (
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// printer writes SPARQL text. Its output parses back to the same tree
// (positions and spellings aside), given the same Options.
type printer struct {
	b        strings.Builder
	prefixes map[string]string // prefixes declared in the printed prologue
	indent   int
}

func newPrinter() *printer { return &printer{prefixes: map[string]string{}} }

// String prints the query as SPARQL.
func (q *Query) String() string {
	pr := newPrinter()
	pr.prologue(q.Prologue)
	pr.query(q)
	return pr.b.String()
}

// String prints the update request as SPARQL.
func (u *Update) String() string {
	pr := newPrinter()
	for i, op := range u.Operations {
		if i > 0 {
			pr.b.WriteString(" ;\n")
		}
		pr.prologue(op.Prologue)
		if op.Op != nil {
			pr.update(op.Op)
		}
	}
	return pr.b.String()
}

// String prints the term as SPARQL (UNDEF for the zero Term).
func (t Term) String() string {
	pr := newPrinter()
	pr.term(t)
	return pr.b.String()
}

func (pr *printer) ws(s string) { pr.b.WriteString(s) }

func (pr *printer) nl() {
	pr.b.WriteByte('\n')
	for i := 0; i < pr.indent; i++ {
		pr.b.WriteString("  ")
	}
}

func (pr *printer) prologue(decls []Decl) {
	for _, d := range decls {
		if d.Base {
			pr.ws("BASE ")
			pr.iri(d.IRI)
		} else {
			pr.ws("PREFIX " + d.Prefix + ": ")
			pr.iri(d.IRI)
			pr.prefixes[d.Prefix] = d.IRI
		}
		pr.b.WriteByte('\n')
	}
}

func (pr *printer) query(q *Query) {
	switch q.Form {
	case FormSelect:
		pr.selectClause(q.Select)
	case FormConstruct:
		pr.ws("CONSTRUCT ")
		if !q.ConstructWhere {
			pr.triplesBraced(q.Template)
		}
	case FormAsk:
		pr.ws("ASK")
	case FormDescribe:
		pr.ws("DESCRIBE")
		if q.DescribeAll {
			pr.ws(" *")
		}
		for _, t := range q.Describe {
			pr.ws(" ")
			pr.term(t)
		}
	}
	for _, d := range q.Dataset {
		pr.nl()
		pr.ws("FROM ")
		if d.Named {
			pr.ws("NAMED ")
		}
		pr.term(d.IRI)
	}
	if q.ConstructWhere {
		pr.nl()
		pr.ws("WHERE ")
		pr.triplesBraced(q.Template)
	} else if q.Where != nil {
		pr.nl()
		pr.ws("WHERE ")
		pr.group(q.Where)
	}
	if len(q.GroupBy) > 0 {
		pr.nl()
		pr.ws("GROUP BY")
		for _, g := range q.GroupBy {
			pr.ws(" ")
			if te, ok := g.Expr.(*TermExpr); ok && te.Term.IsVar() && !g.Var.IsVar() {
				pr.term(te.Term)
				continue
			}
			pr.ws("(")
			pr.expr(g.Expr)
			if g.Var.IsVar() {
				pr.ws(" AS ")
				pr.term(g.Var)
			}
			pr.ws(")")
		}
	}
	if len(q.Having) > 0 {
		pr.nl()
		pr.ws("HAVING")
		for _, e := range q.Having {
			pr.ws(" ")
			pr.bracketed(e)
		}
	}
	if len(q.OrderBy) > 0 {
		pr.nl()
		pr.ws("ORDER BY")
		for _, o := range q.OrderBy {
			if o.Desc {
				pr.ws(" DESC(")
			} else {
				pr.ws(" ASC(")
			}
			pr.expr(o.Expr)
			pr.ws(")")
		}
	}
	if q.Limit >= 0 {
		pr.nl()
		pr.ws("LIMIT " + strconv.FormatInt(q.Limit, 10))
	}
	if q.Offset >= 0 {
		pr.nl()
		pr.ws("OFFSET " + strconv.FormatInt(q.Offset, 10))
	}
	if q.Values != nil {
		pr.nl()
		pr.values(q.Values)
	}
}

func (pr *printer) selectClause(s *Select) {
	pr.ws("SELECT")
	if s.Distinct {
		pr.ws(" DISTINCT")
	}
	if s.Reduced {
		pr.ws(" REDUCED")
	}
	if s.Star {
		pr.ws(" *")
	}
	for _, it := range s.Items {
		pr.ws(" ")
		if it.Expr == nil {
			pr.term(it.Var)
			continue
		}
		pr.ws("(")
		pr.expr(it.Expr)
		pr.ws(" AS ")
		pr.term(it.Var)
		pr.ws(")")
	}
}

func (pr *printer) group(g *GroupPattern) {
	pr.ws("{")
	pr.indent++
	for _, el := range g.Elements {
		pr.nl()
		pr.pattern(el)
	}
	pr.indent--
	pr.nl()
	pr.ws("}")
}

func (pr *printer) pattern(el Pattern) {
	switch el := el.(type) {
	case *GroupPattern:
		pr.group(el)
	case *TriplesBlock:
		for i, t := range el.Triples {
			if i > 0 {
				pr.nl()
			}
			pr.triple(t)
		}
	case *Filter:
		pr.ws("FILTER ")
		pr.bracketed(el.Expr)
	case *Optional:
		pr.ws("OPTIONAL ")
		pr.group(el.Pattern)
	case *Union:
		for i, a := range el.Alternatives {
			if i > 0 {
				pr.ws(" UNION ")
			}
			pr.group(a)
		}
	case *Minus:
		pr.ws("MINUS ")
		pr.group(el.Pattern)
	case *Graph:
		pr.ws("GRAPH ")
		pr.term(el.Name)
		pr.ws(" ")
		pr.group(el.Pattern)
	case *Service:
		pr.ws("SERVICE ")
		if el.Silent {
			pr.ws("SILENT ")
		}
		pr.term(el.Name)
		pr.ws(" ")
		pr.group(el.Pattern)
	case *Bind:
		pr.ws("BIND (")
		pr.expr(el.Expr)
		pr.ws(" AS ")
		pr.term(el.Var)
		pr.ws(")")
	case *Values:
		pr.values(el)
	case *SubSelect:
		// The braces around a subquery are those of its GroupPattern.
		pr.query(el.Query)
	}
}

func (pr *printer) triple(t TriplePattern) {
	pr.term(t.Subject)
	pr.ws(" ")
	switch {
	case t.Path != nil:
		pr.path(t.Path)
	case t.Predicate.Value == rdf.IRI(rdf.RDFType) && t.Predicate.Spelling == "":
		pr.ws("a")
	default:
		pr.term(t.Predicate)
	}
	pr.ws(" ")
	pr.term(t.Object)
	pr.ws(" .")
}

func (pr *printer) triplesBraced(ts []TriplePattern) {
	pr.ws("{")
	pr.indent++
	for _, t := range ts {
		pr.nl()
		pr.triple(t)
	}
	pr.indent--
	pr.nl()
	pr.ws("}")
}

func (pr *printer) values(v *Values) {
	pr.ws("VALUES (")
	for i, t := range v.Vars {
		if i > 0 {
			pr.ws(" ")
		}
		pr.term(t)
	}
	pr.ws(") {")
	for _, row := range v.Rows {
		pr.ws(" (")
		for i, t := range row {
			if i > 0 {
				pr.ws(" ")
			}
			pr.term(t)
		}
		pr.ws(")")
	}
	pr.ws(" }")
}

func (pr *printer) path(p Path) {
	switch p := p.(type) {
	case *PathLink:
		if p.IRI.Value == rdf.IRI(rdf.RDFType) && p.IRI.Spelling == "" {
			pr.ws("a")
			return
		}
		pr.term(p.IRI)
	case *PathInverse:
		pr.ws("^(")
		pr.path(p.Path)
		pr.ws(")")
	case *PathSeq:
		pr.ws("(")
		pr.path(p.Left)
		pr.ws(" / ")
		pr.path(p.Right)
		pr.ws(")")
	case *PathAlt:
		pr.ws("(")
		pr.path(p.Left)
		pr.ws(" | ")
		pr.path(p.Right)
		pr.ws(")")
	case *PathZeroOrMore:
		pr.ws("(")
		pr.path(p.Path)
		pr.ws(")*")
	case *PathOneOrMore:
		pr.ws("(")
		pr.path(p.Path)
		pr.ws(")+")
	case *PathZeroOrOne:
		pr.ws("(")
		pr.path(p.Path)
		pr.ws(")?")
	case *PathNegatedSet:
		pr.ws("!(")
		for i, it := range p.Items {
			if i > 0 {
				pr.ws(" | ")
			}
			if it.Inverse {
				pr.ws("^")
			}
			pr.term(it.IRI)
		}
		pr.ws(")")
	}
}

// bracketed prints a constraint: e in parentheses, which binary and IN
// expressions already print.
func (pr *printer) bracketed(e Expr) {
	switch e.(type) {
	case *Binary, *In:
		pr.expr(e)
	default:
		pr.ws("(")
		pr.expr(e)
		pr.ws(")")
	}
}

func (pr *printer) exprs(list []Expr) {
	for i, e := range list {
		if i > 0 {
			pr.ws(", ")
		}
		pr.expr(e)
	}
}

func (pr *printer) expr(e Expr) {
	switch e := e.(type) {
	case *TermExpr:
		pr.term(e.Term)
	case *Unary:
		pr.ws(e.Op.String() + "(")
		pr.expr(e.X)
		pr.ws(")")
	case *Binary:
		pr.ws("(")
		pr.expr(e.X)
		pr.ws(" " + e.Op.String() + " ")
		pr.expr(e.Y)
		pr.ws(")")
	case *In:
		pr.ws("(")
		pr.expr(e.X)
		if e.Not {
			pr.ws(" NOT")
		}
		pr.ws(" IN (")
		pr.exprs(e.List)
		pr.ws("))")
	case *Call:
		pr.ws(e.Name + "(")
		pr.exprs(e.Args)
		pr.ws(")")
	case *FuncCall:
		pr.term(e.IRI)
		pr.ws("(")
		if e.Distinct {
			pr.ws("DISTINCT ")
		}
		pr.exprs(e.Args)
		pr.ws(")")
	case *Exists:
		if e.Not {
			pr.ws("NOT ")
		}
		pr.ws("EXISTS ")
		pr.group(e.Pattern)
	case *Aggregate:
		pr.ws(e.Name + "(")
		if e.Distinct {
			pr.ws("DISTINCT ")
		}
		if e.Star {
			pr.ws("*")
		} else if e.Arg != nil {
			pr.expr(e.Arg)
		}
		if e.HasSeparator {
			pr.ws(" ; SEPARATOR = ")
			pr.str(e.Separator)
		}
		pr.ws(")")
	}
}

func (pr *printer) term(t Term) {
	if t.Var != "" {
		pr.ws("?" + t.Var)
		return
	}
	v := t.Value
	switch v.Kind {
	case rdf.KindNone:
		pr.ws("UNDEF")
	case rdf.KindIRI:
		if t.Spelling != "" && pr.spellingOK(t) {
			pr.ws(t.Spelling)
			return
		}
		pr.iri(v.Value)
	case rdf.KindBlank:
		pr.ws("_:" + v.Value)
	case rdf.KindLiteral:
		pr.literal(v)
	}
}

// spellingOK reports whether t's prefixed name means its IRI under the
// printed prologue.
func (pr *printer) spellingOK(t Term) bool {
	i := strings.IndexByte(t.Spelling, ':')
	if i < 0 {
		return false
	}
	ns, ok := pr.prefixes[t.Spelling[:i]]
	if !ok {
		return false
	}
	return ns+strings.ReplaceAll(t.Spelling[i+1:], `\`, "") == t.Value.Value
}

func (pr *printer) iri(s string) {
	pr.b.WriteByte('<')
	for _, r := range s {
		if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
			pr.ws(`\u00` + hex4(r)[2:])
			continue
		}
		pr.b.WriteRune(r)
	}
	pr.b.WriteByte('>')
}

func (pr *printer) literal(v rdf.Term) {
	switch v.Datatype {
	case rdf.XSDInteger:
		if isIntegerLex(v.Value) {
			pr.ws(v.Value)
			return
		}
	case rdf.XSDDecimal:
		if isDecimalLex(v.Value) {
			pr.ws(v.Value)
			return
		}
	case rdf.XSDDouble:
		if isDoubleLex(v.Value) {
			pr.ws(v.Value)
			return
		}
	case rdf.XSDBoolean:
		if v.Value == "true" || v.Value == "false" {
			pr.ws(v.Value)
			return
		}
	}
	pr.str(v.Value)
	switch {
	case v.Lang != "":
		pr.ws("@" + v.Lang)
	case v.Datatype != "" && v.Datatype != rdf.XSDString:
		pr.ws("^^")
		pr.iri(v.Datatype)
	}
}

func (pr *printer) str(s string) {
	pr.b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			pr.ws(`\"`)
		case '\\':
			pr.ws(`\\`)
		case '\n':
			pr.ws(`\n`)
		case '\r':
			pr.ws(`\r`)
		default:
			pr.b.WriteRune(r)
		}
	}
	pr.b.WriteByte('"')
}

// isIntegerLex and friends tell whether a lexical form can be written as a
// bare SPARQL number token that scans back to the same kind.
func isIntegerLex(s string) bool {
	l := lexer{src: s}
	var t token
	l.next(&t)
	return t.kind == tokInteger && t.end == len(s)
}

func isDecimalLex(s string) bool {
	l := lexer{src: s}
	var t token
	l.next(&t)
	return t.kind == tokDecimal && t.end == len(s)
}

func isDoubleLex(s string) bool {
	l := lexer{src: s}
	var t token
	l.next(&t)
	return t.kind == tokDouble && t.end == len(s)
}
