package door

import "net/http"

// Error is a problem a door reports: package api renders it as a problem
// document with this status, the type named by Kind, and these members.
type Error struct {
	Status int
	Kind   string // the problem type's slug: bad-request, not-found, query-syntax, …
	Detail string
	Line   int      // position of a syntax error, 0 if none
	Column int      // position of a syntax error, 0 if none
	Limit  string   // the limit reached, if any
	Accept []string // the media types on offer, with 406 and 415
}

func (e *Error) Error() string {
	title := http.StatusText(e.Status)
	if e.Detail != "" {
		return title + ": " + e.Detail
	}
	return title
}

// New is a problem of a kind with a detail.
func New(status int, kind, detail string) *Error {
	return &Error{Status: status, Kind: kind, Detail: detail}
}

// BadRequest is a 400 bad-request.
func BadRequest(detail string) *Error { return New(http.StatusBadRequest, "bad-request", detail) }

// NotFound is a 404 not-found.
func NotFound(detail string) *Error { return New(http.StatusNotFound, "not-found", detail) }

// Unavailable is a 503 unavailable.
func Unavailable(detail string) *Error {
	return New(http.StatusServiceUnavailable, "unavailable", detail)
}

// NotAcceptable is the 406 of a door whose formats (offers, media types)
// are none acceptable.
func NotAcceptable(offers []string) *Error {
	e := New(http.StatusNotAcceptable, "not-acceptable", "none of the formats on offer is acceptable")
	e.Accept = offers
	return e
}

// StatusClientClosed is the status logged (never really sent) for a
// client that went away: nginx's 499.
const StatusClientClosed = 499

// LimitError is a limit reached: package api maps it (as any error with a
// LimitName method) to a problem whose "limit" member is Name.
type LimitError struct {
	Name   string // one of the Limit… names
	Status int    // 503 unless set
	Detail string
}

func (e *LimitError) Error() string     { return e.Detail }
func (e *LimitError) LimitName() string { return e.Name }
func (e *LimitError) LimitStatus() int  { return e.Status }

// The names of the limits the doors reach, as the "limit" member of a
// problem document carries them; the limits of a write's body
// (text-length, write-triples, body-depth, patch-work) are named by package
// records, whose errors carry them. Each is documented in README.md
// ("Limits").
const (
	LimitQueryTimeout      = "query-timeout"      // --query-timeout: parse, plan and evaluation of one query (503)
	LimitMemory            = "memory"             // memory budget of one query (503)
	LimitResultRows        = "result-rows"        // rows or triples of one result (503)
	LimitResultBytes       = "result-bytes"       // bytes of one SPARQL response (503, or the body cut)
	LimitBodySize          = "body-size"          // bytes of a request body (413)
	LimitQuerySize         = "query-size"         // bytes of one SPARQL query (413)
	LimitConcurrentQueries = "concurrent-queries" // query slots, per client then in all (503)
	LimitClientQueries     = "client-queries"     // queries one client runs at once (429)
	LimitClientTimeBudget  = "client-time-budget" // query time per client per minute (429)
	LimitWriteSize         = "write-size"         // what one store transaction can hold (413)
	LimitAuthFailures      = "auth-failures"      // failed authentications per client (429)
)
