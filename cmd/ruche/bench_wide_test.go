package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
)

// TestBenchQuerySizes: `bench query --sizes` prints one line per query with
// a median per size, the growth between the two sizes and the fastest
// peer's figure read from a runner's result file; the single-folder form
// keeps its line format (FILE.rq ROWS MEDIAN_MS …) that scripts read.
func TestBenchQuerySizes(t *testing.T) {
	tmp := t.TempDir()
	small, large := filepath.Join(tmp, "small"), filepath.Join(tmp, "large")
	nt := writeFile(t, tmp, "d.nt", sampleNT)
	for _, dir := range []string{small, large} {
		if code, _, errOut := ruche(t, "", "import", "--data", dir, "--quiet", nt); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
	}
	q := writeFile(t, tmp, "w01_count.rq", `SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`)
	peers := filepath.Join(tmp, "results")
	mk := func(name, body string) {
		if err := writeFileAll(filepath.Join(peers, name), body); err != nil {
			t.Fatal(err)
		}
	}
	mk("jena-mem-1m-wide.json", `{"peer": "jena-mem", "queries": [{"id": "w01_count", "median_ms": 12.5}, {"id": "other", "skipped": true}]}`)
	code, out, errOut := ruche(t, "", "bench", "query", "--warm", "1", "--peers", peers, "--sizes", "100k="+small+",1m="+large, q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "100k→1m") || !strings.Contains(lines[0], "fastest peer 1m") {
		t.Fatalf("output:\n%s", out)
	}
	f := strings.Fields(lines[1])
	if f[0] != "w01_count.rq" || f[1] != "1" || !strings.HasSuffix(f[4], "×") || f[5] != "12.50" || f[6] != "(jena-mem)" {
		t.Fatalf("query line %q", lines[1])
	}
	code, out, errOut = ruche(t, "", "bench", "query", "--warm", "1", "--data", small, "-", q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if f := strings.Fields(strings.Split(out, "\n")[1]); len(f) < 3 || f[0] != "w01_count.rq" || f[1] != "1" {
		t.Fatalf("single-folder output:\n%s", out)
	}
}

func writeFileAll(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(body), 0o644)
}

// TestBlockCacheEnv: RUCHE_BLOCK_CACHE_MIB sizes the block cache of every
// command's store; an unset, invalid or non-positive value keeps the
// default (0: the profile's size).
func TestBlockCacheEnv(t *testing.T) {
	tests := []struct {
		env  string
		want int64
	}{
		{"", 0},
		{"512", 512 << 20},
		{"lots", 0},
		{"-3", 0},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv("RUCHE_BLOCK_CACHE_MIB", tt.env)
			if got := storeOptions().BlockCacheSize; got != tt.want {
				t.Fatalf("BlockCacheSize %d, want %d", got, tt.want)
			}
		})
	}
}

// TestColumnCacheEnv: RUCHE_COLUMN_CACHE_MIB sizes the column cache of
// every command's store, 0 turns it off; an unset, invalid or negative
// value keeps the default.
func TestColumnCacheEnv(t *testing.T) {
	tests := []struct {
		env  string
		want int64
	}{
		{"", store.DefaultColumnCacheSize},
		{"64", 64 << 20},
		{"0", 0},
		{"lots", store.DefaultColumnCacheSize},
		{"-3", store.DefaultColumnCacheSize},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv("RUCHE_COLUMN_CACHE_MIB", tt.env)
			if got := storeOptions().ColumnCacheSize; got != tt.want {
				t.Fatalf("ColumnCacheSize %d, want %d", got, tt.want)
			}
		})
	}
}

// TestBenchQueryProfileAndCache: --cpuprofile writes a profile of the run
// (go tool pprof reads gzip-compressed protobuf) and --block-cache is
// accepted beside --sizes; a profile path that cannot be created is an
// error.
func TestBenchQueryProfileAndCache(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "store")
	nt := writeFile(t, tmp, "d.nt", sampleNT)
	if code, _, errOut := ruche(t, "", "import", "--data", dir, "--quiet", nt); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	q := writeFile(t, tmp, "w01_count.rq", `SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`)
	tests := []struct {
		name    string
		profile string
		ok      bool
	}{
		{"profile written", filepath.Join(tmp, "cpu.prof"), true},
		{"profile folder missing", filepath.Join(tmp, "no", "such", "cpu.prof"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := ruche(t, "", "bench", "query", "--warm", "1", "--block-cache", "32",
				"--cpuprofile", tt.profile, "--peers", tmp, "--sizes", "1m="+dir, q)
			if (code == 0) != tt.ok {
				t.Fatalf("exit %d, want ok=%v: %s", code, tt.ok, errOut)
			}
			if !tt.ok {
				return
			}
			b, err := os.ReadFile(tt.profile)
			if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
				t.Fatalf("profile: %d bytes, %v", len(b), err)
			}
		})
	}
}
