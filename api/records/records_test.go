package records

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store"
)

// TestCoreImports: the core imports neither gin nor net/http.
func TestCoreImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range src.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(path, "gin-gonic") || strings.HasPrefix(path, "net/http") {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	o := store.DefaultOptions()
	o.InMemory = true
	st, err := store.Open("", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestTokenLifecycle(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	now := time.Now()
	for _, tc := range []struct {
		name string
		spec TokenSpec
		ok   bool
	}{
		{"coordination", TokenSpec{Role: RoleCoordination, Name: "équipe"}, true},
		{"agent", TokenSpec{Role: RoleAgent, Person: "https://x/id/personnes/a", Name: "a"}, true},
		{"agent, expiring", TokenSpec{Role: RoleAgent, Person: "https://x/id/personnes/a", Name: "a", Expires: now.Add(time.Hour)}, true},
		{"agent without person", TokenSpec{Role: RoleAgent, Name: "a"}, false},
		{"agent with an id", TokenSpec{Role: RoleAgent, Person: "a", Name: "a"}, false},
		{"coordination with a person", TokenSpec{Role: RoleCoordination, Person: "https://x/id/personnes/a", Name: "a"}, false},
		{"no name", TokenSpec{Role: RoleCoordination, Name: " "}, false},
		{"unknown role", TokenSpec{Role: "admin", Name: "a"}, false},
		{"expired at birth", TokenSpec{Role: RoleCoordination, Name: "a", Expires: now.Add(-time.Second)}, false},
	} {
		secret, tok, err := CreateToken(ctx, st, tc.spec)
		if !tc.ok {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: %v, want ErrInvalid", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		snap := st.Snapshot()
		got, err := Authenticate(snap, secret, now)
		if err != nil || got.ID != tok.ID {
			t.Errorf("%s: authenticate: %v", tc.name, err)
		}
		if !tc.spec.Expires.IsZero() {
			if _, err := Authenticate(snap, secret, now.Add(2*time.Hour)); !errors.Is(err, ErrTokenExpired) {
				t.Errorf("%s: after expiry: %v", tc.name, err)
			}
		}
		snap.Close()
		if _, err := RevokeToken(ctx, st, tok.ID); err != nil {
			t.Fatal(err)
		}
		snap = st.Snapshot()
		if _, err := Authenticate(snap, secret, now); !errors.Is(err, ErrTokenRevoked) {
			t.Errorf("%s: after revocation: %v", tc.name, err)
		}
		if _, err := Authenticate(snap, secret+"x", now); !errors.Is(err, ErrTokenUnknown) {
			t.Errorf("%s: forged: %v", tc.name, err)
		}
		snap.Close()
	}
	if _, err := RevokeToken(ctx, st, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoke unknown: %v", err)
	}
	toks, err := ListTokens(ctx, st)
	if err != nil || len(toks) != 3 {
		t.Errorf("list: %d tokens, %v", len(toks), err)
	}
}

func TestResolvePerson(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	const fallback = "http://localhost:8080/"
	check := func(base string, cases map[string]string) {
		t.Helper()
		snap := st.Snapshot()
		defer snap.Close()
		for in, want := range cases {
			got, err := ResolvePerson(snap, in, fallback)
			if want == "ERR" {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("base %s: %q gave %q %v, want ErrInvalid", base, in, got, err)
				}
				continue
			}
			if err != nil || got != want {
				t.Errorf("base %s: %q gave %q %v, want %q", base, in, got, err, want)
			}
		}
	}
	check("none recorded", map[string]string{
		"marie":                        fallback + "id/personnes/marie",
		"https://e.org/id/personnes/x": "https://e.org/id/personnes/x",
		"":                             "",
		"a/b":                          "ERR",
	})
	if err := st.Update(ctx, func(tx *store.Txn) error { return tx.PutMeta(MetaBase, []byte("https://ex.org/radn/")) }); err != nil {
		t.Fatal(err)
	}
	check("recorded", map[string]string{
		"marie":                   "https://ex.org/radn/id/personnes/marie",
		"id/personnes/marie":      "https://ex.org/radn/id/personnes/marie",
		"/id/personnes/marie":     "https://ex.org/radn/id/personnes/marie",
		"http://a/id/personnes/m": "http://a/id/personnes/m",
	})
}

func TestParseExpiry(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"":                     "0001-01-01T00:00:00Z",
		"2027-01-01":           "2027-01-01T00:00:00Z",
		"2027-01-01T12:00:00Z": "2027-01-01T12:00:00Z",
		"48h":                  "2026-12-09T10:00:00Z",
		"30d":                  "2027-01-06T10:00:00Z",
		"soon":                 "ERR",
		"-5h":                  "ERR",
	} {
		got, err := ParseExpiry(in, now)
		if want == "ERR" {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%q: %v %v, want ErrInvalid", in, got, err)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("%q: %v %v, want %s", in, got, err, want)
		}
	}
}

func TestRebaseTokens(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	_, tok, err := CreateToken(ctx, st, TokenSpec{Role: RoleAgent, Person: "http://old/id/personnes/a", Name: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, func(tx *store.Txn) error { return RebaseTokens(ctx, tx, "http://old/", "https://new/") }); err != nil {
		t.Fatal(err)
	}
	toks, _ := ListTokens(ctx, st)
	if len(toks) != 1 || toks[0].ID != tok.ID || toks[0].Person != "https://new/id/personnes/a" {
		t.Errorf("after rebase: %+v", toks)
	}
}
