package parser

// checkQuery applies the static rules of SPARQL 1.1 to a whole query.
func (p *parser) checkQuery(q *Query) {
	if q.Form == FormSelect {
		p.checkSelect(q)
	}
}

// checkSelect applies the projection and grouping rules to a SELECT query
// or subquery (spec §18.2.4.1 and §19.8 notes).
func (p *parser) checkSelect(q *Query) {}
