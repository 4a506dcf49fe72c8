package algebra

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TranslateError is an error found while translating a query, such as a
// variable bound twice. Pos is the byte offset in the source.
type TranslateError struct {
	Pos parser.Pos
	Msg string
}

func (e *TranslateError) Error() string { return e.Msg }

// Translate turns a parsed query into its algebra, following section 18.2
// of SPARQL 1.1 (https://www.w3.org/TR/sparql11-query/#sparqlQuery).
// Joins and unions of many operands become balanced trees; a query whose
// algebra would be deeper than [MaxDepth] is a *LimitError.
func Translate(q *parser.Query) (*Query, error) {
	return TranslateContext(context.Background(), q)
}

// TranslateContext is [Translate] stopping with ctx's error (wrapped) when
// ctx is done.
func TranslateContext(ctx context.Context, q *parser.Query) (*Query, error) {
	t := &translator{ctx: ctx, heights: map[any]int{}}
	out := &Query{Base: q.BaseIRI}
	for _, d := range q.Prologue {
		if d.Base {
			out.Base = d.IRI
		}
	}
	switch q.Form {
	case parser.FormSelect:
		out.Form = Select
	case parser.FormConstruct:
		out.Form = Construct
	case parser.FormAsk:
		out.Form = Ask
	case parser.FormDescribe:
		out.Form = Describe
	default:
		return nil, fmt.Errorf("translate: unknown query form %d", q.Form)
	}
	for _, d := range q.Dataset {
		if d.Named {
			out.FromNamed = append(out.FromNamed, d.IRI.Value)
		} else {
			out.From = append(out.From, d.IRI.Value)
		}
	}
	op, vars, err := t.query(q)
	if err != nil {
		return nil, err
	}
	if err := CheckDepth(op); err != nil {
		return nil, err
	}
	out.Op = op
	out.Vars = vars
	for _, tp := range q.Template {
		out.Template = append(out.Template, TriplePattern{S: t.node(tp.Subject), P: t.node(tp.Predicate), O: t.node(tp.Object)})
	}
	for _, d := range q.Describe {
		out.Describe = append(out.Describe, t.node(d))
	}
	if q.DescribeAll {
		for _, v := range vars {
			out.Describe = append(out.Describe, V(v))
		}
	}
	return out, nil
}

type translator struct {
	fresh int
	ctx   context.Context
	steps int // group elements translated, to look at ctx now and then
	// heights memoizes the height of the trees built so far (see
	// [Depth]), so that each group element checks the growing tree
	// against MaxDepth in constant time.
	heights map[any]int
}

// height returns the height of n (an Op, Expr or PathExpr), memoized.
// The trees it meets were built by the translator from a syntax tree of
// bounded height, and their deep parts were measured as they grew, so the
// recursion stays shallow.
func (t *translator) height(n any) int {
	if h, ok := t.heights[n]; ok {
		return h
	}
	h := 0
	eachChild(n, func(c any) { h = max(h, t.height(c)) })
	h++
	t.heights[n] = h
	return h
}

// grown checks a tree that grew by one group element against MaxDepth,
// and ctx.
func (t *translator) grown(op Op) error {
	if t.height(op) > MaxDepth {
		return &LimitError{Limit: "depth", Max: MaxDepth}
	}
	if t.steps++; t.steps%1024 == 0 && t.ctx.Err() != nil {
		return fmt.Errorf("sparql: translation stopped: %w", context.Cause(t.ctx))
	}
	return nil
}

func (t *translator) freshVar(kind string) string {
	t.fresh++
	return HiddenVarPrefix + kind + strconv.Itoa(t.fresh)
}

func (t *translator) node(term parser.Term) Node {
	if term.Var != "" {
		return V(term.Var)
	}
	if term.Value.Kind == rdf.KindBlank {
		return V(BlankVarPrefix + term.Value.Value)
	}
	return T(term.Value)
}

