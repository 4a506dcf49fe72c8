package update

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/optimize"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// MaxRequestBytes is the longest request text [Parse] accepts unless
// [Options.MaxRequestBytes] says otherwise.
const MaxRequestBytes = 4 << 20

// MetaPrefix prefixes the meta keys of graphs of one's own
// (store.OwnGraphPrefix).
const MetaPrefix = store.OwnGraphPrefix

// Kind classifies an [Error].
type Kind int

// The kinds of errors.
const (
	// Invalid is a failed operation the request asked for: a graph that
	// exists for CREATE, a missing graph for DROP, COPY, MOVE or ADD.
	Invalid Kind = iota
	// Forbidden is an operation on a graph the request may not write, or
	// a LOAD of a document the server may not read.
	Forbidden
	// TooLarge is a request beyond a size bound (text or transaction).
	TooLarge
)

// Error is a failed operation; Op is its index in the request.
type Error struct {
	Kind Kind
	Op   int
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	return fmt.Sprintf("update: operation %d: %s", e.Op+1, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Options configure [Parse] and [Request.Apply].
type Options struct {
	// BaseIRI resolves relative IRIs of the request.
	BaseIRI string
	// Prefixes are predeclared prefixes.
	Prefixes map[string]string
	// DefaultGraph is the graph the update's default graph stands for; the
	// zero Term is the store's own default graph.
	DefaultGraph rdf.Term
	// UsingGraphs and UsingNamedGraphs, when either is set, replace every
	// operation's USING and USING NAMED (the protocol's using-graph-uri and
	// using-named-graph-uri). A request with both these and USING or WITH
	// is refused by [Parse] (SPARQL 1.1 Protocol §2.2.3).
	UsingGraphs, UsingNamedGraphs []string
	// Writable reports whether the request may change graph g (g is
	// DefaultGraph for the update's default graph). Nil allows every graph.
	Writable func(g rdf.Term) bool
	// Load returns the triples of a document for LOAD. Nil refuses every
	// LOAD with a Forbidden error; a Load may return a *Error of kind
	// Forbidden for documents it does not serve.
	Load func(ctx context.Context, iri string) ([]rdf.Triple, error)
	// Limits bound each WHERE evaluation.
	Limits eval.Limits
	// MaxChanges bounds the quads inserted plus deleted (0: no bound).
	MaxChanges int
	// MaxRequestBytes bounds the request text (0: [MaxRequestBytes]).
	MaxRequestBytes int
	// Kept, when set, names graphs that CLEAR and DROP with ALL or NAMED
	// leave alone even though the request may write them.
	Kept func(g rdf.Term) bool
}

// Request is a parsed update request.
type Request struct {
	ast  *parser.Update
	opts Options
}

// Parse parses an update request. Syntax errors are *parser.SyntaxError.
func Parse(ctx context.Context, src string, opts Options) (*Request, error) {
	limit := MaxRequestBytes
	if opts.MaxRequestBytes > 0 {
		limit = opts.MaxRequestBytes
	}
	if len(src) > limit {
		return nil, &Error{Kind: TooLarge, Msg: fmt.Sprintf("request longer than %d bytes", limit)}
	}
	ast, err := parser.ParseUpdateContext(ctx, src, parser.Options{BaseIRI: opts.BaseIRI, Prefixes: opts.Prefixes})
	if err != nil {
		return nil, err
	}
	if len(opts.UsingGraphs)+len(opts.UsingNamedGraphs) > 0 {
		for i, o := range ast.Operations {
			if m, ok := o.Op.(*parser.Modify); ok && (len(m.Using) > 0 || m.With.Value.Kind != rdf.KindNone) {
				return nil, &Error{Kind: Invalid, Op: i, Msg: "using-graph-uri or using-named-graph-uri with USING or WITH in the request"}
			}
		}
	}
	return &Request{ast: ast, opts: opts}, nil
}

// Operations returns the number of operations of the request.
func (r *Request) Operations() int {
	n := 0
	for _, o := range r.ast.Operations {
		if o.Op != nil {
			n++
		}
	}
	return n
}

// Result sums up what a request changed.
type Result struct {
	// Inserted and Deleted count the quads added and removed (a quad
	// already present, or absent, counts nonetheless).
	Inserted, Deleted int
	// Graphs are the graphs changed, DefaultGraph included.
	Graphs map[rdf.Term]bool
	// Subjects are the subjects of the changed quads, per graph.
	Subjects map[rdf.Term]map[rdf.Term]bool
	// Changes lists, in order, the quads inserted into and deleted from
	// Options.DefaultGraph when it is a named graph (the rule-bound graph
	// of ruche); other graphs are not listed.
	Changes []Change
}

// Change is one quad inserted (Insert) or deleted.
type Change struct {
	Quad   rdf.Quad
	Insert bool
}

// Touch records a change of subject s in graph g (for callers writing
// quads outside a request, such as the Graph Store Protocol).
func (res *Result) Touch(g, s rdf.Term) { res.touch(g, s) }

func (res *Result) touch(g, s rdf.Term) {
	if res.Graphs == nil {
		res.Graphs = map[rdf.Term]bool{}
		res.Subjects = map[rdf.Term]map[rdf.Term]bool{}
	}
	res.Graphs[g] = true
	m := res.Subjects[g]
	if m == nil {
		m = map[rdf.Term]bool{}
		res.Subjects[g] = m
	}
	m[s] = true
}

// Run parses src and applies it to s in one transaction.
func Run(ctx context.Context, s *store.Store, src string, opts Options) (*Result, error) {
	r, err := Parse(ctx, src, opts)
	if err != nil {
		return nil, err
	}
	var res *Result
	err = s.Update(ctx, func(tx *store.Txn) error {
		var err error
		res, err = r.Apply(ctx, tx)
		return err
	})
	if errors.Is(err, store.ErrTxnTooBig) {
		return nil, &Error{Kind: TooLarge, Msg: "the update changes more than one transaction holds", Err: err}
	}
	return res, err
}

// Apply runs the operations of r in order inside tx. On an error the
// caller must abandon tx (return the error from its Update function).
func (r *Request) Apply(ctx context.Context, tx *store.Txn) (*Result, error) {
	salt := make([]byte, 6)
	_, _ = rand.Read(salt)
	a := &applier{
		r: r, tx: tx, ctx: ctx, res: &Result{}, now: time.Now(),
		salt: hex.EncodeToString(salt),
	}
	base := r.ast.BaseIRI
	for i, o := range r.ast.Operations {
		for _, d := range o.Prologue {
			if d.Base {
				base = d.IRI
			}
		}
		if o.Op == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("update: stopped: %w", context.Cause(ctx))
		}
		a.op, a.base = i, base
		if err := a.apply(o.Op); err != nil {
			return nil, err
		}
	}
	return a.res, nil
}

type applier struct {
	r    *Request
	tx   *store.Txn
	ctx  context.Context
	res  *Result
	now  time.Time
	salt string
	op   int
	base string
	seq  int // solutions seen, for fresh blank nodes
}

func (a *applier) fail(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Op: a.op, Msg: fmt.Sprintf(format, args...)}
}

