package graphstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Kind classifies an [Error] for the HTTP layer.
type Kind int

// The kinds of refusals.
const (
	BadRequest  Kind = iota // 400: syntax, bad parameters
	Forbidden               // 403
	NotFound                // 404
	Invalid                 // 422: rules or shapes
	TooLarge                // 413
	Unsupported             // 415
)

// Error is a refused write, with every shape violation when Kind is
// Invalid because of shapes.
type Error struct {
	Kind       Kind
	Code       string // short problem type, for example "closure-refused"
	Detail     string
	Violations []vocab.Violation
	Err        error
}

func (e *Error) Error() string { return e.Detail }
func (e *Error) Unwrap() error { return e.Err }

// Actor is who writes, for the audit log.
type Actor struct {
	TokenID, TokenName, Role string
	Method                   string // "SPARQL-UPDATE", "PUT", …
}

// Core applies updates and graph writes under ruche's rules.
type Core struct {
	// Base is the folder's base IRI.
	Base string
	// Versions records new event-stream versions of chantiers inside the
	// write's transaction; nil records none.
	Versions func(ctx context.Context, tx *store.Txn, chantiers ...string) error
	// Limits bound the WHERE evaluation of an update.
	Limits eval.Limits
	// MaxChanges bounds the quads one write changes (0: no bound).
	MaxChanges int
	// MaxBytes bounds the text of an update (0: update.MaxRequestBytes).
	MaxBytes int
}

// PublicGraph is the update's default graph.
func (c *Core) PublicGraph() rdf.Term {
	return rdf.IRI(vocab.GraphIRI(c.Base, vocab.GraphPublicCC0))
}

// Reserved reports whether g is one of ruche's own graphs.
func (c *Core) Reserved(g rdf.Term) bool {
	if g.Kind != rdf.KindIRI {
		return true
	}
	switch g.Value {
	case vocab.GraphIRI(c.Base, vocab.GraphPublicCC0), vocab.GraphIRI(c.Base, vocab.GraphWiki):
		return true
	}
	return strings.HasPrefix(g.Value, c.Base) && !strings.HasPrefix(g.Value, c.Base+vocab.PathGraph)
}

// writable is the Writable of every request: the public data graph (under
// the rules) and graphs of one's own.
func (c *Core) writable(g rdf.Term) bool {
	return g == c.PublicGraph() || !c.Reserved(g)
}

// UpdateOptions are the protocol's parameters of one update.
type UpdateOptions struct {
	UsingGraphs, UsingNamedGraphs []string
}

// Update parses and applies a SPARQL 1.1 Update request in one
// transaction, under the rules.
func (c *Core) Update(ctx context.Context, st *store.Store, who Actor, src string, o UpdateOptions) (*update.Result, error) {
	// LOAD reads the write's own transaction: a write larger than one
	// Badger transaction holds new snapshots back until it is whole.
	var cur *store.Txn
	req, err := update.Parse(ctx, src, update.Options{
		BaseIRI: c.Base, DefaultGraph: c.PublicGraph(),
		UsingGraphs: o.UsingGraphs, UsingNamedGraphs: o.UsingNamedGraphs,
		Writable: c.writable, Limits: c.Limits, MaxChanges: c.MaxChanges, MaxRequestBytes: c.MaxBytes,
		Kept: func(g rdf.Term) bool { return g == c.PublicGraph() },
		Load: func(ctx context.Context, iri string) ([]rdf.Triple, error) { return c.load(ctx, cur, iri) },
	})
	if err != nil {
		return nil, mapError(err)
	}
	if err := c.refuseDefaultWipe(src, req); err != nil {
		return nil, err
	}
	return c.Write(ctx, st, who, func(tx *store.Txn) (*update.Result, error) {
		cur = tx
		return req.Apply(ctx, tx)
	})
}

// refuseDefaultWipe refuses CLEAR/DROP DEFAULT, MOVE DEFAULT and COPY …
// TO DEFAULT: they would empty every chantier.
func (c *Core) refuseDefaultWipe(_ string, req *update.Request) error {
	for _, op := range req.Ops() {
		var hit bool
		switch op := op.(type) {
		case *parser.Clear:
			hit = op.Target.Kind == parser.GraphRefDefault
		case *parser.Drop:
			hit = op.Target.Kind == parser.GraphRefDefault
		case *parser.Transfer:
			hit = (op.Kind == parser.TransferMove && op.From.Value.Kind == rdf.KindNone) ||
				(op.Kind != parser.TransferAdd && op.To.Value.Kind == rdf.KindNone) ||
				(op.Kind == parser.TransferMove && op.From.Value == c.PublicGraph()) ||
				(op.Kind != parser.TransferAdd && op.To.Value == c.PublicGraph())
		}
		if hit {
			return &Error{Kind: Forbidden, Code: "forbidden", Detail: "emptying or replacing the public data graph would withdraw every chantier; withdraw resources through DELETE /id/…"}
		}
	}
	return nil
}

