package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
)

// TestTokenDoor manages tokens over HTTP while the server serves: only a
// coordination token may; a created agent token writes what its role
// allows; a revoked or expired token gets 401.
func TestTokenDoor(t *testing.T) {
	e := newWriteEnv(t)
	ctx := t.Context()
	agent, _, err := CreateToken(ctx, e.st, RoleAgent, testBase+"id/personnes/x", "agent")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, target, token, ctype, body string
		code                                     int
	}{
		{"list, anonymous", "GET", "/admin/tokens", "", "", "", 401},
		{"list, agent", "GET", "/admin/tokens", agent, "", "", 403},
		{"create, agent", "POST", "/admin/tokens", agent, "application/json", `{"role":"coordination","name":"x"}`, 403},
		{"revoke, agent", "DELETE", "/admin/tokens/abc", agent, "", "", 403},
		{"list", "GET", "/admin/tokens", e.coord, "", "", 200},
		{"create, not JSON", "POST", "/admin/tokens", e.coord, "text/plain", `x`, 415},
		{"create, bad JSON", "POST", "/admin/tokens", e.coord, "application/json", `{"role":`, 400},
		{"create, unknown member", "POST", "/admin/tokens", e.coord, "application/json", `{"role":"agent","person":"x","name":"x","admin":true}`, 400},
		{"create, bad role", "POST", "/admin/tokens", e.coord, "application/json", `{"role":"admin","name":"x"}`, 422},
		{"create, past expiry", "POST", "/admin/tokens", e.coord, "application/json", `{"role":"coordination","name":"x","expires":"2001-01-01"}`, 422},
		{"create, bad expiry", "POST", "/admin/tokens", e.coord, "application/json", `{"role":"coordination","name":"x","expires":"soon"}`, 422},
		{"revoke unknown", "DELETE", "/admin/tokens/abc", e.coord, "", "", 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.send(tc.method, tc.target, tc.token, tc.ctype, tc.body)
			if r.code != tc.code {
				t.Fatalf("%s %s: %d, want %d: %s", tc.method, tc.target, r.code, tc.code, r.body)
			}
			if r.code >= 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("error answered as %s", r.header.Get("Content-Type"))
			}
		})
	}

	// Create an agent token by id: it names the person under the base.
	r := e.send("POST", "/admin/tokens", e.coord, "application/json", `{"role":"agent","person":"x","name":"atelier","expires":"30d"}`)
	if r.code != http.StatusCreated {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	var made tokenView
	if err := json.Unmarshal(r.body, &made); err != nil || made.Secret == "" {
		t.Fatalf("created: %s (%v)", r.body, err)
	}
	if made.Person != testBase+"id/personnes/x" || made.Expires.IsZero() || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("created %+v (Cache-Control %q)", made, r.header.Get("Cache-Control"))
	}
	r = e.send("GET", "/admin/tokens", e.coord, "", "")
	if strings.Contains(string(r.body), made.Secret) || strings.Contains(string(r.body), `"hash"`) || !strings.Contains(string(r.body), made.ID) {
		t.Errorf("list shows a secret or a hash, or misses the new token: %s", r.body)
	}
	// The new token may write its own person record (past auth and role, the
	// PUT then wants If-Match: 428).
	person := ttlPrefixes + `<> a schema:Person ; schema:name "X" .`
	if r := e.send("PUT", "/id/personnes/x", made.Secret, "text/turtle", person); r.code == http.StatusUnauthorized || r.code == http.StatusForbidden {
		t.Errorf("the new agent token on its own record: %d %s", r.code, r.body)
	}
	if r := e.send("DELETE", "/admin/tokens/"+made.ID, e.coord, "", ""); r.code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.code, r.body)
	}
	if r := e.send("PUT", "/id/personnes/x", made.Secret, "text/turtle", person); r.code != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", r.code)
	}

	// An expired token gets 401 like a revoked one.
	secret := "expired-secret-expired-secret-expired-secret"
	hash := records.HashToken(secret)
	body, _ := json.Marshal(records.Token{ID: hash[:12], Role: RoleCoordination, Name: "old", Created: time.Now().Add(-48 * time.Hour), Expires: time.Now().Add(-time.Hour), Hash: hash})
	if err := e.st.Update(ctx, func(tx *store.Txn) error { return tx.PutMeta(records.MetaToken+hash, body) }); err != nil {
		t.Fatal(err)
	}
	r = e.send("GET", "/admin/tokens", secret, "", "")
	if r.code != http.StatusUnauthorized || !strings.Contains(string(r.body), "expired") || !strings.Contains(r.header.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("expired token: %d %s", r.code, r.body)
	}
}