// graph maps a parsed graph term (zero: DEFAULT) to a store graph.
func (a *applier) graph(t parser.Term) rdf.Term {
	if t.Value.Kind == rdf.KindNone {
		return a.r.opts.DefaultGraph
	}
	return t.Value
}

func (a *applier) writable(g rdf.Term) bool {
	return a.r.opts.Writable == nil || a.r.opts.Writable(g)
}

func (a *applier) mustWrite(g rdf.Term) error {
	if !a.writable(g) {
		return a.fail(Forbidden, "graph %s may not be written by this request", name(g))
	}
	return nil
}

func name(g rdf.Term) string {
	if g.Kind == rdf.KindNone {
		return "DEFAULT"
	}
	return "<" + g.Value + ">"
}

func (a *applier) apply(op parser.UpdateOp) error {
	switch op := op.(type) {
	case *parser.InsertData:
		return a.insertData(op)
	case *parser.DeleteData:
		return a.deleteData(op)
	case *parser.DeleteWhere:
		where := &parser.GroupPattern{Start: op.Start}
		for _, q := range op.Quads {
			tb := &parser.TriplesBlock{Start: q.Start, Triples: []parser.TriplePattern{q.TriplePattern}}
			if q.Graph.IsVar() || q.Graph.Value.Kind != rdf.KindNone {
				where.Elements = append(where.Elements, &parser.Graph{Start: q.Start, Name: q.Graph,
					Pattern: &parser.GroupPattern{Start: q.Start, Elements: []parser.Pattern{tb}}})
			} else {
				where.Elements = append(where.Elements, tb)
			}
		}
		return a.modify(&parser.Modify{Start: op.Start, HasDelete: true, Delete: op.Quads, Where: where})
	case *parser.Modify:
		return a.modify(op)
	case *parser.Clear:
		return a.clear(op.Target, op.Silent, false)
	case *parser.Drop:
		return a.clear(op.Target, op.Silent, true)
	case *parser.Create:
		g := op.Graph.Value
		if err := a.mustWrite(g); err != nil {
			return err
		}
		ok, err := a.exists(g)
		if err != nil {
			return err
		}
		if ok {
			if op.Silent {
				return nil
			}
			return a.fail(Invalid, "graph %s already exists", name(g))
		}
		return a.tx.PutMeta(MetaPrefix+g.Value, nil)
	case *parser.Transfer:
		return a.transfer(op)
	case *parser.Load:
		return a.load(op)
	}
	return a.fail(Invalid, "unknown operation %T", op)
}