// query translates a SELECT, ASK, CONSTRUCT or DESCRIBE query (or a
// subquery) and returns its projected variables.
func (t *translator) query(q *parser.Query) (Op, []string, error) {
	var op Op = Unit()
	if q.Where != nil {
		var err error
		if op, err = t.group(q.Where); err != nil {
			return nil, nil, err
		}
	}
	// 18.2.4.1 grouping and aggregation.
	ag := &aggCollector{t: t}
	var items []SelectItem
	if q.Select != nil {
		for _, it := range q.Select.Items {
			si := SelectItem{Var: it.Var.Var}
			if it.Expr != nil {
				e, err := t.expr(it.Expr)
				if err != nil {
					return nil, nil, err
				}
				si.Expr = ag.replace(e)
			}
			items = append(items, si)
		}
	}
	var having []Expr
	for _, h := range q.Having {
		e, err := t.expr(h)
		if err != nil {
			return nil, nil, err
		}
		having = append(having, ag.replace(e))
	}
	var order []OrderCond
	for _, oc := range q.OrderBy {
		e, err := t.expr(oc.Expr)
		if err != nil {
			return nil, nil, err
		}
		order = append(order, OrderCond{Expr: ag.replace(e), Desc: oc.Desc})
	}
	grouped := len(q.GroupBy) > 0 || len(ag.aggs) > 0
	if grouped {
		g := &Group{Op: op, Aggregates: ag.aggs}
		for _, gc := range q.GroupBy {
			e, err := t.expr(gc.Expr)
			if err != nil {
				return nil, nil, err
			}
			k := GroupKey{Expr: e, Var: gc.Var.Var}
			if ev, ok := e.(*ExprVar); ok && k.Var == "" {
				k.Var = ev.Name
			}
			g.Keys = append(g.Keys, k)
		}
		op = g
	}
	if len(having) > 0 {
		op = &Filter{Exprs: having, Op: op}
	}
	// 18.2.4.3 trailing VALUES.
	if q.Values != nil {
		op = join(op, t.values(q.Values))
	}
	// 18.2.4.4 select expressions.
	var vars []string
	inScope := MaybeVars(op)
	if q.Select != nil && q.Select.Star {
		for _, v := range inScope.Sorted() {
			if !IsHidden(v) {
				vars = append(vars, v)
			}
		}
	}
	for i, it := range items {
		if it.Expr != nil {
			if inScope.Has(it.Var) {
				return nil, nil, &TranslateError{Pos: q.Select.Items[i].Start, Msg: fmt.Sprintf("variable ?%s is already in scope and cannot be bound by SELECT … AS", it.Var)}
			}
			op = &Extend{Op: op, Var: it.Var, Expr: it.Expr}
			inScope.Add(it.Var)
		}
		vars = append(vars, it.Var)
	}
	if grouped && q.Select != nil && !q.Select.Star {
		if err := checkGrouped(q, items, op); err != nil {
			return nil, nil, err
		}
	}
	// 18.2.5 solution modifiers.
	if len(order) > 0 {
		op = &OrderBy{Op: op, Conds: order}
	}
	if q.Form == parser.FormSelect {
		op = &Project{Op: op, Vars: vars}
		if q.Select.Distinct {
			op = &Distinct{Op: op}
		} else if q.Select.Reduced {
			op = &Reduced{Op: op}
		}
	}
	if q.Limit >= 0 || q.Offset > 0 {
		off := max(q.Offset, 0)
		op = &Slice{Op: op, Offset: off, Limit: q.Limit}
	}
	return op, vars, nil
}

// SelectItem is a projected variable with its optional expression.
type SelectItem struct {
	Var  string
	Expr Expr
}

// checkGrouped reports a projected variable that is neither a group key nor
// bound by an expression in a grouped query (section 11.4).
func checkGrouped(q *parser.Query, items []SelectItem, op Op) error {
	allowed := VarSet{}
	for _, gc := range q.GroupBy {
		if gc.Var.Var != "" {
			allowed.Add(gc.Var.Var)
		} else if te, ok := gc.Expr.(*parser.TermExpr); ok && te.Term.Var != "" {
			allowed.Add(te.Term.Var)
		}
	}
	for i, it := range items {
		if it.Expr == nil {
			if !allowed.Has(it.Var) {
				return &TranslateError{Pos: q.Select.Items[i].Start, Msg: fmt.Sprintf("variable ?%s is projected but not grouped", it.Var)}
			}
			continue
		}
		for v := range ExprVars(it.Expr) {
			if !allowed.Has(v) && !IsHidden(v) {
				return &TranslateError{Pos: q.Select.Items[i].Start, Msg: fmt.Sprintf("variable ?%s is used in a SELECT expression but not grouped", v)}
			}
		}
		allowed.Add(it.Var)
	}
	return nil
}

// aggCollector replaces aggregate calls with fresh variables and collects
// them for the Group operator.
type aggCollector struct {
	t    *translator
	aggs []Aggregate
}

