package rdfio

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// recordingLoader is a ContextLoader that knows nothing and records what
// it was asked.
type recordingLoader struct {
	mu    sync.Mutex
	calls []string
}

func (l *recordingLoader) LoadContext(iri string) (any, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, iri)
	return nil, errors.New("not an embedded context")
}

// netRecorder is an http.RoundTripper that records requests and fails
// them, installed as http.DefaultTransport (what json-gold's default
// loader would use) to prove no request is made.
type netRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (n *netRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.urls = append(n.urls, r.URL.String())
	return nil, errors.New("network access in a test")
}

func TestJSONLDRemoteContextRefused(t *testing.T) {
	net := &netRecorder{}
	saved := http.DefaultTransport
	http.DefaultTransport = net
	t.Cleanup(func() { http.DefaultTransport = saved })

	const metadata = "http://169.254.169.254/x"
	tests := []struct {
		name    string
		doc     string
		base    string
		nilCtx  bool
		wantIRI string
	}{
		{"top-level context", `{"@context": "` + metadata + `", "@id": "http://ex/a"}`, "", false, metadata},
		{"no contexts at all", `{"@context": "` + metadata + `", "@id": "http://ex/a"}`, "", true, metadata},
		{"context in an array", `{"@context": [{"@vocab": "http://ex/"}, "https://example.org/ctx"], "p": 1}`, "", false, "https://example.org/ctx"},
		{"@import", `{"@context": {"@import": "` + metadata + `"}, "@id": "http://ex/a"}`, "", false, metadata},
		{"relative context against the base", `{"@context": "ctx.jsonld", "@id": "http://ex/a"}`, "http://169.254.169.254/doc", false, "http://169.254.169.254/ctx.jsonld"},
		{"scoped context", `{"@context": {"p": {"@id": "http://ex/p", "@context": "` + metadata + `"}}, "p": {"@id": "http://ex/b"}}`, "", false, metadata},
		{"nested node context", `{"@id": "http://ex/a", "http://ex/p": {"@context": "` + metadata + `", "@id": "http://ex/b"}}`, "", false, metadata},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recordingLoader{}
			opts := DecodeOptions{BaseIRI: tc.base, Contexts: rec}
			if tc.nilCtx {
				opts.Contexts = nil
			}
			_, err := decodeJSONLD(t, tc.doc, opts)
			if !errors.Is(err, ErrRemoteContext) {
				t.Fatalf("error = %v, want ErrRemoteContext", err)
			}
			want := "remote context <" + tc.wantIRI + "> is not one of ruche's embedded contexts"
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
			var rce *RemoteContextError
			if !errors.As(err, &rce) || rce.IRI != tc.wantIRI {
				t.Errorf("RemoteContextError = %+v, want IRI %s", rce, tc.wantIRI)
			}
			if !tc.nilCtx && !slices.Contains(rec.calls, tc.wantIRI) {
				t.Errorf("the ContextLoader was asked %v, not %s", rec.calls, tc.wantIRI)
			}
		})
	}
	if len(net.urls) > 0 {
		t.Errorf("network requests were made: %v", net.urls)
	}
}

// FuzzJSONLD checks that no input makes the decoder panic (json-gold
// panics on some inputs; the decoder must turn that into an error).
func FuzzJSONLD(f *testing.F) {
	dir := filepath.Join("..", "..", "..", "shared", "w3c", "json-ld-api", "tests", "toRdf")
	seeds, _ := filepath.Glob(filepath.Join(dir, "*-in.jsonld"))
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"@context": {"@vocab": "http://ex/"}, "p": [1, 1.5, true, null, {"@list": []}]}`))
	f.Add([]byte(`{"@context": "` + radnContextIRI + `", "id": "http://ex/a", "name": {"fr": "x"}}`))
	contexts := radnContexts(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		dec, err := NewDecoder(JSONLD, strings.NewReader(string(data)), DecodeOptions{
			BaseIRI: "http://ex/doc", Contexts: contexts,
		})
		if err != nil {
			t.Fatal(err)
		}
		var qs []rdf.Quad
		for {
			q, err := dec.Decode()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return // an error is a fine answer to bad input
			}
			qs = append(qs, q)
		}
		// What was read must be written and read back unchanged.
		var buf bytes.Buffer
		enc, _ := NewEncoder(JSONLD, &buf, EncodeOptions{})
		for _, q := range qs {
			_ = enc.Encode(q)
		}
		if err := enc.Close(); err != nil {
			t.Fatalf("encoding what was decoded: %v\n%s", err, nquadsText(qs))
		}
		back, err := NewDecoder(JSONLD, &buf, DecodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var again []rdf.Quad
		for {
			q, err := back.Decode()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("reading back: %v", err)
			}
			again = append(again, q)
		}
		if !rdf.Isomorphic(qs, again) {
			t.Fatalf("round trip changed the data:\n%s\n%s", nquadsText(qs), nquadsText(again))
		}
	})
}

// TestJSONLDContextCycle: json-gold would recurse until the stack
// overflows (a fatal error) on contexts that include themselves.
func TestJSONLDContextCycle(t *testing.T) {
	self := map[string]any{"@context": "http://ex/self"}
	tests := []struct {
		name     string
		contexts StaticContexts
		doc      string
	}{
		{"direct", StaticContexts{"http://ex/self": self}, `{"@context": "http://ex/self", "@id": "http://ex/a"}`},
		{"relative", StaticContexts{"http://ex/c/self": map[string]any{"@context": "self"}}, `{"@context": "http://ex/c/self", "@id": "http://ex/a"}`},
		{"indirect", StaticContexts{
			"http://ex/a": map[string]any{"@context": []any{"http://ex/b"}},
			"http://ex/b": map[string]any{"@context": map[string]any{"@import": "http://ex/a"}},
		}, `{"@context": "http://ex/a", "@id": "http://ex/x"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeJSONLD(t, tc.doc, DecodeOptions{Contexts: tc.contexts})
			if err == nil || !strings.Contains(err.Error(), "includes itself") {
				t.Errorf("error = %v, want a recursive context inclusion", err)
			}
		})
	}
}

// A scoped context may name its own context: it is only processed when
// the term is used.
func TestJSONLDScopedSelfReference(t *testing.T) {
	contexts := StaticContexts{
		"http://ex/s": map[string]any{"@context": map[string]any{"p": map[string]any{"@id": "http://ex/p", "@context": "http://ex/s"}}},
	}
	qs, err := decodeJSONLD(t, `{"@context": "http://ex/s", "p": {"p": {"@id": "http://ex/x"}}}`, DecodeOptions{Contexts: contexts})
	if err != nil || len(qs) != 2 {
		t.Errorf("got %d quads, %v; want 2 quads", len(qs), err)
	}
}
