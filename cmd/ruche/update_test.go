package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// ruche update applies an update to a stopped folder in one transaction,
// under the HTTP door's rules.
func TestUpdateCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.nt", sampleNT)
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", in); code != 0 {
		t.Fatal(errOut)
	}
	count := func() string {
		t.Helper()
		code, out, errOut := ruche(t, "", "query", "--data", data, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
		if code != 0 {
			t.Fatalf("query: %s", errOut)
		}
		return strings.TrimSpace(strings.TrimPrefix(out, "n"))
	}
	before := count()
	file := writeFile(t, dir, "u.ru", `INSERT DATA { GRAPH <http://example.org/atelier> { <http://example.org/a> <http://example.org/p> 1, 2 } }`)
	for _, tt := range []struct {
		name string
		args []string
		ok   bool
		want string
	}{
		{"last operation fails", []string{`INSERT DATA { GRAPH <http://example.org/x> { <http://example.org/a> <http://example.org/p> 1 } } ; DROP GRAPH <http://example.org/none>`}, false, before},
		{"public graph rules", []string{`INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }`}, false, before},
		{"load refused", []string{`LOAD <http://example.org/data.ttl>`}, false, before},
		{"syntax", []string{`INSERT DATA { ?s ?p ?o }`}, false, before},
		{"from a file", []string{"-f", file}, true, "2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"update", "--data", data, "--base", "http://ruche.test/"}, tt.args...)
			code, _, errOut := ruche(t, "", args...)
			if (code == 0) != tt.ok {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if got := count(); got != tt.want {
				t.Fatalf("quads in named graphs: %s, want %s (%s)", got, tt.want, errOut)
			}
		})
	}
}