func (a *aggCollector) replace(e Expr) Expr {
	switch x := e.(type) {
	case *ExprAggregate:
		v := a.t.freshVar("agg")
		agg := x.Agg
		agg.Var = v
		a.aggs = append(a.aggs, agg)
		return &ExprVar{Name: v}
	case *ExprCall:
		args := make([]Expr, len(x.Args))
		for i, arg := range x.Args {
			args[i] = a.replace(arg)
		}
		return &ExprCall{Op: x.Op, Args: args}
	}
	return e
}

func join(l, r Op) Op {
	if IsUnit(l) {
		return r
	}
	if IsUnit(r) {
		return l
	}
	return &Join{Left: l, Right: r}
}

// joinAll joins ops, in order, as a balanced tree (join is associative):
// a group of many elements stays shallow.
func joinAll(ops []Op) Op {
	switch len(ops) {
	case 0:
		return Unit()
	case 1:
		return ops[0]
	}
	m := (len(ops) + 1) / 2
	return join(joinAll(ops[:m]), joinAll(ops[m:]))
}

// unionAll is the union of ops, in order, as a balanced tree.
func unionAll(ops []Op) Op {
	if len(ops) == 1 {
		return ops[0]
	}
	m := (len(ops) + 1) / 2
	return &Union{Left: unionAll(ops[:m]), Right: unionAll(ops[m:])}
}

// group translates a group graph pattern (section 18.2.2.6).
func (t *translator) group(g *parser.GroupPattern) (Op, error) {
	op, filters, err := t.groupParts(g)
	if err != nil {
		return nil, err
	}
	if len(filters) > 0 {
		op = &Filter{Exprs: filters, Op: op}
	}
	return op, nil
}

