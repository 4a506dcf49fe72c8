package api

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// kindSpec is one kind of writable resource: its row of the table
// vocab.Kinds, read when a request comes (so a row added to the table is
// routed, minted and stored without another edit).
type kindSpec = vocab.Kind

// kindAt returns the row of the collection segment under parent; it
// panics at start-up if the table lacks a row the code names.
func kindAt(parent, segment string) *kindSpec {
	r := vocab.KindOf(parent, segment)
	if r == nil {
		panic("vocab.Kinds has no kind at " + parent + "/" + segment)
	}
	return r
}

// The kinds whose write rules differ (a chantier is a parent, a person has
// consents, …) are named here; the others are known only by their row.
var (
	kChantier    = kindAt("", "chantiers")
	kObjective   = kindAt("chantiers", "objectifs")
	kDeliverable = kindAt("chantiers", "livrables")
	kNeed        = kindAt("chantiers", "besoins")
	kEvaluation  = kindAt("chantiers", "evaluations")
	kLegacy      = kindAt("", "legs")
	kOrg         = kindAt("", "organisations")
	kPerson      = kindAt("", "personnes")
	kMembership  = kindAt("", "participations")
)

// target is what a write's path names.
type target struct {
	kind       *kindSpec
	iri        string // the resource, or the collection
	collection bool
	consent    bool   // /id/personnes/{id}/consentements
	chantier   string // IRI of the chantier (itself or its parent)
	slug       string // slug of that chantier
	sub        string // objectifs, livrables, besoins, evaluations
}

