package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
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
