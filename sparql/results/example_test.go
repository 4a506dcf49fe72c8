package results_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store/rdf"
)

func ExampleNewWriter() {
	w := results.NewWriter(results.TSV, os.Stdout, []string{"s", "label"})
	_ = w.Write([]rdf.Term{rdf.IRI("http://example.org/a"), rdf.LangString("chat", "fr")})
	_ = w.Write([]rdf.Term{rdf.Blank("b0"), {}}) // ?label unbound
	_ = w.Close()
	// Output:
	// ?s	?label
	// <http://example.org/a>	"chat"@fr
	// _:b0
}

func ExampleWriter_Abort() {
	// The last line has one field more than the header: readers reject it.
	w := results.NewWriter(results.TSV, os.Stdout, []string{"s"})
	_ = w.Write([]rdf.Term{rdf.IRI("http://example.org/a")})
	_ = w.Abort(errors.New("query timed out"))
	// Output:
	// ?s
	// <http://example.org/a>
	// #ERROR	"query timed out"
}

func ExampleEquivalent() {
	a, _ := results.Read(results.TSV, strings.NewReader("?x\n_:a\n<http://example.org/b>\n"))
	b, _ := results.Read(results.JSON, strings.NewReader(`{"head":{"vars":["x"]},"results":{"bindings":[
		{"x":{"type":"uri","value":"http://example.org/b"}},
		{"x":{"type":"bnode","value":"other"}}]}}`))
	fmt.Println(results.Equivalent(a, b, false), results.Equivalent(a, b, true))
	// Output: true false
}
