package parser

import (
	"strings"

	"github.com/ruche-lod/ruche/sparql/expr"
)

var aggregates = map[string]bool{
	"COUNT": true, "SUM": true, "MIN": true, "MAX": true, "AVG": true, "SAMPLE": true, "GROUP_CONCAT": true,
}

// isBuiltin reports whether the current word starts a BuiltInCall.
func (p *parser) isBuiltin() bool {
	if p.tok.kind != tokWord {
		return false
	}
	name := strings.ToUpper(p.tok.val)
	_, _, ok := expr.Arity(name) // a word has no ':', so no cast IRI matches
	return ok || aggregates[name] || name == "EXISTS" || name == "NOT"
}

func (p *parser) isConstraintStart() bool {
	return p.isPunct("(") || p.tok.kind == tokIRI || p.tok.kind == tokPName || p.isBuiltin()
}

// parseConstraint parses BrackettedExpression | BuiltInCall | FunctionCall.
func (p *parser) parseConstraint() Expr {
	switch {
	case p.isPunct("("):
		return p.parseBrackettedExpression()
	case p.tok.kind == tokIRI || p.tok.kind == tokPName:
		return p.parseIRIOrFunction(true)
	case p.isBuiltin():
		return p.parseBuiltinCall()
	}
	p.errorExpected("'(', function call or built-in call")
	return nil
}

func (p *parser) parseBrackettedExpression() Expr {
	p.expectPunct("(")
	e := p.parseExpression()
	p.expectPunct(")")
	return e
}

func (p *parser) parseExpression() Expr {
	p.enter()
	defer p.leave()
	base, hw := p.startChain()
	defer p.endChain(base, hw)
	starts := []Pos{Pos(p.tok.pos)}
	xs := []Expr{p.parseAnd()}
	for p.gotPunct("||") {
		starts = append(starts, Pos(p.tok.pos))
		xs = append(xs, p.parseAnd())
	}
	p.balancedLevels(len(xs))
	return balanced(OpOr, xs, starts)
}

func (p *parser) parseAnd() Expr {
	base, hw := p.startChain()
	defer p.endChain(base, hw)
	starts := []Pos{Pos(p.tok.pos)}
	xs := []Expr{p.parseRelational()}
	for p.gotPunct("&&") {
		starts = append(starts, Pos(p.tok.pos))
		xs = append(xs, p.parseRelational())
	}
	p.balancedLevels(len(xs))
	return balanced(OpAnd, xs, starts)
}

// balanced joins xs with the associative operator op (|| or &&) into a
// balanced tree, whose height grows with the logarithm of len(xs) and
// whose leaves are xs in order; starts are the operands' offsets.
func balanced(op Op, xs []Expr, starts []Pos) Expr {
	if len(xs) == 1 {
		return xs[0]
	}
	m := (len(xs) + 1) / 2
	return &Binary{Start: starts[0], Op: op, X: balanced(op, xs[:m], starts[:m]), Y: balanced(op, xs[m:], starts[m:])}
}

var relOps = map[string]Op{"=": OpEq, "!=": OpNe, "<": OpLt, ">": OpGt, "<=": OpLe, ">=": OpGe}

func (p *parser) parseRelational() Expr {
	pos := Pos(p.tok.pos)
	x := p.parseAdditive()
	if p.tok.kind == tokPunct {
		if op, ok := relOps[p.tok.val]; ok {
			p.next()
			return &Binary{Start: pos, Op: op, X: x, Y: p.parseAdditive()}
		}
	}
	not := false
	if p.isWord("NOT") {
		p.next()
		not = true
		if !p.isWord("IN") {
			p.errorExpected("IN after NOT")
		}
	}
	if p.gotWord("IN") {
		return &In{Start: pos, Not: not, X: x, List: p.parseExpressionList()}
	}
	return x
}

func (p *parser) parseAdditive() Expr {
	base, hw := p.startChain()
	defer p.endChain(base, hw)
	pos := Pos(p.tok.pos)
	x := p.parseMultiplicative()
	for {
		switch {
		case p.isPunct("+"):
			p.next()
			p.chainStep()
			x = &Binary{Start: pos, Op: OpAdd, X: x, Y: p.parseMultiplicative()}
		case p.isPunct("-"):
			p.next()
			p.chainStep()
			x = &Binary{Start: pos, Op: OpSub, X: x, Y: p.parseMultiplicative()}
		case (p.tok.kind == tokInteger || p.tok.kind == tokDecimal || p.tok.kind == tokDouble) &&
			(p.tok.val[0] == '+' || p.tok.val[0] == '-'):
			// "?a -1" is ?a - 1: the sign of the literal is the operator.
			op := OpAdd
			if p.tok.val[0] == '-' {
				op = OpSub
			}
			p.chainStep()
			lit := p.parseNumber()
			lit.Start++
			lit.Value.Value = lit.Value.Value[1:]
			var y Expr = &TermExpr{Term: lit}
			ypos := lit.Start
			for {
				if p.gotPunct("*") {
					p.chainStep()
					y = &Binary{Start: ypos, Op: OpMul, X: y, Y: p.parseUnary()}
				} else if p.gotPunct("/") {
					p.chainStep()
					y = &Binary{Start: ypos, Op: OpDiv, X: y, Y: p.parseUnary()}
				} else {
					break
				}
			}
			x = &Binary{Start: pos, Op: op, X: x, Y: y}
		default:
			return x
		}
	}
}

