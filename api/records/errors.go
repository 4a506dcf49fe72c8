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

// Error kinds of writes (the HTTP door maps each to one status).
var (
	// ErrMalformed: the path or the body cannot be read (a bad slug, a
	// syntax error, an empty body, …).
	ErrMalformed = errors.New("malformed")
	// ErrForbidden: the principal may not make this write.
	ErrForbidden = errors.New("forbidden")
	// ErrGone: the resource has been withdrawn.
	ErrGone = errors.New("gone")
	// ErrConflict: the write contradicts the resource's state (a closed
	// chantier, a dated record that is kept, a taken date, …).
	ErrConflict = errors.New("conflict")
	// ErrPrecondition: the version the write was based on is not the
	// current one.
	ErrPrecondition = errors.New("precondition failed")
	// ErrPreconditionRequired: the write must name the version it is
	// based on.
	ErrPreconditionRequired = errors.New("precondition required")
	// ErrTooLarge: the write is past a size limit ([Error.Limit] names it).
	ErrTooLarge = errors.New("too large")
)

// Error is a refused write: Kind is one of the Err… kinds above (or
// [ErrInvalid], [ErrNotFound]) and matches with errors.Is; Code names the
// refusal (the last segment of the problem type the HTTP door sends:
// "closure-refused", "syntax-error", …); Line and Column locate a syntax
// error in the body; Limit names the limit reached, if any.
type Error struct {
	Kind         error
	Code         string
	Detail       string
	Line, Column int
	Limit        string
}

func (e *Error) Error() string        { return e.Detail }
func (e *Error) Is(target error) bool { return target == e.Kind }

// refuse builds an [Error].
func refuse(kind error, code, detail string) *Error {
	return &Error{Kind: kind, Code: code, Detail: detail}
}

// unprocessable is an [ErrInvalid] refusal with its code.
func unprocessable(code, detail string) *Error { return refuse(ErrInvalid, code, detail) }

func malformed(detail string) *Error      { return refuse(ErrMalformed, "bad-request", detail) }
func notFound(detail string) *Error       { return refuse(ErrNotFound, "not-found", detail) }
func forbidden(detail string) *Error      { return refuse(ErrForbidden, "forbidden", detail) }
func conflict(code, detail string) *Error { return refuse(ErrConflict, code, detail) }
func gone(iri string) *Error              { return refuse(ErrGone, "gone", iri+" has been withdrawn") }

// syntaxError is a body or update that does not parse.
func syntaxError(detail string, line, column int) *Error {
	return &Error{Kind: ErrMalformed, Code: "syntax-error", Detail: detail, Line: line, Column: column}
}

// Names of the limits a write can reach (the "limit" member of a problem).
const (
	LimitTextLength   = "text-length"   // characters of one text value written
	LimitWriteTriples = "write-triples" // triples of one write body
	LimitBodyDepth    = "body-depth"    // nesting of a JSON-LD write body
	LimitPatchWork    = "patch-work"    // matching steps of a PATCH's WHERE
)

// Violation is one shapes violation of a refused write.
type Violation struct {
	FocusNode  string            `json:"focusNode"`
	Path       string            `json:"path,omitempty"`
	Value      string            `json:"value,omitempty"`
	Constraint string            `json:"constraint"`
	Message    map[string]string `json:"message"`
}

// Violations is a write refused by the shapes, with every violation (an
// [ErrInvalid] error).
type Violations []Violation

func (v Violations) Error() string        { return fmt.Sprintf("%d constraint(s) violated", len(v)) }
func (v Violations) Is(target error) bool { return target == ErrInvalid }
