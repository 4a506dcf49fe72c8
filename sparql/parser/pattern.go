package parser

import "github.com/ruche-lod/ruche/store/rdf"

// parseGroupPattern parses GroupGraphPattern: '{' (SubSelect | GroupGraphPatternSub) '}'.
func (p *parser) parseGroupPattern() *GroupPattern {
	p.enter()
	defer p.leave()
	g := &GroupPattern{Start: p.expectPunct("{")}
	p.newBGP()
	// Aggregates are not allowed inside a pattern, even one nested in a
	// projection expression (EXISTS).
	agg, inAgg := p.aggAllowed, p.inAgg
	p.aggAllowed, p.inAgg = false, false
	defer func() { p.aggAllowed, p.inAgg = agg, inAgg }()
	if p.isWord("SELECT") {
		sub := p.parseSubSelect()
		g.Elements = []Pattern{sub}
		p.expectPunct("}")
		p.newBGP()
		return g
	}
	scope := map[string]bool{} // variables in scope after the elements so far, for BIND
	for !p.isPunct("}") {
		if p.isTriplesStart() {
			b := &TriplesBlock{Start: Pos(p.tok.pos)}
			b.Triples = p.parseTriplesBlock()
			g.Elements = append(g.Elements, b)
			elementVars(b, scope)
			if p.isTriplesStart() {
				p.errorExpected("'.' between triple patterns")
			}
			continue
		}
		el := p.parseGraphPatternNotTriples()
		if el == nil {
			p.errorExpected("triple pattern, FILTER, OPTIONAL, UNION, MINUS, GRAPH, SERVICE, BIND, VALUES or '}'")
		}
		if b, ok := el.(*Bind); ok {
			p.checkBind(scope, b)
		}
		if _, isFilter := el.(*Filter); !isFilter {
			p.newBGP() // the next triples start a new basic graph pattern
		}
		g.Elements = append(g.Elements, el)
		elementVars(el, scope)
		p.gotPunct(".")
	}
	p.next()
	p.newBGP()
	return g
}

func (p *parser) parseSubSelect() *SubSelect {
	pos := Pos(p.tok.pos)
	q := &Query{Start: pos, Form: FormSelect, BaseIRI: p.base, Limit: -1, Offset: -1}
	q.Select = p.parseSelectClause()
	q.Where = p.parseWhereClause(true)
	p.parseSolutionModifier(q)
	if p.isWord("VALUES") {
		q.Values = p.parseValues()
	}
	p.checkSelect(q)
	return &SubSelect{Start: pos, Query: q}
}

// isTriplesStart reports whether the current token can start TriplesSameSubjectPath.
func (p *parser) isTriplesStart() bool {
	switch p.tok.kind {
	case tokVar, tokIRI, tokPName, tokBlank, tokString, tokInteger, tokDecimal, tokDouble:
		return true
	case tokPunct:
		return p.tok.val == "(" || p.tok.val == "["
	case tokWord:
		return p.isWord("true") || p.isWord("false")
	}
	return false
}

func (p *parser) parseGraphPatternNotTriples() Pattern {
	pos := Pos(p.tok.pos)
	switch {
	case p.isPunct("{"):
		first := p.parseGroupPattern()
		if !p.isWord("UNION") {
			return first
		}
		u := &Union{Start: pos, Alternatives: []*GroupPattern{first}}
		for p.gotWord("UNION") {
			u.Alternatives = append(u.Alternatives, p.parseGroupPattern())
		}
		return u
	case p.isWord("OPTIONAL"):
		p.next()
		return &Optional{Start: pos, Pattern: p.parseGroupPattern()}
	case p.isWord("MINUS"):
		p.next()
		return &Minus{Start: pos, Pattern: p.parseGroupPattern()}
	case p.isWord("GRAPH"):
		p.next()
		name := p.parseVarOrIRI()
		return &Graph{Start: pos, Name: name, Pattern: p.parseGroupPattern()}
	case p.isWord("SERVICE"):
		p.next()
		silent := p.gotWord("SILENT")
		name := p.parseVarOrIRI()
		return &Service{Start: pos, Silent: silent, Name: name, Pattern: p.parseGroupPattern()}
	case p.isWord("FILTER"):
		p.next()
		// A FILTER does not end the basic graph pattern around it, even
		// when it holds EXISTS patterns.
		bgp := p.bgp
		e := p.parseConstraint()
		p.bgp = bgp
		return &Filter{Start: pos, Expr: e}
	case p.isWord("BIND"):
		p.next()
		p.expectPunct("(")
		e := p.parseExpression()
		p.expectWord("AS")
		v := p.parseVar()
		p.expectPunct(")")
		return &Bind{Start: pos, Expr: e, Var: v}
	case p.isWord("VALUES"):
		return p.parseValues()
	}
	return nil
}

// parseTriplesBlock parses TriplesBlock: triples with paths, '.'-separated.
func (p *parser) parseTriplesBlock() []TriplePattern {
	var out []TriplePattern
	for {
		out = p.parseTriplesSameSubject(out, true, true)
		if !p.gotPunct(".") || !p.isTriplesStart() {
			return out
		}
	}
}

