// Package reconcile is ruche's Reconciliation Service API v0.2 (W3C Entity
// Reconciliation Community Group): OpenRefine and other clients match the
// names of a spreadsheet against the chantiers, legacies, organisations,
// themes and consenting persons of the public space, through the full-text
// index of package search (so private data is never reachable).
//
// It is plain net/http, mounted by package api under /reconcile:
//
//	GET|POST /reconcile                      the service manifest; with queries= (form, query string or a
//	                                         JSON body) a reconciliation batch; with extend= a data extension
//	GET /reconcile/suggest/entity|type|property?prefix=…&cursor=…   suggest services
//	GET /reconcile/preview?id=…              an HTML preview (the manifest's preview.url)
//	GET /reconcile/view?id=…                 303 to the entity's IRI (the manifest's view.url)
//	GET /reconcile/properties?type=…&limit=… data extension property proposals
//
// Entity identifiers are the IRIs of the resources relative to the base
// IRI (the identifierSpace), for example id/chantiers/culture-des-donnees;
// a full IRI is accepted wherever an identifier is. Types are the codes of
// search.Kind (chantier, legs, organisation, theme, personne, objectif,
// livrable, besoin, definition); properties are name, alternateName,
// description, theme, region, status and chantier (the parent of a
// sub-resource).
//
// Scores are 0–100: the search.NameScore of the best name (accents, case,
// word order, stop words, typos and abbreviations forgiven), weighed with
// the query's properties. A candidate is a match (match: true) only when
// its name score is at least MatchScore, no property contradicts it, and
// the next candidate trails it by at least MatchMargin points.
//
// Errors are RFC 9457 problem documents (the specification leaves error
// bodies open): 400 for malformed input (bad JSON, parameters that are not
// UTF-8, a bad limit or type), 413 for a batch of more than MaxBatch
// queries, 503 when the index is not ready or the batch ran out of time.
// Every response carries Access-Control-Allow-Origin: *.
package reconcile
