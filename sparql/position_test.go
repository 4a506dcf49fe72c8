package sparql

import (
	"errors"
	"testing"

	"github.com/ruche-lod/ruche/sparql/parser"
)

// TestTranslationErrorPosition: an error found after parsing (a BIND to a
// variable already in scope) is a syntax error positioned like the
// parser's own, the column counted in code points.
func TestTranslationErrorPosition(t *testing.T) {
	src := "SELECT * WHERE {\n  ?s <http://example.org/é> ?o . BIND(1 AS ?s)\n}"
	_, err := Prepare(src, Options{})
	var se *parser.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Prepare: %v, want a *parser.SyntaxError", err)
	}
	// "?s" after "AS" is the 44th code point of line 2 (its 45th byte:
	// "é" takes two).
	if se.Line != 2 || se.Column != 44 {
		t.Errorf("line %d column %d (offset %d): want line 2 column 44", se.Line, se.Column, se.Offset)
	}
}
