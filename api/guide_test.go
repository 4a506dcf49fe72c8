package api

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// shBlocks returns the ```sh blocks of a markdown file, in order.
func shBlocks(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?ms)^```sh\n(.*?)^```\n").FindAllSubmatch(b, -1) {
		blocks = append(blocks, string(m[1]))
	}
	return blocks
}

// TestWritingGuide runs every sh block of docs/writing.md, in order, with
// bash and curl against a fresh server on a free port, as a reader would
// after `go run ./cmd/ruche serve` and `ruche token create`. A block that
// fails (curl --fail-with-body, set -e) fails the test with its output.
func TestWritingGuide(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the writing guide is run with %s: %v", tool, err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	srv, st := newTestServer(t, func(c *Config) { c.Base = base + "/" })
	hs := &http.Server{Handler: srv.Handler()}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	token, _, err := CreateToken(context.Background(), st, RoleCoordination, "", "guide")
	if err != nil {
		t.Fatal(err)
	}
	blocks := shBlocks(t, "docs/writing.md")
	if len(blocks) < 12 {
		t.Fatalf("%d sh blocks in docs/writing.md", len(blocks))
	}
	script := "set -euo pipefail\n" + strings.Join(blocks, "\n")
	cmd := exec.Command("bash", "-c", script)
	cmd.Env = append(os.Environ(), "BASE="+base, "TOKEN="+token)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("the guide's examples fail: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"/id/chantiers/archives-sonores-partagees\n",
		"404\n",                  // the person before consent
		"410\n",                  // and after its withdrawal
		"concept/statut/ferme",   // the evaluation closed the chantier
		`"2027-06-30"^^xsd:date`, // on its date
		"Camille Tremblay",       // the published person
		"/id/participations/",    // the membership
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the guide's output lacks %q:\n%s", want, got)
		}
	}
}
