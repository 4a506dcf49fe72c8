package parser

import "github.com/ruche-lod/ruche/store/rdf"

// parseUpdate parses Update ::= Prologue ( Update1 ( ';' Update )? )?.
func (p *parser) parseUpdate() *Update {
	u := &Update{Start: Pos(p.tok.pos), BaseIRI: p.base}
	for {
		decls := p.parsePrologue()
		if p.tok.kind == tokEOF {
			if len(decls) > 0 || len(u.Operations) == 0 {
				u.Operations = append(u.Operations, Operation{Prologue: decls})
			}
			return u
		}
		op := p.parseUpdate1()
		u.Operations = append(u.Operations, Operation{Prologue: decls, Op: op})
		if p.tok.kind == tokEOF {
			return u
		}
		if !p.isPunct(";") {
			p.errorExpected("';' or end of input")
		}
		p.next()
		if p.tok.kind == tokEOF {
			return u
		}
	}
}

func (p *parser) parseUpdate1() UpdateOp {
	pos := Pos(p.tok.pos)
	switch {
	case p.isWord("LOAD"):
		p.next()
		l := &Load{Start: pos, Silent: p.gotWord("SILENT")}
		l.Source = p.parseIRI()
		if p.gotWord("INTO") {
			p.expectWord("GRAPH")
			l.Into = p.parseIRI()
		}
		return l
	case p.isWord("CLEAR"):
		p.next()
		silent := p.gotWord("SILENT")
		return &Clear{Start: pos, Silent: silent, Target: p.parseGraphRefAll()}
	case p.isWord("DROP"):
		p.next()
		silent := p.gotWord("SILENT")
		return &Drop{Start: pos, Silent: silent, Target: p.parseGraphRefAll()}
	case p.isWord("CREATE"):
		p.next()
		silent := p.gotWord("SILENT")
		p.expectWord("GRAPH")
		return &Create{Start: pos, Silent: silent, Graph: p.parseIRI()}
	case p.isWord("ADD"), p.isWord("MOVE"), p.isWord("COPY"):
		kind := TransferAdd
		if p.isWord("MOVE") {
			kind = TransferMove
		} else if p.isWord("COPY") {
			kind = TransferCopy
		}
		p.next()
		t := &Transfer{Start: pos, Kind: kind, Silent: p.gotWord("SILENT")}
		t.From = p.parseGraphOrDefault()
		p.expectWord("TO")
		t.To = p.parseGraphOrDefault()
		return t
	case p.isWord("INSERT"):
		p.next()
		if p.gotWord("DATA") {
			p.newBGP()
			return &InsertData{Start: pos, Quads: p.parseQuads(quadData, true)}
		}
		return p.parseModify(pos, Term{}, true)
	case p.isWord("DELETE"):
		p.next()
		if p.gotWord("DATA") {
			return &DeleteData{Start: pos, Quads: p.parseQuads(quadData|quadNoBlank, false)}
		}
		if p.gotWord("WHERE") {
			p.newBGP()
			return &DeleteWhere{Start: pos, Quads: p.parseQuads(quadNoBlank, true)}
		}
		return p.parseModify(pos, Term{}, false)
	case p.isWord("WITH"):
		p.next()
		with := p.parseIRI()
		switch {
		case p.gotWord("INSERT"):
			return p.parseModify(pos, with, true)
		case p.gotWord("DELETE"):
			return p.parseModify(pos, with, false)
		}
		p.errorExpected("DELETE or INSERT after WITH")
	}
	p.errorExpected("update operation")
	return nil
}

// parseModify parses the rest of a Modify after DELETE or INSERT.
func (p *parser) parseModify(pos Pos, with Term, insertFirst bool) *Modify {
	m := &Modify{Start: pos, With: with}
	if !insertFirst {
		m.HasDelete = true
		m.Delete = p.parseQuads(quadNoBlank, false)
		if p.gotWord("INSERT") {
			insertFirst = true
		}
	}
	if insertFirst {
		m.HasInsert = true
		m.Insert = p.parseQuads(0, false)
	}
	for p.isWord("USING") {
		upos := Pos(p.tok.pos)
		p.next()
		named := p.gotWord("NAMED")
		m.Using = append(m.Using, DatasetClause{Start: upos, Named: named, IRI: p.parseIRI()})
	}
	m.Where = p.parseWhereClause(false)
	return m
}

func (p *parser) parseGraphRefAll() GraphRef {
	switch {
	case p.gotWord("DEFAULT"):
		return GraphRef{Kind: GraphRefDefault}
	case p.gotWord("NAMED"):
		return GraphRef{Kind: GraphRefNamed}
	case p.gotWord("ALL"):
		return GraphRef{Kind: GraphRefAll}
	case p.gotWord("GRAPH"):
		return GraphRef{Kind: GraphRefIRI, IRI: p.parseIRI()}
	}
	p.errorExpected("GRAPH, DEFAULT, NAMED or ALL")
	return GraphRef{}
}

func (p *parser) parseGraphOrDefault() Term {
	if p.gotWord("DEFAULT") {
		return Term{}
	}
	p.gotWord("GRAPH")
	return p.parseIRI()
}

// Flags for parseQuads.
const (
	quadData    = 1 << iota // no variables (QuadData)
	quadNoBlank             // no blank nodes (DELETE)
)

// parseQuads parses '{' Quads '}' and checks the flags. scoped tells
// whether blank node labels follow BGP scoping (INSERT DATA, DELETE WHERE).
func (p *parser) parseQuads(flags int, scoped bool) []QuadPattern {
	p.expectPunct("{")
	var out []QuadPattern
	add := func(g Term, ts []TriplePattern) {
		for _, t := range ts {
			out = append(out, QuadPattern{Graph: g, TriplePattern: t})
		}
	}
	add(Term{}, p.parseTriplesTemplate(nil, scoped))
	for p.isWord("GRAPH") {
		p.next()
		g := p.parseVarOrIRI()
		p.expectPunct("{")
		add(g, p.parseTriplesTemplate(nil, scoped))
		p.expectPunct("}")
		p.gotPunct(".")
		add(Term{}, p.parseTriplesTemplate(nil, scoped))
	}
	p.expectPunct("}")
	for _, q := range out {
		for _, t := range []Term{q.Graph, q.Subject, q.Predicate, q.Object} {
			if flags&quadData != 0 && t.IsVar() {
				p.errorf(int(t.Start), "variable ?%s not allowed in data", t.Var)
			}
			if flags&quadNoBlank != 0 && t.Value.Kind == rdf.KindBlank {
				p.errorf(int(t.Start), "blank node not allowed in DELETE")
			}
		}
	}
	return out
}
