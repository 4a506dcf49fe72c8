// Package searchdoor is the HTTP side of the full-text search (package
// search holds the index): the search pages and the reconciliation
// service, and the index's upkeep.
//
//	GET /recherche, /en/search   ?q ?type ?status ?theme ?page ?size: HTML, or a schema:SearchResultsPage
//	                             that is a Hydra partial collection in JSON-LD
//	GET|POST|OPTIONS /reconcile, /reconcile/*   package reconcile, its errors as problems
//
// Attach opens the index with the store (in Dir, in memory when empty) and
// rebuilds it when the data version it records differs from the store's:
// at once in memory, in the background on disk (searches answer from the
// old index meanwhile). BeginWrite brackets a write of the core: the index
// notes it before the commit and reindexes, after it, the resources the
// write lists as changed (records.Write.Changed); Reindex does the same
// after a SPARQL update or a Graph Store write, for the resources
// graphstore.ChangedResources lists. Ops describe the routes for OpenAPI.
//
// Searches and reconciliation share the per-client query time budget of
// SPARQL (429 query-budget with Retry-After beyond); a search runs under
// the query time limit (503 query-timeout beyond); a bad parameter is a
// 400, a page past the last a 404, 503 while the index is not ready.
//
// The door is a struct whose dependencies package api injects (store,
// labels, links, the format table, page rendering, limits); its handlers
// return errors (package door) that api renders as problem documents.
package searchdoor
