package records

import (
	"errors"
	"fmt"
)

// Error kinds of the core; doors map them to their own answers (problem
// documents, exit statuses) with errors.Is.
var (
	// ErrInvalid: the request breaks a rule (a role, a missing name, a date
	// in the past, …); the message says which.
	ErrInvalid = errors.New("invalid")
	// ErrNotFound: the record named does not exist.
	ErrNotFound = errors.New("not found")
	// ErrTokenUnknown: no token has that secret.
	ErrTokenUnknown = errors.New("the token is not valid")
	// ErrTokenRevoked: the token has been revoked.
	ErrTokenRevoked = errors.New("the token has been revoked")
	// ErrTokenExpired: the token is past its expiry date.
	ErrTokenExpired = errors.New("the token has expired")
)

// invalid returns an ErrInvalid error with a message of its own.
func invalid(format string, args ...any) error {
	return &kindError{kind: ErrInvalid, msg: fmt.Sprintf(format, args...)}
}

// kindError is an error with its own message that errors.Is matches to a kind.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string        { return e.msg }
func (e *kindError) Is(target error) bool { return target == e.kind }

// WithKind returns an error with message msg that matches kind with
// errors.Is (the admin door's client rebuilds errors with it).
func WithKind(kind error, msg string) error { return &kindError{kind: kind, msg: msg} }
