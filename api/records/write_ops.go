package records

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// PublicGraph is the graph of what the write rules publish.
func (wr *Writer) PublicGraph() rdf.Term {
	return rdf.IRI(vocab.GraphIRI(wr.Base, vocab.GraphPublicCC0))
}

func (wr *Writer) inGraph(q rdf.Quad) rdf.Quad {
	q.G = wr.PublicGraph()
	return q
}

// spaceOf is the space a kind is stored in.
func spaceOf(k *vocab.Kind) store.Space {
	if k.Private {
		return store.Private
	}
	return store.Public
}

// resourceExists reports whether anything in the public or private space has iri as
// subject, or the IRI was withdrawn (so that it is never minted again).
func resourceExists(ctx context.Context, tx *store.Txn, iri string) (bool, error) {
	for _, sp := range []store.Space{store.Public, store.Private} {
		for _, err := range tx.In(sp).Match(ctx, store.Pattern{S: rdf.IRI(iri), AnyGraph: true}) {
			if err != nil {
				return false, err
			}
			return true, nil
		}
	}
	_, gone, err := tx.GetMeta(MetaGone + iri)
	return gone, err
}

// nameOf returns the French (else any) schema:name of the root.
func nameOf(quads []rdf.Quad, root rdf.Term) string {
	name := ""
	for _, q := range quads {
		if q.S == root && q.P.Value == vocab.SchemaName && q.O.IsLiteral() {
			if q.O.Lang == "fr" {
				return q.O.Value
			}
			if name == "" {
				name = q.O.Value
			}
		}
	}
	return name
}

// Mint chooses the IRI of a new resource of the collection t, by the
// kind's minting rule, inside tx.
func (wr *Writer) Mint(ctx context.Context, tx *store.Txn, t *Target, quads []rdf.Quad, placeholder string) (string, error) {
	// A lookup error counts as "free" so that every loop below ends (a
	// persistent error, such as a cancelled request, must not spin them);
	// it is then returned instead of the IRI.
	var lookupErr error
	taken := func(iri string) bool {
		ok, err := resourceExists(ctx, tx, iri)
		if err != nil {
			lookupErr = err
			return false
		}
		return ok
	}
	base := wr.Base
	switch t.Kind.Mint {
	case vocab.MintSlug:
		root := rootTerm(quads, placeholder)
		slug := vocab.UniqueSlug(nameOf(quads, root), func(sl string) bool { return taken(t.Kind.SlugIRI(base, sl)) })
		return t.Kind.SlugIRI(base, slug), lookupErr
	case vocab.MintOpaque:
		for {
			if iri := t.Kind.SlugIRI(base, vocab.NewOpaqueID()); !taken(iri) {
				return iri, lookupErr
			}
		}
	case vocab.MintDate:
		date := ""
		for _, q := range quads {
			if q.P.Value == vocab.SchemaDateCreated && q.O.IsLiteral() {
				date = q.O.Value
			}
		}
		if !dateRe.MatchString(date) {
			return "", unprocessable("validation", "an "+t.Kind.Name+" needs its date (schema:dateCreated, xsd:date)")
		}
		iri := t.IRI + "/" + date
		if taken(iri) {
			return "", conflict("conflict", "the chantier already has an "+t.Kind.Name+" dated "+date)
		}
		return iri, lookupErr
	case vocab.MintCounter: // a counter per collection, never reused
		key := MetaCounter + t.IRI
		n := 0
		if v, ok, err := tx.GetMeta(key); err != nil {
			return "", err
		} else if ok {
			n, _ = strconv.Atoi(string(v))
		}
		for {
			n++
			iri := t.IRI + "/" + strconv.Itoa(n)
			if !taken(iri) {
				if lookupErr != nil {
					return "", lookupErr
				}
				return iri, tx.PutMeta(key, []byte(strconv.Itoa(n)))
			}
		}
	}
	return "", fmt.Errorf("minting a %s: vocab.Kinds gives no minting rule (%d)", t.Kind.Name, t.Kind.Mint)
}

// rootTerm is the node a body describes before renaming.
func rootTerm(quads []rdf.Quad, placeholder string) rdf.Term {
	objects := map[rdf.Term]bool{}
	for _, q := range quads {
		if q.S.Value == placeholder && q.S.IsIRI() {
			return q.S
		}
		objects[q.O] = true
	}
	for _, q := range quads {
		if q.S.IsBlank() && !objects[q.S] {
			return q.S
		}
	}
	return rdf.Term{}
}

// CheckCreate checks, before the body is read, that a POST may create in
// the collection: the parent chantier of a child kind exists and (unless
// the kind may be posted under a closed one) is open.
func (wr *Writer) CheckCreate(w *Write) error {
	if t := w.Target; t.Chantier != "" {
		return wr.requireOpenChantier(w, t.Chantier, !rulesOf(t.Kind).parentMayBeClosed)
	}
	return nil
}

