package records

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// managedChantier are the chantier predicates the server owns: a PUT or
// PATCH keeps their current values whatever the body says (status and
// dissolution date are refused when they would close the chantier).
var managedChantier = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{
		vocab.RadnStatus, vocab.OrgSubOrganizationOf, vocab.SchemaParentOrganization,
		vocab.SchemaDissolutionDate, vocab.OrgResultedFrom, vocab.OrgChangedBy,
		vocab.RadnParticipantCount, vocab.RadnRegionCount, vocab.RadnSectorCount, vocab.SchemaMember,
		vocab.SchemaReviewProp, vocab.RadnObjectiveProp, vocab.RadnDeliverableProp, vocab.RadnHasLegacy,
		vocab.RadnSupportNeedProp,
	} {
		m[p] = true
		for _, sp := range vocab.SuperProperties(p) {
			m[sp] = true
		}
	}
	return m
}()

func (wr *Writer) status(code string) rdf.Term {
	return rdf.IRI(vocab.ConceptIRI(wr.Base, vocab.SchemeStatus, code))
}

// chantierRules applies the server's part of a chantier write: parent,
// status and opening event on creation; managed fields kept on update; a
// closed status refused outside an evaluation.
func (wr *Writer) chantierRules(w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) ([]rdf.Quad, []rdf.Quad, error) {
	w.touch(iri)
	root := rdf.IRI(iri)
	closed := wr.status("ferme")
	wasClosed := slices.ContainsFunc(cur, func(q rdf.Quad) bool { return q.S == root && q.P.Value == vocab.RadnStatus && q.O == closed })
	var out []rdf.Quad
	founding, stated := FirstObjectIn(doc, root, vocab.SchemaFoundingDate)
	if !stated && cur != nil {
		// A PUT or PATCH that does not state the founding date keeps it.
		if f, ok := FirstObjectIn(cur, root, vocab.SchemaFoundingDate); ok {
			out = append(out, rdf.Quad{S: root, P: rdf.IRI(vocab.SchemaFoundingDate), O: f})
		}
	}
	if stated && cur != nil {
		if err := wr.checkFoundingBound(w.Ctx, tx, root, founding); err != nil {
			return nil, nil, err
		}
	}
	for _, q := range doc {
		if q.S == root && managedChantier[q.P.Value] {
			if !wasClosed && ((q.P.Value == vocab.RadnStatus && q.O == closed) || q.P.Value == vocab.SchemaDissolutionDate) {
				return nil, nil, closeRefused()
			}
			if cur == nil && (q.P.Value == vocab.RadnStatus || q.P.Value == vocab.SchemaDissolutionDate) && q.O == closed {
				return nil, nil, closeRefused()
			}
			continue
		}
		out = append(out, q)
	}
	if cur != nil {
		for _, q := range cur {
			if q.S == root && managedChantier[q.P.Value] {
				out = append(out, rdf.Quad{S: q.S, P: q.P, O: q.O})
			}
		}
		return out, nil, nil
	}
	// A new chantier: parent network, active status, opening. The founding
	// date is the one the body states; without one the chantier has none
	// (it is not the day of the request), and its evaluations and
	// memberships are not bounded.
	network := rdf.IRI(vocab.NetworkIRI(wr.Base))
	slug := strings.TrimPrefix(iri, wr.Base+vocab.PathChantiers)
	opening := rdf.IRI(vocab.OpeningIRI(wr.Base, slug))
	out = append(out,
		rdf.Quad{S: root, P: rdf.IRI(vocab.OrgSubOrganizationOf), O: network},
		rdf.Quad{S: root, P: rdf.IRI(vocab.RadnStatus), O: wr.status("actif")},
		rdf.Quad{S: root, P: rdf.IRI(vocab.OrgResultedFrom), O: opening},
		rdf.Quad{S: root, P: rdf.IRI(vocab.RadnParticipantCount), O: rdf.Literal("0", vocab.XSDInteger)},
	)
	openedAt := w.Now.Format(time.RFC3339)
	if stated && founding.Datatype == vocab.XSDDate {
		if d, err := time.ParseInLocation(time.DateOnly, founding.Value, Quebec); err == nil {
			openedAt = d.Format(time.RFC3339)
		}
	}
	extra := []rdf.Quad{
		{S: opening, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantierOpening)},
		{S: opening, P: rdf.IRI(vocab.OrgResultingOrganization), O: root},
		{S: opening, P: rdf.IRI(vocab.ProvStartedAtTime), O: rdf.Literal(openedAt, vocab.XSDDateTime)},
	}
	for _, q := range doc {
		if q.S == root && q.P.Value == vocab.ProvWasDerivedFrom {
			ok, err := isChantier(w.Ctx, tx, q.O)
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				return nil, nil, unprocessable("validation", "prov:wasDerivedFrom must name an existing chantier: "+q.O.String())
			}
			extra = append(extra, rdf.Quad{S: opening, P: rdf.IRI(vocab.OrgOriginalOrganization), O: q.O})
		}
	}
	return out, extra, nil
}

