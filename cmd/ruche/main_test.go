package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store"
)

// ruche runs the command in process and returns its exit code and output.
func ruche(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const sampleNT = `<http://example.org/s> <http://example.org/p> "caf\u00E9 \"quoted\""@fr-CA .
<http://example.org/s> <http://example.org/p> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
_:b1 <http://example.org/q> <http://example.org/o> .
`

func sortedLines(s string) []string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	slices.Sort(lines)
	return lines
}

func TestImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.nt", sampleNT)
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", in); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	code, out, errOut := ruche(t, "", "export", "--data", data, "--format", "ntriples")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	got := sortedLines(out)
	want := sortedLines(`<http://example.org/s> <http://example.org/p> "café \"quoted\""@fr-CA .
<http://example.org/s> <http://example.org/p> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
_:b1 <http://example.org/q> <http://example.org/o> .`)
	if len(got) != len(want) {
		t.Fatalf("export gave %d lines, want %d:\n%s", len(got), len(want), out)
	}
	for i := range got {
		// Blank node labels may differ; lexical forms must not.
		if !strings.HasPrefix(want[i], "_:") && got[i] != want[i] {
			t.Errorf("line %d = %s, want %s", i, got[i], want[i])
		}
	}
}

// Two files that both use _:b1 describe two different nodes.
func TestImportScopesBlankNodesPerFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	a := writeFile(t, dir, "a.nt", "_:b1 <http://example.org/p> \"a\" .\n")
	b := writeFile(t, dir, "b.nt", "_:b1 <http://example.org/p> \"b\" .\n")
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", a, b); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := ruche(t, "", "query", "--data", data, "--format", "csv", "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.Contains(out, "\n2") {
		t.Errorf("distinct subjects = %q, want 2", out)
	}
}

func TestImportGraphFlagAndStdin(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, _, errOut := ruche(t, sampleNT, "import", "--data", data, "--quiet", "--format", "ntriples", "--graph", "http://example.org/g", "-")
	if code != 0 {
		t.Fatalf("import from stdin: exit %d: %s", code, errOut)
	}
	_, out, _ := ruche(t, "", "export", "--data", data, "--format", "nquads", "--graph", "http://example.org/g")
	if n := len(sortedLines(out)); n != 3 {
		t.Fatalf("graph has %d quads, want 3:\n%s", n, out)
	}
	for _, line := range sortedLines(out) {
		if !strings.HasSuffix(line, "<http://example.org/g> .") {
			t.Errorf("quad not in the graph: %s", line)
		}
	}
}

