// Package sparqlhttp is the query side of the SPARQL 1.1 Protocol at
// /sparql (updates are api/graphstore's): a query read by GET, by POST
// form or as application/sparql-query; prepared and run under the time
// limit (preparation included), the per-client time budget (Budget, 429
// with Retry-After) and the query slots (Slots: per client first, then in
// all); its results streamed in the format chosen by Accept or format=.
//
// A result is held back until it reaches 8 MiB, so a query that fails
// before (time-out, limit) still gets a problem document; past it the
// result streams, and a later failure cuts the response short. Work that
// runs past the time limit is abandoned but keeps its slot (and its
// snapshot) until it ends.
//
// Description is the endpoint's SPARQL 1.1 Service Description, its limits
// published as schema:PropertyValue nodes (api serves it, cached, in the
// format asked for).
//
// Browsers get the query page (YASGUI, examples, the query's syntax error
// in the reader's language) instead of results.
//
// The door is a struct whose dependencies package api injects: the store,
// the limits, the format table (api/document.go) through Choose, the page
// renderer, the cached service description and updates. Its handlers return errors
// of package door (400 query-syntax with line and column, 406, 415, 499,
// 501) or limit errors (413 query-size, 429 client-time-budget and
// client-queries, 503 concurrent-queries, query-timeout, result-bytes and
// the evaluation's own), which api renders as problem documents.
package sparqlhttp
