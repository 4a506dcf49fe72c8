package parser

import "strings"

// builtin describes the arguments of a built-in function: min and max
// argument counts (max -1: any number, as an ExpressionList).
type builtin struct{ min, max int }

var builtins = map[string]builtin{
	"STR": {1, 1}, "LANG": {1, 1}, "LANGMATCHES": {2, 2}, "DATATYPE": {1, 1},
	"BOUND": {1, 1}, "IRI": {1, 1}, "URI": {1, 1}, "BNODE": {0, 1}, "RAND": {0, 0},
	"ABS": {1, 1}, "CEIL": {1, 1}, "FLOOR": {1, 1}, "ROUND": {1, 1}, "CONCAT": {0, -1},
	"SUBSTR": {2, 3}, "STRLEN": {1, 1}, "REPLACE": {3, 4}, "UCASE": {1, 1}, "LCASE": {1, 1},
	"ENCODE_FOR_URI": {1, 1}, "CONTAINS": {2, 2}, "STRSTARTS": {2, 2}, "STRENDS": {2, 2},
	"STRBEFORE": {2, 2}, "STRAFTER": {2, 2}, "YEAR": {1, 1}, "MONTH": {1, 1}, "DAY": {1, 1},
	"HOURS": {1, 1}, "MINUTES": {1, 1}, "SECONDS": {1, 1}, "TIMEZONE": {1, 1}, "TZ": {1, 1},
	"NOW": {0, 0}, "UUID": {0, 0}, "STRUUID": {0, 0}, "MD5": {1, 1}, "SHA1": {1, 1},
	"SHA256": {1, 1}, "SHA384": {1, 1}, "SHA512": {1, 1}, "COALESCE": {0, -1}, "IF": {3, 3},
	"STRLANG": {2, 2}, "STRDT": {2, 2}, "SAMETERM": {2, 2}, "ISIRI": {1, 1}, "ISURI": {1, 1},
	"ISBLANK": {1, 1}, "ISLITERAL": {1, 1}, "ISNUMERIC": {1, 1}, "REGEX": {2, 3},
}

var aggregates = map[string]bool{
	"COUNT": true, "SUM": true, "MIN": true, "MAX": true, "AVG": true, "SAMPLE": true, "GROUP_CONCAT": true,
}

// isBuiltin reports whether the current word starts a BuiltInCall.
func (p *parser) isBuiltin() bool {
	if p.tok.kind != tokWord {
		return false
	}
	name := strings.ToUpper(p.tok.val)
	_, ok := builtins[name]
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
	b := builtins[name]
	p.next()
	c := &Call{Start: pos, Name: name}
	switch {
	case name == "BOUND":
		p.expectPunct("(")
		c.Args = []Expr{&TermExpr{Term: p.parseVar()}}
		p.expectPunct(")")
		return c
	case b.max < 0:
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
	if len(c.Args) < b.min || len(c.Args) > b.max {
		if b.min == b.max {
			p.errorf(int(pos), "%s takes %d argument(s), found %d", name, b.min, len(c.Args))
		}
		p.errorf(int(pos), "%s takes %d to %d arguments, found %d", name, b.min, b.max, len(c.Args))
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