// parseTriplesTemplateBraced parses '{' TriplesTemplate? '}' (a CONSTRUCT
// template when template is set, else the pattern of CONSTRUCT WHERE).
func (p *parser) parseTriplesTemplateBraced(template bool) []TriplePattern {
	p.expectPunct("{")
	out := p.parseTriplesTemplate(nil, !template)
	p.expectPunct("}")
	return out
}

// parseTriplesTemplate parses TriplesTemplate? (no paths).
func (p *parser) parseTriplesTemplate(out []TriplePattern, scoped bool) []TriplePattern {
	for p.isTriplesStart() {
		out = p.parseTriplesSameSubject(out, false, scoped)
		if !p.gotPunct(".") {
			break
		}
	}
	return out
}

// parseTriplesSameSubject parses one subject with its property list and
// appends the triples; paths are allowed when paths is set, and blank node
// labels are checked against BGP scopes when scoped is set.
func (p *parser) parseTriplesSameSubject(out []TriplePattern, paths, scoped bool) []TriplePattern {
	if p.isPunct("[") || p.isPunct("(") {
		subj, isNil, out := p.parseTriplesNode(out, paths, scoped)
		if p.isVerbStart(paths) {
			return p.parsePropertyList(out, subj, paths, scoped)
		}
		if isNil {
			p.errorExpected("predicate")
		}
		return out
	}
	subj := p.parseVarOrTerm(scoped)
	if !p.isVerbStart(paths) {
		p.errorExpected("predicate")
	}
	return p.parsePropertyList(out, subj, paths, scoped)
}

func (p *parser) isVerbStart(paths bool) bool {
	switch p.tok.kind {
	case tokVar, tokIRI, tokPName:
		return true
	case tokWord:
		return p.tok.val == "a"
	case tokPunct:
		return paths && (p.tok.val == "^" || p.tok.val == "!" || p.tok.val == "(")
	}
	return false
}

// parsePropertyList parses PropertyListNotEmpty (or its path form) for subj.
func (p *parser) parsePropertyList(out []TriplePattern, subj Term, paths, scoped bool) []TriplePattern {
	for {
		ppos := Pos(p.tok.pos)
		var pred Term
		var path Path
		switch {
		case p.tok.kind == tokVar:
			pred = p.parseVar()
		case paths:
			path = p.parsePath()
			if l, ok := path.(*PathLink); ok {
				pred, path = l.IRI, nil
			}
		case p.tok.kind == tokWord && p.tok.val == "a":
			pred = Term{Start: ppos, Value: rdf.IRI(rdf.RDFType)}
			p.next()
		default:
			pred = p.parseIRI()
		}
		for {
			var obj Term
			out, obj = p.parseGraphNode(out, paths, scoped)
			out = append(out, TriplePattern{Start: subj.Start, Subject: subj, Predicate: pred, Path: path, Object: obj})
			if !p.gotPunct(",") {
				break
			}
		}
		if !p.isPunct(";") {
			return out
		}
		for p.gotPunct(";") {
		}
		if !p.isVerbStart(paths) {
			return out
		}
	}
}

// parseGraphNode parses an object: VarOrTerm or a TriplesNode, whose triples
// are appended before the returned term is used.
func (p *parser) parseGraphNode(out []TriplePattern, paths, scoped bool) ([]TriplePattern, Term) {
	if p.isPunct("[") || p.isPunct("(") {
		t, _, out := p.parseTriplesNode(out, paths, scoped)
		return out, t
	}
	return out, p.parseVarOrTerm(scoped)
}

// parseTriplesNode parses a collection, a blank node property list, `()` or
// `[]`. isNil reports `()` or `[]`, which are plain terms.
func (p *parser) parseTriplesNode(out []TriplePattern, paths, scoped bool) (Term, bool, []TriplePattern) {
	p.enter()
	defer p.leave()
	pos := Pos(p.tok.pos)
	if p.gotPunct("[") {
		b := p.newAnon(pos)
		if p.gotPunct("]") {
			// [] is a plain blank node, not a property list.
			return b, true, out
		}
		out = p.parsePropertyList(out, b, paths, scoped)
		p.expectPunct("]")
		return b, false, out
	}
	p.expectPunct("(")
	if p.gotPunct(")") {
		return Term{Start: pos, Value: rdf.IRI(rdf.RDFNil)}, true, out
	}
	var items []Term
	var spos []Pos
	for !p.isPunct(")") {
		spos = append(spos, Pos(p.tok.pos))
		var t Term
		out, t = p.parseGraphNode(out, paths, scoped)
		items = append(items, t)
	}
	p.next()
	head := p.newAnon(pos)
	cur := head
	for i, it := range items {
		out = append(out, TriplePattern{Start: spos[i], Subject: cur, Predicate: Term{Start: spos[i], Value: rdf.IRI(rdf.RDFFirst)}, Object: it})
		var rest Term
		if i == len(items)-1 {
			rest = Term{Start: spos[i], Value: rdf.IRI(rdf.RDFNil)}
		} else {
			rest = p.newAnon(spos[i+1])
		}
		out = append(out, TriplePattern{Start: spos[i], Subject: cur, Predicate: Term{Start: spos[i], Value: rdf.IRI(rdf.RDFRest)}, Object: rest})
		cur = rest
	}
	return head, false, out
}