func closeRefused() *Error {
	return unprocessable("closure-refused", "a chantier closes only through a continuity evaluation whose decision is to close (POST …/evaluations)")
}

// isChantier reports whether t is a chantier of the public graph.
func isChantier(ctx context.Context, tx *store.Txn, t rdf.Term) (bool, error) {
	if !t.IsIRI() {
		return false, nil
	}
	for _, err := range tx.In(store.Public).Match(ctx, store.Pattern{S: t, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantier), AnyGraph: true}) {
		if err != nil {
			return false, err
		}
		return true, nil
	}
	return false, nil
}

// requireOpenChantier checks that the parent chantier exists and, when
// open is set, that it is not closed.
func (wr *Writer) requireOpenChantier(w *Write, chantier string, open bool) error {
	snap := w.Store.Snapshot()
	defer snap.Close()
	ch := rdf.IRI(chantier)
	found := false
	for _, err := range snap.Match(w.Ctx, store.Pattern{S: ch, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantier), AnyGraph: true}) {
		if err != nil {
			return err
		}
		found = true
	}
	if !found {
		return notFound("no chantier " + chantier)
	}
	if !open {
		return nil
	}
	st, err := FirstObject(w.Ctx, snap, ch, vocab.RadnStatus)
	if err != nil {
		return err
	}
	if st == wr.status("ferme") {
		return conflict("chantier-closed", chantier+" is closed")
	}
	return nil
}

// childPrepare links a counted child (objective, deliverable, need) to its
// chantier through the row's ParentLink; with creator, the child names the
// chantier back with schema:creator (deliverables).
func childPrepare(creator bool) func(*Writer, *Write, *store.Txn, string, []rdf.Quad, []rdf.Quad) ([]rdf.Quad, []rdf.Quad, error) {
	return func(wr *Writer, w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) ([]rdf.Quad, []rdf.Quad, error) {
		w.touch(w.Target.Chantier)
		root := rdf.IRI(iri)
		ch := rdf.IRI(w.Target.Chantier)
		if creator && !slices.ContainsFunc(doc, func(q rdf.Quad) bool { return q.S == root && q.P.Value == vocab.SchemaCreator }) {
			doc = append(doc, rdf.Quad{S: root, P: rdf.IRI(vocab.SchemaCreator), O: ch})
		}
		if cur == nil {
			link := rdf.Quad{S: ch, P: rdf.IRI(w.Target.Kind.ParentLink), O: root}
			for _, q := range vocab.Materialise([]rdf.Quad{link}) {
				if err := tx.Add(wr.inGraph(q)); err != nil {
					return nil, nil, err
				}
			}
		}
		return doc, nil, nil
	}
}

