package records

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Consent records (private space only) use W3C DPV: one node per purpose
// and grant, person#consentement-{purpose}-{n}, typed dpv:Consent, with
// dpv:hasDataSubject, dpv:hasPurpose (a string naming the purpose),
// dpv:hasConsentStatus (ConsentGiven / ConsentWithdrawn), schema:startDate
// (given) and schema:endDate (withdrawn).
const (
	dpvNS               = vocab.DPVNS
	dpvConsent          = dpvNS + "Consent"
	dpvHasDataSubject   = dpvNS + "hasDataSubject"
	dpvHasPurpose       = dpvNS + "hasPurpose"
	dpvHasConsentStatus = dpvNS + "hasConsentStatus"
	dpvConsentGiven     = dpvNS + "ConsentGiven"
	dpvConsentWithdrawn = dpvNS + "ConsentWithdrawn"
)

// The consent purposes (model.md §6.3): P1 publish on the site and in the
// open data, P2 pass on to aggregators, P3 link other profiles. P2 and P3
// need P1.
const (
	PurposePublish      = "publish"
	PurposeAggregators  = "aggregators"
	PurposeLinkProfiles = "linkProfiles"
)

var purposes = []string{PurposePublish, PurposeAggregators, PurposeLinkProfiles}

// privateOnly are the person fields never published nor validated against
// the public shape.
var privateOnly = map[string]bool{vocab.SchemaEmail: true, vocab.SchemaTelephone: true, vocab.SchemaImage: true}

// publicPerson are the person fields the projection may publish (sameAs
// only with the link-profiles consent).
var publicPerson = map[string]bool{
	vocab.RDFType: true, vocab.SchemaName: true, vocab.SchemaJobTitle: true, vocab.SchemaWorksFor: true,
}

// storePerson writes a person's private record, then re-projects it.
func (wr *Writer) storePerson(w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) error {
	ctx := w.Ctx
	var check, keep []rdf.Quad
	for _, q := range doc {
		if strings.HasPrefix(q.S.Value, iri+"#consentement-") {
			continue // consents are written through …/consentements only
		}
		keep = append(keep, q)
		if !privateOnly[q.P.Value] {
			check = append(check, q)
		}
	}
	if err := wr.validate(check); err != nil {
		return err
	}
	// Consent records are not part of the person's document (they point to
	// the person); keep any fragment they would not reach.
	var old []rdf.Quad
	for _, q := range cur {
		if !strings.HasPrefix(q.S.Value, iri+"#consentement-") {
			old = append(old, q)
		}
	}
	if err := wr.replaceQuads(ctx, tx.In(store.Private), old, keep); err != nil {
		return err
	}
	if err := wr.project(w, tx, iri); err != nil {
		return err
	}
	return wr.recountPerson(w, tx, iri)
}

// storeMembershipBounded refuses a membership that starts before its
// chantier's founding date, then stores it.
func (wr *Writer) storeMembershipBounded(w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) error {
	root := rdf.IRI(iri)
	if ch, ok := FirstObjectIn(doc, root, vocab.OrgOrganizationProp); ok {
		if start, ok := FirstObjectIn(doc, root, vocab.SchemaStartDate); ok {
			if err := wr.notBeforeFounding(w.Ctx, tx, ch, start, "a membership"); err != nil {
				return err
			}
		}
	}
	return wr.storeMembership(w, tx, iri, cur, doc)
}

