// Package records is ruche's Gin-free application core: the rules about
// what the data folder records, as plain Go over [store] and [vocab],
// returning typed errors and never HTTP statuses.
//
// It holds API tokens (creation, expiry, revocation, authentication, the
// person an agent token names), the audit log of writes, the meta keys of
// the folder, and the write rules ([Writer]): parsing a write's target,
// the roles, minting, decoding and checking a body (JSON-LD defaults,
// text, limits, the one resource it describes, shapes), the restricted
// PATCH dialect, the rules of each kind (kinds.go: a table keyed by the
// rows of vocab.Kinds, with default rules for a kind that has none:
// chantier lifecycle and closure by evaluation, founding bounds, counted
// children, persons and their consents with the public projection,
// memberships and recounts), the look-alikes of a dry run, what a write
// changed (Write.Changed, for the search index), and the versions of the
// event stream: recorded in each write's transaction, their ldes/ meta
// keys and the layout of the stream's pages, read by api/harvest
// ([Members]).
//
// Errors: [Error] carries a kind ([ErrMalformed], [ErrForbidden],
// [ErrNotFound], [ErrGone], [ErrConflict], [ErrPrecondition],
// [ErrPreconditionRequired], [ErrTooLarge], [ErrInvalid]; errors.Is
// matches them), a code naming the refusal, the line and column of a
// syntax error and the limit reached; [Violations] lists every shapes
// violation. The HTTP door (package api), the local admin door (api/admin)
// and the command line all go through this package and map its kinds to
// their own answers. It imports neither gin nor net/http (TestCoreImports
// checks).
package records