// legacyRules links a legacy to the chantiers that made it.
func (wr *Writer) legacyRules(w *Write, tx *store.Txn, iri string, _, doc []rdf.Quad) ([]rdf.Quad, []rdf.Quad, error) {
	root := rdf.IRI(iri)
	for _, q := range doc {
		if q.S == root && q.P.Value == vocab.SchemaCreator {
			ok, err := isChantier(w.Ctx, tx, q.O)
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				return nil, nil, unprocessable("validation", "schema:creator must name an existing chantier: "+q.O.String())
			}
			w.touch(q.O.Value)
			for _, l := range vocab.Materialise([]rdf.Quad{{S: q.O, P: rdf.IRI(vocab.RadnHasLegacy), O: root}}) {
				if err := tx.Add(wr.inGraph(l)); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return doc, nil, nil
}

// publicEvaluation are the predicates of an evaluation published: the
// decision, its date and what it is about. Assessments, ratings and
// explanations stay private (model.md §6.2).
var publicEvaluation = map[string]bool{
	vocab.RDFType: true, vocab.SchemaItemReviewed: true, vocab.SchemaDateCreated: true,
	vocab.RadnDecision: true, vocab.SchemaAuthor: true,
}

// storeEvaluation records a continuity evaluation: assessments named by
// their criterion, the whole record private, the decision public, and, when
// the decision is to close, the closure of the chantier.
func (wr *Writer) storeEvaluation(w *Write, tx *store.Txn, iri string, _, doc []rdf.Quad) error {
	w.touch(w.Target.Chantier)
	ctx := w.Ctx
	root := rdf.IRI(iri)
	ch := rdf.IRI(w.Target.Chantier)
	// Name each assessment after its criterion (…#critere-n).
	rename := map[rdf.Term]rdf.Term{}
	prefix := vocab.SchemeIRI(wr.Base, vocab.SchemeGrid) + "/"
	for _, q := range doc {
		if q.P.Value == vocab.RadnCriterion && q.S.IsBlank() && strings.HasPrefix(q.O.Value, prefix) {
			if n, err := strconv.Atoi(strings.TrimPrefix(q.O.Value, prefix)); err == nil && n >= 1 && n <= 4 {
				rename[q.S] = rdf.IRI(vocab.AssessmentIRI(iri, n))
			}
		}
	}
	var out []rdf.Quad
	hasItem := false
	for _, q := range doc {
		if r, ok := rename[q.S]; ok {
			q.S = r
		}
		if r, ok := rename[q.O]; ok {
			q.O = r
		}
		if q.S == root && q.P.Value == vocab.SchemaItemReviewed {
			if q.O != ch {
				return unprocessable("validation", "an evaluation posted under "+ch.Value+" reviews that chantier")
			}
			hasItem = true
		}
		out = append(out, q)
	}
	if !hasItem {
		out = append(out, rdf.Quad{S: root, P: rdf.IRI(vocab.SchemaItemReviewed), O: ch})
	}
	if date, ok := FirstObjectIn(out, root, vocab.SchemaDateCreated); ok {
		if err := wr.notBeforeFounding(ctx, tx, ch, date, "an evaluation"); err != nil {
			return err
		}
	}
	if err := wr.validate(out); err != nil {
		return err
	}
	full := vocab.Materialise(out)
	priv := tx.In(store.Private)
	var public []rdf.Quad
	for _, q := range full {
		if err := priv.Add(q); err != nil {
			return err
		}
		if q.S == root && publicEvaluation[q.P.Value] {
			public = append(public, q)
		}
	}
	for _, q := range vocab.Materialise(public) {
		if err := tx.Add(wr.inGraph(q)); err != nil {
			return err
		}
	}
	decision, _ := FirstObjectIn(full, root, vocab.RadnDecision)
	if decision.Value != vocab.ConceptIRI(wr.Base, vocab.SchemeDecision, "fermer") {
		return nil
	}
	return wr.closeChantier(ctx, tx, ch, root, w)
}

// closeChantier closes a chantier through the evaluation eval: closure
// event (date, prov:used eval), dissolution date, closed status.
func (wr *Writer) closeChantier(ctx context.Context, tx *store.Txn, ch, eval rdf.Term, w *Write) error {
	date, err := FirstObject(ctx, tx.In(store.Private), eval, vocab.SchemaDateCreated)
	if err != nil {
		return err
	}
	if st, err := FirstObject(ctx, tx, ch, vocab.RadnStatus); err != nil {
		return err
	} else if st == wr.status("ferme") {
		return conflict("chantier-closed", ch.Value+" is already closed")
	}
	slug := strings.TrimPrefix(ch.Value, wr.Base+vocab.PathChantiers)
	closure := rdf.IRI(vocab.ClosureIRI(wr.Base, slug))
	for _, p := range []string{vocab.RadnStatus, vocab.ADMSStatus} {
		if _, err := tx.DeleteMatching(ctx, store.Pattern{S: ch, P: rdf.IRI(p), AnyGraph: true}); err != nil {
			return err
		}
	}
	add := []rdf.Quad{
		{S: closure, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantierClosure)},
		{S: closure, P: rdf.IRI(vocab.OrgOriginalOrganization), O: ch},
		{S: closure, P: rdf.IRI(vocab.ProvUsed), O: eval},
		{S: closure, P: rdf.IRI(vocab.ProvStartedAtTime), O: rdf.Literal(date.Value+"T00:00:00-05:00", vocab.XSDDateTime)},
		{S: ch, P: rdf.IRI(vocab.OrgChangedBy), O: closure},
		{S: ch, P: rdf.IRI(vocab.SchemaDissolutionDate), O: rdf.Literal(date.Value, vocab.XSDDate)},
		{S: ch, P: rdf.IRI(vocab.RadnStatus), O: wr.status("ferme")},
	}
	for _, q := range vocab.Materialise(add) {
		if err := tx.Add(wr.inGraph(q)); err != nil {
			return err
		}
	}
	return wr.closeOpenMemberships(ctx, tx, ch, date.Value, w)
}

// closeOpenMemberships ends, at the closure date, every membership of a
// chantier still open when it closes; the records are kept. The closure
// is the server's act, so it runs with the coordination role whoever
// posted the evaluation.
func (wr *Writer) closeOpenMemberships(ctx context.Context, tx *store.Txn, ch rdf.Term, date string, w *Write) error {
	priv := tx.In(store.Private)
	var open []rdf.Term
	for q, err := range priv.Match(ctx, store.Pattern{P: rdf.IRI(vocab.OrgOrganizationProp), O: ch, AnyGraph: true}) {
		if err != nil {
			return err
		}
		open = append(open, q.S)
	}
	server := *w
	server.Who = Token{Role: RoleCoordination, Name: "closure of " + ch.Value}
	for _, m := range open {
		cur, err := Describe(ctx, priv, m.Value)
		if err != nil {
			return err
		}
		if _, ended := FirstObjectIn(cur, m, vocab.SchemaEndDate); ended || len(cur) == 0 {
			continue
		}
		end := date
		if start, ok := FirstObjectIn(cur, m, vocab.SchemaStartDate); ok && start.Value >= end {
			if t, err := time.Parse(time.DateOnly, start.Value); err == nil {
				end = t.AddDate(0, 0, 1).Format(time.DateOnly)
			}
		}
		doc := append(stripGraphs(cur), rdf.Quad{S: m, P: rdf.IRI(vocab.SchemaEndDate), O: rdf.Literal(end, vocab.XSDDate)})
		if err := wr.storeMembership(&server, tx, m.Value, cur, doc); err != nil {
			return err
		}
	}
	return nil
}

// foundingOf is the first day of a chantier's founding date ("" when it
// has none): 2019-05 counts from 2019-05-01, 2019 from 2019-01-01.
func foundingOf(ctx context.Context, r Matcher, ch rdf.Term) (string, rdf.Term, error) {
	f, err := FirstObject(ctx, r, ch, vocab.SchemaFoundingDate)
	if err != nil || f.IsZero() {
		return "", f, err
	}
	return firstDay(f), f, nil
}

// firstDay is the first day a date, year-month or year literal covers.
func firstDay(t rdf.Term) string {
	v := t.Value
	switch {
	case len(v) >= 10 && t.Datatype != vocab.XSDGYearMonth && t.Datatype != vocab.XSDGYear:
		return v[:10]
	case len(v) >= 7 && t.Datatype == vocab.XSDGYearMonth:
		return v[:7] + "-01"
	case len(v) >= 4:
		return v[:4] + "-01-01"
	}
	return v
}

// notBeforeFounding refuses (ErrInvalid) a dated record of a chantier (an
// evaluation, a membership) that predates the chantier's stated founding
// date; a chantier without one bounds nothing.
func (wr *Writer) notBeforeFounding(ctx context.Context, tx *store.Txn, ch, date rdf.Term, what string) error {
	from, f, err := foundingOf(ctx, tx.In(store.Public), ch)
	if err != nil || from == "" || !date.IsLiteral() {
		return err
	}
	if firstDay(date) < from {
		return unprocessable("before-founding", what+" dated "+date.Value+" predates the founding date of "+ch.Value+" ("+f.Value+")")
	}
	return nil
}

// checkFoundingBound refuses a founding date later than the chantier's
// existing evaluations or memberships.
func (wr *Writer) checkFoundingBound(ctx context.Context, tx *store.Txn, ch, founding rdf.Term) error {
	from := firstDay(founding)
	priv := tx.In(store.Private)
	check := func(p string, o rdf.Term, dateProp, what string) error {
		for q, err := range priv.Match(ctx, store.Pattern{P: rdf.IRI(p), O: o, AnyGraph: true}) {
			if err != nil {
				return err
			}
			d, err := FirstObject(ctx, priv, q.S, dateProp)
			if err != nil {
				return err
			}
			if !d.IsZero() && firstDay(d) < from {
				return unprocessable("before-founding", "the founding date "+founding.Value+" is later than "+what+" "+q.S.Value+" ("+d.Value+")")
			}
		}
		return nil
	}
	if err := check(vocab.SchemaItemReviewed, ch, vocab.SchemaDateCreated, "the evaluation"); err != nil {
		return err
	}
	return check(vocab.OrgOrganizationProp, ch, vocab.SchemaStartDate, "the membership")
}
