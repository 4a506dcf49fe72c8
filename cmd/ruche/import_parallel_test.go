package main

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
)

// TestImportParallelChunks: an N-Triples file larger than one chunk of the
// parallel decoder (4 MiB) imports with one blank node for one label
// across chunks, and a syntax error past the first chunk names its line
// and leaves the store empty.
func TestImportParallelChunks(t *testing.T) {
	const lines = 80_000 // about 5 MiB
	body := func(broken bool) string {
		var b strings.Builder
		for i := range lines {
			fmt.Fprintf(&b, "_:b0 <http://example.org/p> \"value number %d\" .\n", i)
		}
		if broken {
			b.WriteString("_:b0 <http://example.org/p> bad .\n")
		}
		return b.String()
	}
	tests := []struct {
		name     string
		broken   bool
		wantErr  string
		wantQuad uint64
	}{
		{"good", false, "", lines},
		{"broken past the first chunk", true, fmt.Sprintf("big.nt:%d:29:", lines+1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			data := filepath.Join(dir, "data")
			path := writeFile(t, dir, "big.nt", body(tt.broken))
			code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", path)
			if tt.wantErr != "" {
				if code == 0 || !strings.Contains(errOut, tt.wantErr) {
					t.Fatalf("exit %d, error %q, want %q", code, errOut, tt.wantErr)
				}
			} else if code != 0 {
				t.Fatalf("import: %s", errOut)
			}
			opts := storeOptions()
			opts.ReadOnly = true
			st, err := store.Open(data, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			snap := st.Snapshot()
			defer snap.Close()
			stats := snap.Stats()
			if stats.Quads != tt.wantQuad {
				t.Errorf("%d quads, want %d", stats.Quads, tt.wantQuad)
			}
			if tt.wantQuad > 0 && stats.DistinctSubjects != 1 {
				t.Errorf("%d subjects, want one blank node", stats.DistinctSubjects)
			}
		})
	}
}

// TestLimitLoadMemory: a load sets the 1 GiB soft memory limit and puts the
// previous one back, unless GOMEMLIMIT chose one.
func TestLimitLoadMemory(t *testing.T) {
	tests := []struct {
		env   string
		limit bool // whether the load sets its limit
	}{
		{"", true},
		{"3GiB", false},
	}
	for _, tt := range tests {
		t.Setenv("GOMEMLIMIT", tt.env)
		before := debug.SetMemoryLimit(-1)
		want := before
		if tt.limit {
			want = loadMemoryLimit
		}
		restore := limitLoadMemory()
		during := debug.SetMemoryLimit(-1)
		restore()
		if during != want {
			t.Errorf("GOMEMLIMIT=%q: limit %d during the load, want %d", tt.env, during, want)
		}
		if after := debug.SetMemoryLimit(-1); after != before {
			t.Errorf("GOMEMLIMIT=%q: limit %d after the load, want %d back", tt.env, after, before)
		}
	}
}