// storeMembership writes a membership's private record (after checking
// the person and the chantier), re-projects the person and recounts the
// chantier.
func (wr *Writer) storeMembership(w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) error {
	ctx := w.Ctx
	root := rdf.IRI(iri)
	if !slices.ContainsFunc(doc, func(q rdf.Quad) bool { return q.S == root && q.P.Value == vocab.SchemaStartDate }) {
		doc = append(doc, rdf.Quad{S: root, P: rdf.IRI(vocab.SchemaStartDate), O: rdf.Literal(w.today(), vocab.XSDDate)})
	}
	// Drop the derived interval: it is recomputed from the dates.
	doc = slices.DeleteFunc(slices.Clone(doc), func(q rdf.Quad) bool {
		return strings.HasPrefix(q.S.Value, iri+"#") || (q.S == root && q.P.Value == vocab.OrgMemberDuring) || q.O == root
	})
	if err := wr.validate(doc); err != nil {
		return err
	}
	person, _ := FirstObjectIn(doc, root, vocab.OrgMember)
	chantier, _ := FirstObjectIn(doc, root, vocab.OrgOrganizationProp)
	if w.Who.Role != RoleCoordination && person.Value != w.Who.Person {
		return forbidden("an agent records only their own memberships")
	}
	if ok, err := isChantier(ctx, tx, chantier); err != nil {
		return err
	} else if !ok {
		return unprocessable("validation", "org:organization must name an existing chantier: "+chantier.String())
	}
	if st, err := FirstObject(ctx, tx, chantier, vocab.RadnStatus); err != nil {
		return err
	} else if st == wr.status("ferme") && cur == nil {
		return conflict("chantier-closed", chantier.Value+" is closed")
	}
	if known, err := personExists(ctx, tx, person); err != nil {
		return err
	} else if !known {
		return unprocessable("validation", "org:member must name a known person: "+person.String())
	}
	var oldPerson, oldChantier rdf.Term
	if cur != nil {
		oldPerson, _ = FirstObjectIn(cur, root, vocab.OrgMember)
		oldChantier, _ = FirstObjectIn(cur, root, vocab.OrgOrganizationProp)
	}
	priv := tx.In(store.Private)
	// cur holds only the membership's own quads; the derived O schema:member M
	// link lives with the chantier, remove it too.
	if _, err := priv.DeleteMatching(ctx, store.Pattern{O: root, AnyGraph: true}); err != nil {
		return err
	}
	if err := wr.replaceQuads(ctx, priv, cur, doc); err != nil {
		return err
	}
	for _, p := range []rdf.Term{person, oldPerson} {
		if !p.IsZero() {
			if err := wr.project(w, tx, p.Value); err != nil {
				return err
			}
		}
	}
	for _, c := range []rdf.Term{chantier, oldChantier} {
		if !c.IsZero() {
			if err := wr.recount(w, tx, c); err != nil {
				return err
			}
		}
	}
	return nil
}

func personExists(ctx context.Context, tx *store.Txn, p rdf.Term) (bool, error) {
	if !p.IsIRI() {
		return false, nil
	}
	for _, sp := range []store.Space{store.Private, store.Public} {
		for _, err := range tx.In(sp).Match(ctx, store.Pattern{S: p, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.SchemaPerson), AnyGraph: true}) {
			if err != nil {
				return false, err
			}
			return true, nil
		}
	}
	return false, nil
}

// closeMembership ends a membership (schema:endDate today, or the day after
// its start when it started today); the record is kept, and the meta key
// MetaMembershipClosed stops it giving rights at once.
func (wr *Writer) closeMembership(w *Write, tx *store.Txn, iri string) error {
	ctx := w.Ctx
	priv := tx.In(store.Private)
	cur, err := Describe(ctx, priv, iri)
	if err != nil {
		return err
	}
	root := rdf.IRI(iri)
	if _, ok := FirstObjectIn(cur, root, vocab.SchemaEndDate); ok {
		return conflict("conflict", iri+" is already closed")
	}
	end := w.today()
	if start, ok := FirstObjectIn(cur, root, vocab.SchemaStartDate); ok && start.Value >= end {
		if t, err := time.Parse(time.DateOnly, start.Value); err == nil {
			end = t.AddDate(0, 0, 1).Format(time.DateOnly)
		}
	}
	doc := append(stripGraphs(cur), rdf.Quad{S: root, P: rdf.IRI(vocab.SchemaEndDate), O: rdf.Literal(end, vocab.XSDDate)})
	// The end date may have to be tomorrow (the shapes want it after the
	// start); the membership stops giving rights at once all the same.
	if err := tx.PutMeta(MetaMembershipClosed+iri, []byte(w.today())); err != nil {
		return err
	}
	return wr.storeMembership(w, tx, iri, cur, doc)
}

// ConsentState is the body of PUT …/consentements: each purpose given
// (true) or withdrawn (false); a missing purpose is left as it is.
type ConsentState struct {
	Publish      *bool `json:"publish"`
	Aggregators  *bool `json:"aggregators"`
	LinkProfiles *bool `json:"linkProfiles"`
}

// DecodeConsent reads the JSON body of PUT …/consentements.
func DecodeConsent(body []byte) (ConsentState, error) {
	var cs ConsentState
	if err := json.Unmarshal(body, &cs); err != nil {
		return cs, malformed("the body is not valid JSON: " + err.Error())
	}
	return cs, nil
}

