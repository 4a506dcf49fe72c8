package sparql

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/optimize"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Dataset is what queries read; see [eval.Dataset].
type Dataset = eval.Dataset

// Limits bound one execution; see [eval.Limits].
type Limits = eval.Limits

// LimitError reports an exceeded limit; see [eval.LimitError]. Preparing
// a query returns one with Limit "depth" for a query nested deeper than
// the parser's or the algebra's bound (parser.MaxDepth, algebra.MaxDepth)
// and "query-size" for a text longer than [MaxQueryBytes]; executing one
// returns the evaluator's limits.
type LimitError = eval.LimitError

// InternalError is a panic inside the parser: a bug, not a bad query.
type InternalError = parser.InternalError

// MaxQueryBytes is the longest query text [Prepare] accepts. Parsing,
// translation and planning are linear (or n log n) in the text's length,
// so this bounds their time and memory.
const MaxQueryBytes = 4 << 20

// ErrServiceUnsupported is returned by queries using SERVICE.
var ErrServiceUnsupported = eval.ErrServiceUnsupported

// Form is the form of a query.
type Form = algebra.Form

// The query forms.
const (
	Select    = algebra.Select
	Construct = algebra.Construct
	Ask       = algebra.Ask
	Describe  = algebra.Describe
)

// Options configure [Prepare].
type Options struct {
	// BaseIRI resolves relative IRIs of the query.
	BaseIRI string
	// Prefixes are predeclared prefixes (prefix → namespace IRI).
	Prefixes map[string]string
	// StrictDefaultGraph makes the default graph the dataset's own default
	// graph only; by default it is the union of all graphs.
	StrictDefaultGraph bool
	// DefaultGraphs and NamedGraphs, when either is set, replace the
	// query's FROM and FROM NAMED (protocol default-graph-uri and
	// named-graph-uri).
	DefaultGraphs, NamedGraphs []string
	// NoOptimize skips the optimizer (for differential tests).
	NoOptimize bool
}

// Query is a prepared query. It is safe for concurrent use.
type Query struct {
	src  string
	alg  *algebra.Query
	opts Options
	eo   eval.Options
}

// Prepare parses and translates a query. Syntax errors are
// *parser.SyntaxError (with line and column); scope errors are
// *algebra.TranslateError; a query beyond a bound is a *LimitError; a bug
// of the parser is an *InternalError.
func Prepare(src string, opts Options) (*Query, error) {
	return PrepareContext(context.Background(), src, opts)
}

// PrepareContext is [Prepare] under ctx: when ctx is done, parsing and
// translation stop with an error wrapping ctx's error.
func PrepareContext(ctx context.Context, src string, opts Options) (*Query, error) {
	if len(src) > MaxQueryBytes {
		return nil, &LimitError{Limit: "query-size", Max: MaxQueryBytes}
	}
	ast, err := parser.ParseQueryContext(ctx, src, parser.Options{BaseIRI: opts.BaseIRI, Prefixes: opts.Prefixes})
	if err != nil {
		return nil, limitError(err)
	}
	alg, err := algebra.TranslateContext(ctx, ast)
	if err != nil {
		var te *algebra.TranslateError
		if errors.As(err, &te) {
			return nil, positionError(src, int(te.Pos), te.Msg)
		}
		return nil, limitError(err)
	}
	q := &Query{src: src, alg: alg, opts: opts}
	q.eo = eval.Options{BaseIRI: opts.BaseIRI, StrictDefaultGraph: opts.StrictDefaultGraph}
	if opts.DefaultGraphs != nil || opts.NamedGraphs != nil {
		q.eo.DefaultGraphs = iris(opts.DefaultGraphs)
		q.eo.NamedGraphs = iris(opts.NamedGraphs)
	}
	return q, nil
}

// limitError turns the parser's and the algebra's *parser.LimitError into
// the facade's *LimitError; other errors pass.
func limitError(err error) error {
	var pl *parser.LimitError
	if errors.As(err, &pl) {
		return &LimitError{Limit: pl.Limit, Max: int64(pl.Max)}
	}
	return err
}