// Create stores a new resource described by quads (whose root is
// placeholder or one blank node) in one transaction and returns its IRI
// and version (ETag).
func (wr *Writer) Create(w *Write, quads []rdf.Quad, placeholder string) (string, string, error) {
	t := w.Target
	var iri, after string
	err := w.Store.Update(w.Ctx, func(tx *store.Txn) error {
		w.Touched = nil
		var err error
		iri, err = wr.Mint(w.Ctx, tx, t, quads, placeholder)
		if err != nil {
			return err
		}
		doc, err := rootOf(quads, placeholder, iri)
		if err != nil {
			return err
		}
		if rulesOf(t.Kind).readMember {
			doc = membershipMember(doc, rdf.IRI(iri))
		}
		if doc, err = ensureType(doc, iri, t.Kind.Class); err != nil {
			return err
		}
		if err := wr.storeResource(w, tx, iri, nil, doc); err != nil {
			return err
		}
		h, _, err := resourceHash(w.Ctx, tx, iri)
		after = h
		if err != nil {
			return err
		}
		return wr.finish(w, tx, w.audit(iri, "", h))
	})
	return iri, after, err
}

// CheckReplace refuses, before anything is read, a PUT or PATCH on a kind
// that is never replaced.
func (wr *Writer) CheckReplace(w *Write) error {
	if msg := rulesOf(w.Target.Kind).noReplace; msg != "" {
		return conflict("conflict", msg)
	}
	return nil
}

// Replacement turns the decoded body of a PUT (base: the resource) into
// the resource's new description: its root renamed, read by the kind's
// rules, typed.
func (wr *Writer) Replacement(t *Target, quads []rdf.Quad) ([]rdf.Quad, error) {
	quads, err := rootOf(quads, t.IRI, t.IRI)
	if err != nil {
		return nil, err
	}
	if rulesOf(t.Kind).readMember {
		quads = membershipMember(quads, rdf.IRI(t.IRI))
	}
	return ensureType(quads, t.IRI, t.Kind.Class)
}

// CheckPatch parses a PATCH (a SPARQL update) once before the transaction,
// so that syntax errors and limits come first.
func (wr *Writer) CheckPatch(t *Target, update string) error {
	inserted, err := applyPatch(update, t.IRI, nil)
	if err != nil {
		return err
	}
	if len(inserted) > wr.MaxWriteTriples {
		return &Error{Kind: ErrTooLarge, Code: "body-too-large", Limit: LimitWriteTriples,
			Detail: fmt.Sprintf("a PATCH inserts at most %d triples; nothing was written", wr.MaxWriteTriples)}
	}
	return wr.checkLiterals(inserted)
}

// Replace writes doc (from Replacement) in place of the resource; ifMatch,
// when not empty, must match its current version. It returns the new
// version.
func (wr *Writer) Replace(w *Write, ifMatch string, doc []rdf.Quad) (string, error) {
	return wr.replace(w, ifMatch, doc, "", false)
}

// Patch applies a SPARQL update (checked by CheckPatch) to the resource.
func (wr *Writer) Patch(w *Write, ifMatch, update string) (string, error) {
	return wr.replace(w, ifMatch, nil, update, true)
}

func (wr *Writer) replace(w *Write, ifMatch string, quads []rdf.Quad, update string, patch bool) (string, error) {
	t := w.Target
	var before, after string
	err := w.Store.Update(w.Ctx, func(tx *store.Txn) error {
		w.Touched = nil
		cur, err := Describe(w.Ctx, tx.In(spaceOf(t.Kind)), t.IRI)
		if err != nil {
			return err
		}
		if len(cur) == 0 {
			if _, isGone, _ := tx.GetMeta(MetaGone + t.IRI); isGone {
				return gone(t.IRI)
			}
			return notFound("no resource " + t.IRI + " (create it with POST on its collection)")
		}
		h, _, err := resourceHash(w.Ctx, tx, t.IRI)
		if err != nil {
			return err
		}
		before = h
		if ifMatch != "" && !EtagMatches(ifMatch, h) {
			return refuse(ErrPrecondition, "precondition-failed", "the resource changed since that ETag; fetch it again")
		}
		doc := quads
		if patch {
			if doc, err = applyPatch(update, t.IRI, cur); err != nil {
				return err
			}
			if err := checkAttached(doc, rdf.IRI(t.IRI)); err != nil {
				return err
			}
			if doc, err = ensureType(doc, t.IRI, t.Kind.Class); err != nil {
				return err
			}
		}
		if err := wr.storeResource(w, tx, t.IRI, cur, doc); err != nil {
			return err
		}
		if after, _, err = resourceHash(w.Ctx, tx, t.IRI); err != nil {
			return err
		}
		return wr.finish(w, tx, w.audit(t.IRI, before, after))
	})
	return after, err
}