// exists reports whether graph g holds a quad or was created empty.
func (a *applier) exists(g rdf.Term) (bool, error) {
	if g.Kind == rdf.KindNone {
		return true, nil
	}
	if g == a.r.opts.DefaultGraph {
		return true, nil
	}
	for _, err := range a.tx.Match(a.ctx, store.Pattern{G: g}) {
		if err != nil {
			return false, err
		}
		return true, nil
	}
	_, ok, err := a.tx.GetMeta(MetaPrefix + g.Value)
	return ok, err
}

// add inserts one quad after checking it is valid RDF.
func (a *applier) add(q rdf.Quad) error {
	if !validQuad(q) {
		return nil
	}
	if err := a.mustWrite(q.G); err != nil {
		return err
	}
	a.res.Inserted++
	a.res.touch(q.G, q.S)
	if q.G.Kind != rdf.KindNone && q.G == a.r.opts.DefaultGraph {
		a.res.Changes = append(a.res.Changes, Change{Quad: q, Insert: true})
	}
	if err := a.budget(); err != nil {
		return err
	}
	return a.tx.Add(q)
}

func (a *applier) del(q rdf.Quad) error {
	if !validQuad(q) {
		return nil
	}
	if err := a.mustWrite(q.G); err != nil {
		return err
	}
	a.res.Deleted++
	a.res.touch(q.G, q.S)
	if q.G.Kind != rdf.KindNone && q.G == a.r.opts.DefaultGraph {
		a.res.Changes = append(a.res.Changes, Change{Quad: q})
	}
	if err := a.budget(); err != nil {
		return err
	}
	return a.tx.Delete(q)
}

func (a *applier) budget() error {
	if m := a.r.opts.MaxChanges; m > 0 && a.res.Inserted+a.res.Deleted > m {
		return a.fail(TooLarge, "the update changes more than %d quads", m)
	}
	return nil
}

func validQuad(q rdf.Quad) bool {
	return (q.S.Kind == rdf.KindIRI || q.S.Kind == rdf.KindBlank) &&
		q.P.Kind == rdf.KindIRI && q.O.Kind != rdf.KindNone &&
		(q.G.Kind == rdf.KindNone || q.G.Kind == rdf.KindIRI)
}