func iris(ss []string) []rdf.Term {
	out := make([]rdf.Term, len(ss))
	for i, s := range ss {
		out[i] = rdf.IRI(s)
	}
	return out
}

// Form returns the form of the query.
func (q *Query) Form() Form { return q.alg.Form }

// Vars returns the projected variables of a SELECT query.
func (q *Query) Vars() []string { return q.alg.Vars }

// Algebra returns the translated, unoptimized algebra.
func (q *Query) Algebra() *algebra.Query { return q.alg }

// plan optimizes the algebra for ds and compiles it. The translated tree
// is at most algebra.MaxDepth deep; should the optimizer's tree be deeper,
// the translated one runs instead, so the evaluator never sees a deeper
// tree.
func (q *Query) plan(ctx context.Context, ds Dataset) (*eval.Program, *algebra.Query, error) {
	a := *q.alg
	if !q.opts.NoOptimize {
		op, err := optimize.OptimizeContext(ctx, a.Op, ds)
		if err != nil {
			return nil, nil, err
		}
		if algebra.CheckDepth(op) == nil {
			a.Op = op
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("sparql: planning stopped: %w", context.Cause(ctx))
	}
	p, err := eval.Compile(&a, q.eo)
	if err != nil {
		return nil, nil, fmt.Errorf("sparql: compiling query: %w", err)
	}
	return p, &a, nil
}

// Explain returns the plan of the query over ds in SSE form.
func (q *Query) Explain(ds Dataset) string {
	_, a, err := q.plan(context.Background(), ds)
	if err != nil {
		return "error: " + err.Error()
	}
	return algebra.SSE(a.Op)
}

// Result is the result of an execution. For SELECT, range over
// [Result.Solutions]; for ASK read Boolean; for CONSTRUCT and DESCRIBE
// range over [Result.Triples]. The sequences run the query as they are
// ranged over, once.
type Result struct {
	Form Form
	// Vars are the SELECT variables, in order.
	Vars []string
	// Boolean is the answer of an ASK query.
	Boolean bool

	solutions iter.Seq2[[]rdf.Term, error]
	triples   iter.Seq2[rdf.Triple, error]
}

// Solutions yields the rows of a SELECT query: one term per variable of
// Vars (the zero Term when unbound). The slice is reused between rows.
func (r *Result) Solutions() iter.Seq2[[]rdf.Term, error] {
	if r.solutions == nil {
		return func(func([]rdf.Term, error) bool) {}
	}
	return r.solutions
}

// Triples yields the triples of a CONSTRUCT or DESCRIBE query.
func (r *Result) Triples() iter.Seq2[rdf.Triple, error] {
	if r.triples == nil {
		return func(func(rdf.Triple, error) bool) {}
	}
	return r.triples
}

// Exec runs the query over ds. ASK is evaluated at once; the other forms
// are evaluated lazily while their sequence is ranged over, with ctx and
// limits applying to the whole evaluation.
func (q *Query) Exec(ctx context.Context, ds Dataset, limits Limits) (*Result, error) {
	p, _, err := q.plan(ctx, ds)
	if err != nil {
		return nil, err
	}
	r := &Result{Form: q.alg.Form, Vars: q.alg.Vars}
	switch q.alg.Form {
	case Select:
		r.solutions = p.Select(ctx, ds, limits)
	case Ask:
		r.Boolean, err = p.Ask(ctx, ds, limits)
		if err != nil {
			return nil, err
		}
	default:
		r.triples = p.Triples(ctx, ds, limits)
	}
	return r, nil
}

// positionError turns a translation error into a *parser.SyntaxError with
// its line and column.
func positionError(src string, offset int, msg string) *parser.SyntaxError {
	offset = min(max(offset, 0), len(src))
	line, col := rdf.LineColumn(src, offset)
	return &parser.SyntaxError{Offset: offset, Line: line, Column: col, Msg: msg}
}
