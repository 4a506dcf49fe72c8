package parser

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Options configures parsing.
type Options struct {
	// BaseIRI is the base against which relative IRIs resolve before any
	// BASE declaration. Relative IRIs without any base are an error.
	BaseIRI string
	// Prefixes are predeclared prefixes (prefix without colon → namespace
	// IRI); PREFIX declarations override them.
	Prefixes map[string]string
}

// ParseQuery parses a SPARQL 1.1 query. Errors are *SyntaxError, a
// *LimitError for input nested deeper than [MaxDepth], an *InternalError
// for a bug of the parser.
func ParseQuery(src string, opts Options) (*Query, error) {
	return ParseQueryContext(context.Background(), src, opts)
}

// ParseQueryContext is [ParseQuery] stopping with ctx's error (wrapped)
// when ctx is done.
func ParseQueryContext(ctx context.Context, src string, opts Options) (q *Query, err error) {
	p := newParser(ctx, src, opts)
	defer p.recover(&err)
	p.next()
	q = p.parseQuery()
	return q, nil
}

// ParseUpdate parses a SPARQL 1.1 Update request. Errors are as for
// [ParseQuery].
func ParseUpdate(src string, opts Options) (*Update, error) {
	return ParseUpdateContext(context.Background(), src, opts)
}

// ParseUpdateContext is [ParseUpdate] stopping with ctx's error (wrapped)
// when ctx is done.
func ParseUpdateContext(ctx context.Context, src string, opts Options) (u *Update, err error) {
	p := newParser(ctx, src, opts)
	defer p.recover(&err)
	p.next()
	u = p.parseUpdate()
	return u, nil
}

// bailout is the panic value the parser uses to stop at the first error.
type bailout struct{}

type parser struct {
	src      string
	lex      lexer
	tok      token
	prevEnd  int // end offset of the previous token
	base     string
	prefixes map[string]string
	err      error // the error that stopped the parser (bailout)
	ctx      context.Context
	tokens   int // tokens read, to look at ctx every ctxEvery tokens

	anon int // counter for anonymous blank node labels

	// Blank node label scoping: the basic graph pattern each label was
	// first used in.
	bgp    int
	bgpSeq int
	labels map[string]int

	// Aggregates are allowed while aggAllowed is set, and not inside
	// another aggregate.
	aggAllowed bool
	inAgg      bool

	// depth is the nesting level of the node being parsed; hw is the
	// highest level reached since the start of the enclosing operator
	// chain. See [MaxDepth].
	depth, hw int
}

// MaxDepth bounds the nesting of a query or an update, so that no input
// can exhaust the stack of the parser or of the recursive walks over the
// tree it returns (the checks, the printer, the algebra translation).
// Groups, expressions in brackets or in argument lists, paths and triples
// nodes each open one level, and so does each operator of a chain of +,
// -, * or / (a left-deep tree); chains of ||, && and path alternatives and
// sequences become balanced trees and count the levels of that tree. The
// syntax tree of an accepted input is therefore at most a small multiple
// of MaxDepth high (each level can add at most the few nodes that do not
// open one: a comparison, a sign, IN). Deeper input is a *LimitError.
const MaxDepth = 500

// ctxEvery is how many tokens the parser reads between two looks at its
// context.
const ctxEvery = 1024

func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.err = &LimitError{Limit: "depth", Max: MaxDepth, Offset: p.tok.pos}
		panic(bailout{})
	}
	p.hw = max(p.hw, p.depth)
}

func (p *parser) leave() { p.depth-- }

// startChain starts measuring an operator chain; it returns what
// endChain needs to restore.
func (p *parser) startChain() (base, hw int) {
	base, hw = p.depth, p.hw
	p.hw = p.depth
	return base, hw
}

// chainStep accounts for one more operator of a left-deep chain: the new
// node stands one level above everything the chain holds so far.
func (p *parser) chainStep() {
	p.depth = p.hw
	p.enter()
}

// balancedLevels accounts for the levels of a balanced tree over n
// operands, above the highest operand.
func (p *parser) balancedLevels(n int) {
	p.depth = p.hw
	for ; n > 1; n = (n + 1) / 2 {
		p.enter()
	}
}

// endChain closes a chain started by startChain.
func (p *parser) endChain(base, hw int) {
	p.depth = base
	p.hw = max(p.hw, hw)
}

