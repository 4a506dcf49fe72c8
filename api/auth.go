package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
)

// The token rules live in the Gin-free core (api/records); these names keep
// the package's callers and tests as they were.
const (
	RoleCoordination = records.RoleCoordination
	RoleAgent        = records.RoleAgent
)

// Token is the stored record of an API token (see records.Token).
type Token = records.Token

// CreateToken mints a token with a role, the person IRI of an agent (empty
// for coordination) and a descriptive name (see records.CreateToken).
func CreateToken(ctx context.Context, st *store.Store, role, person, name string) (string, Token, error) {
	return records.CreateToken(ctx, st, records.TokenSpec{Role: role, Person: person, Name: name})
}

// ListTokens returns every token record (never a secret).
func ListTokens(ctx context.Context, st *store.Store) ([]Token, error) {
	return records.ListTokens(ctx, st)
}

// RevokeToken marks the token with the given id revoked.
func RevokeToken(ctx context.Context, st *store.Store, id string) error {
	_, err := records.RevokeToken(ctx, st, id)
	return err
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

// authenticate checks the API token of a request: 401 when missing,
// forged, revoked or expired.
func (s *Server) authenticate(c *gin.Context, st *store.Store) (*principal, error) {
	secret, ok := tokenFromAuthorization(c.Request)
	if !ok {
		c.Header("WWW-Authenticate", authChallenge)
		return nil, unauthorized("a write needs an API token: Authorization: Bearer TOKEN, or HTTP Basic with the token as password")
	}
	snap := st.Snapshot()
	defer snap.Close()
	tok, err := records.Authenticate(snap, secret, time.Now())
	switch {
	case errors.Is(err, records.ErrTokenUnknown), errors.Is(err, records.ErrTokenRevoked), errors.Is(err, records.ErrTokenExpired):
		c.Header("WWW-Authenticate", authChallenge+`, error="invalid_token"`)
		return nil, unauthorized(err.Error())
	case err != nil:
		return nil, err
	}
	return &principal{tok}, nil
}

// authChallenge offers both ways of presenting a token. Basic comes first:
// Jena 4.5's HTTP client takes the first scheme of the header and fails on
// a scheme it does not know (Bearer).
const authChallenge = `Basic realm="ruche", Bearer realm="ruche"`

// tokenFromAuthorization reads an API token from an Authorization header:
// "Bearer TOKEN", or HTTP Basic credentials whose password is the token
// (any user name), so that clients that only know user and password (Jena's
// rupdate with user:TOKEN@ in the URL, SPARQLWrapper's setCredentials,
// curl -u) present it too. Both go through the same checks.
func tokenFromAuthorization(r *http.Request) (string, bool) {
	if _, password, ok := r.BasicAuth(); ok {
		return password, password != ""
	}
	scheme, rest, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return rest, true
}

// tokenView is a token as the door shows it: never its hash; the secret
// once, in the answer to its creation.
type tokenView struct {
	ID      string    `json:"id"`
	Role    string    `json:"role"`
	Person  string    `json:"person,omitempty"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires,omitzero"`
	Revoked time.Time `json:"revoked,omitzero"`
	Secret  string    `json:"secret,omitempty"`
}

func viewToken(t Token, secret string) tokenView {
	return tokenView{ID: t.ID, Role: t.Role, Person: t.Person, Name: t.Name, Created: t.Created, Expires: t.Expires, Revoked: t.Revoked, Secret: secret}
}

// coordinator authenticates the caller and insists on the coordination role.
func (s *Server) coordinator(c *gin.Context) (*store.Store, error) {
	st, err := s.ready()
	if err != nil {
		return nil, err
	}
	who, err := s.authenticate(c, st)
	if err != nil {
		return nil, err
	}
	if who.Role != RoleCoordination {
		return nil, forbidden("only a coordination token manages tokens")
	}
	c.Header("Cache-Control", "no-store")
	return st, nil
}

func (s *Server) listTokens(c *gin.Context) error {
	st, err := s.coordinator(c)
	if err != nil {
		return err
	}
	toks, err := records.ListTokens(c.Request.Context(), st)
	if err != nil {
		return err
	}
	out := make([]tokenView, 0, len(toks))
	for _, t := range toks {
		out = append(out, viewToken(t, ""))
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func (s *Server) createToken(c *gin.Context) error {
	st, err := s.coordinator(c)
	if err != nil {
		return err
	}
	if ct := c.ContentType(); ct != "application/json" {
		p := newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", "a token is created from application/json")
		p.Accept = []string{"application/json"}
		return p
	}
	var body struct {
		Role    string `json:"role"`
		Person  string `json:"person"`
		Name    string `json:"name"`
		Expires string `json:"expires"` // a date, an RFC 3339 time or a duration (records.ParseExpiry)
	}
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("the body is not a token request: " + err.Error())
	}
	now := time.Now()
	spec := records.TokenSpec{Role: body.Role, Name: body.Name}
	if spec.Expires, err = records.ParseExpiry(body.Expires, now); err != nil {
		return err
	}
	snap := st.Snapshot()
	spec.Person, err = records.ResolvePerson(snap, body.Person, s.cfg.Base)
	snap.Close()
	if err != nil {
		return err
	}
	secret, tok, err := records.CreateToken(c.Request.Context(), st, spec)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, viewToken(tok, secret))
	return nil
}

func (s *Server) revokeToken(c *gin.Context) error {
	st, err := s.coordinator(c)
	if err != nil {
		return err
	}
	if _, err := records.RevokeToken(c.Request.Context(), st, c.Param("id")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
