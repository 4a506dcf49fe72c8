// Package api owns ruche's HTTP interface: the Gin router and its one route
// table (routes.go), the middleware (request ids, structured access logs, recovery into
// problem details, body limits, CORS), content negotiation for every
// resource, and the mapping of every error to an RFC 9457 problem document.
//
// Handlers return errors; one place (problem.go) turns them into HTTP
// statuses, so a status code is never chosen ad hoc at a call site.
//
// # Doors
//
// Whole doors live in sub-packages, wired here (doors.go;
// graphstore_door.go for api/graphstore) and routed in routes.go: api/sparqlhttp
// (SPARQL queries, their page and service description, the time budget
// and query slots), api/harvest (dumps, sitemap, robots.txt, the VoID
// description, the event stream), api/searchdoor (search pages,
// reconciliation, the index's upkeep after every write), api/partner
// (oEmbed, the widget, static assets), api/graphstore (updates and the
// Graph Store Protocol). A door cannot import api: it is a struct whose
// dependencies api injects (store, limits, the format table, the document
// cache, rendering), and its handlers return errors of api/door, which
// doorProblem maps to problem documents beside the other mappings
// (problem.go).
//
// # Limits
//
// Every limit is a typed error mapped to a problem document in one place
// (limits.go; the limits of a write body are errors of the core, mapped
// with its other kinds in problem.go): 503 for the query limits (query-timeout, memory,
// result-rows, result-bytes, concurrent-queries), 413 for sizes
// (body-size, query-size, write-triples, write-size), 422 for shapes of a
// body (text-length, body-depth, patch-work), 429 for a client's share
// (client-queries, client-time-budget, auth-failures); the "limit" member
// names it. Errors of other packages join the mapping by satisfying
// [LimitNamer] (the doors' door.LimitError does; the names are listed in
// api/door, those of a write's body in api/records). The query time limit covers preparation and planning: work
// that runs past it is abandoned but keeps its query slot until it ends.
// Query slots are shared per client first (Config.ClientQueries). Below the
// handlers, api/framing follows the HTTP/1.1 framing of each connection and
// the middleware refuses requests with both Content-Length and
// Transfer-Encoding and closes their connection.
//
// # Formats
//
// One format table (document.go) holds every representation ruche sends:
// the RDF syntaxes of store/rdfio, the result formats of sparql/results
// and HTML. Each door (resource documents, collections, the dataset
// description, the event stream, SPARQL results, CONSTRUCT/DESCRIBE, the
// service description) offers rows of it in its order of preference, and
// chooseFormat picks one by Accept, with the media types rdfio and results
// know for each format (text/n3 asks for Turtle, application/json for
// JSON-LD or SPARQL JSON). XHTML asks for the HTML page only when the
// Accept header names no RDF format itself (rdflib lists it at q=0.5 after
// RDF/XML). Nothing acceptable is always a 406 naming the door's formats.
// SPARQL's format= parameter picks a format when it names one the query
// form offers (json, xml, csv, tsv, turtle, n3, json-ld, ntriples,
// rdfxml, or a media type) and is ignored, for Accept, when unknown or
// repeated. A resource document holds its triples in the default graph in
// every format, N-Quads and TriG included.
//
// # Writes
//
// The write API uses the same /id/… URLs as the documents. Its rules live
// in the Gin-free core (records.Writer, api/records): minting, the rules of
// each kind of vocab.Kinds, consents and the public projection, recounts,
// event-stream versions and audit. This package keeps the HTTP side
// (write.go, write_body.go, write_store.go, write_form.go, auth.go): the
// routes, the token, reading the body and its media type, If-Match and
// ETag, the answers, and one mapping of the core's error kinds to problems
// (problem.go). POST goes to a collection and mints the IRI (201,
// Location, ETag); PUT replaces, PATCH applies a SPARQL Update
// (application/sparql-update) limited to the resource's own triples, DELETE
// removes:
//
//	POST /id/chantiers (or /chantiers)          chantier (slug: UniqueSlug of the French name); ?dry-run=1 lists look-alikes
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
// The listed collections /chantiers, /legs and /organisations accept POST
// as their /id/ twins do (Allow and hydra:operation say so). Bodies are
// JSON-LD (API context, the default when "@context" is missing; a plain
// string where the context has a language map is French; "member" in a
// membership is org:member) or Turtle describing <> or one blank node and the nodes it reaches (a
// node it does not reach is a 422), in valid UTF-8 without escaped lone
// surrogates (400), with at most Config.MaxWriteTriples triples (413) and
// text values of at most Config.MaxTextLength characters (422). A
// coordination token also reads the private records (GET with the token:
// private, no-store, the write ETag). A chantier's founding date is the one
// its body states (none otherwise); evaluations and memberships may not
// predate it (422), and a closure ends the memberships still open. Each request is checked in this order: token (401: missing, forged,
// revoked, expired), role (403), path (400/404), media type (415), syntax (400 with
// line and column), shapes (422 with every violation), precondition (428 when
// a PUT has no If-Match, 412 when stale), then one store transaction that
// also records the audit entry and the event-stream versions of the
// chantiers touched. The ETag of a resource is the hash of its quads in the
// public and private spaces; If-Match also accepts the ETag a GET served for
// the current state (JSON-LD, Turtle, N-Triples, N-Quads). Chantiers are
// never deleted (they close through an evaluation whose decision is
// fermer), memberships are closed (schema:endDate) and persons withdrawn,
// never hard-deleted. Persons, memberships, consents and the detail of
// evaluations live in store.Private; the core writes the consented part of
// a person into store.Public in the same transaction.
//
// # Publishing
//
// The publishing doors (publish*.go, home.go, collections.go, harvest.go,
// embed.go, and the packages harvest, partner and openapi) are
// read-only and cached by data version. The lists of collections.go and the main
// navigation derive from vocab.Kinds (a kind's List, ListClass and Nav),
// plus the lists that are no kind's (themes, events); their paging and
// filter rules are in api/collection. The OpenAPI description is built by
// api/openapi from the same table:
//
//	/ , /fr/, /en/                home page (HTML), or schema:WebSite + dcat:Catalog by negotiation;
//	                              unprefixed pages negotiate their language, /fr/… and /en/… keep
//	                              a reader's choice (every link of such a page keeps the prefix)
//	/chantiers /legs /themes …    Hydra collections (also under /en/): ?status ?kind ?theme (slug or IRI),
//	                              ?page (from 1; past the last page: 404) ?size (1–100, default 20);
//	                              a bad value is a 400; order: name (French collation), then IRI
//	/.well-known/void, /donnees   VoID + DCAT 3 + schema:Dataset (statistics, licences, dumps, services);
//	                              /donnees is a page a person reads (pages.go), as are concept schemes (trees)
//	/dumps/, /guides/{name}       the downloads with sizes and SHA-256; the guides of api/docs as pages
//	/dumps/latest.nq.gz|.jsonld   streamed from one snapshot; ETag and Last-Modified from the data version;
//	                              the .nq.gz is N-Quads sent with Content-Encoding: gzip, or plain when the
//	                              request's Accept-Encoding excludes gzip (Vary: Accept-Encoding)
//	/sitemap.xml, /robots.txt     every HTML page in French and English (an index above 50,000 URLs)
//	/ldes, /ldes/pages/{n}        LDES 2.0 stream of chantier versions kept in store.Archive (api/harvest);
//	                              the write rules (api/records) record them in their transactions and
//	                              lay out their pages, and the first
//	                              request to the stream records a first version of every chantier
//	/embed/chantiers/{slug}       iframe card (frame-ancestors *); /oembed (JSON, rich for chantiers);
//	                              /widget.js and /static/… from web.Static() (package partner)
//	/openapi.json                 OpenAPI 3.1 of every route, with each kind's paths under /id/ and its
//	                              request body (api/openapi; a test keeps it equal to the route table)
//	/admin/tokens, /admin/tokens/{id}  token management for coordination tokens (auth.go; rules in api/records)
//	/recherche, /en/search        full-text search (package searchdoor over package search): ?q ?type ?status ?theme
//	                              ?page ?size; HTML or a schema:SearchResultsPage / Hydra collection
//	/reconcile, /reconcile/…      Reconciliation Service API v0.2 (package reconcile), CORS, client time budget
package api