func newParser(ctx context.Context, src string, opts Options) *parser {
	p := &parser{ctx: ctx, src: src, lex: lexer{src: src}, base: opts.BaseIRI,
		prefixes: make(map[string]string), labels: make(map[string]int)}
	for k, v := range opts.Prefixes {
		p.prefixes[k] = v
	}
	return p
}

// recover turns the parser's own bailout into *err; other panics are bugs
// and become an *InternalError rather than crashing the caller.
func (p *parser) recover(err *error) {
	if r := recover(); r != nil {
		if _, ok := r.(bailout); ok && p.err != nil {
			if le, ok := p.err.(*LimitError); ok {
				le.Line, le.Column = rdf.LineColumn(p.src, le.Offset)
			}
			*err = p.err
			return
		}
		*err = &InternalError{Offset: p.tok.pos, Value: r, Stack: debug.Stack()}
	}
}

func (p *parser) next() {
	p.prevEnd = p.tok.end
	p.lex.next(&p.tok)
	if p.tok.kind == tokError {
		p.errorAt(p.tok.pos, p.tok.val)
	}
	if p.tokens++; p.tokens%ctxEvery == 0 && p.ctx.Err() != nil {
		p.err = fmt.Errorf("sparql: parsing stopped at offset %d: %w", p.tok.pos, context.Cause(p.ctx))
		panic(bailout{})
	}
}

func (p *parser) errorAt(pos int, msg string) {
	p.err = newSyntaxError(p.src, pos, msg)
	panic(bailout{})
}

func (p *parser) errorf(pos int, format string, args ...any) {
	p.errorAt(pos, fmt.Sprintf(format, args...))
}

// errorExpected reports "expected what, found <current token>".
func (p *parser) errorExpected(what string) {
	p.errorf(p.tok.pos, "expected %s, found %s", what, p.tok.describe(p.src))
}

func (p *parser) isWord(w string) bool {
	return p.tok.kind == tokWord && strings.EqualFold(p.tok.val, w)
}

func (p *parser) isPunct(s string) bool {
	return p.tok.kind == tokPunct && p.tok.val == s
}

func (p *parser) gotWord(w string) bool {
	if p.isWord(w) {
		p.next()
		return true
	}
	return false
}