// PutConsent records consents given or withdrawn, then re-projects the
// person; it returns the state of every purpose.
func (wr *Writer) PutConsent(w *Write, cs ConsentState) (map[string]bool, error) {
	want := map[string]*bool{PurposePublish: cs.Publish, PurposeAggregators: cs.Aggregators, PurposeLinkProfiles: cs.LinkProfiles}
	if cs.Publish != nil && !*cs.Publish {
		f := false
		want[PurposeAggregators], want[PurposeLinkProfiles] = &f, &f
	}
	person := w.Target.IRI
	var state map[string]bool
	err := w.Store.Update(w.Ctx, func(tx *store.Txn) error {
		w.Touched = nil
		ctx := w.Ctx
		if ok, err := personExistsPrivate(ctx, tx, person); err != nil {
			return err
		} else if !ok {
			return notFound("no person " + person + " written through the API")
		}
		before, _, err := resourceHash(ctx, tx, person)
		if err != nil {
			return err
		}
		cur, err := wr.consents(ctx, tx, person)
		if err != nil {
			return err
		}
		if (want[PurposeAggregators] != nil && *want[PurposeAggregators] || want[PurposeLinkProfiles] != nil && *want[PurposeLinkProfiles]) &&
			!cur[PurposePublish].active && (want[PurposePublish] == nil || !*want[PurposePublish]) {
			return unprocessable("consent", "passing on to aggregators and linking profiles need the consent to publish")
		}
		for _, p := range purposes {
			if want[p] == nil {
				continue
			}
			if err := wr.setConsent(ctx, tx, person, p, *want[p], cur[p], w); err != nil {
				return err
			}
		}
		if err := wr.project(w, tx, person); err != nil {
			return err
		}
		after, _, err := resourceHash(ctx, tx, person)
		if err != nil {
			return err
		}
		if state, err = wr.consentMap(ctx, tx, person); err != nil {
			return err
		}
		return wr.finish(w, tx, w.audit(person+"#consentements", before, after))
	})
	return state, err
}

func personExistsPrivate(ctx context.Context, tx *store.Txn, person string) (bool, error) {
	for _, err := range tx.In(store.Private).Match(ctx, store.Pattern{S: rdf.IRI(person), AnyGraph: true}) {
		if err != nil {
			return false, err
		}
		return true, nil
	}
	return false, nil
}

// consentRecord is the current record of one purpose.
type consentRecord struct {
	active bool
	node   rdf.Term // the open record, when active
	count  int      // records ever made for the purpose
}

