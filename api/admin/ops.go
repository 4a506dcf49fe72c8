package admin

import (
	"context"
	"io"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
)

// SocketName is the admin socket's name in the data folder.
const SocketName = "ruche.sock"

// TokenRequest asks for a new token. Person is an id or an IRI; it is
// resolved against the base recorded in the folder, or FallbackBase when the
// folder records none yet.
type TokenRequest struct {
	Role         string    `json:"role"`
	Person       string    `json:"person,omitempty"`
	Name         string    `json:"name"`
	Expires      time.Time `json:"expires,omitzero"`
	FallbackBase string    `json:"fallbackBase,omitempty"`
}

// Ops are the operations of the admin door, the same whether a running
// server answers them ([Client]) or the folder is opened directly ([Local]).
type Ops interface {
	CreateToken(ctx context.Context, req TokenRequest) (secret string, tok records.Token, err error)
	ListTokens(ctx context.Context) ([]records.Token, error)
	RevokeToken(ctx context.Context, id string) (records.Token, error)
	ListAudit(ctx context.Context, since time.Time, resource string) ([]records.AuditRecord, error)
	// Backup writes a backup of the whole store (at one data version).
	Backup(ctx context.Context, w io.Writer) error
}

// Local answers the operations on an open store; writes are synced before
// they are reported done.
type Local struct{ Store *store.Store }

// CreateToken resolves the person and mints the token.
func (l Local) CreateToken(ctx context.Context, req TokenRequest) (string, records.Token, error) {
	snap := l.Store.Snapshot()
	person, err := records.ResolvePerson(snap, req.Person, req.FallbackBase)
	snap.Close()
	if err != nil {
		return "", records.Token{}, err
	}
	secret, tok, err := records.CreateToken(ctx, l.Store, records.TokenSpec{Role: req.Role, Person: person, Name: req.Name, Expires: req.Expires})
	if err != nil {
		return "", records.Token{}, err
	}
	return secret, tok, l.Store.Sync()
}

// ListTokens lists the tokens.
func (l Local) ListTokens(ctx context.Context) ([]records.Token, error) {
	return records.ListTokens(ctx, l.Store)
}

// RevokeToken revokes a token.
func (l Local) RevokeToken(ctx context.Context, id string) (records.Token, error) {
	tok, err := records.RevokeToken(ctx, l.Store, id)
	if err != nil {
		return tok, err
	}
	return tok, l.Store.Sync()
}

// ListAudit reads the audit log.
func (l Local) ListAudit(ctx context.Context, since time.Time, resource string) ([]records.AuditRecord, error) {
	return records.ListAudit(ctx, l.Store, since, resource)
}

// Backup writes a backup.
func (l Local) Backup(_ context.Context, w io.Writer) error { return l.Store.Backup(w) }
