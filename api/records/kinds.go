package records

import (
	"strings"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// rules are the write rules of one kind of the table vocab.Kinds beyond the
// common path (decode, mint, validate, store in the public space, version,
// audit). A kind with no entry in kindRules gets defaultRules, or
// childRules when it is a counted child (its row has a ParentLink): adding
// a kind is one row of the table, and a kind whose writes differ says how
// here, not in switches spread over the write path.
type rules struct {
	// agentMay reports whether an agent token may write the target (nil:
	// agentInChantier).
	agentMay func(wr *Writer, w *Write) (bool, error)
	// parentMayBeClosed: a resource of the kind may be posted under a
	// closed parent (an evaluation; the parent must still exist).
	parentMayBeClosed bool
	// dryRun: POST …?dry-run lists the existing look-alikes.
	dryRun bool
	// readMember: the body's schema:member is read as org:member.
	readMember bool
	// noReplace and noDelete refuse PUT/PATCH and DELETE (ErrConflict) with their
	// message.
	noReplace, noDelete string
	// prepare applies the kind's server-side part to a new description
	// (cur is nil on creation): the document to store and the other
	// resources the write creates.
	prepare func(wr *Writer, w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) ([]rdf.Quad, []rdf.Quad, error)
	// store replaces the common storage (validation included).
	store func(wr *Writer, w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) error
	// remove replaces the common withdrawal (deletePublic).
	remove func(wr *Writer, w *Write, tx *store.Txn, iri string) error
	// recountAll: every chantier is recounted after a write of the kind
	// (a host organisation's region and sector count in the reach).
	recountAll bool
	// chantierLink is the predicate from a chantier to resources of the
	// kind that are not its children (a legacy): the event stream
	// summarises them in the chantier's versions, as it does children.
	chantierLink string
}

// kindRules are the kinds whose writes differ, by class.
var kindRules = map[string]*rules{
	vocab.RadnChantier: {
		prepare:  (*Writer).chantierRules,
		dryRun:   true,
		noDelete: "a chantier is never deleted: it closes through a continuity evaluation whose decision is to close (POST …/evaluations)",
	},
	vocab.RadnLegacy:           {prepare: (*Writer).legacyRules, dryRun: true, chantierLink: vocab.RadnHasLegacy},
	vocab.RadnHostOrganization: {recountAll: true},
	vocab.SchemaPerson: {
		agentMay: agentSelf,
		store:    (*Writer).storePerson,
		remove:   (*Writer).withdrawPerson,
	},
	vocab.OrgMembership: {
		agentMay:   agentOwnMembership,
		readMember: true,
		store:      (*Writer).storeMembershipBounded,
		remove:     (*Writer).closeMembership,
	},
	vocab.RadnDeliverable: {prepare: childPrepare(true)},
	vocab.RadnContinuityEvaluation: {
		parentMayBeClosed: true,
		noReplace:         "an evaluation is a dated record: post a new one",
		noDelete:          "an evaluation is a dated record and is kept",
		store:             (*Writer).storeEvaluation,
	},
}

var (
	defaultRules = &rules{}
	childRules   = &rules{prepare: childPrepare(false)}
)

// rulesOf returns the rules of a kind.
func rulesOf(k *vocab.Kind) *rules {
	r, ok := kindRules[k.Class]
	switch {
	case ok:
	case k.ParentLink != "":
		r = childRules
	default:
		r = defaultRules
	}
	if r.agentMay == nil {
		c := *r
		c.agentMay = agentInChantier
		return &c
	}
	return r
}

// agentSelf: an agent writes their own person record (and its consents).
func agentSelf(_ *Writer, w *Write) (bool, error) {
	return !w.Target.Collection && w.Target.IRI == w.Who.Person, nil
}

// agentOwnMembership: an agent posts memberships (the body must name them,
// checked when it is stored) and writes their own.
func agentOwnMembership(_ *Writer, w *Write) (bool, error) {
	if w.Target.Collection {
		return true, nil
	}
	snap := w.Store.Snapshot().In(store.Private)
	defer snap.Close()
	m, err := FirstObject(w.Ctx, snap, rdf.IRI(w.Target.IRI), vocab.OrgMember)
	if err != nil {
		return false, err
	}
	return m.Value == w.Who.Person, nil
}

// versionDependents are the predicates from a chantier to the resources its
// versions summarise: the parent links of its children and the links of
// the kinds that name it (from the table and kindRules).
func versionDependents() []string {
	var out []string
	for _, k := range vocab.Kinds {
		if k.ParentLink != "" && k.Parent == chantierSegment() {
			out = append(out, k.ParentLink)
		}
		if l := rulesOf(k).chantierLink; l != "" {
			out = append(out, l)
		}
	}
	return out
}

// chantierSegment is the collection segment of the chantiers.
func chantierSegment() string {
	if k := vocab.KindOfClass(vocab.RadnChantier); k != nil {
		return k.Segment
	}
	return ""
}

// privateKind reports whether an IRI names a resource of a private kind
// (a person, a membership), which versions never carry.
func (wr *Writer) privateKind(t rdf.Term) bool {
	if !t.IsIRI() {
		return false
	}
	for _, k := range vocab.Kinds {
		if k.Private && k.Parent == "" && strings.HasPrefix(t.Value, wr.Base+"id/"+k.Segment+"/") {
			return true
		}
	}
	return false
}
