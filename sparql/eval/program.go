package eval

import (
	"context"
	"fmt"
	"time"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Options tune how a query is compiled and which graphs it reads.
type Options struct {
	// BaseIRI is the base for IRI() in expressions.
	BaseIRI string
	// StrictDefaultGraph makes the default graph the dataset's own default
	// graph only. By default it is the union of all graphs, which is what a
	// store with one named graph per document wants.
	StrictDefaultGraph bool
	// DefaultGraphs and NamedGraphs override the query's FROM and FROM
	// NAMED clauses (the protocol's default-graph-uri and named-graph-uri).
	DefaultGraphs, NamedGraphs []rdf.Term
	// Now fixes NOW(); the zero time means the time of each execution.
	Now time.Time
}

// Program is a compiled query, safe to run many times and concurrently.
type Program struct {
	q      *algebra.Query
	opts   Options
	slots  map[string]int
	names  []string
	consts []rdf.Term
	cidx   map[rdf.Term]int
	nmat   int
	root   stream
	out    []int // projected slots, in q.Vars order
	tmpl   []tmplTriple
	desc   []pos
	from   []rdf.Term
	named  []rdf.Term
	fromOK bool // dataset given by FROM/FROM NAMED or options
	bnodes bool // the query calls BNODE
}

// stream computes the join of its input row with the solutions of an
// operator, in active graph g (0: the default graph), and pushes each to
// yield. It returns false when yield asked to stop or an error was recorded
// in ex.err. It must not modify in or keep rows it passes on.
type stream func(ex *exec, in Row, g ID, yield func(Row) bool) bool

// pos is a pattern position: a slot (slot >= 0) or a constant index.
type pos struct {
	slot int
	cst  int
}

func (p pos) get(ex *exec, r Row) ID {
	if p.slot >= 0 {
		return r[p.slot]
	}
	return ex.consts[p.cst]
}

// Compile prepares q for execution.
func Compile(q *algebra.Query, opts Options) (*Program, error) {
	p := &Program{q: q, opts: opts, slots: map[string]int{}, cidx: map[rdf.Term]int{}}
	c := &compiler{p: p, graphSlot: -1, subjectKeys: -1, outOnly: outputOnly(q), firstRows: q.Form == algebra.Ask}
	c.collectVars(q.Op)
	p.bnodes = callsBNode(q.Op)
	for _, v := range q.Vars {
		c.slot(v)
	}
	for _, tp := range q.Template {
		c.pos(tp.S)
		c.pos(tp.P)
		c.pos(tp.O)
	}
	for _, d := range q.Describe {
		c.pos(d)
	}
	root, err := c.compile(q.Op, algebra.VarSet{})
	if err != nil {
		return nil, err
	}
	p.root = root
	for _, v := range q.Vars {
		p.out = append(p.out, c.slot(v))
	}
	for _, tp := range q.Template {
		p.tmpl = append(p.tmpl, tmplTriple{c.pos(tp.S), c.pos(tp.P), c.pos(tp.O)})
	}
	for _, d := range q.Describe {
		p.desc = append(p.desc, c.pos(d))
	}
	p.from, p.named = q.From, q.FromNamed
	if opts.DefaultGraphs != nil || opts.NamedGraphs != nil {
		p.from, p.named = opts.DefaultGraphs, opts.NamedGraphs
	}
	p.fromOK = len(p.from) > 0 || len(p.named) > 0
	return p, nil
}

func (p *Program) base() string {
	if p.q.Base != "" {
		return p.q.Base
	}
	return p.opts.BaseIRI
}

// Query returns the algebra the program was compiled from.
func (p *Program) Query() *algebra.Query { return p.q }

// Vars returns the projected variables of a SELECT query.
func (p *Program) Vars() []string { return p.q.Vars }

// start prepares the state of one execution.
func (p *Program) start(ctx context.Context, ds Dataset, limits Limits) (*exec, error) {
	now := p.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ex := &exec{
		ctx: ctx, ds: ds, p: p, limits: limits,
		cache:      make([]cacheEntry, cacheStart),
		mats:       map[matKey]*matResult{},
		probes:     map[matKey]*probeSet{},
		orders:     map[int][]bgpStep{},
		existsOnce: map[matKey]bool{},
		adj:        map[matKey]*adjacency{},

		adaptive: make([]*adaptiveState, p.nmat),

		pathSteps: map[matKey]int{},
		fc:        expr.NewFuncContext(p.base(), now),
	}
	ex.consts = make([]ID, len(p.consts))
	for i, t := range p.consts {
		id, err := ex.intern(t)
		if err != nil {
			return nil, err
		}
		ex.consts[i] = id
	}
	ex.unionDefault = !p.opts.StrictDefaultGraph
	if p.fromOK {
		ex.unionDefault = false
		ex.defaultGraphs = map[ID]bool{}
		for _, t := range p.from {
			id, err := ex.intern(t)
			if err != nil {
				return nil, err
			}
			if !isLocal(id) {
				ex.defaultGraphs[id] = true
			}
		}
		ex.namedSet = map[ID]bool{}
		ex.namedGraphs = []ID{}
		for _, t := range p.named {
			id, err := ex.intern(t)
			if err != nil {
				return nil, err
			}
			if !ex.namedSet[id] {
				ex.namedSet[id] = true
				ex.namedGraphs = append(ex.namedGraphs, id)
			}
		}
	}
	return ex, nil
}

// namedGraphList returns the graphs GRAPH ?g ranges over.
func (ex *exec) namedGraphList() ([]ID, bool) {
	if ex.namedGraphs == nil && !ex.listNamedGraphs(0) {
		return nil, false
	}
	return ex.namedGraphs, true
}

// listNamedGraphs lists the named graphs of the dataset into
// ex.namedGraphs (once per query: the list lives as long as the
// execution, charged to its byte budget). It stops and returns false,
// leaving the list unset, after limit graphs (0: no limit), or on an
// error (then in ex.err).
func (ex *exec) listNamedGraphs(limit int) bool {
	out := []ID{}
	for t, err := range ex.ds.Graphs(ex.ctx) {
		if err != nil {
			return ex.fail(fmt.Errorf("sparql: listing graphs: %w", err))
		}
		if limit > 0 && len(out) == limit {
			return false
		}
		id, err := ex.intern(t)
		if err != nil {
			return ex.fail(err)
		}
		if isLocal(id) || id == DefaultGraphID {
			continue
		}
		if len(out) == cap(out) && !ex.growBytes(int64(8*max(cap(out), 4))) {
			return false
		}
		out = append(out, id)
	}
	ex.namedGraphs = out
	return true
}

// run executes the root operator.
func (p *Program) run(ex *exec, yield func(Row) bool) error {
	count := int64(0)
	defer ex.openCursor()()
	p.root(ex, make(Row, len(p.names)), 0, func(r Row) bool {
		if ex.limits.MaxResults > 0 && count >= ex.limits.MaxResults {
			return ex.fail(&LimitError{Limit: "results", Max: ex.limits.MaxResults})
		}
		count++
		return yield(r)
	})
	return ex.err
}
