package vocab

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestSeedGolden compares the materialised seed, as sorted N-Quads under
// DefaultBase, with testdata/seed.nq, so any change to the seed shows up in
// review. Run with -update to accept a change.
func TestSeedGolden(t *testing.T) {
	seed := slices.Clone(mustSeed(t, DefaultBase))
	slices.SortFunc(seed, rdf.CompareQuads)
	var got []byte
	for _, q := range seed {
		got = rdf.AppendQuad(got, q)
		got = append(got, '\n')
	}
	path := filepath.Join("testdata", "seed.nq")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("the seed differs from %s; review the change and run go test ./vocab -run TestSeedGolden -update", path)
	}
}