// groupParts translates a group without applying its own filters, which
// it returns apart (OPTIONAL turns them into the LeftJoin expression).
// Consecutive elements that join are gathered and joined as a balanced
// tree; OPTIONAL, MINUS and BIND apply to everything before them. The
// variables in scope are kept up to date element by element, for BIND.
func (t *translator) groupParts(g *parser.GroupPattern) (Op, []Expr, error) {
	var filters []Expr
	var op Op = Unit()
	var run []Op // elements to join after op
	scope := VarSet{}
	flush := func() error {
		if len(run) > 0 {
			op = join(op, joinAll(run))
			run = run[:0]
		}
		return t.grown(op)
	}
	for _, el := range g.Elements {
		switch e := el.(type) {
		case *parser.Filter:
			x, err := t.expr(e.Expr)
			if err != nil {
				return nil, nil, err
			}
			filters = append(filters, x)
		case *parser.TriplesBlock:
			b, err := t.triples(e.Triples)
			if err != nil {
				return nil, nil, err
			}
			maybeVars(b, scope)
			run = append(run, b)
		case *parser.Optional:
			a, fs, err := t.groupParts(e.Pattern)
			if err != nil {
				return nil, nil, err
			}
			if err := flush(); err != nil {
				return nil, nil, err
			}
			maybeVars(a, scope)
			if len(fs) > 0 {
				op = &LeftJoin{Left: op, Right: a, Expr: conj(fs)}
			} else {
				op = &LeftJoin{Left: op, Right: a}
			}
		case *parser.Minus:
			a, err := t.group(e.Pattern)
			if err != nil {
				return nil, nil, err
			}
			if err := flush(); err != nil {
				return nil, nil, err
			}
			op = &Minus{Left: op, Right: a}
		case *parser.Bind:
			x, err := t.expr(e.Expr)
			if err != nil {
				return nil, nil, err
			}
			if scope.Has(e.Var.Var) {
				return nil, nil, &TranslateError{Pos: e.Start, Msg: fmt.Sprintf("BIND: variable ?%s is already in scope", e.Var.Var)}
			}
			if err := flush(); err != nil {
				return nil, nil, err
			}
			scope.Add(e.Var.Var)
			op = &Extend{Op: op, Var: e.Var.Var, Expr: x}
		default:
			a, err := t.element(el)
			if err != nil {
				return nil, nil, err
			}
			maybeVars(a, scope)
			run = append(run, a)
		}
		if err := t.grown(op); err != nil {
			return nil, nil, err
		}
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	return op, filters, nil
}

// conj is the conjunction of es, as a balanced tree (&& is associative).
func conj(es []Expr) Expr {
	if len(es) == 1 {
		return es[0]
	}
	m := (len(es) + 1) / 2
	return &ExprCall{Op: "&&", Args: []Expr{conj(es[:m]), conj(es[m:])}}
}

func (t *translator) element(el parser.Pattern) (Op, error) {
	switch e := el.(type) {
	case *parser.GroupPattern:
		return t.group(e)
	case *parser.Union:
		alts := make([]Op, 0, len(e.Alternatives))
		for _, alt := range e.Alternatives {
			a, err := t.group(alt)
			if err != nil {
				return nil, err
			}
			alts = append(alts, a)
		}
		return unionAll(alts), nil
	case *parser.Graph:
		a, err := t.group(e.Pattern)
		if err != nil {
			return nil, err
		}
		return &Graph{Name: t.node(e.Name), Op: a}, nil
	case *parser.Service:
		a, err := t.group(e.Pattern)
		if err != nil {
			return nil, err
		}
		return &Service{Name: t.node(e.Name), Op: a, Silent: e.Silent}, nil
	case *parser.Values:
		return t.values(e), nil
	case *parser.SubSelect:
		sub := &translator{fresh: t.fresh + 1000, ctx: t.ctx, heights: t.heights}
		op, _, err := sub.query(e.Query)
		t.fresh = sub.fresh
		if err != nil {
			return nil, err
		}
		return &ToMultiSet{Op: op}, nil
	}
	return nil, fmt.Errorf("translate: unexpected pattern %T", el)
}

func (t *translator) values(v *parser.Values) *Table {
	tb := &Table{}
	for _, vr := range v.Vars {
		tb.Vars = append(tb.Vars, vr.Var)
	}
	for _, row := range v.Rows {
		r := make([]rdf.Term, len(tb.Vars))
		for i, c := range row {
			if i < len(r) && !c.IsUndef() {
				r[i] = c.Value
			}
		}
		tb.Rows = append(tb.Rows, r)
	}
	return tb
}

// triples translates a triples block: simple triples form one BGP, property
// paths become Path operators or extra triples (section 18.2.2.4).
func (t *translator) triples(tps []parser.TriplePattern) (Op, error) {
	bgp := &BGP{}
	var paths []Op
	for _, tp := range tps {
		s, o := t.node(tp.Subject), t.node(tp.Object)
		if tp.Path == nil {
			bgp.Patterns = append(bgp.Patterns, TriplePattern{S: s, P: t.node(tp.Predicate), O: o})
			continue
		}
		pe, err := t.path(tp.Path)
		if err != nil {
			return nil, err
		}
		t.expandPath(s, pe, o, bgp, &paths)
	}
	var op Op = Unit()
	if len(bgp.Patterns) > 0 {
		op = bgp
	}
	return join(op, joinAll(paths)), nil
}

// expandPath rewrites links, inverse links and sequences into triple
// patterns, and keeps the other path forms as Path operators.
func (t *translator) expandPath(s Node, pe PathExpr, o Node, bgp *BGP, paths *[]Op) {
	switch x := pe.(type) {
	case *PathLink:
		bgp.Patterns = append(bgp.Patterns, TriplePattern{S: s, P: T(rdf.IRI(x.IRI)), O: o})
		return
	case *PathInv:
		if l, ok := x.Path.(*PathLink); ok {
			bgp.Patterns = append(bgp.Patterns, TriplePattern{S: o, P: T(rdf.IRI(l.IRI)), O: s})
			return
		}
	case *PathSeq:
		mid := V(t.freshVar("path"))
		t.expandPath(s, x.Left, mid, bgp, paths)
		t.expandPath(mid, x.Right, o, bgp, paths)
		return
	}
	*paths = append(*paths, &Path{S: s, Path: pe, O: o})
}

func (t *translator) path(p parser.Path) (PathExpr, error) {
	switch x := p.(type) {
	case *parser.PathLink:
		return &PathLink{IRI: x.IRI.Value.Value}, nil
	case *parser.PathInverse:
		in, err := t.path(x.Path)
		if err != nil {
			return nil, err
		}
		return &PathInv{Path: in}, nil
	case *parser.PathSeq:
		l, err := t.path(x.Left)
		if err != nil {
			return nil, err
		}
		r, err := t.path(x.Right)
		if err != nil {
			return nil, err
		}
		return &PathSeq{Left: l, Right: r}, nil
	case *parser.PathAlt:
		l, err := t.path(x.Left)
		if err != nil {
			return nil, err
		}
		r, err := t.path(x.Right)
		if err != nil {
			return nil, err
		}
		return &PathAlt{Left: l, Right: r}, nil
	case *parser.PathZeroOrMore:
		in, err := t.path(x.Path)
		if err != nil {
			return nil, err
		}
		return &PathZeroOrMore{Path: in}, nil
	case *parser.PathOneOrMore:
		in, err := t.path(x.Path)
		if err != nil {
			return nil, err
		}
		return &PathOneOrMore{Path: in}, nil
	case *parser.PathZeroOrOne:
		in, err := t.path(x.Path)
		if err != nil {
			return nil, err
		}
		return &PathZeroOrOne{Path: in}, nil
	case *parser.PathNegatedSet:
		n := &PathNPS{}
		for _, it := range x.Items {
			if it.Inverse {
				n.Inv = append(n.Inv, it.IRI.Value.Value)
			} else {
				n.Fwd = append(n.Fwd, it.IRI.Value.Value)
			}
		}
		return n, nil
	}
	return nil, fmt.Errorf("translate: unexpected path %T", p)
}

var binOps = map[parser.Op]string{
	parser.OpOr: "||", parser.OpAnd: "&&", parser.OpEq: "=", parser.OpNe: "!=",
	parser.OpLt: "<", parser.OpGt: ">", parser.OpLe: "<=", parser.OpGe: ">=",
	parser.OpAdd: "+", parser.OpSub: "-", parser.OpMul: "*", parser.OpDiv: "/",
}

func (t *translator) exprs(es []parser.Expr) ([]Expr, error) {
	out := make([]Expr, len(es))
	for i, e := range es {
		x, err := t.expr(e)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func (t *translator) expr(e parser.Expr) (Expr, error) {
	switch x := e.(type) {
	case *parser.TermExpr:
		n := t.node(x.Term)
		if n.Var != "" {
			return &ExprVar{Name: n.Var}, nil
		}
		return &ExprTerm{Term: n.Term}, nil
	case *parser.Unary:
		a, err := t.expr(x.X)
		if err != nil {
			return nil, err
		}
		switch x.Op {
		case parser.OpNot:
			return &ExprCall{Op: "!", Args: []Expr{a}}, nil
		case parser.OpPlus:
			return &ExprCall{Op: "u+", Args: []Expr{a}}, nil
		case parser.OpMinus:
			return &ExprCall{Op: "u-", Args: []Expr{a}}, nil
		}
		return nil, fmt.Errorf("translate: unexpected unary operator %v", x.Op)
	case *parser.Binary:
		a, err := t.expr(x.X)
		if err != nil {
			return nil, err
		}
		b, err := t.expr(x.Y)
		if err != nil {
			return nil, err
		}
		op, ok := binOps[x.Op]
		if !ok {
			return nil, fmt.Errorf("translate: unexpected binary operator %v", x.Op)
		}
		return &ExprCall{Op: op, Args: []Expr{a, b}}, nil
	case *parser.In:
		args, err := t.exprs(append([]parser.Expr{x.X}, x.List...))
		if err != nil {
			return nil, err
		}
		op := "IN"
		if x.Not {
			op = "NOT IN"
		}
		return &ExprCall{Op: op, Args: args}, nil
	case *parser.Call:
		args, err := t.exprs(x.Args)
		if err != nil {
			return nil, err
		}
		return &ExprCall{Op: x.Name, Args: args}, nil
	case *parser.FuncCall:
		args, err := t.exprs(x.Args)
		if err != nil {
			return nil, err
		}
		return &ExprCall{Op: x.IRI.Value.Value, Args: args}, nil
	case *parser.Exists:
		op, err := t.group(x.Pattern)
		if err != nil {
			return nil, err
		}
		return &ExprExists{Not: x.Not, Op: op}, nil
	case *parser.Aggregate:
		agg := Aggregate{Name: x.Name, Distinct: x.Distinct, Star: x.Star, Separator: " "}
		if x.HasSeparator {
			agg.Separator = x.Separator
		}
		if x.Arg != nil {
			a, err := t.expr(x.Arg)
			if err != nil {
				return nil, err
			}
			agg.Arg = a
		}
		return &ExprAggregate{Agg: agg}, nil
	}
	return nil, fmt.Errorf("translate: unexpected expression %T", e)
}
