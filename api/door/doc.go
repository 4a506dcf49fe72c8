// Package door is what package api and its HTTP doors (the sub-packages
// that serve one part of the interface: api/sparqlhttp, api/harvest,
// api/searchdoor, api/partner) share without importing api, which would be
// a cycle. (api/graphstore, older, has its own error kinds, which api maps
// in problem.go.)
//
// A door's handlers return errors; package api turns them into RFC 9457
// problem documents in one place. A door says which problem it means with
// an [*Error] (status, type slug, detail, and the members a problem may
// carry: line and column, limit, accepted media types), or with a
// [*LimitError] when a limit was reached (its name is the "limit" member;
// api chooses the problem type from the status). Any other error is an
// internal error (500), or a 503 for a time-out.
//
// A door reaches api's cache of rendered documents (keyed by what they
// depend on, the data version among them) through [Documents], and
// answers conditional requests with [NotModified]. [Graph] accumulates the
// triples of a generated document (api's and the doors').
//
// The names of the limits the doors reach (the "limit" member of a
// problem) are listed here, once, and those of a write's body in package
// records; README.md ("Limits") documents each.
package door
