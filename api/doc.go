// Package api owns ruche's HTTP interface: the Gin router and its one route
// table, the middleware (request ids, structured access logs, recovery into
// problem details, body limits, CORS), content negotiation for every
// resource, and the mapping of every error to an RFC 9457 problem document.
//
// Handlers return errors; one place (problem.go) turns them into HTTP
// statuses, so a status code is never chosen ad hoc at a call site.
package api