// storeResource validates the new description of a resource and writes it in
// place of cur, with the kind's server-side rules, in the transaction.
func (wr *Writer) storeResource(w *Write, tx *store.Txn, iri string, cur, doc []rdf.Quad) error {
	ctx := w.Ctx
	r := rulesOf(w.Target.Kind)
	if r.store != nil {
		return r.store(wr, w, tx, iri, cur, doc)
	}
	var extra []rdf.Quad // other resources the write creates (opening, closure)
	if r.prepare != nil {
		var err error
		if doc, extra, err = r.prepare(wr, w, tx, iri, cur, doc); err != nil {
			return err
		}
	}
	if err := wr.validate(append(append([]rdf.Quad(nil), doc...), extra...)); err != nil {
		return err
	}
	if err := wr.replaceQuads(ctx, tx.In(store.Public), cur, doc); err != nil {
		return err
	}
	for _, q := range vocab.Materialise(extra) {
		if err := tx.Add(wr.inGraph(q)); err != nil {
			return err
		}
	}
	if err := tx.DeleteMeta(MetaGone + iri); err != nil {
		return err
	}
	if r.recountAll {
		return wr.recountAll(w, tx)
	}
	return nil
}

// replaceQuads deletes cur and adds the materialised doc; a triple that
// was already there keeps its graph, new ones go to the public graph (or
// the default graph of the private space). Super-properties and types
// derived from removed triples are removed unless still implied.
func (wr *Writer) replaceQuads(_ context.Context, tx *store.Txn, cur, doc []rdf.Quad) error {
	graphOf := map[rdf.Triple]rdf.Term{}
	for _, q := range cur {
		graphOf[q.Triple()] = q.G
		if err := tx.Delete(q); err != nil {
			return err
		}
	}
	g := wr.PublicGraph()
	if tx.Space() == store.Private {
		g = rdf.Term{}
	}
	for _, q := range vocab.Materialise(stripGraphs(doc)) {
		if og, ok := graphOf[q.Triple()]; ok {
			q.G = og
		} else {
			q.G = g
		}
		if err := tx.Add(q); err != nil {
			return err
		}
	}
	return nil
}

// CheckRemove refuses, before anything is read, a DELETE of a kind that is
// never deleted.
func (wr *Writer) CheckRemove(w *Write) error {
	if msg := rulesOf(w.Target.Kind).noDelete; msg != "" {
		return conflict("conflict", msg)
	}
	return nil
}

// Remove withdraws the resource (by its kind's rules: a person's consents
// end, a membership closes, anything else leaves the public space and
// is gone); ifMatch, when not empty, must match its current version.
// It returns the version after the write ("" when nothing is left).
func (wr *Writer) Remove(w *Write, ifMatch string) (string, error) {
	t := w.Target
	var before, after string
	err := w.Store.Update(w.Ctx, func(tx *store.Txn) error {
		w.Touched = nil
		ctx := w.Ctx
		h, ok, err := resourceHash(ctx, tx, t.IRI)
		if err != nil {
			return err
		}
		if !ok {
			if _, isGone, _ := tx.GetMeta(MetaGone + t.IRI); isGone {
				return gone(t.IRI)
			}
			return notFound("no resource " + t.IRI)
		}
		before = h
		if ifMatch != "" && !EtagMatches(ifMatch, h) {
			return refuse(ErrPrecondition, "precondition-failed", "the resource changed since that ETag")
		}
		r := rulesOf(t.Kind)
		if r.remove != nil {
			err = r.remove(wr, w, tx, t.IRI)
		} else {
			if t.Chantier != "" {
				w.touch(t.Chantier)
			}
			err = wr.deletePublic(ctx, tx, t.IRI)
			if err == nil && r.recountAll {
				err = wr.recountAll(w, tx)
			}
		}
		if err != nil {
			return err
		}
		after, _, err = resourceHash(ctx, tx, t.IRI)
		if err != nil {
			return err
		}
		return wr.finish(w, tx, w.audit(t.IRI, before, after))
	})
	return after, err
}

// deletePublic removes a resource's public document and the links to it,
// and marks its IRI gone (MetaGone).
func (wr *Writer) deletePublic(ctx context.Context, tx *store.Txn, iri string) error {
	pub := tx.In(store.Public)
	cur, err := Describe(ctx, pub, iri)
	if err != nil {
		return err
	}
	for _, q := range cur {
		if err := pub.Delete(q); err != nil {
			return err
		}
	}
	if _, err := pub.DeleteMatching(ctx, store.Pattern{O: rdf.IRI(iri), AnyGraph: true}); err != nil {
		return err
	}
	return tx.PutMeta(MetaGone+iri, []byte(`{}`))
}