func (p *parser) parseMultiplicative() Expr {
	base, hw := p.startChain()
	defer p.endChain(base, hw)
	pos := Pos(p.tok.pos)
	x := p.parseUnary()
	for {
		switch {
		case p.gotPunct("*"):
			p.chainStep()
			x = &Binary{Start: pos, Op: OpMul, X: x, Y: p.parseUnary()}
		case p.gotPunct("/"):
			p.chainStep()
			x = &Binary{Start: pos, Op: OpDiv, X: x, Y: p.parseUnary()}
		default:
			return x
		}
	}
}

func (p *parser) parseUnary() Expr {
	pos := Pos(p.tok.pos)
	switch {
	case p.gotPunct("!"):
		return &Unary{Start: pos, Op: OpNot, X: p.parsePrimary()}
	case p.gotPunct("+"):
		return &Unary{Start: pos, Op: OpPlus, X: p.parsePrimary()}
	case p.gotPunct("-"):
		return &Unary{Start: pos, Op: OpMinus, X: p.parsePrimary()}
	}
	return p.parsePrimary()
}

func (p *parser) parsePrimary() Expr {
	switch p.tok.kind {
	case tokPunct:
		if p.isPunct("(") {
			return p.parseBrackettedExpression()
		}
	case tokVar:
		return &TermExpr{Term: p.parseVar()}
	case tokIRI, tokPName:
		return p.parseIRIOrFunction(false)
	case tokString:
		return &TermExpr{Term: p.parseRDFLiteral()}
	case tokInteger, tokDecimal, tokDouble:
		return &TermExpr{Term: p.parseNumber()}
	case tokWord:
		if p.isWord("true") || p.isWord("false") {
			return &TermExpr{Term: p.parseBoolean()}
		}
		if p.isBuiltin() {
			return p.parseBuiltinCall()
		}
	}
	p.errorExpected("expression")
	return nil
}

// parseIRIOrFunction parses iri ArgList?; the argument list is required
// when call is set.
func (p *parser) parseIRIOrFunction(call bool) Expr {
	iri := p.parseIRI()
	if !p.isPunct("(") {
		if call {
			p.errorExpected("'(' after function name")
		}
		return &TermExpr{Term: iri}
	}
	f := &FuncCall{Start: iri.Start, IRI: iri}
	p.next()
	if p.gotPunct(")") {
		return f
	}
	if p.gotWord("DISTINCT") {
		f.Distinct = true
	}
	for {
		f.Args = append(f.Args, p.parseExpression())
		if !p.gotPunct(",") {
			break
		}
	}
	p.expectPunct(")")
	return f
}

// parseExpressionList parses NIL | '(' Expression ( ',' Expression )* ')'.
func (p *parser) parseExpressionList() []Expr {
	p.expectPunct("(")
	var list []Expr
	if p.gotPunct(")") {
		return list
	}
	for {
		list = append(list, p.parseExpression())
		if !p.gotPunct(",") {
			break
		}
	}
	p.expectPunct(")")
	return list
}

func (p *parser) parseBuiltinCall() Expr {
	pos := Pos(p.tok.pos)
	name := strings.ToUpper(p.tok.val)
	switch {
	case name == "NOT":
		p.next()
		p.expectWord("EXISTS")
		return &Exists{Start: pos, Not: true, Pattern: p.parseGroupPattern()}
	case name == "EXISTS":
		p.next()
		return &Exists{Start: pos, Pattern: p.parseGroupPattern()}
	case aggregates[name]:
		return p.parseAggregate(name)
	}
	bmin, bmax, _ := expr.Arity(name)
	p.next()
	c := &Call{Start: pos, Name: name}
	switch {
	case name == "BOUND":
		p.expectPunct("(")
		c.Args = []Expr{&TermExpr{Term: p.parseVar()}}
		p.expectPunct(")")
		return c
	case bmax < 0:
		c.Args = p.parseExpressionList()
		return c
	}
	p.expectPunct("(")
	if !p.isPunct(")") {
		for {
			c.Args = append(c.Args, p.parseExpression())
			if !p.gotPunct(",") {
				break
			}
		}
	}
	if len(c.Args) < bmin || len(c.Args) > bmax {
		if bmin == bmax {
			p.errorf(int(pos), "%s takes %d argument(s), found %d", name, bmin, len(c.Args))
		}
		p.errorf(int(pos), "%s takes %d to %d arguments, found %d", name, bmin, bmax, len(c.Args))
	}
	p.expectPunct(")")
	return c
}

func (p *parser) parseAggregate(name string) Expr {
	pos := Pos(p.tok.pos)
	if !p.aggAllowed {
		p.errorf(int(pos), "aggregate %s not allowed here", name)
	}
	if p.inAgg {
		p.errorf(int(pos), "aggregate %s inside another aggregate", name)
	}
	p.next()
	a := &Aggregate{Start: pos, Name: name}
	p.expectPunct("(")
	if p.gotWord("DISTINCT") {
		a.Distinct = true
	}
	if name == "COUNT" && p.gotPunct("*") {
		a.Star = true
		p.expectPunct(")")
		return a
	}
	p.inAgg = true
	a.Arg = p.parseExpression()
	p.inAgg = false
	if name == "GROUP_CONCAT" && p.gotPunct(";") {
		p.expectWord("SEPARATOR")
		p.expectPunct("=")
		if p.tok.kind != tokString {
			p.errorExpected("string after SEPARATOR =")
		}
		a.HasSeparator = true
		a.Separator = p.tok.val
		p.next()
	}
	p.expectPunct(")")
	return a
}
