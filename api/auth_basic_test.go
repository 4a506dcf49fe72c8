package api

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func basicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// TestTokenFromAuthorization: a token comes as a bearer token or as the
// password of HTTP Basic credentials (any user name); nothing else is one.
func TestTokenFromAuthorization(t *testing.T) {
	for _, tc := range []struct {
		header, want string
		ok           bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer  abc ", "abc", true},
		{basicAuth("user", "abc"), "abc", true},
		{basicAuth("", "abc"), "abc", true},
		{"basic " + base64.StdEncoding.EncodeToString([]byte("u:a:b")), "a:b", true},
		{basicAuth("abc", ""), "", false},
		{"Basic " + base64.StdEncoding.EncodeToString([]byte("abc")), "", false},
		{"Basic not-base64!", "", false},
		{"Basic", "", false},
		{"Bearer ", "", false},
		{"Digest abc", "", false},
		{"abc", "", false},
		{"", "", false},
	} {
		r := httptest.NewRequest(http.MethodPost, "/sparql", nil)
		if tc.header != "" {
			r.Header.Set("Authorization", tc.header)
		}
		got, ok := tokenFromAuthorization(r)
		if got != tc.want || ok != tc.ok {
			t.Errorf("tokenFromAuthorization(%q) = %q, %v; want %q, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

// TestBasicAuthUpdate: an update with HTTP Basic credentials whose password
// is a token is written like one with the bearer token; a wrong password is
// the same 401 problem, with a challenge offering Basic first, and counts
// in the failed-attempt throttle.
func TestBasicAuthUpdate(t *testing.T) {
	e := newWriteEnv(t)
	const update = `INSERT DATA { GRAPH <http://example.org/atelier> { <http://example.org/s> <http://example.org/p> "o" } }`
	if r := e.send("POST", "/sparql", "", "application/sparql-update", update, "Authorization", basicAuth("atelier", e.coord)); r.code != http.StatusNoContent {
		t.Fatalf("update with Basic credentials: %d %s", r.code, r.body)
	}
	r := e.send("GET", "/graph-store?graph=http%3A%2F%2Fexample.org%2Fatelier", "", "", "", "Accept", "application/n-triples")
	if r.code != http.StatusOK || !strings.Contains(string(r.body), `"o"`) {
		t.Fatalf("graph written with Basic credentials reads %d %s", r.code, r.body)
	}
	for _, tc := range []struct{ name, auth, wantChallenge string }{
		{"no credentials", "", `Basic realm="ruche", Bearer realm="ruche"`},
		{"wrong password", basicAuth("atelier", "not-a-token"), `Basic realm="ruche", Bearer realm="ruche", error="invalid_token"`},
		{"wrong bearer", "Bearer not-a-token", `Basic realm="ruche", Bearer realm="ruche", error="invalid_token"`},
	} {
		r := e.send("POST", "/sparql", "", "application/sparql-update", update, "Authorization", tc.auth)
		if r.code != http.StatusUnauthorized || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: %d %s, want a 401 problem", tc.name, r.code, r.body)
		}
		if got := r.header.Get("WWW-Authenticate"); got != tc.wantChallenge {
			t.Errorf("%s: WWW-Authenticate %q, want %q", tc.name, got, tc.wantChallenge)
		}
	}
	// Wrong passwords are throttled like wrong bearer tokens.
	throttled := false
	for range 20 {
		r := e.send("POST", "/sparql", "", "application/sparql-update", update, "Authorization", basicAuth("x", "guess"))
		if r.code == http.StatusTooManyRequests {
			throttled = r.header.Get("Retry-After") != ""
			break
		}
	}
	if !throttled {
		t.Errorf("20 wrong Basic passwords were never throttled (429 with Retry-After)")
	}
}
