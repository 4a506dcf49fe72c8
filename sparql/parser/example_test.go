package parser_test

import (
	"errors"
	"fmt"

	"github.com/ruche-lod/ruche/sparql/parser"
)

func ExampleParseQuery() {
	q, err := parser.ParseQuery(`PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?name WHERE { ?p foaf:name ?name ; foaf:age ?age FILTER(?age >= 18) } ORDER BY ?name`,
		parser.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	tb := q.Where.Elements[0].(*parser.TriplesBlock)
	fmt.Println(tb.Triples[1].Predicate.Value)
	fmt.Println(q)
	// Output:
	// <http://xmlns.com/foaf/0.1/age>
	// PREFIX foaf: <http://xmlns.com/foaf/0.1/>
	// SELECT ?name
	// WHERE {
	//   ?p foaf:name ?name .
	//   ?p foaf:age ?age .
	//   FILTER (?age >= 18)
	// }
	// ORDER BY ASC(?name)
}

func ExampleSyntaxError() {
	_, err := parser.ParseQuery("SELECT * WHERE {\n  ?s ?p \n}", parser.Options{})
	var se *parser.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Line, se.Column, se.Msg)
	}
	// Output:
	// 3 1 expected variable or RDF term, found '}'
}
