package results

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// w3cDir is the SPARQL part of the W3C rdf-tests checkout.
const w3cDir = "../../../shared/w3c/rdf-tests/sparql"

// TestReadW3CFiles parses every expected-results file of the SPARQL 1.0 and
// 1.1 suites, and checks that writing and reading it back gives an
// equivalent result set.
func TestReadW3CFiles(t *testing.T) {
	if _, err := os.Stat(w3cDir); err != nil {
		t.Skipf("W3C suite not available: %v", err)
	}
	counts := make(map[Format]int)
	for _, sub := range []string{"sparql10", "sparql11"} {
		err := filepath.WalkDir(filepath.Join(w3cDir, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			var f Format
			switch filepath.Ext(path) {
			case ".srx":
				f = XML
			case ".srj":
				f = JSON
			case ".tsv":
				f = TSV
			case ".csv":
				f = CSV
			default:
				return nil
			}
			counts[f]++
			rel, _ := filepath.Rel(w3cDir, path)
			t.Run(rel, func(t *testing.T) {
				file, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer file.Close()
				rs, err := Read(f, file)
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				for _, out := range []Format{JSON, XML, TSV} {
					back := roundTrip(t, rs, out)
					if !Equivalent(rs, back, true) {
						t.Errorf("round trip through %v changed the result set", out)
					}
				}
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if counts[XML] < 100 || counts[JSON] < 5 || counts[TSV] < 3 || counts[CSV] < 3 {
		t.Errorf("too few result files found: %v", counts)
	}
	t.Logf("parsed result files: %d srx, %d srj, %d tsv, %d csv", counts[XML], counts[JSON], counts[TSV], counts[CSV])
}
