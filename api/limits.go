package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/store"
)

// LimitNamer is what a typed limit error of another package satisfies to
// be mapped here without this package knowing its type: LimitName returns
// the name carried in the problem's "limit" member (query-size,
// query-depth, memory, …). Such an error is a 503 unless it also has a
// LimitStatus() int method.
type LimitNamer interface{ LimitName() string }

// limitStatuser optionally chooses the status of a LimitNamer.
type limitStatuser interface{ LimitStatus() int }

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
		if name == door.LimitQueryTimeout {
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
			name = door.LimitResultRows
		case "timeout":
			name = door.LimitQueryTimeout
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
		return limit(http.StatusRequestEntityTooLarge, door.LimitBodySize,
			fmt.Sprintf("the request body is larger than the limit of %d bytes", mbe.Limit))
	case errors.Is(err, store.ErrTxnTooBig):
		return limit(http.StatusRequestEntityTooLarge, door.LimitWriteSize,
			"this write changes more than one store transaction can hold; nothing was written: split it into several writes")
	case errors.Is(err, context.DeadlineExceeded):
		return limit(http.StatusServiceUnavailable, door.LimitQueryTimeout, "the request ran past its time limit")
	}
	return nil, false
}

// bodyReadError maps an error reading a request body (door.BodyReadError)
// to a problem.
func bodyReadError(c interface{ Err() error }, err error) error {
	return doorProblem(door.BodyReadError(c, err))
}
