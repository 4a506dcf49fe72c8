package records

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Writer holds the write rules' settings: the base IRI resources are
// minted under and the limits of one write. Its methods decide what a
// write means (minting, the rules of each kind, versions, audit) over a
// store; the doors read the request and render the answer.
type Writer struct {
	Base            string
	MaxWriteTriples int // triples one write body may describe
	MaxTextLength   int // characters of one text value
	// ContextIRI is where the API's JSON-LD context is served; a JSON-LD
	// body without "@context" is read with it. LanguageTerms are the terms
	// of that context whose container is @language.
	ContextIRI    string
	LanguageTerms map[string]bool
}

// Target is what a write's path (under /id/) names.
type Target struct {
	Kind       *vocab.Kind
	IRI        string // the resource, or the collection
	Collection bool
	Consent    bool   // /id/personnes/{id}/consentements
	Chantier   string // IRI of the parent (itself or its parent) of a kind with children
	Slug       string // slug of that parent
	Sub        string // segment of a child kind (objectifs, livrables, …)
}

// Write is one write on its way through the rules: who makes it, on what,
// when, and what it changed.
type Write struct {
	Ctx    context.Context
	Store  *store.Store
	Who    Token
	Target *Target
	Method string // recorded in the audit log (POST, PUT, PATCH, DELETE)
	Now    time.Time
	// Touched lists the chantiers the write changed (for the event stream).
	Touched []string
	// Indexed lists the resources of the write's audit records (for the
	// search index).
	Indexed []string
}

// Changed lists the resources the write changed, for the search index:
// those of its audit records, the chantiers it touched, and its target
// unless that is a collection.
func (w *Write) Changed() []string {
	iris := append(slices.Clone(w.Indexed), w.Touched...)
	if w.Target != nil && !w.Target.Collection {
		iris = append(iris, w.Target.IRI)
	}
	return iris
}

// touch notes a chantier the write changed.
func (w *Write) touch(iri string) {
	if !slices.Contains(w.Touched, iri) {
		w.Touched = append(w.Touched, iri)
	}
}

// today is the date of a write, in Québec.
func (w *Write) today() string { return w.Now.In(Quebec).Format(time.DateOnly) }

// Quebec is the time zone of the dates of writes.
var Quebec = func() *time.Location {
	loc, err := time.LoadLocation("America/Toronto")
	if err != nil {
		return time.FixedZone("EST", -5*3600)
	}
	return loc
}()

var (
	slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	numRe  = regexp.MustCompile(`^[1-9][0-9]{0,8}$`)
	dateRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

func badPath(seg string) *Error {
	if len(seg) > 80 {
		seg = seg[:80]
	}
	return refuse(ErrMalformed, "bad-path", "invalid path segment "+quote(seg)+": slugs are lowercase letters, digits and single hyphens")
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// hasChildren reports whether some kind of the table has segment as parent.
func hasChildren(segment string) bool {
	return slices.ContainsFunc(vocab.Kinds, func(k *vocab.Kind) bool { return k.Parent == segment })
}

// ParseTarget maps the path under /id/ to a writable target, from the
// table vocab.Kinds.
func (wr *Writer) ParseTarget(path string) (*Target, error) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, seg := range segs[1:] {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "\\%\x00") {
			return nil, badPath(seg)
		}
	}
	k := vocab.KindOf("", segs[0])
	if k == nil {
		return nil, notFound("nothing can be written at /id" + path)
	}
	coll := wr.Base + "id/" + segs[0]
	switch {
	case len(segs) == 1:
		return &Target{Kind: k, IRI: coll, Collection: true}, nil
	case !slugRe.MatchString(segs[1]):
		return nil, badPath(segs[1])
	}
	t := &Target{Kind: k, IRI: coll + "/" + segs[1]}
	if hasChildren(k.Segment) {
		t.Chantier, t.Slug = t.IRI, segs[1]
	}
	switch {
	case len(segs) == 2:
		return t, nil
	case len(segs) == 3 && k.Consent && segs[2] == "consentements":
		t.Consent = true
		return t, nil
	case vocab.KindOf(k.Segment, segs[2]) != nil:
		t.Kind, t.Sub = vocab.KindOf(k.Segment, segs[2]), segs[2]
		t.IRI += "/" + segs[2]
		if len(segs) == 3 {
			t.Collection = true
			return t, nil
		}
		if len(segs) == 4 && (numRe.MatchString(segs[3]) || (t.Kind.Mint == vocab.MintDate && dateRe.MatchString(segs[3]))) {
			t.IRI += "/" + segs[3]
			return t, nil
		}
		if len(segs) == 4 {
			return nil, badPath(segs[3])
		}
	}
	return nil, notFound("nothing can be written at /id" + path)
}

// Authorize applies the roles before the body is read (memberships are
// checked again once their body names the person); path names the target
// in the refusal.
func (wr *Writer) Authorize(w *Write, path string) error {
	if w.Who.Role == RoleCoordination {
		return nil
	}
	ok, err := rulesOf(w.Target.Kind).agentMay(wr, w)
	if err != nil || ok {
		return err
	}
	return forbidden("the agent token of " + w.Who.Person + " may not write " + path)
}

// agentInChantier is the default rule of agents: an active member of a
// chantier writes it and its parts (never the collection of chantiers).
func agentInChantier(_ *Writer, w *Write) (bool, error) {
	t := w.Target
	if t.Chantier == "" || t.Sub == "" && t.Collection {
		return false, nil
	}
	snap := w.Store.Snapshot()
	defer snap.Close()
	return activeMember(w.Ctx, snap, w.Who.Person, t.Chantier, w.today())
}

// ActiveMember reports whether person has an active membership in chantier
// on the day today.
func ActiveMember(ctx context.Context, snap *store.Snapshot, person, chantier, today string) (bool, error) {
	return activeMember(ctx, snap, person, chantier, today)
}

func activeMember(ctx context.Context, snap *store.Snapshot, person, chantier, today string) (bool, error) {
	for _, sp := range []store.Space{store.Private, store.Public} {
		v := snap.In(sp)
		for q, err := range v.Match(ctx, store.Pattern{P: rdf.IRI(vocab.OrgMember), O: rdf.IRI(person), AnyGraph: true}) {
			if err != nil {
				return false, err
			}
			org, err := FirstObject(ctx, v, q.S, vocab.OrgOrganizationProp)
			if err != nil {
				return false, err
			}
			if org.Value != chantier {
				continue
			}
			end, err := FirstObject(ctx, v, q.S, vocab.SchemaEndDate)
			if err != nil {
				return false, err
			}
			if end.IsZero() {
				return true, nil
			}
			if end.Value > today {
				if _, closed, err := snap.GetMeta(MetaMembershipClosed + q.S.Value); err != nil {
					return false, err
				} else if !closed {
					return true, nil
				}
			}
		}
	}
	return false, nil
}

// finish ends a write's transaction: a new event-stream version of every
// chantier it touched (in the same transaction), then the audit record.
func (wr *Writer) finish(w *Write, tx *store.Txn, rec AuditRecord) error {
	if len(w.Touched) > 0 {
		if err := wr.RecordVersions(w.Ctx, tx, w.Touched...); err != nil {
			return err
		}
	}
	w.Indexed = append(w.Indexed, rec.Resource)
	return PutAudit(tx, rec)
}

func (w *Write) audit(iri, before, after string) AuditRecord {
	return AuditRecord{TokenID: w.Who.ID, TokenName: w.Who.Name, Role: w.Who.Role, When: w.Now,
		Method: w.Method, Resource: iri, Before: before, After: after}
}
