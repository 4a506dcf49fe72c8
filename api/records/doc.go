// Package records is the start of ruche's Gin-free application core: rules
// about what the data folder records, as plain Go over [store], returning
// typed errors ([ErrInvalid], [ErrNotFound], [ErrTokenUnknown], …) and never
// HTTP statuses. Today it holds API tokens (creation, expiry, revocation,
// authentication, the person an agent token names), the audit log of writes
// and the meta keys of the folder's settings. The HTTP door (package api),
// the local admin door (api/admin) and the command line all go through it.
// It imports neither gin nor net/http (TestCoreImports checks).
package records
