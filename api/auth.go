package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store"
)

// Roles a token can carry.
const (
	// RoleCoordination writes everything.
	RoleCoordination = "coordination"
	// RoleAgent writes its own person record, its own memberships and the
	// chantiers it takes part in (an active membership).
	RoleAgent = "agent"
)

// metaToken prefixes the meta keys of tokens: token/<hex SHA-256 of the
// secret> → JSON Token. Tokens live outside the RDF graph, in the same
// Badger database (so backups carry them).
const metaToken = "token/"

// Token is the stored record of an API token. The secret itself is never
// stored, only its SHA-256.
type Token struct {
	ID      string    `json:"id"`
	Role    string    `json:"role"`
	Person  string    `json:"person,omitempty"` // person IRI of an agent
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"`
	Hash    string    `json:"hash"`
}

// tokenSecretBytes is the entropy of a token (32 bytes → 43 URL-safe chars).
const tokenSecretBytes = 32

// hashToken returns the hex SHA-256 of a token secret.
func hashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateToken mints a token with a role, the person IRI of an agent (empty
// for coordination) and a descriptive name; it stores only the hash and
// returns the secret (to print once) and the record.
func CreateToken(ctx context.Context, st *store.Store, role, person, name string) (string, Token, error) {
	switch role {
	case RoleCoordination:
		if person != "" {
			return "", Token{}, errors.New("token: a coordination token names no person")
		}
	case RoleAgent:
		if person == "" {
			return "", Token{}, errors.New("token: an agent token needs --person")
		}
	default:
		return "", Token{}, fmt.Errorf("token: role %q is neither %s nor %s", role, RoleCoordination, RoleAgent)
	}
	if strings.TrimSpace(name) == "" {
		return "", Token{}, errors.New("token: a token needs a name")
	}
	var raw [tokenSecretBytes]byte
	_, _ = rand.Read(raw[:])
	secret := base64.RawURLEncoding.EncodeToString(raw[:])
	hash := hashToken(secret)
	tok := Token{ID: hash[:12], Role: role, Person: person, Name: name, Created: time.Now().UTC().Truncate(time.Second), Hash: hash}
	body, err := json.Marshal(tok)
	if err != nil {
		return "", Token{}, fmt.Errorf("token: %w", err)
	}
	if err := st.Update(ctx, func(tx *store.Txn) error { return tx.PutMeta(metaToken+hash, body) }); err != nil {
		return "", Token{}, fmt.Errorf("token: store: %w", err)
	}
	return secret, tok, nil
}

// ListTokens returns every token record (never a secret), in hash order.
func ListTokens(ctx context.Context, st *store.Store) ([]Token, error) {
	snap := st.Snapshot()
	defer snap.Close()
	var out []Token
	for e, err := range snap.ScanMeta(ctx, metaToken) {
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

// RevokeToken marks the token with the given id revoked; it fails if no
// token has that id.
func RevokeToken(ctx context.Context, st *store.Store, id string) error {
	found := false
	err := st.Update(ctx, func(tx *store.Txn) error {
		found = false
		var key string
		var tok Token
		for e, err := range tx.ScanMeta(ctx, metaToken) {
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
		return fmt.Errorf("token: revoke: %w", err)
	}
	if !found {
		return fmt.Errorf("token: no token has id %q", id)
	}
	return nil
}

// principal is the authenticated caller of a write.
type principal struct {
	Token
}

func unauthorized(detail string) *Problem {
	return newProblem(http.StatusUnauthorized, "unauthorized", detail)
}

func forbidden(detail string) *Problem {
	return newProblem(http.StatusForbidden, "forbidden", detail)
}

// authenticate checks the bearer token of a request: 401 when missing,
// forged or revoked. The stored hash is compared in constant time.
func (s *Server) authenticate(c *gin.Context, st *store.Store) (*principal, error) {
	h := c.GetHeader("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		c.Header("WWW-Authenticate", `Bearer realm="ruche"`)
		return nil, unauthorized("a write needs an Authorization: Bearer token")
	}
	secret = strings.TrimSpace(secret)
	hash := hashToken(secret)
	snap := st.Snapshot()
	defer snap.Close()
	val, found, err := snap.GetMeta(metaToken + hash)
	if err != nil {
		return nil, err
	}
	var tok Token
	if found {
		if err := json.Unmarshal(val, &tok); err != nil {
			return nil, fmt.Errorf("token record: %w", err)
		}
	}
	if !found || subtle.ConstantTimeCompare([]byte(tok.Hash), []byte(hash)) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="ruche", error="invalid_token"`)
		return nil, unauthorized("the token is not valid")
	}
	if !tok.Revoked.IsZero() {
		c.Header("WWW-Authenticate", `Bearer realm="ruche", error="invalid_token"`)
		return nil, unauthorized("the token has been revoked")
	}
	return &principal{tok}, nil
}
