package parser

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// height is the height of a syntax tree: groups, patterns, expressions
// and paths each count one level.
func height(n any) int {
	h := 0
	sub := func(c any) { h = max(h, height(c)) }
	switch x := n.(type) {
	case *Query:
		if x.Where != nil {
			sub(x.Where)
		}
		if x.Select != nil {
			for _, it := range x.Select.Items {
				if it.Expr != nil {
					sub(it.Expr)
				}
			}
		}
	case *GroupPattern:
		for _, e := range x.Elements {
			sub(e)
		}
	case *TriplesBlock:
		for _, t := range x.Triples {
			if t.Path != nil {
				sub(t.Path)
			}
		}
	case *Filter:
		sub(x.Expr)
	case *Bind:
		sub(x.Expr)
	case *Optional:
		sub(x.Pattern)
	case *Minus:
		sub(x.Pattern)
	case *Union:
		for _, a := range x.Alternatives {
			sub(a)
		}
	case *SubSelect:
		sub(x.Query)
	case *Unary:
		sub(x.X)
	case *Binary:
		sub(x.X)
		sub(x.Y)
	case *In:
		sub(x.X)
		for _, e := range x.List {
			sub(e)
		}
	case *Call:
		for _, e := range x.Args {
			sub(e)
		}
	case *FuncCall:
		for _, e := range x.Args {
			sub(e)
		}
	case *Exists:
		sub(x.Pattern)
	case *PathInverse:
		sub(x.Path)
	case *PathSeq:
		sub(x.Left)
		sub(x.Right)
	case *PathAlt:
		sub(x.Left)
		sub(x.Right)
	case *PathZeroOrMore:
		sub(x.Path)
	case *PathOneOrMore:
		sub(x.Path)
	case *PathZeroOrOne:
		sub(x.Path)
	}
	return h + 1
}

func chain(n int, item, sep string) string {
	return strings.TrimSuffix(strings.Repeat(item+sep, n), sep)
}

// TestLimits parses queries and updates built to nest deeply or chain
// long: each is refused with a *LimitError (never a *SyntaxError), or
// parses to a tree at most 4*MaxDepth high however long its chains.
func TestLimits(t *testing.T) {
	const n = 200_000
	tests := []struct {
		name   string
		src    string
		update bool
		ok     bool
	}{
		{"sum", "SELECT (" + chain(n, "1", "+") + " AS ?x) {}", false, false},
		{"sum under the bound", "SELECT (" + chain(MaxDepth-10, "1", "+") + " AS ?x) {}", false, true},
		{"difference", "SELECT (" + chain(n, "?a", "-") + " AS ?x) {}", false, false},
		{"signed literals", "SELECT (?a" + strings.Repeat(" -1", n) + " AS ?x) {}", false, false},
		{"quotient", "SELECT (" + chain(n, "1", "/") + " AS ?x) {}", false, false},
		{"nested sums", "SELECT (" + strings.Repeat("(1+1+1+", MaxDepth/3) + "1" + strings.Repeat(")", MaxDepth/3) + " AS ?x) {}", false, false},
		{"signs and comparisons", "ASK { FILTER(" + strings.Repeat("1 = -(2 IN (", MaxDepth/2-5) + "1" + strings.Repeat("))", MaxDepth/2-5) + ") }", false, true},
		{"exists", "ASK { FILTER(" + strings.Repeat("1 = -(EXISTS { FILTER(", MaxDepth/3-5) + "1" + strings.Repeat(") })", MaxDepth/3-5) + ") }", false, true},
		{"subqueries", "SELECT * " + strings.Repeat("{ SELECT * ", MaxDepth-5) + "{}" + strings.Repeat("}", MaxDepth-5), false, true},
		{"and", "ASK { FILTER(" + chain(n, "?a", " && ") + ") }", false, true},
		{"or", "ASK { FILTER(" + chain(n, "?a", " || ") + ") }", false, true},
		{"and of sums", "ASK { FILTER(" + chain(2000, chain(100, "1", "+")+" = 2", " && ") + ") }", false, true},
		{"path sequence", "ASK { ?s " + chain(n, "<p>", "/") + " ?o }", false, true},
		{"path alternatives", "ASK { ?s " + chain(n, "<p>", "|") + " ?o }", false, true},
		{"brackets", "ASK { FILTER(" + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + ") }", false, false},
		{"groups", "ASK " + strings.Repeat("{", n) + strings.Repeat("}", n), false, false},
		{"blank nodes", "ASK { ?s <p> " + strings.Repeat("[ <p> ", n) + "1" + strings.Repeat("]", n) + " }", false, false},
		{"collections", "ASK { ?s <p> " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + " }", false, false},
		{"update sum", "INSERT { ?s <p> ?x } WHERE { BIND(" + chain(n, "1", "+") + " AS ?x) }", true, false},
		{"update blank nodes", "INSERT DATA { <s> <p> " + strings.Repeat("[ <p> ", n) + "1" + strings.Repeat("]", n) + " }", true, false},
		{"update groups", "DELETE { ?s <p> ?o } WHERE " + strings.Repeat("{", n) + strings.Repeat("}", n), true, false},
		{"update data", "INSERT DATA { " + chain(n, "<s> <p> 1", " . ") + " }", true, true},
		{"update and", "DELETE { ?s <p> ?o } WHERE { ?s <p> ?o FILTER(" + chain(n, "?o", " && ") + ") }", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{BaseIRI: "http://ex/"}
			var err error
			var tree any
			if tc.update {
				_, err = ParseUpdate(tc.src, opts)
			} else {
				tree, err = ParseQuery(tc.src, opts)
			}
			var le *LimitError
			if tc.ok {
				if err != nil {
					t.Fatalf("error %v, want a tree", err)
				}
				if tree != nil {
					if h := height(tree); h > 4*MaxDepth {
						t.Errorf("tree %d high, want at most %d", h, 4*MaxDepth)
					}
				}
				return
			}
			if !errors.As(err, &le) || le.Limit != "depth" || le.Max != MaxDepth || le.Line != 1 {
				t.Fatalf("error %v (%T), want a *LimitError at line 1", err, err)
			}
			var se *SyntaxError
			if errors.As(err, &se) {
				t.Errorf("a limit reported as a syntax error")
			}
		})
	}
}

// TestParseContext: a done context stops the parser with its error.
func TestParseContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := "ASK { FILTER(" + chain(10*ctxEvery, "?a", " && ") + ") }"
	if _, err := ParseQueryContext(ctx, src, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("query: error %v, want context.Canceled", err)
	}
	if _, err := ParseUpdateContext(ctx, "DELETE { ?s ?p ?o } WHERE "+src[4:], Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("update: error %v, want context.Canceled", err)
	}
	if _, err := ParseQueryContext(context.Background(), src, Options{}); err != nil {
		t.Errorf("live context: %v", err)
	}
}

// TestInternalError: a panic inside the parser is recovered at its entry
// point as an *InternalError, never a *SyntaxError.
func TestInternalError(t *testing.T) {
	err := func() (err error) {
		p := newParser(context.Background(), "ASK {}", Options{})
		defer p.recover(&err)
		var m map[string]int
		m["boom"] = 1 // a bug: assignment to a nil map
		return nil
	}()
	var ie *InternalError
	if !errors.As(err, &ie) || len(ie.Stack) == 0 {
		t.Fatalf("error %v (%T), want an *InternalError with its stack", err, err)
	}
	if errors.As(err, new(*SyntaxError)) || errors.As(err, new(*LimitError)) {
		t.Errorf("a bug reported as a syntax or limit error: %v", err)
	}
}
