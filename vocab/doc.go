// Package vocab owns ruche's vocabulary and everything that follows from it:
// the radn vocabulary (radn.ttl, Go constants in terms.go), the controlled
// lists as SKOS concept schemes (schemes.ttl), the JSON-LD contexts
// (context/v1.jsonld), the seed dataset (seed/*.ttl), the materialisation
// rules that add schema.org/ORG/PROV triples to ruche's own data, the IRI
// patterns and slugs of the things ruche mints, and the SHACL shapes
// (shapes.ttl) with the Go validator that enforces them. Every file is
// embedded; radn.ttl is the source of truth and tests keep the Go tables
// equal to it.
//
// # Namespaces and base IRI
//
// The vocabulary namespace is fixed, https://w3id.org/radn/vocab#, whatever
// the server's base IRI B (DefaultBase is https://w3id.org/radn/).
// schema.org terms are written http://schema.org/. Everything else ruche
// mints is B + a path; schemes.ttl, seed/*.ttl and shapes.ttl use relative
// IRIs and are parsed with B as document base.
//
//	resource                     IRI (B + …)                                   minted by
//	chantier                     id/chantiers/{slug}                           UniqueSlug(name), then frozen
//	organisation (network, team,
//	  host organisation)         id/organisations/{slug}                       UniqueSlug(name), then frozen
//	person                       id/personnes/{id}                             NewOpaqueID
//	participation (membership)   id/participations/{id}                        NewOpaqueID
//	objective                    id/chantiers/{slug}/objectifs/{n}             counter, never reused
//	deliverable                  id/chantiers/{slug}/livrables/{n}             counter, never reused
//	support need                 id/chantiers/{slug}/besoins/{n}               counter, never reused
//	continuity evaluation        id/chantiers/{slug}/evaluations/{yyyy-mm-dd}  date
//	criterion assessment         {evaluation}#critere-{n}                      criterion number
//	legacy                       id/legs/{slug}                                UniqueSlug(name)
//	event (meeting)              id/evenements/{yyyy-mm}-{slug}                editorial
//	change event                 id/changements/{slug}                         editorial
//	opening of a new chantier    id/changements/ouverture-{slug}               OpeningIRI
//	closure of a chantier        id/changements/fermeture-{slug}               ClosureIRI
//	document (definition)        id/documents/{slug}                           editorial
//	concept scheme               concept/{scheme}                              Schemes
//	concept                      concept/{scheme}/{code}                       schemes.ttl
//	named graph                  graph/{name}                                  GraphPublicCC0, GraphWiki
//	shapes                       shapes#{Name}Shape                            shapes.ttl
//	JSON-LD API context          context/v1                                    ContextIRI
//
// Slugs are lowercase ASCII with single hyphens (Slug); they are minted once
// and never recomputed when a name changes (the old name moves to
// schema:alternateName). Persons and participations get random opaque ids
// that reveal nothing (not names, not order).
//
// The writable kinds (the first nine rows above) are declared once more, as
// rows of the table Kinds (kinds.go): class, collection segment, parent,
// minting rule, privacy, titles, filters, listed collection and place in
// the navigation. The write API routes, mints and stores from that table;
// the site's lists, its navigation and the OpenAPI description (paths and
// request bodies) derive from it; adding a writable kind is its class and
// shape here plus one row.
//
// A chantier needs only its type and a French name from a client; the write
// API adds the parent network, the status, the founding date and the opening
// event (OpeningIRI).
//
// # Materialisation
//
// Materialise applies the fixed rule list of model.md §1.6 (super-classes,
// transitive super-properties, SKOS/ORG bridges to schema.org, memberships)
// to ruche's own data: the seed and the write API, never ruche import.
//
// # JSON-LD
//
// The API context (context/v1.jsonld) is served at ContextIRI(B) =
// B + "context/v1", immutable once published (additions only; a breaking
// change is v2). Contexts(B) gives JSON-LD decoders that context under B and
// under DefaultBase, and nothing else, so decoding never fetches. The page
// profile (<script type="application/ld+json"> in HTML) uses the string
// context PageContext ("https://schema.org"), schema.org terms only and plain
// strings; ruche never expands it, so no copy of schema.org's context is
// embedded.
//
// # Validation
//
// shapes.ttl is the specification; Validator implements the SHACL subset it
// uses and refuses any other SHACL feature. Shapes are parsed against B
// because sh:in names the controlled lists under B, hence Validate(B, quads)
// and ValidateFile(path, B). Data is validated as written (before
// materialisation); the shapes also hold on materialised data (tested on
// every passing fixture and on the seed).
//
// # Where this package departs from model.md, and why
//
//   - The seed is two Turtle files instead of one TriG file: seed/public.ttl
//     (our structuring, graph B+"graph/public-cc0") and seed/wiki.ttl (every
//     text quoted verbatim from the Wiki des ADN, graph
//     B+"graph/wiki-cc-by-nc-sa", whose CC BY-NC-SA licence is stated on the
//     graph itself). The graph of each file is fixed by the loader, not by a
//     rule on predicates, so a quotation cannot leak into the CC0 graph by a
//     mistake in a rule. For the same reason the verbatim grid labels, the
//     guideline definitions and the kind definitions live in seed/wiki.ttl;
//     schemes.ttl holds the structure of the lists (CC0), and Seed returns
//     both.
//   - The slugs of the eight seed chantiers are the editorial ones of
//     model.md §7.2 (e.g. strategie-marketing-engagement,
//     autoroute-liaison); Slug follows the rule (apostrophes and
//     parentheses become hyphens, nothing is dropped), so it would not
//     reproduce two of them. Slugs are frozen once minted, so both coexist.
//   - Every radn term has at least one direct super-term in a standard
//     vocabulary, including the properties model.md left without one:
//     radn:status ⊑ adms:status (DCTERMS has no status; ADMS is the W3C
//     term DCAT-AP uses), the SMART text facets ⊑ dcterms:description,
//     radn:timeBound ⊑ dcterms:date, radn:criterion and radn:indicator ⊑
//     dcterms:subject, radn:deliverable, radn:decision and radn:fulfilledBy ⊑
//     dcterms:relation, radn:addressedTo ⊑ schema:recipient,
//     radn:participantCount ⊑ dcterms:extent (the one count: radn:regionCount
//     and radn:sectorCount have no super-property, so that a chantier has a
//     single dcterms:extent, its number of participants). The facets are not
//     sub-properties of schema:description, which would fill the page
//     profile's single description with them.
//   - Two terms are added: radn:HostOrganization (the host organisation
//     needs its own shape; schema:Organization would also target chantiers
//     and the network) and radn:sector (⊑ org:classification,
//     schema:additionalType), with two new schemes, region (the 17
//     administrative regions of Québec) and secteur (a proposal to validate).
//     A host organisation's region is schema:areaServed.
//   - Materialisation adds three inverses model.md implies: schema:creator
//     from radn:deliverable, schema:review from schema:itemReviewed, and
//     schema:subOrganization from org:subOrganizationOf; skos:topConceptOf
//     implies skos:inScheme (as in SKOS). OWL-Time intervals of memberships
//     are named M#periode, M#debut, M#fin rather than blank nodes, so the
//     rule is idempotent and the nodes survive a round trip.
//   - model.md gives no IRI pattern for deliverables; they follow the
//     objectives: id/chantiers/{slug}/livrables/{n}. Legacies stay under
//     id/legs/{slug}, as a legacy may come from several chantiers.
//   - The support-need types are experts, financement, technique and
//     ressources (the codes; model.md wrote besoins-techniques).
//   - The API context adds language maps for jobTitle, reviewAspect,
//     ratingExplanation, creativeWorkStatus, scopeNote, label, comment and
//     title, and terms for the added properties; it maps "comment" to
//     rdfs:comment (schema:comment stays available as "schema:comment").
//   - The shapes check the data a client writes, so a chantier needs only
//     its type and a French name; references to other documents are checked
//     by node kind (IRI), not sh:class, and sh:in pins the controlled lists.
//     The validator knows the fixed class hierarchy of the materialisation,
//     as SHACL would through rdfs:subClassOf if radn.ttl were in the data
//     graph. The validator reports every violation and refuses a shapes file
//     that uses SHACL features it does not implement.
package vocab
