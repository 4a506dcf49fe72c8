// Package api owns ruche's HTTP interface: the Gin router and its one route
// table, the middleware (request ids, structured access logs, recovery into
// problem details, body limits, CORS), content negotiation for every
// resource, and the mapping of every error to an RFC 9457 problem document.
//
// Handlers return errors; one place (problem.go) turns them into HTTP
// statuses, so a status code is never chosen ad hoc at a call site.
//
// # Writes
//
// The write API (auth.go, write*.go, privacy.go) uses the same /id/… URLs as
// the documents. POST goes to a collection and mints the IRI (201,
// Location, ETag); PUT replaces, PATCH applies a SPARQL Update
// (application/sparql-update) limited to the resource's own triples, DELETE
// removes:
//
//	POST /id/chantiers                          chantier (slug: UniqueSlug of the French name); ?dry-run=1 lists look-alikes
//	POST /id/chantiers/{slug}/objectifs         objective  …/objectifs/{n}   (counter, never reused)
//	POST /id/chantiers/{slug}/livrables         deliverable …/livrables/{n}
//	POST /id/chantiers/{slug}/besoins           support need …/besoins/{n}
//	POST /id/chantiers/{slug}/evaluations       continuity evaluation …/evaluations/{schema:dateCreated}
//	POST /id/legs                               legacy (slug; schema:creator names the chantiers); ?dry-run=1
//	POST /id/organisations                      host organisation (slug)
//	POST /id/personnes                          person (opaque id; private space)
//	POST /id/participations                     membership (opaque id; private space)
//	PUT  /id/personnes/{id}/consentements       consents, JSON {"publish", "aggregators", "linkProfiles"}
//
// Bodies are JSON-LD (API context) or Turtle describing <> or one blank
// node. Each request is checked in this order: token (401: missing, forged,
// revoked), role (403), path (400/404), media type (415), syntax (400 with
// line and column), shapes (422 with every violation), precondition (428 when
// a PUT has no If-Match, 412 when stale), then one store transaction that
// also records the audit entry and the event-stream versions of the
// chantiers touched. The ETag of a resource is the hash of its quads in the
// public and private spaces; If-Match also accepts the ETag a GET served for
// the current state (JSON-LD, Turtle, N-Triples, N-Quads). Chantiers are
// never deleted (they close through an evaluation whose decision is
// fermer), memberships are closed (schema:endDate) and persons withdrawn,
// never hard-deleted. Persons, memberships, consents and the detail of
// evaluations live in store.Private; project writes the consented part of
// a person into store.Public in the same transaction.
package api
