package api

import (
	"os"
	"path/filepath"
	"testing"
)

// Golden documents of the publishing doors whose bytes do not depend on
// the time: the OpenAPI description, the LDES root and robots.txt. Set
// RUCHE_UPDATE_GOLDEN=1 to rewrite them after an intended change.
func TestPublishGolden(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		file, target, accept string
	}{
		{"openapi.json", "/openapi.json", ""},
		{"ldes-root.ttl", "/ldes", "text/turtle"},
		{"robots.txt", "/robots.txt", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := get(t, srv, tt.target, tt.accept)
			if r.code != 200 {
				t.Fatalf("%s: %d", tt.target, r.code)
			}
			path := filepath.Join("testdata", "publish", tt.file)
			if os.Getenv("RUCHE_UPDATE_GOLDEN") != "" {
				if err := os.WriteFile(path, r.body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(r.body) != string(want) {
				t.Errorf("%s differs from %s (RUCHE_UPDATE_GOLDEN=1 rewrites it):\n%s", tt.target, path, r.body)
			}
		})
	}
}
