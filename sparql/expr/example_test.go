package expr_test

import (
	"fmt"
	"time"

	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

func ExampleCall() {
	fc := expr.NewFuncContext("http://example.org/", time.Now())
	t, err := expr.Call(fc, "UCASE", []rdf.Term{rdf.LangString("chat", "fr")})
	fmt.Println(t, err)
	t, err = expr.Call(fc, rdf.XSDInteger, []rdf.Term{rdf.String(" 042 ")})
	fmt.Println(t, err)
	_, err = expr.Call(fc, "STRLEN", []rdf.Term{rdf.IRI("http://example.org/a")})
	fmt.Println(err)
	// Output:
	// "CHAT"@fr <nil>
	// "42"^^<http://www.w3.org/2001/XMLSchema#integer> <nil>
	// STRLEN: type error: not a string literal: <http://example.org/a>
}

func ExampleEqual() {
	one := rdf.Literal("1", rdf.XSDInteger)
	fmt.Println(expr.Equal(one, rdf.Literal("1.0", rdf.XSDDecimal)))
	fmt.Println(expr.Equal(one, rdf.Literal("1", "http://example.org/myType")))
	// Output:
	// true <nil>
	// false type error: cannot compare "1"^^<http://www.w3.org/2001/XMLSchema#integer> and "1"^^<http://example.org/myType>
}

func ExampleDiv() {
	q, _ := expr.Div(rdf.Literal("1", rdf.XSDInteger), rdf.Literal("4", rdf.XSDInteger))
	fmt.Println(q)
	// Output: "0.25"^^<http://www.w3.org/2001/XMLSchema#decimal>
}

func ExampleNewAggregate() {
	avg := expr.NewAggregate("AVG", false, "")
	for _, v := range []string{"1", "2", "4"} {
		avg.Add(rdf.Literal(v, rdf.XSDInteger), nil)
	}
	fmt.Println(avg.Result())
	// Output: "2.33333333333333333333"^^<http://www.w3.org/2001/XMLSchema#decimal> <nil>
}