func (p *parser) gotPunct(s string) bool {
	if p.isPunct(s) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectWord(w string) Pos {
	pos := Pos(p.tok.pos)
	if !p.isWord(w) {
		p.errorExpected(w)
	}
	p.next()
	return pos
}

func (p *parser) expectPunct(s string) Pos {
	pos := Pos(p.tok.pos)
	if !p.isPunct(s) {
		p.errorExpected("'" + s + "'")
	}
	p.next()
	return pos
}

func (p *parser) expectEOF() {
	if p.tok.kind != tokEOF {
		p.errorExpected("end of input")
	}
}

// ---- prologue ----

func (p *parser) parsePrologue() []Decl {
	var decls []Decl
	for {
		pos := Pos(p.tok.pos)
		switch {
		case p.isWord("BASE"):
			p.next()
			if p.tok.kind != tokIRI {
				p.errorExpected("IRI after BASE")
			}
			iri := p.resolve(p.tok.val, p.tok.pos)
			p.next()
			p.base = iri
			decls = append(decls, Decl{Start: pos, Base: true, IRI: iri})
		case p.isWord("PREFIX"):
			p.next()
			if p.tok.kind != tokPName || p.tok.val != "" || p.tok.end != p.tok.pos+len(p.tok.prefix)+1 {
				p.errorExpected("prefix name ending with ':'")
			}
			prefix := p.tok.prefix
			p.next()
			if p.tok.kind != tokIRI {
				p.errorExpected("IRI after PREFIX " + prefix + ":")
			}
			iri := p.resolve(p.tok.val, p.tok.pos)
			p.next()
			p.prefixes[prefix] = iri
			decls = append(decls, Decl{Start: pos, Prefix: prefix, IRI: iri})
		default:
			return decls
		}
	}
}

// resolve resolves an IRI reference against the current base.
func (p *parser) resolve(ref string, pos int) string {
	if rdf.HasScheme(ref) {
		return ref
	}
	if p.base == "" {
		p.errorf(pos, "relative IRI <%s> with no base IRI", ref)
	}
	iri, err := rdf.ResolveIRI(p.base, ref)
	if err != nil {
		p.errorf(pos, "cannot resolve <%s>: %v", ref, err)
	}
	return iri
}

// ---- queries ----

func (p *parser) parseQuery() *Query {
	q := &Query{Start: Pos(p.tok.pos), BaseIRI: p.base, Limit: -1, Offset: -1}
	q.Prologue = p.parsePrologue()
	switch {
	case p.isWord("SELECT"):
		q.Form = FormSelect
		q.Select = p.parseSelectClause()
		q.Dataset = p.parseDatasetClauses()
		q.Where = p.parseWhereClause(true)
		p.parseSolutionModifier(q)
	case p.isWord("CONSTRUCT"):
		q.Form = FormConstruct
		p.next()
		if p.isPunct("{") {
			q.Template = p.parseTriplesTemplateBraced(true)
			q.Dataset = p.parseDatasetClauses()
			q.Where = p.parseWhereClause(true)
		} else {
			q.Dataset = p.parseDatasetClauses()
			wpos := p.expectWord("WHERE")
			p.newBGP()
			tmpl := p.parseTriplesTemplateBraced(false)
			q.ConstructWhere = true
			q.Template = tmpl
			q.Where = &GroupPattern{Start: wpos}
			if len(tmpl) > 0 {
				q.Where.Elements = []Pattern{&TriplesBlock{Start: tmpl[0].Start, Triples: tmpl}}
			}
		}
		p.parseSolutionModifier(q)
	case p.isWord("DESCRIBE"):
		q.Form = FormDescribe
		p.next()
		if p.gotPunct("*") {
			q.DescribeAll = true
		} else {
			for p.tok.kind == tokVar || p.tok.kind == tokIRI || p.tok.kind == tokPName {
				q.Describe = append(q.Describe, p.parseVarOrIRI())
			}
			if len(q.Describe) == 0 {
				p.errorExpected("variable, IRI or '*' after DESCRIBE")
			}
		}
		q.Dataset = p.parseDatasetClauses()
		if p.isWord("WHERE") || p.isPunct("{") {
			q.Where = p.parseWhereClause(true)
		}
		p.parseSolutionModifier(q)
	case p.isWord("ASK"):
		q.Form = FormAsk
		p.next()
		q.Dataset = p.parseDatasetClauses()
		q.Where = p.parseWhereClause(true)
		p.parseSolutionModifier(q)
	default:
		p.errorExpected("SELECT, CONSTRUCT, DESCRIBE or ASK")
	}
	if p.isWord("VALUES") {
		q.Values = p.parseValues()
	}
	p.expectEOF()
	p.checkQuery(q)
	return q
}

func (p *parser) parseSelectClause() *Select {
	s := &Select{Start: p.expectWord("SELECT")}
	if p.gotWord("DISTINCT") {
		s.Distinct = true
	} else if p.gotWord("REDUCED") {
		s.Reduced = true
	}
	if p.gotPunct("*") {
		s.Star = true
		return s
	}
	for {
		pos := Pos(p.tok.pos)
		switch {
		case p.tok.kind == tokVar:
			s.Items = append(s.Items, SelectItem{Start: pos, Var: p.parseVar()})
			continue
		case p.isPunct("("):
			p.next()
			saved := p.aggAllowed
			p.aggAllowed = true
			e := p.parseExpression()
			p.aggAllowed = saved
			p.expectWord("AS")
			v := p.parseVar()
			p.expectPunct(")")
			s.Items = append(s.Items, SelectItem{Start: pos, Var: v, Expr: e})
			continue
		}
		break
	}
	if len(s.Items) == 0 {
		p.errorExpected("variable, '(' or '*' in SELECT")
	}
	return s
}

func (p *parser) parseDatasetClauses() []DatasetClause {
	var ds []DatasetClause
	for p.isWord("FROM") {
		pos := Pos(p.tok.pos)
		p.next()
		named := p.gotWord("NAMED")
		ds = append(ds, DatasetClause{Start: pos, Named: named, IRI: p.parseIRI()})
	}
	return ds
}

func (p *parser) parseWhereClause(optionalKeyword bool) *GroupPattern {
	if !p.gotWord("WHERE") && !optionalKeyword {
		p.errorExpected("WHERE")
	}
	if !p.isPunct("{") {
		p.errorExpected("'{'")
	}
	return p.parseGroupPattern()
}

func (p *parser) parseSolutionModifier(q *Query) {
	if p.isWord("GROUP") {
		p.next()
		p.expectWord("BY")
		for {
			pos := Pos(p.tok.pos)
			var gc GroupCondition
			switch {
			case p.tok.kind == tokVar:
				v := p.parseVar()
				gc = GroupCondition{Start: pos, Expr: &TermExpr{Term: v}}
			case p.isPunct("("):
				p.next()
				e := p.parseExpression()
				gc = GroupCondition{Start: pos, Expr: e}
				if p.gotWord("AS") {
					gc.Var = p.parseVar()
				}
				p.expectPunct(")")
			case p.tok.kind == tokIRI || p.tok.kind == tokPName:
				gc = GroupCondition{Start: pos, Expr: p.parseIRIOrFunction(true)}
			case p.tok.kind == tokWord && p.isBuiltin():
				gc = GroupCondition{Start: pos, Expr: p.parseBuiltinCall()}
			default:
				if len(q.GroupBy) == 0 {
					p.errorExpected("group condition")
				}
			}
			if gc.Expr == nil {
				break
			}
			q.GroupBy = append(q.GroupBy, gc)
		}
	}
	if p.isWord("HAVING") {
		p.next()
		p.aggAllowed = true
		for len(q.Having) == 0 || p.isConstraintStart() {
			q.Having = append(q.Having, p.parseConstraint())
		}
		p.aggAllowed = false
	}
	if p.isWord("ORDER") {
		p.next()
		p.expectWord("BY")
		p.aggAllowed = true
		for {
			pos := Pos(p.tok.pos)
			var oc OrderCondition
			switch {
			case p.isWord("ASC") || p.isWord("DESC"):
				desc := p.isWord("DESC")
				p.next()
				if !p.isPunct("(") {
					p.errorExpected("'(' after ASC or DESC")
				}
				oc = OrderCondition{Start: pos, Desc: desc, Expr: p.parseBrackettedExpression()}
			case p.tok.kind == tokVar:
				oc = OrderCondition{Start: pos, Expr: &TermExpr{Term: p.parseVar()}}
			case p.isConstraintStart():
				oc = OrderCondition{Start: pos, Expr: p.parseConstraint()}
			default:
				if len(q.OrderBy) == 0 {
					p.errorExpected("order condition")
				}
			}
			if oc.Expr == nil {
				break
			}
			q.OrderBy = append(q.OrderBy, oc)
		}
		p.aggAllowed = false
	}
	for i := 0; i < 2; i++ {
		switch {
		case p.isWord("LIMIT") && q.Limit < 0:
			p.next()
			q.Limit = p.parseCount("LIMIT")
		case p.isWord("OFFSET") && q.Offset < 0:
			p.next()
			q.Offset = p.parseCount("OFFSET")
		}
	}
}

func (p *parser) parseCount(what string) int64 {
	if p.tok.kind != tokInteger || strings.HasPrefix(p.tok.val, "+") || strings.HasPrefix(p.tok.val, "-") {
		p.errorExpected("non-negative integer after " + what)
	}
	n, err := strconv.ParseInt(p.tok.val, 10, 64)
	if err != nil {
		p.errorf(p.tok.pos, "%s value %s out of range", what, p.tok.val)
	}
	p.next()
	return n
}

// parseValues parses VALUES DataBlock.
func (p *parser) parseValues() *Values {
	v := &Values{Start: p.expectWord("VALUES")}
	single := false
	switch {
	case p.tok.kind == tokVar:
		v.Vars = []Term{p.parseVar()}
		single = true
	case p.isPunct("("):
		p.next()
		for p.tok.kind == tokVar {
			v.Vars = append(v.Vars, p.parseVar())
		}
		p.expectPunct(")")
	default:
		p.errorExpected("variable or '(' after VALUES")
	}
	seen := map[string]bool{}
	for _, t := range v.Vars {
		if seen[t.Var] {
			p.errorf(int(t.Start), "variable ?%s repeated in VALUES", t.Var)
		}
		seen[t.Var] = true
	}
	p.expectPunct("{")
	for !p.isPunct("}") {
		if single {
			v.Rows = append(v.Rows, []Term{p.parseDataBlockValue()})
			continue
		}
		rpos := p.tok.pos
		p.expectPunct("(")
		var row []Term
		for !p.isPunct(")") {
			row = append(row, p.parseDataBlockValue())
		}
		p.next()
		if len(row) != len(v.Vars) {
			p.errorf(rpos, "VALUES row has %d values, want %d", len(row), len(v.Vars))
		}
		v.Rows = append(v.Rows, row)
	}
	p.next()
	return v
}

func (p *parser) parseDataBlockValue() Term {
	pos := Pos(p.tok.pos)
	switch p.tok.kind {
	case tokIRI, tokPName:
		return p.parseIRI()
	case tokString:
		return p.parseRDFLiteral()
	case tokInteger, tokDecimal, tokDouble:
		return p.parseNumber()
	case tokWord:
		switch {
		case p.isWord("UNDEF"):
			p.next()
			return Term{Start: pos}
		case p.isWord("true"), p.isWord("false"):
			return p.parseBoolean()
		}
	}
	p.errorExpected("IRI, literal or UNDEF in VALUES")
	return Term{}
}

// ---- terms ----

func (p *parser) parseVar() Term {
	if p.tok.kind != tokVar {
		p.errorExpected("variable")
	}
	t := Term{Start: Pos(p.tok.pos), Var: p.tok.val}
	p.next()
	return t
}

// parseIRI parses an IRIREF or prefixed name.
func (p *parser) parseIRI() Term {
	pos := p.tok.pos
	switch p.tok.kind {
	case tokIRI:
		iri := p.resolve(p.tok.val, pos)
		p.next()
		return Term{Start: Pos(pos), Value: rdf.IRI(iri)}
	case tokPName:
		ns, ok := p.prefixes[p.tok.prefix]
		if !ok {
			p.errorf(pos, "undefined prefix %q", p.tok.prefix+":")
		}
		t := Term{Start: Pos(pos), Value: rdf.IRI(ns + p.tok.val), Spelling: p.src[pos:p.tok.end]}
		p.next()
		return t
	}
	p.errorExpected("IRI")
	return Term{}
}

func (p *parser) parseVarOrIRI() Term {
	if p.tok.kind == tokVar {
		return p.parseVar()
	}
	return p.parseIRI()
}

func (p *parser) parseRDFLiteral() Term {
	pos := Pos(p.tok.pos)
	lex := p.tok.val
	p.next()
	switch {
	case p.tok.kind == tokLang:
		lang := p.tok.val
		p.next()
		return Term{Start: pos, Value: rdf.LangString(lex, lang)}
	case p.isPunct("^^"):
		p.next()
		dt := p.parseIRI()
		return Term{Start: pos, Value: rdf.Literal(lex, dt.Value.Value)}
	}
	return Term{Start: pos, Value: rdf.String(lex)}
}

func (p *parser) parseNumber() Term {
	pos := Pos(p.tok.pos)
	var dt string
	switch p.tok.kind {
	case tokInteger:
		dt = rdf.XSDInteger
	case tokDecimal:
		dt = rdf.XSDDecimal
	case tokDouble:
		dt = rdf.XSDDouble
	default:
		p.errorExpected("number")
	}
	t := Term{Start: pos, Value: rdf.Literal(p.tok.val, dt)}
	p.next()
	return t
}

func (p *parser) parseBoolean() Term {
	pos := Pos(p.tok.pos)
	v := strings.ToLower(p.tok.val)
	p.next()
	return Term{Start: pos, Value: rdf.Literal(v, rdf.XSDBoolean)}
}

// newAnon returns a fresh blank node for [] and collections.
func (p *parser) newAnon(pos Pos) Term {
	t := Term{Start: pos, Value: rdf.Blank("_g" + strconv.Itoa(p.anon))}
	p.anon++
	return t
}

// parseBlankLabel parses _:label, checking that the label is not used in
// another basic graph pattern when scoped is set.
func (p *parser) parseBlankLabel(scoped bool) Term {
	pos := p.tok.pos
	label := p.tok.val
	p.next()
	if scoped {
		if b, ok := p.labels[label]; ok && b != p.bgp {
			p.errorf(pos, "blank node label _:%s used in two basic graph patterns", label)
		}
		p.labels[label] = p.bgp
	}
	return Term{Start: Pos(pos), Value: rdf.Blank(label)}
}
