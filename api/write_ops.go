package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// publicGraph is the graph of what the write API publishes.
func (s *Server) publicGraph() rdf.Term {
	return rdf.IRI(vocab.GraphIRI(s.cfg.Base, vocab.GraphPublicCC0))
}

// spaceOf is the space a kind is stored in.
func spaceOf(k *kindSpec) store.Space {
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
	_, gone, err := tx.GetMeta(metaGone + iri)
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

// mint chooses the IRI of a new resource.
func (s *Server) mint(ctx context.Context, tx *store.Txn, t *target, quads []rdf.Quad, placeholder string) (string, error) {
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
	base := s.cfg.Base
	switch t.kind.Mint {
	case vocab.MintSlug:
		root := rootTerm(quads, placeholder)
		slug := vocab.UniqueSlug(nameOf(quads, root), func(sl string) bool { return taken(t.kind.SlugIRI(base, sl)) })
		return t.kind.SlugIRI(base, slug), lookupErr
	case vocab.MintOpaque:
		for {
			if iri := t.kind.SlugIRI(base, vocab.NewOpaqueID()); !taken(iri) {
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
			return "", unprocessable("validation", "an "+t.kind.Name+" needs its date (schema:dateCreated, xsd:date)")
		}
		iri := t.iri + "/" + date
		if taken(iri) {
			return "", newProblem(http.StatusConflict, "conflict", "the chantier already has an "+t.kind.Name+" dated "+date)
		}
		return iri, lookupErr
	case vocab.MintCounter: // a counter per collection, never reused
		key := "counter/" + t.iri
		n := 0
		if v, ok, err := tx.GetMeta(key); err != nil {
			return "", err
		} else if ok {
			n, _ = strconv.Atoi(string(v))
		}
		for {
			n++
			iri := t.iri + "/" + strconv.Itoa(n)
			if !taken(iri) {
				if lookupErr != nil {
					return "", lookupErr
				}
				return iri, tx.PutMeta(key, []byte(strconv.Itoa(n)))
			}
		}
	}
	return "", fmt.Errorf("minting a %s: vocab.Kinds gives no minting rule (%d)", t.kind.Name, t.kind.Mint)
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

// create handles POST to a collection.
func (s *Server) create(w *writeRequest) error {
	t := w.t
	if t.chantier != "" {
		if err := s.requireOpenChantier(w, t.chantier, t.kind != kEvaluation); err != nil {
			return err
		}
	}
	f, err := bodyFormat(w.c)
	if err != nil {
		return err
	}
	body, err := readBody(w.c)
	if err != nil {
		return err
	}
	if f == rdfio.JSONLD {
		body = s.jsonldDefaults(body)
	}
	placeholder := t.iri + "/.nouveau"
	quads, err := s.decodeBody(f, body, placeholder)
	if err != nil {
		return err
	}
	if dry := w.c.Query("dry-run"); dry != "" && dry != "0" && dry != "false" {
		if t.kind != kChantier && t.kind != kLegacy {
			return badRequest("dry-run is offered for chantiers and legacies")
		}
		return s.similar(w, quads, placeholder)
	}
	iri, after, err := s.createFrom(w, quads, placeholder)
	if err != nil {
		return err
	}
	w.c.Header("Location", s.hrefOf(iri))
	w.c.Header("ETag", after)
	w.c.Header("Cache-Control", "no-store")
	w.c.JSON(http.StatusCreated, jsonObject{"@id": iri, "etag": after})
	return nil
}

type jsonObject = map[string]any

// createFrom stores a new resource described by quads (whose root is
// placeholder or one blank node) in one transaction and returns its IRI
// and ETag.
func (s *Server) createFrom(w *writeRequest, quads []rdf.Quad, placeholder string) (string, string, error) {
	t := w.t
	var iri, after string
	err := w.st.Update(w.ctx(), func(tx *store.Txn) error {
		w.touched = nil
		var err error
		iri, err = s.mint(w.ctx(), tx, t, quads, placeholder)
		if err != nil {
			return err
		}
		doc, err := rootOf(quads, placeholder, iri)
		if err != nil {
			return err
		}
		if t.kind == kMembership {
			doc = membershipMember(doc, rdf.IRI(iri))
		}
		if doc, err = ensureType(doc, iri, t.kind.Class); err != nil {
			return err
		}
		if err := s.storeResource(w, tx, iri, nil, doc); err != nil {
			return err
		}
		h, _, err := resourceHash(w.ctx(), tx, iri)
		after = h
		if err != nil {
			return err
		}
		return s.finish(w, tx, w.audit(iri, "", h))
	})
	return iri, after, err
}

func (w *writeRequest) audit(iri, before, after string) AuditRecord {
	return AuditRecord{TokenID: w.who.ID, TokenName: w.who.Name, Role: w.who.Role, When: w.now,
		Method: w.c.Request.Method, Resource: iri, Before: before, After: after}
}

// replace handles PUT (a new description) and PATCH (a SPARQL update).
func (s *Server) replace(w *writeRequest, patch bool) error {
	t := w.t
	switch t.kind {
	case kEvaluation:
		return newProblem(http.StatusConflict, "conflict", "an evaluation is a dated record: post a new one")
	}
	ifMatch, err := s.ifMatchVersion(w.ctx(), w.st, t.iri, w.c.GetHeader("If-Match"))
	if err != nil {
		return err
	}
	if !patch && ifMatch == "" {
		return newProblem(http.StatusPreconditionRequired, "precondition-required", "a PUT needs If-Match with the resource's ETag (from the last write or a GET)")
	}
	var body []byte
	var quads []rdf.Quad
	if patch {
		ct := strings.ToLower(strings.TrimSpace(strings.Split(w.c.GetHeader("Content-Type"), ";")[0]))
		if ct != "application/sparql-update" {
			p := unsupportedMediaType(ct)
			p.Accept = []string{"application/sparql-update"}
			return p
		}
		if body, err = readBody(w.c); err != nil {
			return err
		}
		if len(strings.TrimSpace(string(body))) == 0 {
			return badRequest("the request body is empty")
		}
	} else {
		f, err := bodyFormat(w.c)
		if err != nil {
			return err
		}
		if body, err = readBody(w.c); err != nil {
			return err
		}
		if f == rdfio.JSONLD {
			body = s.jsonldDefaults(body)
		}
		if quads, err = s.decodeBody(f, body, t.iri); err != nil {
			return err
		}
		if quads, err = rootOf(quads, t.iri, t.iri); err != nil {
			return err
		}
		if t.kind == kMembership {
			quads = membershipMember(quads, rdf.IRI(t.iri))
		}
		if quads, err = ensureType(quads, t.iri, t.kind.Class); err != nil {
			return err
		}
	}
	if patch {
		// Parse once outside the transaction so syntax errors come first.
		inserted, err := applyPatch(string(body), t.iri, nil)
		if err != nil {
			return err
		}
		if len(inserted) > s.cfg.MaxWriteTriples {
			return &limitError{name: limitWriteTriples, status: http.StatusRequestEntityTooLarge,
				detail: fmt.Sprintf("a PATCH inserts at most %d triples; nothing was written", s.cfg.MaxWriteTriples)}
		}
		if err := s.checkLiterals(inserted); err != nil {
			return err
		}
	}
	var before, after string
	err = w.st.Update(w.ctx(), func(tx *store.Txn) error {
		w.touched = nil
		cur, err := describe(w.ctx(), tx.In(spaceOf(t.kind)), t.iri)
		if err != nil {
			return err
		}
		if len(cur) == 0 {
			if _, gone, _ := tx.GetMeta(metaGone + t.iri); gone {
				return gone410(t.iri)
			}
			return notFound("no resource " + t.iri + " (create it with POST on its collection)")
		}
		h, _, err := resourceHash(w.ctx(), tx, t.iri)
		if err != nil {
			return err
		}
		before = h
		if ifMatch != "" && !etagMatches(ifMatch, h) {
			return newProblem(http.StatusPreconditionFailed, "precondition-failed", "the resource changed since that ETag; fetch it again")
		}
		doc := quads
		if patch {
			if doc, err = applyPatch(string(body), t.iri, cur); err != nil {
				return err
			}
			if err := checkAttached(doc, rdf.IRI(t.iri)); err != nil {
				return err
			}
			if doc, err = ensureType(doc, t.iri, t.kind.Class); err != nil {
				return err
			}
		}
		if err := s.storeResource(w, tx, t.iri, cur, doc); err != nil {
			return err
		}
		if after, _, err = resourceHash(w.ctx(), tx, t.iri); err != nil {
			return err
		}
		return s.finish(w, tx, w.audit(t.iri, before, after))
	})
	if err != nil {
		return err
	}
	w.c.Header("ETag", after)
	w.c.Header("Cache-Control", "no-store")
	w.c.JSON(http.StatusOK, jsonObject{"@id": t.iri, "etag": after})
	return nil
}

func gone410(iri string) *Problem {
	return newProblem(http.StatusGone, "gone", iri+" has been withdrawn")
}

// etagMatches compares an If-Match header with the current ETag.
func etagMatches(header, etag string) bool {
	for _, e := range strings.Split(header, ",") {
		e = strings.TrimSpace(e)
		if e == "*" || e == etag {
			return true
		}
	}
	return false
}

// storeResource validates the new description of a resource and writes it in
// place of cur, with the kind's server-side rules, in the transaction.
func (s *Server) storeResource(w *writeRequest, tx *store.Txn, iri string, cur, doc []rdf.Quad) error {
	ctx := w.ctx()
	var err error
	var extra []rdf.Quad // other resources the write creates (opening, closure)
	switch k := w.t.kind; {
	case k == kChantier:
		w.touch(iri)
		doc, extra, err = s.chantierRules(w, tx, iri, cur, doc)
	case k.ParentLink != "": // a counted child: objective, deliverable, need
		w.touch(w.t.chantier)
		doc, err = s.subResourceRules(w, tx, iri, cur, doc)
	case k == kLegacy:
		doc, err = s.legacyRules(w, tx, iri, doc)
	case k == kEvaluation:
		w.touch(w.t.chantier)
		return s.storeEvaluation(w, tx, iri, doc)
	case k == kPerson:
		return s.storePerson(w, tx, iri, cur, doc)
	case k == kMembership:
		root := rdf.IRI(iri)
		if ch, ok := firstObjectIn(doc, root, vocab.OrgOrganizationProp); ok {
			if start, ok := firstObjectIn(doc, root, vocab.SchemaStartDate); ok {
				if err := s.notBeforeFounding(ctx, tx, ch, start, "a membership"); err != nil {
					return err
				}
			}
		}
		return s.storeMembership(w, tx, iri, cur, doc)
	}
	if err != nil {
		return err
	}
	if err := s.validate(append(append([]rdf.Quad(nil), doc...), extra...)); err != nil {
		return err
	}
	if err := s.replaceQuads(ctx, tx.In(store.Public), cur, doc); err != nil {
		return err
	}
	for _, q := range vocab.Materialise(extra) {
		if err := tx.Add(s.inGraph(q)); err != nil {
			return err
		}
	}
	if err := tx.DeleteMeta(metaGone + iri); err != nil {
		return err
	}
	if w.t.kind == kOrg {
		return s.recountAll(w, tx)
	}
	return nil
}

func (s *Server) inGraph(q rdf.Quad) rdf.Quad {
	q.G = s.publicGraph()
	return q
}

// replaceQuads deletes cur and adds the materialised doc; a triple that
// was already there keeps its graph, new ones go to the public graph (or
// the default graph of the private space). Super-properties and types
// derived from removed triples are removed unless still implied.
func (s *Server) replaceQuads(ctx context.Context, tx *store.Txn, cur, doc []rdf.Quad) error {
	graphOf := map[rdf.Triple]rdf.Term{}
	for _, q := range cur {
		graphOf[q.Triple()] = q.G
		if err := tx.Delete(q); err != nil {
			return err
		}
	}
	g := s.publicGraph()
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

func stripGraphs(quads []rdf.Quad) []rdf.Quad {
	out := make([]rdf.Quad, 0, len(quads))
	for _, q := range quads {
		out = append(out, rdf.Quad{S: q.S, P: q.P, O: q.O})
	}
	return out
}

// remove handles DELETE.
func (s *Server) remove(w *writeRequest) error {
	t := w.t
	switch t.kind {
	case kChantier:
		return newProblem(http.StatusConflict, "conflict", "a chantier is never deleted: it closes through a continuity evaluation whose decision is to close (POST …/evaluations)")
	case kEvaluation:
		return newProblem(http.StatusConflict, "conflict", "an evaluation is a dated record and is kept")
	}
	ifMatch, err := s.ifMatchVersion(w.ctx(), w.st, t.iri, w.c.GetHeader("If-Match"))
	if err != nil {
		return err
	}
	var before, after string
	err = w.st.Update(w.ctx(), func(tx *store.Txn) error {
		w.touched = nil
		ctx := w.ctx()
		h, ok, err := resourceHash(ctx, tx, t.iri)
		if err != nil {
			return err
		}
		if !ok {
			if _, gone, _ := tx.GetMeta(metaGone + t.iri); gone {
				return gone410(t.iri)
			}
			return notFound("no resource " + t.iri)
		}
		before = h
		if ifMatch != "" && !etagMatches(ifMatch, h) {
			return newProblem(http.StatusPreconditionFailed, "precondition-failed", "the resource changed since that ETag")
		}
		switch t.kind {
		case kPerson:
			err = s.withdrawPerson(w, tx, t.iri)
		case kMembership:
			err = s.closeMembership(w, tx, t.iri)
		default:
			if t.chantier != "" {
				w.touch(t.chantier)
			}
			err = s.deletePublic(ctx, tx, t.iri)
			if err == nil && t.kind == kOrg {
				err = s.recountAll(w, tx)
			}
		}
		if err != nil {
			return err
		}
		after, _, err = resourceHash(ctx, tx, t.iri)
		if err != nil {
			return err
		}
		return s.finish(w, tx, w.audit(t.iri, before, after))
	})
	if err != nil {
		return err
	}
	w.c.Header("Cache-Control", "no-store")
	if after != "" {
		w.c.Header("ETag", after)
		w.c.JSON(http.StatusOK, jsonObject{"@id": t.iri, "etag": after})
		return nil
	}
	w.c.Status(http.StatusNoContent)
	return nil
}

// deletePublic removes a resource's public document and the links to it,
// and makes its IRI answer 410.
func (s *Server) deletePublic(ctx context.Context, tx *store.Txn, iri string) error {
	pub := tx.In(store.Public)
	cur, err := describe(ctx, pub, iri)
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
	return tx.PutMeta(metaGone+iri, []byte(`{}`))
}

// decodeJSON decodes a small JSON body (consents).
func decodeJSON(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return badRequest("the body is not valid JSON: " + err.Error())
	}
	return nil
}
