package records

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// Roles a token can carry.
const (
	// RoleCoordination writes everything and manages tokens.
	RoleCoordination = "coordination"
	// RoleAgent writes its own person record, its own memberships and the
	// chantiers it takes part in (an active membership).
	RoleAgent = "agent"
)

// MetaToken prefixes the meta keys of tokens: token/<hex SHA-256 of the
// secret> → JSON Token. Tokens live outside the RDF graph, in the same
// Badger database (so backups carry them).
const MetaToken = "token/"

// Token is the stored record of an API token. The secret itself is never
// stored, only its SHA-256.
type Token struct {
	ID      string    `json:"id"`
	Role    string    `json:"role"`
	Person  string    `json:"person,omitempty"` // person IRI of an agent
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires,omitzero"` // zero: never
	Revoked time.Time `json:"revoked,omitzero"`
	Hash    string    `json:"hash"`
}

// Expired reports whether the token is past its expiry date at now.
func (t Token) Expired(now time.Time) bool { return !t.Expires.IsZero() && !now.Before(t.Expires) }

// TokenSpec is what a new token is made of. Person is an IRI (resolve an id
// with [ResolvePerson] first).
type TokenSpec struct {
	Role    string    `json:"role"`
	Person  string    `json:"person,omitempty"`
	Name    string    `json:"name"`
	Expires time.Time `json:"expires,omitzero"`
}

// tokenSecretBytes is the entropy of a token (32 bytes → 43 URL-safe chars).
const tokenSecretBytes = 32

// HashToken returns the hex SHA-256 of a token secret.
func HashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CheckTokenSpec applies the rules of a new token.
func CheckTokenSpec(spec TokenSpec, now time.Time) error {
	switch spec.Role {
	case RoleCoordination:
		if spec.Person != "" {
			return invalid("token: a coordination token names no person")
		}
	case RoleAgent:
		if spec.Person == "" {
			return invalid("token: an agent token needs --person")
		}
		if !strings.Contains(spec.Person, "://") {
			return invalid("token: person %q is not an IRI", spec.Person)
		}
	default:
		return invalid("token: role %q is neither %s nor %s", spec.Role, RoleCoordination, RoleAgent)
	}
	if strings.TrimSpace(spec.Name) == "" {
		return invalid("token: a token needs a name")
	}
	if len(spec.Name) > 200 {
		return invalid("token: a name has at most 200 bytes")
	}
	if !spec.Expires.IsZero() && !spec.Expires.After(now) {
		return invalid("token: expiry %s is not in the future", spec.Expires.Format(time.RFC3339))
	}
	return nil
}

// CreateToken mints a token; it stores only the hash and returns the secret
// (to show once) and the record.
func CreateToken(ctx context.Context, st *store.Store, spec TokenSpec) (string, Token, error) {
	now := time.Now().UTC()
	if err := CheckTokenSpec(spec, now); err != nil {
		return "", Token{}, err
	}
	var raw [tokenSecretBytes]byte
	_, _ = rand.Read(raw[:])
	secret := base64.RawURLEncoding.EncodeToString(raw[:])
	hash := HashToken(secret)
	tok := Token{ID: hash[:12], Role: spec.Role, Person: spec.Person, Name: spec.Name,
		Created: now.Truncate(time.Second), Expires: spec.Expires.UTC(), Hash: hash}
	body, err := json.Marshal(tok)
	if err != nil {
		return "", Token{}, fmt.Errorf("token: %w", err)
	}
	if err := st.Update(ctx, func(tx *store.Txn) error { return tx.PutMeta(MetaToken+hash, body) }); err != nil {
		return "", Token{}, fmt.Errorf("token: store: %w", err)
	}
	return secret, tok, nil
}

// ListTokens returns every token record (never a secret), in hash order.
func ListTokens(ctx context.Context, st *store.Store) ([]Token, error) {
	snap := st.Snapshot()
	defer snap.Close()
	var out []Token
	for e, err := range snap.ScanMeta(ctx, MetaToken) {
		if err != nil {
			return nil, fmt.Errorf("token: list: %w", err)
		}
		var tok Token
		if err := json.Unmarshal(e.Value, &tok); err != nil {
			return nil, fmt.Errorf("token: record %s: %w", e.Key, err)
		}
		out = append(out, tok)
	}
	return out, nil
}

