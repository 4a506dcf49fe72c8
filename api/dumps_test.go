package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdfio"
)

// TestDumpContentEncoding: /dumps/latest.nq.gz is N-Quads, gzip-coded with
// Content-Encoding when the client accepts gzip, plain when its
// Accept-Encoding excludes gzip (urllib and rdflib send "identity").
func TestDumpContentEncoding(t *testing.T) {
	srv, _ := newTestServer(t)
	absent := "\x00" // no Accept-Encoding header at all
	tests := []struct {
		acceptEncoding string
		gzipped        bool
	}{
		{absent, true},
		{"gzip, deflate, br", true},
		{"identity", false},
		{"gzip;q=0", false},
		{"gzip;q=0, *", false},
		{"", false},
		{"*", true},
		{"*;q=0, identity", false},
		{"br, x-gzip;q=0.5", true},
		{"deflate", false},
	}
	etags := map[bool]string{}
	for _, tt := range tests {
		t.Run(tt.acceptEncoding, func(t *testing.T) {
			headers := map[string]string{}
			if tt.acceptEncoding != absent {
				headers["Accept-Encoding"] = tt.acceptEncoding
			}
			r := do(t, srv, http.MethodGet, "/dumps/latest.nq.gz", headers, nil)
			if r.code != 200 || r.header.Get("Content-Type") != "application/n-quads" {
				t.Fatalf("%d %v", r.code, r.header)
			}
			if !strings.Contains(strings.Join(r.header.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("no Vary: Accept-Encoding: %v", r.header)
			}
			body := r.body
			if ce := r.header.Get("Content-Encoding"); tt.gzipped != (ce == "gzip") {
				t.Fatalf("Content-Encoding %q, want gzip %v", ce, tt.gzipped)
			}
			if tt.gzipped {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if got := decodeAll(t, rdfio.NQuads, body, testBase, nil); len(got) < 100 {
				t.Errorf("only %d quads", len(got))
			}
			if prev, ok := etags[tt.gzipped]; ok && prev != r.header.Get("ETag") {
				t.Errorf("ETag %s, earlier %s for the same encoding", r.header.Get("ETag"), prev)
			}
			etags[tt.gzipped] = r.header.Get("ETag")
		})
	}
	if etags[true] == etags[false] {
		t.Errorf("gzip and identity share the ETag %s", etags[true])
	}
}