// Write runs fn in one transaction over the public space, then checks the
// rules on what it changed; a refusal writes nothing. A write larger than
// one Badger transaction is staged (store.UpdateStaged): still all or
// nothing, and visible at once; fn must not open snapshots.
func (c *Core) Write(ctx context.Context, st *store.Store, who Actor, fn func(tx *store.Txn) (*update.Result, error)) (*update.Result, error) {
	var res *update.Result
	err := st.UpdateStaged(ctx, func(tx *store.Txn) error {
		var err error
		res, err = fn(tx)
		if err != nil {
			return err
		}
		return c.check(ctx, tx, who, res)
	})
	if err != nil {
		return nil, mapError(err)
	}
	return res, nil
}

func mapError(err error) error {
	var ge *Error
	if errors.As(err, &ge) {
		return ge
	}
	var ue *update.Error
	if errors.As(err, &ue) {
		switch ue.Kind {
		case update.Forbidden:
			return &Error{Kind: Forbidden, Code: "forbidden", Detail: ue.Error(), Err: err}
		case update.TooLarge:
			return &Error{Kind: TooLarge, Code: "update-size", Detail: ue.Error(), Err: err}
		}
		return &Error{Kind: BadRequest, Code: "update-failed", Detail: ue.Error(), Err: err}
	}
	var se *parser.SyntaxError
	if errors.As(err, &se) {
		return &Error{Kind: BadRequest, Code: "syntax", Detail: se.Error(), Err: err}
	}
	if errors.Is(err, store.ErrTxnTooBig) {
		return &Error{Kind: TooLarge, Code: "update-size", Detail: "the write changes more than one transaction holds; split it", Err: err}
	}
	return err
}

// refuseDerivedDeletions refuses the deletion of a triple of the public
// data graph that the materialisation rules still derive from what stays
// (vocab.Materialise): derived triples follow their sources, so removing
// one by hand would leave the data short of its own rules. Every rule
// derives a triple from triples of its subject or of its object, so the
// descriptions of both, after the update, are the sources to look at.
func refuseDerivedDeletions(ctx context.Context, tx *store.Txn, pub rdf.Term, changes []update.Change) error {
	described := map[rdf.Term][]rdf.Quad{}
	describe := func(t rdf.Term) ([]rdf.Quad, error) {
		if !t.IsIRI() {
			return nil, nil
		}
		if qs, ok := described[t]; ok {
			return qs, nil
		}
		qs, err := records.Describe(ctx, tx.In(store.Public), t.Value)
		described[t] = qs
		return qs, err
	}
	for _, ch := range changes {
		q := ch.Quad
		if ch.Insert || q.G != pub {
			continue
		}
		subject, err := describe(q.S)
		if err != nil {
			return err
		}
		object, err := describe(q.O)
		if err != nil {
			return err
		}
		sources := append(slices.Clone(subject), object...)
		if slices.ContainsFunc(vocab.Materialise(sources), func(d rdf.Quad) bool { return d.Triple() == q.Triple() }) {
			return &Error{Kind: Invalid, Code: "derived", Detail: fmt.Sprintf("%s %s %s is derived from other triples that stay; remove those (or write through the write API, which recomputes what they derive)", q.S, q.P, q.O)}
		}
	}
	return nil
}