// consents reads the consent records of a person.
func (wr *Writer) consents(ctx context.Context, tx *store.Txn, person string) (map[string]consentRecord, error) {
	priv := tx.In(store.Private)
	out := map[string]consentRecord{}
	for q, err := range priv.Match(ctx, store.Pattern{P: rdf.IRI(dpvHasDataSubject), O: rdf.IRI(person), AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		purpose, err := FirstObject(ctx, priv, q.S, dpvHasPurpose)
		if err != nil {
			return nil, err
		}
		end, err := FirstObject(ctx, priv, q.S, vocab.SchemaEndDate)
		if err != nil {
			return nil, err
		}
		r := out[purpose.Value]
		r.count++
		if end.IsZero() {
			r.active, r.node = true, q.S
		}
		out[purpose.Value] = r
	}
	return out, nil
}

func (wr *Writer) consentMap(ctx context.Context, tx *store.Txn, person string) (map[string]bool, error) {
	cur, err := wr.consents(ctx, tx, person)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, p := range purposes {
		out[p] = cur[p].active
	}
	return out, nil
}

// setConsent opens or closes the record of one purpose.
func (wr *Writer) setConsent(ctx context.Context, tx *store.Txn, person, purpose string, give bool, cur consentRecord, w *Write) error {
	priv := tx.In(store.Private)
	switch {
	case give && !cur.active:
		node := rdf.IRI(person + "#consentement-" + strings.ToLower(purpose) + "-" + strconv.Itoa(cur.count+1))
		for _, q := range []rdf.Quad{
			{S: node, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(dpvConsent)},
			{S: node, P: rdf.IRI(dpvHasDataSubject), O: rdf.IRI(person)},
			{S: node, P: rdf.IRI(dpvHasPurpose), O: rdf.String(purpose)},
			{S: node, P: rdf.IRI(dpvHasConsentStatus), O: rdf.IRI(dpvConsentGiven)},
			{S: node, P: rdf.IRI(vocab.SchemaStartDate), O: rdf.Literal(w.Now.Format(time.RFC3339), vocab.XSDDateTime)},
		} {
			if err := priv.Add(q); err != nil {
				return err
			}
		}
	case !give && cur.active:
		if err := priv.Delete(rdf.Quad{S: cur.node, P: rdf.IRI(dpvHasConsentStatus), O: rdf.IRI(dpvConsentGiven)}); err != nil {
			return err
		}
		for _, q := range []rdf.Quad{
			{S: cur.node, P: rdf.IRI(dpvHasConsentStatus), O: rdf.IRI(dpvConsentWithdrawn)},
			{S: cur.node, P: rdf.IRI(vocab.SchemaEndDate), O: rdf.Literal(w.Now.Format(time.RFC3339), vocab.XSDDateTime)},
		} {
			if err := priv.Add(q); err != nil {
				return err
			}
		}
	}
	return nil
}

// withdrawPerson ends every consent and every active membership of a
// person; the projection then removes them from every public channel. The
// private record is kept (never hard-deleted).
func (wr *Writer) withdrawPerson(w *Write, tx *store.Txn, person string) error {
	ctx := w.Ctx
	cur, err := wr.consents(ctx, tx, person)
	if err != nil {
		return err
	}
	for _, p := range purposes {
		if err := wr.setConsent(ctx, tx, person, p, false, cur[p], w); err != nil {
			return err
		}
	}
	ms, err := wr.membershipsOf(ctx, tx, person)
	if err != nil {
		return err
	}
	for _, m := range ms {
		end, err := FirstObject(ctx, tx.In(store.Private), m, vocab.SchemaEndDate)
		if err != nil {
			return err
		}
		if end.IsZero() {
			if err := wr.closeMembership(w, tx, m.Value); err != nil {
				return err
			}
		}
	}
	return wr.project(w, tx, person)
}

// membershipsOf lists the private memberships of a person.
func (wr *Writer) membershipsOf(ctx context.Context, tx *store.Txn, person string) ([]rdf.Term, error) {
	var out []rdf.Term
	for q, err := range tx.In(store.Private).Match(ctx, store.Pattern{P: rdf.IRI(vocab.OrgMember), O: rdf.IRI(person), AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, q.S) {
			out = append(out, q.S)
		}
	}
	return out, nil
}

// project rewrites the public image of a person written through the API:
// with the publish consent, their name, job title, host organisation
// (sameAs with the link-profiles consent) and their memberships; without
// it, nothing, and their IRI (and those of their memberships) answer 410
// once they had been public or had consented. It runs in the write's
// transaction.
func (wr *Writer) project(w *Write, tx *store.Txn, person string) error {
	ctx := w.Ctx
	pub := tx.In(store.Public)
	priv := tx.In(store.Private)
	record, err := Describe(ctx, priv, person)
	if err != nil {
		return err
	}
	if len(record) == 0 {
		return nil // imported persons are published as loaded
	}
	ms, err := wr.membershipsOf(ctx, tx, person)
	if err != nil {
		return err
	}
	wasPublic := false
	for _, iri := range append([]rdf.Term{rdf.IRI(person)}, ms...) {
		old, err := Describe(ctx, pub, iri.Value)
		if err != nil {
			return err
		}
		for _, q := range old {
			wasPublic = true
			if err := pub.Delete(q); err != nil {
				return err
			}
		}
		n, err := pub.DeleteMatching(ctx, store.Pattern{O: iri, AnyGraph: true})
		if err != nil {
			return err
		}
		wasPublic = wasPublic || n > 0
	}
	cs, err := wr.consents(ctx, tx, person)
	if err != nil {
		return err
	}
	if !cs[PurposePublish].active {
		if wasPublic || len(cs) > 0 {
			for _, iri := range append([]rdf.Term{rdf.IRI(person)}, ms...) {
				if err := tx.PutMeta(MetaGone+iri.Value, []byte(`{}`)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	root := rdf.IRI(person)
	var out []rdf.Quad
	for _, q := range record {
		if q.S != root {
			continue
		}
		if publicPerson[q.P.Value] || (q.P.Value == vocab.SchemaSameAs && cs[PurposeLinkProfiles].active) {
			out = append(out, q)
		}
	}
	for _, m := range ms {
		mq, err := Describe(ctx, priv, m.Value)
		if err != nil {
			return err
		}
		out = append(out, mq...)
		if err := tx.DeleteMeta(MetaGone + m.Value); err != nil {
			return err
		}
	}
	for _, q := range vocab.Materialise(stripGraphs(out)) {
		if err := pub.Add(wr.inGraph(q)); err != nil {
			return err
		}
	}
	return tx.DeleteMeta(MetaGone + person)
}

// recountPerson recounts the chantiers of a person's memberships.
func (wr *Writer) recountPerson(w *Write, tx *store.Txn, person string) error {
	ctx := w.Ctx
	ms, err := wr.membershipsOf(ctx, tx, person)
	if err != nil {
		return err
	}
	for _, m := range ms {
		ch, err := FirstObject(ctx, tx.In(store.Private), m, vocab.OrgOrganizationProp)
		if err != nil {
			return err
		}
		if !ch.IsZero() {
			if err := wr.recount(w, tx, ch); err != nil {
				return err
			}
		}
	}
	return nil
}

// recountAll recounts every chantier (after a host organisation changed).
func (wr *Writer) recountAll(w *Write, tx *store.Txn) error {
	ctx := w.Ctx
	chs, err := MatchAll(ctx, tx.In(store.Public), store.Pattern{P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantier), AnyGraph: true})
	if err != nil {
		return err
	}
	for _, q := range chs {
		if err := wr.recount(w, tx, q.S); err != nil {
			return err
		}
	}
	return nil
}

// recount sets a chantier's aggregates from its active memberships, public
// or private: radn:participantCount (distinct persons), and the number of
// distinct regions (schema:areaServed) and sectors (radn:sector) of their
// host organisations.
func (wr *Writer) recount(w *Write, tx *store.Txn, ch rdf.Term) error {
	ctx, today := w.Ctx, w.today()
	w.touch(ch.Value)
	persons := map[rdf.Term]bool{}
	for _, sp := range []store.Space{store.Private, store.Public} {
		v := tx.In(sp)
		for q, err := range v.Match(ctx, store.Pattern{P: rdf.IRI(vocab.OrgOrganizationProp), O: ch, AnyGraph: true}) {
			if err != nil {
				return err
			}
			end, err := FirstObject(ctx, v, q.S, vocab.SchemaEndDate)
			if err != nil {
				return err
			}
			if !end.IsZero() && end.Value <= today {
				continue
			}
			p, err := FirstObject(ctx, v, q.S, vocab.OrgMember)
			if err != nil {
				return err
			}
			if !p.IsZero() {
				persons[p] = true
			}
		}
	}
	regions, sectors := map[rdf.Term]bool{}, map[rdf.Term]bool{}
	for p := range persons {
		for _, sp := range []store.Space{store.Private, store.Public} {
			orgs, err := MatchAll(ctx, tx.In(sp), store.Pattern{S: p, P: rdf.IRI(vocab.SchemaWorksFor), AnyGraph: true})
			if err != nil {
				return err
			}
			for _, o := range orgs {
				for _, x := range []struct {
					p   string
					set map[rdf.Term]bool
				}{{vocab.SchemaAreaServed, regions}, {vocab.RadnSector, sectors}} {
					vals, err := MatchAll(ctx, tx.In(store.Public), store.Pattern{S: o.O, P: rdf.IRI(x.p), AnyGraph: true})
					if err != nil {
						return err
					}
					for _, v := range vals {
						x.set[v.O] = true
					}
				}
			}
		}
	}
	for _, x := range []struct {
		p string
		n int
	}{{vocab.RadnParticipantCount, len(persons)}, {vocab.RadnRegionCount, len(regions)}, {vocab.RadnSectorCount, len(sectors)}} {
		if _, err := tx.DeleteMatching(ctx, store.Pattern{S: ch, P: rdf.IRI(x.p), AnyGraph: true}); err != nil {
			return err
		}
		add := []rdf.Quad{{S: ch, P: rdf.IRI(x.p), O: rdf.Literal(strconv.Itoa(x.n), vocab.XSDInteger)}}
		for _, q := range vocab.Materialise(add) {
			if q.P.Value != x.p {
				if _, err := tx.DeleteMatching(ctx, store.Pattern{S: ch, P: q.P, AnyGraph: true}); err != nil {
					return err
				}
			}
			if err := tx.Add(wr.inGraph(q)); err != nil {
				return err
			}
		}
	}
	return nil
}
