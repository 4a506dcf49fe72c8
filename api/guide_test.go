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

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
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

// runGuide runs every sh block of a guide, in order, with bash and curl
// against a fresh server on a free port, as a reader would after `go run
// ./cmd/ruche serve` (and `ruche token create` for the writing guide). A
// block that fails (curl --fail-with-body, set -e) fails the test with its
// output, which runGuide returns.
func runGuide(t *testing.T, path string, minBlocks int) string {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "gunzip", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the guides are run with %s: %v", tool, err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	srv, st := newServerAt(t, base+"/")
	hs := &http.Server{Handler: srv.Handler()}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	token, _, err := CreateToken(context.Background(), st, RoleCoordination, "", "guide")
	if err != nil {
		t.Fatal(err)
	}
	blocks := shBlocks(t, path)
	if len(blocks) < minBlocks {
		t.Fatalf("%d sh blocks in %s, want %d or more", len(blocks), path, minBlocks)
	}
	script := "set -euo pipefail\ncd \"$WORK\"\n" + strings.Join(blocks, "\n")
	cmd := exec.Command("bash", "-c", script)
	cmd.Env = append(os.Environ(), "BASE="+base, "TOKEN="+token, "WORK="+t.TempDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("the examples of %s fail: %v\n%s", path, err, out.String())
	}
	return out.String()
}

// TestWritingGuide: the writing guide works as written, from a chantier to
// its closure.
func TestWritingGuide(t *testing.T) {
	got := runGuide(t, "docs/writing.md", 12)
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

// TestOtherGuides: the querying, harvesting and embedding guides work as
// written.
func TestOtherGuides(t *testing.T) {
	tests := []struct {
		path string
		min  int
		want []string
	}{
		{"docs/querying.md", 3, []string{"Almanach culturel", "2019-05", "inconnu", `"value":"8"`, "radn:kind"}},
		{"docs/harvesting.md", 4, []string{"checksum OK", "void:triples", "schema:name"}},
		{"docs/embedding.md", 2, []string{`"type":"rich"`, "Almanach culturel"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := runGuide(t, tt.path, tt.min)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// newServerAt is a server on an in-memory store seeded under base (as
// `ruche serve` seeds a new data folder).
func newServerAt(t *testing.T, base string) (*Server, *store.Store) {
	t.Helper()
	opts := store.DefaultOptions()
	opts.InMemory = true
	st, err := store.Open("", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	seed, err := vocab.Seed(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(context.Background(), func(tx *store.Txn) error {
		for _, q := range seed {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Base = base
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetStore(st)
	return srv, st
}
