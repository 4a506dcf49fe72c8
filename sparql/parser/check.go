package parser

// checkQuery applies the static rules of SPARQL 1.1 to a whole query.
func (p *parser) checkQuery(q *Query) {
	if q.Form == FormSelect {
		p.checkSelect(q)
	}
}

// checkSelect applies the projection and grouping rules to a SELECT query
// or subquery (spec §18.2.1 and §18.2.4.1):
//   - SELECT * is not allowed in a grouped query;
//   - in a grouped query, a projected variable, and a variable used outside
//     an aggregate in a projection expression, must be a grouping variable
//     (or an alias projected before it);
//   - the variable of (expr AS ?v) must not be in scope (in the WHERE
//     pattern, or among the grouping variables of a grouped query) nor
//     projected before.
func (p *parser) checkSelect(q *Query) {
	s := q.Select
	grouped := len(q.GroupBy) > 0
	for _, it := range s.Items {
		if it.Expr != nil && hasAggregate(it.Expr) {
			grouped = true
		}
	}
	for _, e := range q.Having {
		if hasAggregate(e) {
			grouped = true
		}
	}
	if grouped && s.Star {
		p.errorf(int(s.Start), "SELECT * not allowed with GROUP BY or aggregates")
	}
	groupVars := map[string]bool{}
	for _, g := range q.GroupBy {
		if g.Var.IsVar() {
			groupVars[g.Var.Var] = true
		} else if te, ok := g.Expr.(*TermExpr); ok && te.Term.IsVar() {
			groupVars[te.Term.Var] = true
		}
	}
	// In a grouped query only the grouping variables are in scope after
	// grouping (the reading SPARQL 1.2 makes explicit: sparql12/syntax
	// group-by-scope-*).
	inScope := groupVars
	if !grouped {
		inScope = map[string]bool{}
		if q.Where != nil {
			patternVars(q.Where, inScope)
		}
	}
	projected := map[string]bool{}
	for _, it := range s.Items {
		if it.Expr == nil {
			if grouped && !groupVars[it.Var.Var] {
				p.errorf(int(it.Var.Start), "variable ?%s in SELECT is not a GROUP BY variable", it.Var.Var)
			}
			projected[it.Var.Var] = true
			continue
		}
		if grouped {
			for _, v := range exprVarsOutsideAggregates(it.Expr, nil) {
				if !groupVars[v.Var] && !projected[v.Var] {
					p.errorf(int(v.Start), "variable ?%s used in SELECT expression is not a GROUP BY variable", v.Var)
				}
			}
		}
		if inScope[it.Var.Var] {
			p.errorf(int(it.Var.Start), "variable ?%s of AS is already in scope", it.Var.Var)
		}
		if projected[it.Var.Var] {
			p.errorf(int(it.Var.Start), "variable ?%s projected twice", it.Var.Var)
		}
		projected[it.Var.Var] = true
	}
}

// checkBind reports an error when the variable of a BIND is in scope in
// the elements of the group before it, whose variables scope holds.
func (p *parser) checkBind(scope map[string]bool, b *Bind) {
	if scope[b.Var.Var] {
		p.errorf(int(b.Var.Start), "variable ?%s of BIND is already in scope", b.Var.Var)
	}
}

// hasAggregate reports whether e contains an aggregate (not looking into
// EXISTS patterns, whose subqueries are separate scopes).
func hasAggregate(e Expr) bool {
	switch e := e.(type) {
	case *Aggregate:
		return true
	case *Unary:
		return hasAggregate(e.X)
	case *Binary:
		return hasAggregate(e.X) || hasAggregate(e.Y)
	case *In:
		if hasAggregate(e.X) {
			return true
		}
		for _, a := range e.List {
			if hasAggregate(a) {
				return true
			}
		}
	case *Call:
		for _, a := range e.Args {
			if hasAggregate(a) {
				return true
			}
		}
	case *FuncCall:
		for _, a := range e.Args {
			if hasAggregate(a) {
				return true
			}
		}
	}
	return false
}

// exprVarsOutsideAggregates appends the variables of e that are not inside
// an aggregate or an EXISTS pattern.
func exprVarsOutsideAggregates(e Expr, out []Term) []Term {
	switch e := e.(type) {
	case *TermExpr:
		if e.Term.IsVar() {
			out = append(out, e.Term)
		}
	case *Unary:
		out = exprVarsOutsideAggregates(e.X, out)
	case *Binary:
		out = exprVarsOutsideAggregates(e.X, out)
		out = exprVarsOutsideAggregates(e.Y, out)
	case *In:
		out = exprVarsOutsideAggregates(e.X, out)
		for _, a := range e.List {
			out = exprVarsOutsideAggregates(a, out)
		}
	case *Call:
		for _, a := range e.Args {
			out = exprVarsOutsideAggregates(a, out)
		}
	case *FuncCall:
		for _, a := range e.Args {
			out = exprVarsOutsideAggregates(a, out)
		}
	}
	return out
}

// patternVars adds the in-scope variables of a group (spec §18.2.1).
func patternVars(g *GroupPattern, vars map[string]bool) {
	for _, el := range g.Elements {
		elementVars(el, vars)
	}
}

func addVar(t Term, vars map[string]bool) {
	if t.IsVar() {
		vars[t.Var] = true
	}
}

// elementVars adds the in-scope variables of one group element.
func elementVars(el Pattern, vars map[string]bool) {
	switch el := el.(type) {
	case *GroupPattern:
		patternVars(el, vars)
	case *TriplesBlock:
		for _, t := range el.Triples {
			addVar(t.Subject, vars)
			addVar(t.Predicate, vars)
			addVar(t.Object, vars)
		}
	case *Optional:
		patternVars(el.Pattern, vars)
	case *Union:
		for _, a := range el.Alternatives {
			patternVars(a, vars)
		}
	case *Graph:
		addVar(el.Name, vars)
		patternVars(el.Pattern, vars)
	case *Service:
		addVar(el.Name, vars)
		patternVars(el.Pattern, vars)
	case *Bind:
		addVar(el.Var, vars)
	case *Values:
		for _, v := range el.Vars {
			addVar(v, vars)
		}
	case *SubSelect:
		q := el.Query
		if q.Select.Star {
			patternVars(q.Where, vars)
		}
		for _, it := range q.Select.Items {
			addVar(it.Var, vars)
		}
	}
	// Filter and Minus bring no variable into scope.
}