// parseVarOrTerm parses Var | GraphTerm (NIL and [] are handled by the caller).
func (p *parser) parseVarOrTerm(scoped bool) Term {
	switch p.tok.kind {
	case tokVar:
		return p.parseVar()
	case tokIRI, tokPName:
		return p.parseIRI()
	case tokBlank:
		return p.parseBlankLabel(scoped)
	case tokString:
		return p.parseRDFLiteral()
	case tokInteger, tokDecimal, tokDouble:
		return p.parseNumber()
	case tokWord:
		if p.isWord("true") || p.isWord("false") {
			return p.parseBoolean()
		}
	}
	p.errorExpected("variable or RDF term")
	return Term{}
}

// ---- property paths ----

func (p *parser) parsePath() Path {
	p.enter()
	defer p.leave()
	base, hw := p.startChain()
	defer p.endChain(base, hw)
	starts := []Pos{Pos(p.tok.pos)}
	xs := []Path{p.parsePathSequence()}
	for p.gotPunct("|") {
		starts = append(starts, Pos(p.tok.pos))
		xs = append(xs, p.parsePathSequence())
	}
	p.balancedLevels(len(xs))
	return balancedPath(true, xs, starts)
}

func (p *parser) parsePathSequence() Path {
	base, hw := p.startChain()
	defer p.endChain(base, hw)
	starts := []Pos{Pos(p.tok.pos)}
	xs := []Path{p.parsePathEltOrInverse()}
	for p.gotPunct("/") {
		starts = append(starts, Pos(p.tok.pos))
		xs = append(xs, p.parsePathEltOrInverse())
	}
	p.balancedLevels(len(xs))
	return balancedPath(false, xs, starts)
}

// balancedPath joins xs into a balanced tree of alternatives (alt) or
// sequences: both are associative, and the tree stays shallow.
func balancedPath(alt bool, xs []Path, starts []Pos) Path {
	if len(xs) == 1 {
		return xs[0]
	}
	m := (len(xs) + 1) / 2
	l, r := balancedPath(alt, xs[:m], starts[:m]), balancedPath(alt, xs[m:], starts[m:])
	if alt {
		return &PathAlt{Start: starts[0], Left: l, Right: r}
	}
	return &PathSeq{Start: starts[0], Left: l, Right: r}
}

func (p *parser) parsePathEltOrInverse() Path {
	pos := Pos(p.tok.pos)
	if p.gotPunct("^") {
		return &PathInverse{Start: pos, Path: p.parsePathElt()}
	}
	return p.parsePathElt()
}

func (p *parser) parsePathElt() Path {
	pos := Pos(p.tok.pos)
	prim := p.parsePathPrimary()
	switch {
	case p.gotPunct("?"):
		return &PathZeroOrOne{Start: pos, Path: prim}
	case p.gotPunct("*"):
		return &PathZeroOrMore{Start: pos, Path: prim}
	case p.gotPunct("+"):
		return &PathOneOrMore{Start: pos, Path: prim}
	}
	return prim
}

func (p *parser) parsePathPrimary() Path {
	pos := Pos(p.tok.pos)
	switch {
	case p.tok.kind == tokWord && p.tok.val == "a":
		p.next()
		return &PathLink{IRI: Term{Start: pos, Value: rdf.IRI(rdf.RDFType)}}
	case p.tok.kind == tokIRI || p.tok.kind == tokPName:
		return &PathLink{IRI: p.parseIRI()}
	case p.gotPunct("!"):
		ns := &PathNegatedSet{Start: pos}
		if p.gotPunct("(") {
			if !p.isPunct(")") {
				for {
					ns.Items = append(ns.Items, p.parsePathOneInPropertySet())
					if !p.gotPunct("|") {
						break
					}
				}
			}
			p.expectPunct(")")
		} else {
			ns.Items = append(ns.Items, p.parsePathOneInPropertySet())
		}
		return ns
	case p.gotPunct("("):
		path := p.parsePath()
		p.expectPunct(")")
		return path
	}
	p.errorExpected("property path")
	return nil
}

func (p *parser) parsePathOneInPropertySet() NegatedItem {
	inv := p.gotPunct("^")
	pos := Pos(p.tok.pos)
	if p.tok.kind == tokWord && p.tok.val == "a" {
		p.next()
		return NegatedItem{Inverse: inv, IRI: Term{Start: pos, Value: rdf.IRI(rdf.RDFType)}}
	}
	if p.tok.kind != tokIRI && p.tok.kind != tokPName {
		p.errorExpected("IRI or 'a' in negated property set")
	}
	return NegatedItem{Inverse: inv, IRI: p.parseIRI()}
}

// newBGP starts a new basic graph pattern for blank node label scoping.
func (p *parser) newBGP() {
	p.bgpSeq++
	p.bgp = p.bgpSeq
}
