package optimize

import (
	"go/build"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestFoldFollowsRegistry folds a call of every built-in on constant
// arguments: a call the registry marks as reading anything besides its
// arguments (fresh values, the clock, the base IRI) or as a special form
// is never folded, and the volatile built-ins the spec names are marked.
func TestFoldFollowsRegistry(t *testing.T) {
	for _, name := range []string{"NOW", "RAND", "UUID", "STRUUID", "BNODE", "IRI", "URI", "IF", "COALESCE", "BOUND"} {
		if p, ok := expr.PropsOf(name); !ok || p == 0 {
			t.Errorf("%s: props %v, %v; want a property that forbids folding", name, p, ok)
		}
	}
	arg := &algebra.ExprTerm{Term: rdf.String("http://example.org/a")}
	for _, name := range expr.Keywords() {
		lo, _, _ := expr.Arity(name)
		args := make([]algebra.Expr, max(lo, 1))
		for i := range args {
			args[i] = arg
		}
		args = args[:lo]
		got := fold(&algebra.ExprCall{Op: name, Args: args})
		_, folded := got.(*algebra.ExprTerm)
		if p, _ := expr.PropsOf(name); p != 0 && folded {
			t.Errorf("%s folded to %s though it has properties %v", name, algebra.ExprString(got), p)
		}
	}
	got := fold(&algebra.ExprCall{Op: "STRLEN", Args: []algebra.Expr{arg}})
	if c, ok := got.(*algebra.ExprTerm); !ok || c.Term != rdf.Literal("20", rdf.XSDInteger) {
		t.Errorf("STRLEN of a constant folded to %s, want 20", algebra.ExprString(got))
	}
}

// TestNoEvalImport: the optimizer reads statistics through sparql/stats
// and imports nothing of the evaluator.
func TestNoEvalImport(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "github.com/ruche-lod/ruche/sparql/eval") {
			t.Errorf("sparql/optimize imports %s", imp)
		}
	}
}
