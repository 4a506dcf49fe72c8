package algebra_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestTranslateGolden translates testdata/*.rq and compares the SSE form
// with the .sse file next to it.
func TestTranslateGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.rq")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ast, err := parser.ParseQuery(string(src), parser.Options{})
			if err != nil {
				t.Fatal(err)
			}
			q, err := algebra.Translate(ast)
			if err != nil {
				t.Fatal(err)
			}
			got := q.Form.String() + " " + strings.Join(q.Vars, " ") + "\n" + algebra.SSE(q.Op) + "\n"
			golden := strings.TrimSuffix(f, ".rq") + ".sse"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("translation differs from %s:\n%s", golden, got)
			}
		})
	}
}

func TestTranslateErrors(t *testing.T) {
	tests := []struct{ name, q string }{
		{"bind in scope", `SELECT * WHERE { ?x <http://ex/p> ?y BIND(1 AS ?y) }`},
		{"select as in scope", `SELECT ?x (1 AS ?x) WHERE { ?x <http://ex/p> ?y }`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ast, err := parser.ParseQuery(tc.q, parser.Options{})
			if err != nil {
				// The parser's static checks may already reject it.
				return
			}
			if _, err := algebra.Translate(ast); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestVars(t *testing.T) {
	op := &algebra.LeftJoin{
		Left:  &algebra.BGP{Patterns: []algebra.TriplePattern{{S: algebra.V("s"), P: algebra.V("p"), O: algebra.V("o")}}},
		Right: &algebra.BGP{Patterns: []algebra.TriplePattern{{S: algebra.V("s"), P: algebra.V("q"), O: algebra.V("z")}}},
	}
	if got := strings.Join(algebra.MaybeVars(op).Sorted(), " "); got != "o p q s z" {
		t.Errorf("MaybeVars = %q", got)
	}
	if got := strings.Join(algebra.CertainVars(op).Sorted(), " "); got != "o p s" {
		t.Errorf("CertainVars = %q", got)
	}
}

// TestCertainVarsOfBind: a BIND of a constant or of a variable bound in
// every solution binds its variable in every solution; a BIND of any
// other expression (it may fail) or of a variable an OPTIONAL binds does
// not.
func TestCertainVarsOfBind(t *testing.T) {
	tests := []struct{ q, want string }{
		{`SELECT * WHERE { ?s ?p ?o BIND(?o AS ?x) }`, "o p s x"},
		{`SELECT * WHERE { ?s ?p ?o BIND(<http://ex/c> AS ?x) }`, "o p s x"},
		{`SELECT * WHERE { ?s ?p ?o BIND(STR(?o) AS ?x) }`, "o p s"},
		{`SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?z } BIND(?z AS ?x) }`, "o p s"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			ast, err := parser.ParseQuery(tc.q, parser.Options{})
			if err != nil {
				t.Fatal(err)
			}
			q, err := algebra.Translate(ast)
			if err != nil {
				t.Fatal(err)
			}
			op := q.Op
			if p, ok := op.(*algebra.Project); ok {
				op = p.Op
			}
			if got := strings.Join(algebra.CertainVars(op).Sorted(), " "); got != tc.want {
				t.Errorf("CertainVars = %q, want %q (%s)", got, tc.want, algebra.SSE(op))
			}
		})
	}
}