// check applies the rules of the public data graph and writes the audit.
func (c *Core) check(ctx context.Context, tx *store.Txn, who Actor, res *update.Result) error {
	pub := c.PublicGraph()
	subjects := res.Subjects[pub]
	chantiersPrefix := c.Base + vocab.PathChantiers
	closed := rdf.IRI(vocab.ConceptIRI(c.Base, vocab.SchemeStatus, "ferme"))
	for _, ch := range res.Changes {
		q := ch.Quad
		switch {
		case q.P.Value == vocab.RadnStatus && q.O == closed,
			q.P.Value == vocab.SchemaDissolutionDate:
			return &Error{Kind: Invalid, Code: "closure-refused", Detail: "a chantier closes only through a continuity evaluation whose decision is to close (POST …/evaluations)"}
		}
		if m := vocab.Materialise([]rdf.Quad{q}); len(m) > 1 {
			return &Error{Kind: Invalid, Code: "derived", Detail: fmt.Sprintf("%s %s derives other triples (%s …); write it through the write API, which recomputes them", q.S, q.P, m[1].P)}
		}
	}
	if err := refuseDerivedDeletions(ctx, tx, pub, res.Changes); err != nil {
		return err
	}
	var focus []rdf.Quad
	var chantiers []string
	for s := range subjects {
		if s.Kind != rdf.KindIRI || !strings.HasPrefix(s.Value, chantiersPrefix) {
			return &Error{Kind: Forbidden, Code: "forbidden", Detail: fmt.Sprintf("%s: in the public data graph an update may change the chantiers and their parts only; people, participations and other resources go through the write API", s)}
		}
		rest := strings.TrimPrefix(s.Value, chantiersPrefix)
		slug, _, _ := strings.Cut(rest, "/")
		slug, _, _ = strings.Cut(slug, "#")
		if strings.Contains(rest, "/evaluations") {
			return &Error{Kind: Forbidden, Code: "forbidden", Detail: s.String() + ": continuity evaluations are written through POST …/evaluations"}
		}
		quads, err := records.Describe(ctx, tx, s.Value)
		if err != nil {
			return err
		}
		if len(quads) == 0 {
			return &Error{Kind: Invalid, Code: "withdrawal-refused", Detail: s.String() + ": an update may not remove a resource whole (nor create one); use the write API"}
		}
		if !slices.ContainsFunc(quads, func(q rdf.Quad) bool { return q.S == s && q.P.Value == vocab.RDFType }) {
			return &Error{Kind: Invalid, Code: "unknown-resource", Detail: s.String() + ": not a resource of ruche (no type); create resources through the write API"}
		}
		focus = append(focus, quads...)
		ch := vocab.ChantierIRI(c.Base, slug)
		if !slices.Contains(chantiers, ch) {
			chantiers = append(chantiers, ch)
		}
	}
	if len(focus) > 0 {
		vs, err := vocab.Validate(c.Base, focus)
		if err != nil {
			return fmt.Errorf("validate: %w", err)
		}
		if len(vs) > 0 {
			return &Error{Kind: Invalid, Code: "validation", Detail: fmt.Sprintf("%d constraint(s) violated", len(vs)), Violations: vs}
		}
	}
	slices.Sort(chantiers)
	if len(chantiers) > 0 && c.Versions != nil {
		if err := c.Versions(ctx, tx, chantiers...); err != nil {
			return err
		}
	}
	now := time.Now()
	var audited []string
	for g, ss := range res.Subjects {
		if g == pub {
			for s := range ss {
				audited = append(audited, s.Value)
			}
		} else {
			audited = append(audited, g.Value)
		}
	}
	slices.Sort(audited)
	for _, r := range audited {
		if err := records.PutAudit(tx, records.AuditRecord{TokenID: who.TokenID, TokenName: who.TokenName, Role: who.Role,
			When: now, Method: who.Method, Resource: r}); err != nil {
			return err
		}
	}
	return nil
}

// load is LOAD: only this server's own documents, read from its public
// space; nothing is fetched from the network.
func (c *Core) load(ctx context.Context, tx *store.Txn, iri string) ([]rdf.Triple, error) {
	if !strings.HasPrefix(iri, c.Base) {
		return nil, &update.Error{Kind: update.Forbidden, Msg: fmt.Sprintf("LOAD <%s> refused: ruche loads only its own documents (under %s) and fetches nothing from the network", iri, c.Base)}
	}
	if tx == nil {
		return nil, errors.New("graphstore: LOAD outside a write")
	}
	iri, _, _ = strings.Cut(iri, "#")
	quads, err := records.Describe(ctx, tx.In(store.Public), iri)
	if err != nil {
		return nil, err
	}
	if len(quads) == 0 {
		return nil, &update.Error{Kind: update.Invalid, Msg: fmt.Sprintf("LOAD <%s>: no such document", iri)}
	}
	out := make([]rdf.Triple, len(quads))
	for i, q := range quads {
		out[i] = rdf.Triple{S: q.S, P: q.P, O: q.O}
	}
	return out, nil
}
