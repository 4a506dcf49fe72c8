package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/storetest"
)

// TestImportEmptyStoreOnePass: into an empty store, import parses a file
// once; a file broken on its last line still leaves the store empty and
// usable (a good import afterwards holds exactly its quads), and the error
// names file:line.
func TestImportEmptyStoreOnePass(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	var big strings.Builder
	const lines = 50_000
	for i := range lines {
		fmt.Fprintf(&big, "<http://example.org/s%d> <http://example.org/p> \"v%d\" .\n", i, i)
	}
	big.WriteString("<http://example.org/broken> <http://example.org/p> \"unterminated .\n")
	bad := writeFile(t, dir, "bad.nt", big.String())
	code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", bad)
	if code == 0 {
		t.Fatal("import of a bad file succeeded")
	}
	if want := fmt.Sprintf("bad.nt:%d:", lines+1); !strings.Contains(errOut, want) {
		t.Errorf("error %q does not name %q", errOut, want)
	}
	if n := quadCount(t, data); n != 0 {
		t.Fatalf("store has %d quads after the failed import into an empty store", n)
	}
	good := writeFile(t, dir, "good.nt", sampleNT)
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", good); code != 0 {
		t.Fatalf("import after the failed one: %s", errOut)
	}
	if n := quadCount(t, data); n != 3 {
		t.Fatalf("store has %d quads, want 3", n)
	}
	if code, out, errOut := ruche(t, "", "check", "--data", data); code != 0 {
		t.Fatalf("check: %s %s", out, errOut)
	}
}

// TestImportNonEmptyStoreOnePass: into a non-empty store too, import reads
// its input once (a file or standard input); a file broken on its last
// line exits 1 naming file:line:column and changes nothing, and a good one
// is loaded whole.
func TestImportNonEmptyStoreOnePass(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", writeFile(t, dir, "first.nt", sampleNT)); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	// Small: TestImportBadFileChangesNothing breaks a file past the
	// loader's first chunk, whose writes are undone.
	const lines = 2_000
	var good strings.Builder
	for i := range lines {
		fmt.Fprintf(&good, "<http://example.org/s%d> <http://example.org/p> \"v%d\" .\n", i, i)
	}
	bad := good.String() + "<http://example.org/broken> <http://example.org/p> \"unterminated .\n"
	tests := []struct {
		name    string
		stdin   string // read when file is "-"
		file    string
		wantErr string // "": the import succeeds
	}{
		{"file broken on its last line", "", writeFile(t, dir, "bad.nt", bad), fmt.Sprintf("bad.nt:%d:67: ", lines+1)},
		{"stdin broken on its last line", bad, "-", fmt.Sprintf("<stdin>:%d:67: ", lines+1)},
		{"good stdin", good.String(), "-", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := storeImage(t, data)
			var decodes []string
			decodeStarted = func(name string) { decodes = append(decodes, name) }
			defer func() { decodeStarted = nil }()
			code, _, errOut := ruche(t, tt.stdin, "import", "--data", data, "--quiet", "--format", "ntriples", tt.file)
			if len(decodes) != 1 {
				t.Errorf("input decoded %d times (%v), want once", len(decodes), decodes)
			}
			if tt.wantErr == "" {
				if code != 0 {
					t.Fatalf("import: exit %d: %s", code, errOut)
				}
				if n := quadCount(t, data); n != 3+lines {
					t.Errorf("%d quads after the import, want %d", n, 3+lines)
				}
				return
			}
			if code != 1 || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("exit %d, error %q; want 1 and %q", code, errOut, tt.wantErr)
			}
			if after := storeImage(t, data); after != before {
				t.Errorf("the failed import changed the store (%d bytes of image, was %d)", len(after), len(before))
			}
		})
	}
}

// storeImage is storetest.Image of the store in data, opened read-only.
func storeImage(t *testing.T, data string) string {
	t.Helper()
	opts := storeOptions()
	opts.ReadOnly = true
	st, err := store.Open(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return storetest.Image(t, st)
}
