package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ruche-lod/ruche/store/rdf"
)

const ex = "http://example.org/"

func mustQuery(t *testing.T, src string) *Query {
	t.Helper()
	q, err := ParseQuery(src, Options{BaseIRI: ex})
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", src, err)
	}
	return q
}

// firstTriples returns the triples of the first triples block of the WHERE clause.
func firstTriples(t *testing.T, q *Query) []TriplePattern {
	t.Helper()
	for _, el := range q.Where.Elements {
		if b, ok := el.(*TriplesBlock); ok {
			return b.Triples
		}
	}
	t.Fatalf("no triples block in %s", q)
	return nil
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name string
		obj  string // object of ?s ?p <obj>
		want rdf.Term
	}{
		{"integer", "42", rdf.Literal("42", rdf.XSDInteger)},
		{"negative integer", "-42", rdf.Literal("-42", rdf.XSDInteger)},
		{"decimal", "4.20", rdf.Literal("4.20", rdf.XSDDecimal)},
		{"leading dot decimal", ".5", rdf.Literal(".5", rdf.XSDDecimal)},
		{"double", "1e10", rdf.Literal("1e10", rdf.XSDDouble)},
		{"double with dot", "+1.E-3", rdf.Literal("+1.E-3", rdf.XSDDouble)},
		{"boolean", "true", rdf.Literal("true", rdf.XSDBoolean)},
		{"string", `"a\tb\u00e9"`, rdf.String("a\tbé")},
		{"long string", `'''x''y'''`, rdf.String("x''y")},
		{"long string ending with quotes", `"""x"" """`, rdf.String(`x"" `)},
		{"lang string", `"chat"@fr-BE`, rdf.LangString("chat", "fr-BE")},
		{"typed literal", `"5"^^<http://www.w3.org/2001/XMLSchema#int>`, rdf.Literal("5", rdf.XSDNS+"int")},
		{"prefixed name", "ex:a", rdf.IRI(ex + "a")},
		{"prefixed name with escapes", `ex:a\.b%20`, rdf.IRI(ex + "a.b%20")},
		{"empty prefix", ":x", rdf.IRI("http://empty/x")},
		{"relative IRI", "<../z>", rdf.IRI("http://example.org/z")},
		{"IRI with escape", `<http://x/\u00E9>`, rdf.IRI("http://x/é")},
		{"blank label", "_:b1", rdf.Blank("b1")},
		{"anonymous blank", "[]", rdf.Blank("_g0")},
		{"nil", "()", rdf.IRI(rdf.RDFNil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "PREFIX ex: <" + ex + "> PREFIX : <http://empty/> BASE <http://example.org/a/b> SELECT * { ?s ?p " + tc.obj + " }"
			tr := firstTriples(t, mustQuery(t, src))
			if got := tr[0].Object.Value; got != tc.want {
				t.Errorf("object = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestTriplesAbbreviations(t *testing.T) {
	q := mustQuery(t, `SELECT * { ?s a <c> ; <p> 1, 2 ; . [ <q> ?o ] <r> (1 ?x) }`)
	type spo struct{ s, p, o string }
	var got []spo
	for _, tr := range firstTriples(t, q) {
		got = append(got, spo{tr.Subject.String(), tr.Predicate.String(), tr.Object.String()})
	}
	want := []spo{
		{"?s", "<" + rdf.RDFType + ">", "<" + ex + "c>"},
		{"?s", "<" + ex + "p>", "1"},
		{"?s", "<" + ex + "p>", "2"},
		{"_:_g0", "<" + ex + "q>", "?o"},
		{"_:_g1", "<" + rdf.RDFFirst + ">", "1"},
		{"_:_g1", "<" + rdf.RDFRest + ">", "_:_g2"},
		{"_:_g2", "<" + rdf.RDFFirst + ">", "?x"},
		{"_:_g2", "<" + rdf.RDFRest + ">", "<" + rdf.RDFNil + ">"},
		{"_:_g0", "<" + ex + "r>", "_:_g1"},
	}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(spo{})); d != "" {
		t.Errorf("triples (-want +got):\n%s", d)
	}
}

func TestPaths(t *testing.T) {
	tests := []struct {
		path string
		want string // printed form
	}{
		{"<a>", ""}, // a plain IRI is a predicate, not a path
		{"^<a>", "^(<http://example.org/a>)"},
		{"<a>/<b>|<c>", "((<http://example.org/a> / <http://example.org/b>) | <http://example.org/c>)"},
		{"<a>*/<b>+/<c>?", "(((<http://example.org/a>)* / (<http://example.org/b>)+) / (<http://example.org/c>)?)"},
		{"!(a|^<b>)", "!(<" + rdf.RDFType + "> | ^<http://example.org/b>)"},
		{"!^<b>", "!(^<http://example.org/b>)"},
		{"(<a>)", ""},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			tr := firstTriples(t, mustQuery(t, "SELECT * { ?s "+tc.path+" ?o }"))[0]
			if tc.want == "" {
				if tr.Path != nil || tr.Predicate.Value.Kind != rdf.KindIRI {
					t.Errorf("want a plain predicate, got path %#v", tr.Path)
				}
				return
			}
			pr := newPrinter()
			pr.path(tr.Path)
			if got := pr.b.String(); got != tc.want {
				t.Errorf("path = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestExpressions(t *testing.T) {
	tests := []struct {
		expr, want string
	}{
		{"?a -1", "(?a - 1)"},
		{"?a +2*3", "(?a + (2 * 3))"},
		{"?a - -1", "(?a - -1)"},
		{"-?a", "-(?a)"},
		{"1 + 2 * 3 - 4", "((1 + (2 * 3)) - 4)"},
		{"?a || ?b && !?c", "(?a || (?b && !(?c)))"},
		{"?a NOT IN (1, 2)", "(?a NOT IN (1, 2))"},
		{"?x IN ()", "(?x IN ())"},
		{"regex(str(?x), 'a', \"i\")", `REGEX(STR(?x), "a", "i")`},
		{"isIRI(?x) && bound(?y)", "(ISIRI(?x) && BOUND(?y))"},
		{"<f>(DISTINCT ?x, 1)", "<http://example.org/f>(DISTINCT ?x, 1)"},
		{"NOT EXISTS { ?s ?p ?o }", "NOT EXISTS {\n  ?s ?p ?o .\n}"},
		{"concat()", "CONCAT()"},
		{"now() < ?d", "(NOW() < ?d)"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			q := mustQuery(t, "SELECT * { FILTER("+tc.expr+") }")
			pr := newPrinter()
			pr.expr(q.Where.Elements[0].(*Filter).Expr)
			if got := pr.b.String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestQueryShapes(t *testing.T) {
	q := mustQuery(t, `SELECT DISTINCT ?g (COUNT(DISTINCT ?x) AS ?n) (GROUP_CONCAT(?x; separator=", ") AS ?all)
		FROM <d> FROM NAMED <n>
		WHERE { GRAPH ?g { ?x <p> ?y } OPTIONAL { ?y <q> ?z } MINUS { ?x <r> 1 } BIND(1 AS ?one) VALUES ?v { 1 UNDEF } }
		GROUP BY ?g HAVING (COUNT(*) > 1) ORDER BY DESC(?n) ?g LIMIT 10 OFFSET 5 VALUES (?g) { (<g1>) }`)
	if !q.Select.Distinct || len(q.Select.Items) != 3 || len(q.Dataset) != 2 || !q.Dataset[1].Named {
		t.Errorf("select/dataset: %+v %+v", q.Select, q.Dataset)
	}
	agg := q.Select.Items[1].Expr.(*Aggregate)
	if agg.Name != "COUNT" || !agg.Distinct {
		t.Errorf("aggregate = %+v", agg)
	}
	gc := q.Select.Items[2].Expr.(*Aggregate)
	if gc.Name != "GROUP_CONCAT" || !gc.HasSeparator || gc.Separator != ", " {
		t.Errorf("group_concat = %+v", gc)
	}
	var kinds []string
	for _, el := range q.Where.Elements {
		kinds = append(kinds, strings.TrimPrefix(strings.Split(strings.TrimPrefix(typeName(el), "*parser."), "{")[0], ""))
	}
	if d := cmp.Diff([]string{"Graph", "Optional", "Minus", "Bind", "Values"}, kinds); d != "" {
		t.Errorf("elements (-want +got):\n%s", d)
	}
	if v := q.Where.Elements[4].(*Values); len(v.Rows) != 2 || !v.Rows[1][0].IsUndef() {
		t.Errorf("values = %+v", v)
	}
	if q.Limit != 10 || q.Offset != 5 || len(q.OrderBy) != 2 || !q.OrderBy[0].Desc || len(q.Having) != 1 || q.Values == nil {
		t.Errorf("modifiers: limit %d offset %d order %+v having %+v values %+v", q.Limit, q.Offset, q.OrderBy, q.Having, q.Values)
	}
}

func typeName(p Pattern) string {
	switch p.(type) {
	case *Graph:
		return "Graph"
	case *Optional:
		return "Optional"
	case *Minus:
		return "Minus"
	case *Bind:
		return "Bind"
	case *Values:
		return "Values"
	case *TriplesBlock:
		return "TriplesBlock"
	case *Filter:
		return "Filter"
	case *Union:
		return "Union"
	case *SubSelect:
		return "SubSelect"
	case *GroupPattern:
		return "GroupPattern"
	case *Service:
		return "Service"
	}
	return "?"
}

func TestForms(t *testing.T) {
	tests := []struct {
		src  string
		form Form
	}{
		{"ASK { }", FormAsk},
		{"DESCRIBE <x> ?y", FormDescribe},
		{"DESCRIBE * WHERE { ?s ?p ?o }", FormDescribe},
		{"CONSTRUCT { ?s <p> [] } WHERE { ?s ?p ?o }", FormConstruct},
		{"CONSTRUCT WHERE { ?s <p> ?o }", FormConstruct},
		{"select * {}", FormSelect},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			q := mustQuery(t, tc.src)
			if q.Form != tc.form {
				t.Errorf("form = %v, want %v", q.Form, tc.form)
			}
			if q.Form == FormConstruct && len(q.Template) != 1 {
				t.Errorf("template = %+v", q.Template)
			}
		})
	}
}

func TestUpdate(t *testing.T) {
	src := `PREFIX ex: <http://example.org/>
		INSERT DATA { ex:a ex:p 1 GRAPH ex:g { ex:b ex:p _:x } } ;
		WITH ex:g DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } USING ex:d WHERE { ?s ex:p ?o } ;
		DELETE WHERE { ?s ?p ?o } ;
		LOAD SILENT <http://x/> INTO GRAPH ex:g ; CLEAR ALL ; DROP GRAPH ex:g ; CREATE GRAPH ex:h ;
		ADD DEFAULT TO ex:g ; MOVE GRAPH ex:g TO DEFAULT ; COPY ex:g TO ex:h`
	u, err := ParseUpdate(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Operations) != 10 {
		t.Fatalf("%d operations, want 10", len(u.Operations))
	}
	ins := u.Operations[0].Op.(*InsertData)
	if len(ins.Quads) != 2 || ins.Quads[1].Graph.Value != rdf.IRI(ex+"g") || !ins.Quads[0].Graph.IsUndef() {
		t.Errorf("insert data = %+v", ins.Quads)
	}
	m := u.Operations[1].Op.(*Modify)
	if !m.HasDelete || !m.HasInsert || m.With.Value != rdf.IRI(ex+"g") || len(m.Using) != 1 {
		t.Errorf("modify = %+v", m)
	}
	if tr := u.Operations[9].Op.(*Transfer); tr.Kind != TransferCopy || tr.From.Value != rdf.IRI(ex+"g") {
		t.Errorf("copy = %+v", tr)
	}
	if mv := u.Operations[8].Op.(*Transfer); !mv.To.IsUndef() {
		t.Errorf("move to default = %+v", mv)
	}
	again, err := ParseUpdate(u.String(), Options{})
	if err != nil {
		t.Fatalf("reparse: %v\n%s", err, u)
	}
	if d := cmp.Diff(u, again, astCmp); d != "" {
		t.Errorf("round trip (-orig +again):\n%s", d)
	}
}

func TestOptionsPrefixes(t *testing.T) {
	q, err := ParseQuery("SELECT * { ?s foaf:name ?n }", Options{Prefixes: map[string]string{"foaf": "http://xmlns.com/foaf/0.1/"}})
	if err != nil {
		t.Fatal(err)
	}
	if p := firstTriples(t, q)[0].Predicate; p.Value.Value != "http://xmlns.com/foaf/0.1/name" || p.Spelling != "foaf:name" {
		t.Errorf("predicate = %+v", p)
	}
	// Undeclared in the printed prologue, the name prints as a full IRI.
	if !strings.Contains(q.String(), "<http://xmlns.com/foaf/0.1/name>") {
		t.Errorf("printed: %s", q)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		msg       string
	}{
		{"missing brace", "SELECT * { ?s ?p ?o", 1, 20, "or '}', found end of input"},
		{"bad form", "SELEC * {}", 1, 1, "expected SELECT, CONSTRUCT, DESCRIBE or ASK, found 'SELEC'"},
		{"column in code points", "SELECT * { \"é\" ?p ?o . ?s ?p }", 1, 30, "expected variable or RDF term, found '}'"},
		{"second line", "SELECT *\nWHERE { ?s ?p ?o ?x ?y ?z }", 2, 18, "expected '.' between triple patterns"},
		{"undefined prefix", "SELECT * { ?s ex:p ?o }", 1, 15, `undefined prefix "ex:"`},
		{"relative IRI without base", "SELECT * { ?s <p> ?o }", 1, 15, "relative IRI <p> with no base IRI"},
		{"unterminated string", "SELECT * { ?s ?p 'abc }", 1, 18, "unterminated string"},
		{"bad escape", `SELECT * { ?s ?p "\q" }`, 1, 19, `invalid escape \q`},
		{"aggregate in filter", "SELECT * { FILTER(COUNT(?x) > 1) }", 1, 19, "aggregate COUNT not allowed here"},
		{"nested aggregate", "SELECT (SUM(COUNT(?x)) AS ?c) {}", 1, 13, "inside another aggregate"},
		{"ungrouped variable", "SELECT ?o { ?s ?p ?o } GROUP BY ?s", 1, 8, "?o in SELECT is not a GROUP BY variable"},
		{"AS reuses a group key", "SELECT (1 AS ?z) {} GROUP BY (2 AS ?z)", 1, 14, "?z of AS is already in scope"},
		{"BIND scope", "SELECT * { ?s ?p ?o BIND(1 AS ?o) }", 1, 31, "?o of BIND is already in scope"},
		{"VALUES arity", "SELECT * { VALUES (?a ?b) { (1) } }", 1, 29, "VALUES row has 1 values, want 2"},
		{"blank label reuse", "SELECT * { _:a ?p ?o OPTIONAL { _:a ?q ?r } }", 1, 33, "blank node label _:a used in two basic graph patterns"},
		{"arity", "SELECT * { FILTER(STR(?a, ?b)) }", 1, 19, "STR takes 1 argument(s), found 2"},
		{"trailing garbage", "ASK {} }", 1, 8, "expected end of input, found '}'"},
		{"bad character", "ASK { ~ }", 1, 7, "unexpected character '~'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseQuery(tc.src, Options{})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v (%T), want *SyntaxError", err, err)
			}
			if se.Line != tc.line || se.Column != tc.col || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", se.Line, se.Column, se.Msg, tc.line, tc.col, tc.msg)
			}
			if want := fmt.Sprintf("%d:%d: %s", tc.line, tc.col, se.Msg); se.Error() != want {
				t.Errorf("Error() = %q, want %q", se.Error(), want)
			}
		})
	}
}

func TestUpdateErrors(t *testing.T) {
	tests := []struct{ src, msg string }{
		{"DELETE DATA { ?s <p> <o> }", "variable ?s not allowed in data"},
		{"DELETE DATA { _:a <p> <o> }", "blank node not allowed in DELETE"},
		{"DELETE { [] <p> <o> } WHERE {}", "blank node not allowed in DELETE"},
		{"INSERT DATA { _:a <p> <o> } ; INSERT DATA { _:a <p> <o> }", "used in two basic graph patterns"},
		{"LOAD <a> LOAD <b>", "expected ';' or end of input"},
		{"CLEAR GRAPH", "expected IRI"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			_, err := ParseUpdate(tc.src, Options{BaseIRI: ex})
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("error = %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

func TestSyntaxErrorString(t *testing.T) {
	e := newSyntaxError("ab\ncdé f", 8, "boom")
	if e.Error() != "2:5: boom" || e.Offset != 8 {
		t.Errorf("got %q (offset %d)", e.Error(), e.Offset)
	}
}
