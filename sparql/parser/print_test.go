package parser

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/print")

// TestPrintGolden prints each testdata/print/*.rq (query) or *.ru (update)
// and compares with its .golden file; the printed text must also parse
// back to the same tree.
func TestPrintGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/print/*.r[qu]")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden inputs in testdata/print")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{BaseIRI: "http://example.org/"}
			var printed string
			var tree, again any
			if strings.HasSuffix(f, ".ru") {
				u, err := ParseUpdate(string(src), opts)
				if err != nil {
					t.Fatal(err)
				}
				printed = u.String()
				tree = u
				if again, err = ParseUpdate(printed, opts); err != nil {
					t.Fatalf("reparse: %v\n%s", err, printed)
				}
			} else {
				q, err := ParseQuery(string(src), opts)
				if err != nil {
					t.Fatal(err)
				}
				printed = q.String()
				tree = q
				if again, err = ParseQuery(printed, opts); err != nil {
					t.Fatalf("reparse: %v\n%s", err, printed)
				}
			}
			if d := cmp.Diff(tree, again, astCmp); d != "" {
				t.Errorf("round trip (-orig +again):\n%s", d)
			}
			golden := f + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(printed+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if d := cmp.Diff(string(want), printed+"\n"); d != "" {
				t.Errorf("printed (-golden +got):\n%s", d)
			}
		})
	}
}