// quadCount opens the store read-only and counts its public quads.
func quadCount(t *testing.T, data string) uint64 {
	t.Helper()
	opts := storeOptions()
	opts.ReadOnly = true
	st, err := store.Open(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap := st.Snapshot()
	defer snap.Close()
	return snap.Stats().Quads
}

// A file that fails to parse, even past Badger's transaction cap, leaves the
// store exactly as it was and names file:line:column.
func TestImportBadFileChangesNothing(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	good := writeFile(t, dir, "good.nt", sampleNT)
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", good); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	before := quadCount(t, data)

	var big strings.Builder
	const lines = 70_000 // more than one chunk of the load (65,536 quads): a chunk is committed, then undone
	for i := range lines {
		fmt.Fprintf(&big, "<http://example.org/s%d> <http://example.org/p> \"v%d\" .\n", i, i)
	}
	big.WriteString("<http://example.org/broken> <http://example.org/p> \"unterminated .\n")
	bad := writeFile(t, dir, "bad.nt", big.String())

	tests := []struct {
		name, file, wantPos string
	}{
		{"big file broken on its last line", bad, fmt.Sprintf("bad.nt:%d:", lines+1)},
		{"invalid IRI", writeFile(t, dir, "iri.nt", "<http://ex ample.org/s> <http://example.org/p> <http://example.org/o> .\n"), "iri.nt:1:"},
		{"bad language tag", writeFile(t, dir, "lang.nt", "<http://example.org/s> <http://example.org/p> \"x\"@-fr .\n"), "lang.nt:1:"},
		{"truncated turtle", writeFile(t, dir, "trunc.ttl", "@prefix ex: <http://example.org/> .\nex:s ex:p [ ex:q "), "trunc.ttl:2:"},
		{"malformed json-ld", writeFile(t, dir, "bad.jsonld", "{\"@id\": \"http://example.org/s\",\n \"http://example.org/p\": [}"), "bad.jsonld:2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", tt.file)
			if code == 0 {
				t.Fatal("import of a bad file succeeded")
			}
			if !strings.Contains(errOut, tt.wantPos) {
				t.Errorf("error %q does not name %q", errOut, tt.wantPos)
			}
			if strings.Contains(errOut, "panic") {
				t.Errorf("panic: %s", errOut)
			}
			if after := quadCount(t, data); after != before {
				t.Errorf("store has %d quads after the failed import, want %d", after, before)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{[]string{}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"import"}, 2},
		{[]string{"import", "file.unknownext"}, 2},
		{[]string{"import", "--format", "nope", "x.nt"}, 2},
		{[]string{"export", "--format", "csv"}, 2},
		{[]string{"serve", "--base", "not a url"}, 2},
		{[]string{"serve", "--base", "http://example.org/no-slash"}, 2},
		{[]string{"bench", "fly"}, 2},
		{[]string{"query"}, 2},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if code, _, _ := ruche(t, "", tt.args...); code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
		})
	}
}

func TestLockedStore(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(data, storeOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := writeFile(t, t.TempDir(), "in.nt", sampleNT)
	code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", in)
	if code == 0 {
		t.Fatal("import into a locked store succeeded")
	}
	if !strings.Contains(strings.ToLower(errOut), "in use") && !strings.Contains(strings.ToLower(errOut), "lock") {
		t.Errorf("unclear error for a locked store: %s", errOut)
	}
}

func TestBackupRestoreCheckQuery(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.nt", sampleNT)
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", in); code != 0 {
		t.Fatal(errOut)
	}
	backup := filepath.Join(dir, "backup.gz")
	if code, _, errOut := ruche(t, "", "backup", "--data", data, backup); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	restored := filepath.Join(dir, "restored")
	if code, _, errOut := ruche(t, "", "restore", "--data", restored, backup); code != 0 {
		t.Fatalf("restore: %s", errOut)
	}
	if code, _, errOut := ruche(t, "", "restore", "--data", restored, backup); code == 0 {
		t.Errorf("restore over existing data succeeded: %s", errOut)
	}
	if code, out, errOut := ruche(t, "", "check", "--data", restored); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("check: exit %d: %s %s", code, out, errOut)
	}
	code, out, errOut := ruche(t, "", "query", "--data", restored, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
	if code != 0 {
		t.Fatalf("query: %s", errOut)
	}
	if !strings.Contains(out, "\n3") {
		t.Errorf("query on the restored store = %q, want a count of 3", out)
	}
	code, _, errOut = ruche(t, "", "query", "--data", restored, "SELECT ?x WHERE { ?x ")
	if code == 0 || !strings.Contains(errOut, "1:") {
		t.Errorf("syntax error not reported with its position: %q", errOut)
	}
}

// serve answers /healthz within seconds on a new folder (seeding it), and
// stops cleanly when its context ends.
func TestServeHealthAndShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errOut bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", addr}, strings.NewReader(""), &bytes.Buffer{}, &errOut)
	}()
	deadline := time.Now().Add(20 * time.Second)
	healthy := false
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				healthy = true
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !healthy {
		cancel()
		t.Fatalf("no healthy answer: %s", errOut.String())
	}
	resp, err := http.Get("http://" + addr + "/id/chantiers/codeveloppement")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("seeded chantier: %s", resp.Status)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}