func (a *applier) insertData(op *parser.InsertData) error {
	a.seq++
	for _, q := range op.Quads {
		t, _ := a.instantiate(q, nil, nil, true)
		if err := a.add(t); err != nil {
			return err
		}
	}
	return nil
}

func (a *applier) deleteData(op *parser.DeleteData) error {
	for _, q := range op.Quads {
		t, _ := a.instantiate(q, nil, nil, false)
		if err := a.del(t); err != nil {
			return err
		}
	}
	return nil
}

// instantiate fills a template quad with a solution (vars → row); fresh
// renames its blank nodes for this solution. ok is false when a variable
// is unbound.
func (a *applier) instantiate(q parser.QuadPattern, vars map[string]int, row []rdf.Term, fresh bool) (rdf.Quad, bool) {
	ok := true
	term := func(t parser.Term) rdf.Term {
		if t.IsVar() {
			i, found := vars[t.Var]
			if !found || row[i].Kind == rdf.KindNone {
				ok = false
				return rdf.Term{}
			}
			return row[i]
		}
		if fresh && t.Value.Kind == rdf.KindBlank {
			return rdf.Blank(fmt.Sprintf("u%s_%d_%s", a.salt, a.seq, t.Value.Value))
		}
		return t.Value
	}
	out := rdf.Quad{S: term(q.Subject), P: term(q.Predicate), O: term(q.Object)}
	if q.Graph.IsVar() {
		out.G = term(q.Graph)
	} else {
		out.G = a.graph(q.Graph)
	}
	return out, ok
}