// RevokeToken marks the token with the given id revoked (at once: its next
// request gets 401) and returns its record; ErrNotFound if no token has
// that id. Revoking a revoked token keeps the first date.
func RevokeToken(ctx context.Context, st *store.Store, id string) (Token, error) {
	var found bool
	var tok Token
	err := st.Update(ctx, func(tx *store.Txn) error {
		found = false
		var key string
		for e, err := range tx.ScanMeta(ctx, MetaToken) {
			if err != nil {
				return err
			}
			var t Token
			if err := json.Unmarshal(e.Value, &t); err != nil {
				return fmt.Errorf("record %s: %w", e.Key, err)
			}
			if t.ID == id {
				key, tok, found = e.Key, t, true
			}
		}
		if !found {
			return nil
		}
		if tok.Revoked.IsZero() {
			tok.Revoked = time.Now().UTC().Truncate(time.Second)
		}
		body, err := json.Marshal(tok)
		if err != nil {
			return err
		}
		return tx.PutMeta(key, body)
	})
	if err != nil {
		return Token{}, fmt.Errorf("token: revoke: %w", err)
	}
	if !found {
		return Token{}, WithKind(ErrNotFound, fmt.Sprintf("token: no token has id %q", id))
	}
	return tok, nil
}

// Authenticate returns the record of the token whose secret is given, or
// ErrTokenUnknown, ErrTokenRevoked or ErrTokenExpired. The stored hash is
// compared in constant time.
func Authenticate(snap *store.Snapshot, secret string, now time.Time) (Token, error) {
	hash := HashToken(secret)
	val, found, err := snap.GetMeta(MetaToken + hash)
	if err != nil {
		return Token{}, fmt.Errorf("token: %w", err)
	}
	var tok Token
	if found {
		if err := json.Unmarshal(val, &tok); err != nil {
			return Token{}, fmt.Errorf("token record: %w", err)
		}
	}
	switch {
	case !found || subtle.ConstantTimeCompare([]byte(tok.Hash), []byte(hash)) != 1:
		return Token{}, ErrTokenUnknown
	case !tok.Revoked.IsZero():
		return Token{}, ErrTokenRevoked
	case tok.Expired(now):
		return Token{}, ErrTokenExpired
	}
	return tok, nil
}

// ResolvePerson turns the person of a token, an IRI or an id ("marie",
// "id/personnes/marie", "/id/personnes/marie"), into an IRI under the base
// recorded in the data folder; fallback is the base when the folder records
// none yet (a folder no server has opened).
func ResolvePerson(snap *store.Snapshot, person, fallback string) (string, error) {
	person = strings.TrimSpace(person)
	if person == "" || strings.Contains(person, "://") {
		return person, nil
	}
	base, ok, err := RecordedBase(snap)
	if err != nil {
		return "", fmt.Errorf("token: read the folder's base: %w", err)
	}
	if !ok {
		base = fallback
	}
	if base == "" {
		base = vocab.DefaultBase
	}
	id := strings.TrimPrefix(person, "/")
	id = strings.TrimPrefix(id, vocab.PathPersonnes)
	if id == "" || strings.ContainsAny(id, "/?# ") {
		return "", invalid("token: person %q is neither an id nor an IRI", person)
	}
	return vocab.PersonIRI(base, id), nil
}

// RebaseTokens renames the person IRIs of agent tokens from one base to
// another, as a folder served under a new base renames its own IRIs.
func RebaseTokens(ctx context.Context, tx *store.Txn, from, to string) error {
	var keys []string
	var toks []Token
	for e, err := range tx.ScanMeta(ctx, MetaToken) {
		if err != nil {
			return err
		}
		var t Token
		if err := json.Unmarshal(e.Value, &t); err != nil {
			return fmt.Errorf("token record %s: %w", e.Key, err)
		}
		if rest, ok := strings.CutPrefix(t.Person, from); ok {
			t.Person = to + rest
			keys, toks = append(keys, e.Key), append(toks, t)
		}
	}
	for i, t := range toks {
		body, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := tx.PutMeta(keys[i], body); err != nil {
			return err
		}
	}
	return nil
}

// ParseExpiry reads an expiry: empty (never), a date (yyyy-mm-dd: the token
// expires at the start of that day, UTC), an RFC 3339 time, or a duration
// from now (Go syntax such as 720h, or a number of days such as 90d).
func ParseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days > 0 && days < 100*366 {
			return now.Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Second), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d).UTC().Truncate(time.Second), nil
	}
	return time.Time{}, invalid("--expires %q: want a date (2027-01-01), an RFC 3339 time or a duration (720h, 90d)", s)
}
