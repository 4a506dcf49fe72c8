package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestTokenCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	code, out, errOut := ruche(t, "", "token", "create", "--data", data, "--role", "agent", "--person", "abc123defg", "--name", "Agente test")
	if code != 0 {
		t.Fatalf("create: exit %d: %s", code, errOut)
	}
	if errOut != "" {
		t.Errorf("create wrote to stderr: %q", errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	secret := lines[len(lines)-1]
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{24,}$`).MatchString(secret) || !strings.HasSuffix(out, secret+"\n") {
		t.Fatalf("the token is not alone on the last line: %q", out)
	}
	code, out, errOut = ruche(t, "", "token", "list", "--data", data)
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	if strings.Contains(out, secret) || !strings.Contains(out, "Agente test") || !strings.Contains(out, "agent") || !strings.Contains(out, "/id/personnes/abc123defg") {
		t.Fatalf("list: %q", out)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if code, _, errOut = ruche(t, "", "token", "revoke", "--data", data, id); code != 0 {
		t.Fatalf("revoke: exit %d: %s", code, errOut)
	}
	_, out, _ = ruche(t, "", "token", "list", "--data", data)
	if f := strings.Fields(strings.Split(out, "\n")[1]); f[len(f)-1] == "-" {
		t.Errorf("revocation not listed: %q", out)
	}
	for _, args := range [][]string{
		{"token"}, {"token", "create", "--data", data, "--role", "admin", "--name", "x"},
		{"token", "create", "--data", data, "--role", "agent", "--name", "x"},
		{"token", "revoke", "--data", data, "nope"},
		{"token", "list", "--data", data, "extra"},
	} {
		if code, _, _ := ruche(t, "", args...); code == 0 {
			t.Errorf("%v succeeded", args)
		}
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if code, _, _ := ruche(t, "", "token", "frobnicate", "--data", fresh); code != 2 {
		t.Errorf("unknown token subcommand: exit %d, want 2", code)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("an unknown token subcommand created a store at %s (%v)", fresh, err)
	}
	code, out, errOut = ruche(t, "", "audit", "--data", data, "--since", "2020-01-01")
	if code != 0 || out != "" {
		t.Errorf("audit of a store without writes: exit %d, %q %q", code, out, errOut)
	}
	if code, _, _ := ruche(t, "", "audit", "--data", data, "--since", "hier"); code != 2 {
		t.Errorf("audit with a bad --since: exit %d", code)
	}
	if code, _, _ := ruche(t, "", "audit", "--data", data, "extra"); code != 2 {
		t.Errorf("audit with an extra argument: exit %d, want 2", code)
	}
}