// modify runs DELETE/INSERT … WHERE.
func (a *applier) modify(m *parser.Modify) error {
	o := a.r.opts
	target := a.r.opts.DefaultGraph
	if m.With.Value.Kind != rdf.KindNone {
		target = m.With.Value
	}
	q := &parser.Query{Start: m.Start, BaseIRI: a.base, Form: parser.FormSelect,
		Select: &parser.Select{Start: m.Start, Star: true}, Where: m.Where, Limit: -1, Offset: -1}
	alg, err := algebra.TranslateContext(a.ctx, q)
	if err != nil {
		var te *algebra.TranslateError
		if errors.As(err, &te) {
			return &parser.SyntaxError{Offset: int(te.Pos), Msg: te.Msg}
		}
		return err
	}
	ds := txDataset{a.tx}
	eo := eval.Options{BaseIRI: a.base, Now: a.now}
	var from, named []rdf.Term
	switch {
	case len(o.UsingGraphs)+len(o.UsingNamedGraphs) > 0:
		from, named = iris(o.UsingGraphs), iris(o.UsingNamedGraphs)
	case len(m.Using) > 0:
		for _, u := range m.Using {
			if u.Named {
				named = append(named, u.IRI.Value)
			} else {
				from = append(from, u.IRI.Value)
			}
		}
	default:
		if target.Kind == rdf.KindNone {
			eo.StrictDefaultGraph = true
			break
		}
		from = []rdf.Term{target}
		for g, err := range a.tx.Graphs(a.ctx) {
			if err != nil {
				return err
			}
			named = append(named, g)
		}
	}
	if from != nil || named != nil {
		if from == nil {
			// The default graph is then empty: name a graph nobody holds.
			from = []rdf.Term{rdf.IRI("urn:ruche:update:empty")}
		}
		if named == nil {
			named = []rdf.Term{rdf.IRI("urn:ruche:update:empty")}
		}
		eo.DefaultGraphs, eo.NamedGraphs = from, named
	}
	if op, err := optimize.OptimizeContext(a.ctx, alg.Op, ds); err == nil && algebra.CheckDepth(op) == nil {
		alg.Op = op
	}
	p, err := eval.Compile(alg, eo)
	if err != nil {
		return fmt.Errorf("update: compiling WHERE: %w", err)
	}
	vars := map[string]int{}
	for i, v := range alg.Vars {
		vars[v] = i
	}
	var rows [][]rdf.Term
	for row, err := range p.Select(a.ctx, ds, a.r.opts.Limits) {
		if err != nil {
			return err
		}
		rows = append(rows, append([]rdf.Term(nil), row...))
	}
	with := func(qs []parser.QuadPattern) []parser.QuadPattern {
		if target == a.r.opts.DefaultGraph {
			return qs
		}
		out := make([]parser.QuadPattern, len(qs))
		for i, q := range qs {
			out[i] = q
			if !q.Graph.IsVar() && q.Graph.Value.Kind == rdf.KindNone {
				out[i].Graph = parser.Term{Value: target}
			}
		}
		return out
	}
	del, ins := with(m.Delete), with(m.Insert)
	for _, row := range rows {
		for _, tq := range del {
			if t, ok := a.instantiate(tq, vars, row, false); ok {
				if err := a.del(t); err != nil {
					return err
				}
			}
		}
	}
	for _, row := range rows {
		a.seq++
		for _, tq := range ins {
			if t, ok := a.instantiate(tq, vars, row, true); ok {
				if err := a.add(t); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func iris(ss []string) []rdf.Term {
	out := make([]rdf.Term, len(ss))
	for i, s := range ss {
		out[i] = rdf.IRI(s)
	}
	return out
}

// quadsOf lists the quads of graph g.
func (a *applier) quadsOf(g rdf.Term) ([]rdf.Quad, error) {
	var out []rdf.Quad
	for q, err := range a.tx.Match(a.ctx, store.Pattern{G: g}) {
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// graphs lists every named graph (not DefaultGraph), and those created empty.
func (a *applier) graphs() ([]rdf.Term, error) {
	seen := map[rdf.Term]bool{}
	var out []rdf.Term
	for g, err := range a.tx.Graphs(a.ctx) {
		if err != nil {
			return nil, err
		}
		if g != a.r.opts.DefaultGraph && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for e, err := range a.tx.ScanMeta(a.ctx, MetaPrefix) {
		if err != nil {
			return nil, err
		}
		g := rdf.IRI(e.Key[len(MetaPrefix):])
		if g != a.r.opts.DefaultGraph && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out, nil
}

// empty removes every quad of g; drop also forgets g.
func (a *applier) empty(g rdf.Term, drop bool) error {
	qs, err := a.quadsOf(g)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if err := a.del(q); err != nil {
			return err
		}
	}
	if drop && g.Kind == rdf.KindIRI {
		if err := a.tx.DeleteMeta(MetaPrefix + g.Value); err != nil {
			return err
		}
	}
	return nil
}

// clear runs CLEAR or DROP (drop).
func (a *applier) clear(t parser.GraphRef, silent, drop bool) error {
	var targets []rdf.Term
	switch t.Kind {
	case parser.GraphRefIRI:
		g := t.IRI.Value
		if err := a.mustWrite(g); err != nil {
			return err
		}
		ok, err := a.exists(g)
		if err != nil {
			return err
		}
		if !ok {
			if silent || !drop {
				return nil
			}
			return a.fail(Invalid, "graph %s does not exist", name(g))
		}
		targets = []rdf.Term{g}
	case parser.GraphRefDefault:
		if err := a.mustWrite(a.r.opts.DefaultGraph); err != nil {
			return err
		}
		targets = []rdf.Term{a.r.opts.DefaultGraph}
	case parser.GraphRefNamed, parser.GraphRefAll:
		gs, err := a.graphs()
		if err != nil {
			return err
		}
		if t.Kind == parser.GraphRefAll {
			gs = append(gs, a.r.opts.DefaultGraph)
		}
		for _, g := range gs {
			if a.writable(g) && (a.r.opts.Kept == nil || !a.r.opts.Kept(g)) {
				targets = append(targets, g)
			}
		}
	}
	for _, g := range targets {
		if err := a.empty(g, drop); err != nil {
			return err
		}
	}
	return nil
}

// transfer runs ADD, MOVE and COPY.
func (a *applier) transfer(op *parser.Transfer) error {
	from, to := a.graph(op.From), a.graph(op.To)
	if from == to {
		return nil
	}
	ok, err := a.exists(from)
	if err != nil {
		return err
	}
	if !ok {
		if op.Silent {
			return nil
		}
		return a.fail(Invalid, "graph %s does not exist", name(from))
	}
	if err := a.mustWrite(to); err != nil {
		return err
	}
	if op.Kind == parser.TransferMove {
		if err := a.mustWrite(from); err != nil {
			return err
		}
	}
	qs, err := a.quadsOf(from)
	if err != nil {
		return err
	}
	if op.Kind != parser.TransferAdd {
		if err := a.empty(to, false); err != nil {
			return err
		}
	}
	for _, q := range qs {
		q.G = to
		if err := a.add(q); err != nil {
			return err
		}
	}
	if op.Kind == parser.TransferMove {
		return a.empty(from, true)
	}
	return nil
}

// load runs LOAD through Options.Load.
func (a *applier) load(op *parser.Load) error {
	into := a.r.opts.DefaultGraph
	if op.Into.Value.Kind != rdf.KindNone {
		into = op.Into.Value
	}
	if err := a.mustWrite(into); err != nil {
		return err
	}
	if a.r.opts.Load == nil {
		if op.Silent {
			return nil
		}
		return a.fail(Forbidden, "LOAD <%s> refused: this server loads no documents", op.Source.Value.Value)
	}
	ts, err := a.r.opts.Load(a.ctx, op.Source.Value.Value)
	if err != nil {
		if op.Silent {
			return nil
		}
		var ue *Error
		if errors.As(err, &ue) {
			ue.Op = a.op
			return ue
		}
		return &Error{Kind: Invalid, Op: a.op, Msg: fmt.Sprintf("LOAD <%s>: %v", op.Source.Value.Value, err), Err: err}
	}
	a.seq++
	for _, t := range ts {
		q := rdf.Quad{S: t.S, P: t.P, O: t.O, G: into}
		if q.S.Kind == rdf.KindBlank {
			q.S = rdf.Blank(fmt.Sprintf("u%s_%d_%s", a.salt, a.seq, q.S.Value))
		}
		if q.O.Kind == rdf.KindBlank {
			q.O = rdf.Blank(fmt.Sprintf("u%s_%d_%s", a.salt, a.seq, q.O.Value))
		}
		if err := a.add(q); err != nil {
			return err
		}
	}
	return nil
}

// txDataset reads a write transaction for the evaluator (its own writes
// included). It offers no exact counts: the store's statistics show the
// state before the transaction.
type txDataset struct{ tx *store.Txn }

func (d txDataset) Quads(ctx context.Context, pat eval.IDQuad) iter.Seq2[eval.IDQuad, error] {
	return func(yield func(eval.IDQuad, error) bool) {
		sp := store.IDQuad{S: store.ID(pat.S), P: store.ID(pat.P), O: store.ID(pat.O), G: store.ID(pat.G)}
		for q, err := range d.tx.Quads(ctx, sp) {
			if !yield(eval.IDQuad{S: eval.ID(q.S), P: eval.ID(q.P), O: eval.ID(q.O), G: eval.ID(q.G)}, err) {
				return
			}
		}
	}
}

func (d txDataset) LookupID(t rdf.Term) (eval.ID, bool, error) {
	id, ok, err := d.tx.LookupID(t)
	return eval.ID(id), ok, err
}

func (d txDataset) Term(id eval.ID) (rdf.Term, error) { return d.tx.Term(store.ID(id)) }

func (d txDataset) Estimate(pat eval.IDQuad) uint64 {
	return d.tx.Estimate(store.IDQuad{S: store.ID(pat.S), P: store.ID(pat.P), O: store.ID(pat.O), G: store.ID(pat.G)})
}

func (d txDataset) Graphs(ctx context.Context) iter.Seq2[rdf.Term, error] { return d.tx.Graphs(ctx) }

// Ops returns the operations of the request, in order.
func (r *Request) Ops() []parser.UpdateOp {
	var out []parser.UpdateOp
	for _, o := range r.ast.Operations {
		if o.Op != nil {
			out = append(out, o.Op)
		}
	}
	return out
}
