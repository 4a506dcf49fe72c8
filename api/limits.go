package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/store"
)

// The names of the limits, as the "limit" member of a problem document
// carries them. Each is documented in README.md ("Limits").
const (
	limitQueryTimeout      = "query-timeout"      // --query-timeout: parse, plan and evaluation of one query (503)
	limitMemory            = "memory"             // memory budget of one query (503)
	limitResultRows        = "result-rows"        // rows or triples of one result (503)
	limitResultBytes       = "result-bytes"       // bytes of one SPARQL response (503, or the body cut)
	limitBodySize          = "body-size"          // bytes of a request body (413)
	limitQuerySize         = "query-size"         // bytes of one SPARQL query (413)
	limitConcurrentQueries = "concurrent-queries" // query slots, per client then in all (503)
	limitClientQueries     = "client-queries"     // queries one client runs at once (429)
	limitClientTimeBudget  = "client-time-budget" // query time per client per minute (429)
	limitTextLength        = "text-length"        // characters of one text value written (422)
	limitWriteTriples      = "write-triples"      // triples of one write body (413)
	limitBodyDepth         = "body-depth"         // nesting of a JSON-LD write body (422)
	limitWriteSize         = "write-size"         // what one store transaction can hold (413)
	limitPatchWork         = "patch-work"         // matching steps of a PATCH's WHERE (422)
	limitAuthFailures      = "auth-failures"      // failed authentications per client (429)
)

// LimitNamer is what a typed limit error of another package satisfies to
// be mapped here without this package knowing its type: LimitName returns
// the name carried in the problem's "limit" member (query-size,
// query-depth, memory, …). Such an error is a 503 unless it also has a
// LimitStatus() int method.
type LimitNamer interface{ LimitName() string }

// limitStatuser optionally chooses the status of a LimitNamer.
type limitStatuser interface{ LimitStatus() int }

// limitError is a limit of this package reached.
type limitError struct {
	name   string
	status int
	detail string
}

func (e *limitError) Error() string     { return e.detail }
func (e *limitError) LimitName() string { return e.name }
func (e *limitError) LimitStatus() int  { return e.status }

// errResultBytes ends a response past Config.MaxResultBytes.
func resultBytesError(max int64) error {
	return &limitError{name: limitResultBytes, status: http.StatusServiceUnavailable,
		detail: fmt.Sprintf("the response exceeds the limit of %d bytes", max)}
}

// limitProblem is the one mapping from the error kinds that mean "a limit
// was reached" to problem documents; ok is false for any other error.
func limitProblem(err error) (*Problem, bool) {
	limit := func(status int, name, detail string) (*Problem, bool) {
		kind := "limit"
		switch status {
		case http.StatusRequestEntityTooLarge:
			kind = "body-too-large"
		case http.StatusTooManyRequests:
			kind = "too-many-requests"
		case http.StatusUnprocessableEntity:
			kind = "limit-exceeded"
		}
		if name == limitQueryTimeout {
			kind = "query-timeout"
		} else if status == http.StatusServiceUnavailable {
			kind = "query-limit"
		}
		p := newProblem(status, kind, detail)
		p.Limit = name
		return p, true
	}
	var le *sparql.LimitError
	var named LimitNamer
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &le):
		name := le.Limit
		switch name {
		case "results":
			name = limitResultRows
		case "timeout":
			name = limitQueryTimeout
		}
		return limit(http.StatusServiceUnavailable, name, le.Error())
	case errors.As(err, &named):
		status := http.StatusServiceUnavailable
		var ls limitStatuser
		if errors.As(err, &ls) && ls.LimitStatus() >= 400 {
			status = ls.LimitStatus()
		}
		return limit(status, named.LimitName(), err.Error())
	case errors.As(err, &mbe):
		return limit(http.StatusRequestEntityTooLarge, limitBodySize,
			fmt.Sprintf("the request body is larger than the limit of %d bytes", mbe.Limit))
	case errors.Is(err, store.ErrTxnTooBig):
		return limit(http.StatusRequestEntityTooLarge, limitWriteSize,
			"this write changes more than one store transaction can hold; nothing was written: split it into several writes")
	case errors.Is(err, context.DeadlineExceeded):
		return limit(http.StatusServiceUnavailable, limitQueryTimeout, "the request ran past its time limit")
	}
	return nil, false
}

// bodyReadError maps an error reading a request body: past the body limit
// a 413, a client that went away a 499 (logged as such, nothing is sent),
// anything else a malformed body (bad chunked framing, a body shorter than
// its Content-Length): 400. Never a 500: the body is the client's.
func bodyReadError(c interface{ Err() error }, err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		// A truncated body (the client closed its side early): the answer
		// is a 400 in case it still reads; the access log shows 499 if the
		// connection is gone.
		return newProblem(http.StatusBadRequest, "malformed-body", "the request body ended before its framing said it would")
	case errors.Is(err, context.Canceled) || errors.Is(err, net.ErrClosed):
		return newProblem(statusClientClosed, "client-closed", "the client went away while sending the body")
	}
	var ne net.Error
	if errors.As(err, &ne) {
		if ne.Timeout() {
			return newProblem(http.StatusRequestTimeout, "body-timeout", "the request body was not sent in time")
		}
		if errors.Is(c.Err(), context.Canceled) {
			return newProblem(statusClientClosed, "client-closed", "the client went away while sending the body")
		}
	}
	return newProblem(http.StatusBadRequest, "malformed-body", "the request body could not be read: "+err.Error())
}

// statusClientClosed is the status logged (never really sent) for a
// client that went away: nginx's 499.
const statusClientClosed = 499
