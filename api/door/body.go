package door

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
)

// BodyReadError maps an error reading a request body: past the body limit
// a 413, a client that went away a 499 (logged as such, nothing is sent),
// anything else a malformed body (bad chunked framing, a body shorter than
// its Content-Length): 400. Never a 500: the body is the client's.
func BodyReadError(c interface{ Err() error }, err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		// A truncated body (the client closed its side early): the answer
		// is a 400 in case it still reads; the access log shows 499 if the
		// connection is gone.
		return New(http.StatusBadRequest, "malformed-body", "the request body ended before its framing said it would")
	case errors.Is(err, context.Canceled) || errors.Is(err, net.ErrClosed):
		return New(StatusClientClosed, "client-closed", "the client went away while sending the body")
	}
	var ne net.Error
	if errors.As(err, &ne) {
		if ne.Timeout() {
			return New(http.StatusRequestTimeout, "body-timeout", "the request body was not sent in time")
		}
		if errors.Is(c.Err(), context.Canceled) {
			return New(StatusClientClosed, "client-closed", "the client went away while sending the body")
		}
	}
	return New(http.StatusBadRequest, "malformed-body", "the request body could not be read: "+err.Error())
}