var (
	slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	numRe  = regexp.MustCompile(`^[1-9][0-9]{0,8}$`)
	dateRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

func badPath(seg string) *Problem {
	if len(seg) > 80 {
		seg = seg[:80]
	}
	return newProblem(http.StatusBadRequest, "bad-path", "invalid path segment "+strconvQuote(seg)+": slugs are lowercase letters, digits and single hyphens")
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// parseTarget maps the path under /id/ to a writable target.
func (s *Server) parseTarget(path string) (*target, error) {
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
	coll := s.cfg.Base + "id/" + segs[0]
	switch {
	case len(segs) == 1:
		return &target{kind: k, iri: coll, collection: true}, nil
	case !slugRe.MatchString(segs[1]):
		return nil, badPath(segs[1])
	}
	t := &target{kind: k, iri: coll + "/" + segs[1]}
	if k == kChantier {
		t.chantier, t.slug = t.iri, segs[1]
	}
	switch {
	case len(segs) == 2:
		return t, nil
	case len(segs) == 3 && k.Consent && segs[2] == "consentements":
		t.consent = true
		return t, nil
	case vocab.KindOf(k.Segment, segs[2]) != nil:
		t.kind, t.sub = vocab.KindOf(k.Segment, segs[2]), segs[2]
		t.iri += "/" + segs[2]
		if len(segs) == 3 {
			t.collection = true
			return t, nil
		}
		if len(segs) == 4 && (numRe.MatchString(segs[3]) || (t.kind.Mint == vocab.MintDate && dateRe.MatchString(segs[3]))) {
			t.iri += "/" + segs[3]
			return t, nil
		}
		if len(segs) == 4 {
			return nil, badPath(segs[3])
		}
	}
	return nil, notFound("nothing can be written at /id" + path)
}

// writeRequest carries one write through its steps.
type writeRequest struct {
	c   *gin.Context
	st  *store.Store
	who *principal
	t   *target
	now time.Time
	// touched lists the chantiers the write changed (for the event stream).
	touched []string
	// indexed lists the resources of the write's audit records (for the
	// search index, search_door.go).
	indexed []string
}

// touch notes a chantier the write changed.
func (w *writeRequest) touch(iri string) {
	if !slices.Contains(w.touched, iri) {
		w.touched = append(w.touched, iri)
	}
}

// finish ends a write's transaction: a new event-stream version of every
// chantier it touched (recordVersions, in the same transaction), then the
// audit record.
func (s *Server) finish(w *writeRequest, tx *store.Txn, rec AuditRecord) error {
	if len(w.touched) > 0 {
		if err := s.recordVersions(w.ctx(), tx, w.touched...); err != nil {
			return err
		}
	}
	w.indexed = append(w.indexed, rec.Resource)
	return recordAudit(tx, rec)
}

func (w *writeRequest) ctx() context.Context { return w.c.Request.Context() }

// today is the date of a write, in Québec.
func (w *writeRequest) today() string { return w.now.In(quebec).Format(time.DateOnly) }

var quebec = func() *time.Location {
	loc, err := time.LoadLocation("America/Toronto")
	if err != nil {
		return time.FixedZone("EST", -5*3600)
	}
	return loc
}()

// write is the handler of POST, PUT, PATCH and DELETE under /id/.
func (s *Server) write(c *gin.Context) error { return s.writeAt(c, c.Param("path")) }

// writeAt handles a write to path (relative to /id/).
func (s *Server) writeAt(c *gin.Context, path string) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	who, err := s.authenticateThrottled(c, st)
	if err != nil {
		return err
	}
	t, err := s.parseTarget(path)
	if err != nil {
		return err
	}
	w := &writeRequest{c: c, st: st, who: who, t: t, now: time.Now().UTC()}
	if err := s.authorize(w); err != nil {
		return err
	}
	defer s.indexWrite(w)()
	switch c.Request.Method {
	case http.MethodPost:
		if !t.collection {
			return methodNotAllowed(c, "POST goes to a collection")
		}
		return s.create(w)
	case http.MethodPut:
		if t.consent {
			return s.putConsent(w)
		}
		if t.collection {
			return methodNotAllowed(c, "PUT goes to a resource")
		}
		return s.replace(w, false)
	case http.MethodPatch:
		if t.collection || t.consent {
			return methodNotAllowed(c, "PATCH goes to a resource")
		}
		return s.replace(w, true)
	case http.MethodDelete:
		if t.collection || t.consent {
			return methodNotAllowed(c, "DELETE goes to a resource")
		}
		return s.remove(w)
	}
	return methodNotAllowed(c, "")
}

func methodNotAllowed(c *gin.Context, detail string) *Problem {
	return newProblem(http.StatusMethodNotAllowed, "method-not-allowed", strings.TrimSpace(c.Request.Method+" is not allowed on "+c.Request.URL.Path+". "+detail))
}

// authorize applies the roles before the body is read (memberships are
// checked again once their body names the person).
func (s *Server) authorize(w *writeRequest) error {
	if w.who.Role == RoleCoordination {
		return nil
	}
	me := w.who.Person
	t := w.t
	switch {
	case t.kind == kPerson && !t.collection:
		if t.iri == me {
			return nil
		}
	case t.kind == kMembership:
		if t.collection {
			return nil // the body must name the agent: checked in create
		}
		snap := w.st.Snapshot().In(store.Private)
		defer snap.Close()
		m, err := firstObject(w.ctx(), snap, rdf.IRI(t.iri), vocab.OrgMember)
		if err != nil {
			return err
		}
		if m.Value == me {
			return nil
		}
	case t.chantier != "" && !(t.kind == kChantier && t.collection):
		snap := w.st.Snapshot()
		defer snap.Close()
		ok, err := activeMember(w.ctx(), snap, me, t.chantier, w.today())
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
	return forbidden("the agent token of " + me + " may not write " + w.c.Request.URL.Path)
}

// activeMember reports whether person has an active membership in chantier.
func activeMember(ctx context.Context, snap *store.Snapshot, person, chantier, today string) (bool, error) {
	for _, sp := range []store.Space{store.Private, store.Public} {
		v := snap.In(sp)
		for q, err := range v.Match(ctx, store.Pattern{P: rdf.IRI(vocab.OrgMember), O: rdf.IRI(person), AnyGraph: true}) {
			if err != nil {
				return false, err
			}
			org, err := firstObject(ctx, v, q.S, vocab.OrgOrganizationProp)
			if err != nil {
				return false, err
			}
			if org.Value != chantier {
				continue
			}
			end, err := firstObject(ctx, v, q.S, vocab.SchemaEndDate)
			if err != nil {
				return false, err
			}
			if end.IsZero() {
				return true, nil
			}
			if end.Value > today {
				if _, closed, err := snap.GetMeta(metaMembershipClosed + q.S.Value); err != nil {
					return false, err
				} else if !closed {
					return true, nil
				}
			}
		}
	}
	return false, nil
}
