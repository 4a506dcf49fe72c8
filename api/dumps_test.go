package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdfio"
)

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain é", `"plain é"`},
		{`"quoted" \ back`, `"\"quoted\" \\ back"`},
		{"</script>&", `"\u003c/script\u003e\u0026"`},
		{"a\nb\rc\td\x01", `"a\nb\rc\td\u0001"`},
		{"line\u2028para\u2029", `"line\u2028para\u2029"`},
		{"bad \xff utf8", `"bad \ufffd utf8"`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := string(appendJSONString(nil, tt.in)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// FuzzAppendJSONString: the output is JSON that decodes to the input (with
// invalid UTF-8 replaced) and never holds '<', '>' or '&'.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "é</script>", "\x00\xff\u2028", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendJSONString(nil, s)
		if strings.ContainsAny(string(out), "<>&\u2028\u2029") {
			t.Fatalf("unescaped character in %q", out)
		}
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		if want := strings.ToValidUTF8(s, "\ufffd"); utf8.ValidString(s) && back != want {
			t.Fatalf("%q decodes to %q", s, back)
		}
	})
}

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
