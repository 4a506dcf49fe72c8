package rdfio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// seedFromW3C adds the files of the given W3C suite folders with the given
// extensions to the fuzz corpus; it adds nothing if ../shared is absent.
func seedFromW3C(f *testing.F, dirs []string, exts ...string) {
	shared := sharedDir()
	if shared == "" {
		return
	}
	for _, d := range dirs {
		for _, ext := range exts {
			paths, _ := filepath.Glob(filepath.Join(shared, "w3c", "rdf-tests", "rdf", "rdf11", d, "*"+ext))
			for _, p := range paths {
				if data, err := os.ReadFile(p); err == nil {
					f.Add(data)
				}
			}
		}
	}
}

// fuzzRoundTrip decodes data in format in; if it parses, it must re-encode
// in format out and decode back to an isomorphic dataset. A failure must be
// a *SyntaxError, never a panic.
func fuzzRoundTrip(t *testing.T, data []byte, in, out Format) {
	const limit = 5000
	qs, err := decodeLimited(in, data, limit)
	if err != nil {
		if _, ok := errors.AsType[*SyntaxError](err); !ok {
			t.Fatalf("error is not a *SyntaxError: %v", err)
		}
		return
	}
	if len(qs) >= limit {
		return
	}
	if in == Turtle || !in.SupportsQuads() {
		for i := range qs {
			qs[i].G = rdf.Term{}
		}
	}
	// Turtle and TriG are written twice: nested (the whole input fits the
	// window) and flat (a window of one quad).
	windows := []int{0}
	if out == Turtle || out == TriG {
		windows = append(windows, 1)
	}
	for _, window := range windows {
		var buf bytes.Buffer
		enc, err := NewEncoder(out, &buf, EncodeOptions{Prefixes: map[string]string{"ex": "http://ex/", "": "http://a.example/"}})
		if err != nil {
			t.Fatal(err)
		}
		if window > 0 {
			enc.(*turtleEncoder).window = window
		}
		for _, q := range qs {
			if err := enc.Encode(q); err != nil {
				t.Fatalf("encode %v: %v", q, err)
			}
		}
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		back, err := decodeLimited(out, buf.Bytes(), limit)
		if err != nil {
			t.Fatalf("re-decode of our own %v output (window %d): %v\n%s", out, window, err, buf.Bytes())
		}
		if !rdf.Isomorphic(qs, back) {
			t.Fatalf("round trip differs (window %d):\nin:%s\nout:%s\n%s", window, dump(qs), dump(back), buf.Bytes())
		}
	}
}

func decodeLimited(f Format, data []byte, limit int) ([]rdf.Quad, error) {
	dec, err := NewDecoder(f, bytes.NewReader(data), DecodeOptions{BaseIRI: "http://ex/base/doc"})
	if err != nil {
		return nil, err
	}
	var qs []rdf.Quad
	for len(qs) < limit {
		q, err := dec.Decode()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		qs = append(qs, q)
	}
	return qs, nil
}

func FuzzNQuads(f *testing.F) {
	f.Add([]byte("<http://ex/s> <http://ex/p> \"o\"@en <http://ex/g> .\n"))
	seedFromW3C(f, []string{"rdf-n-quads", "rdf-n-triples"}, ".nq", ".nt")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoundTrip(t, data, NQuads, NQuads) })
}

func FuzzTurtle(f *testing.F) {
	f.Add([]byte("@prefix ex: <http://ex/> . ex:s ex:p (1 [ ex:q 2.5 ]), \"\"\"x\ny\"\"\" ."))
	seedFromW3C(f, []string{"rdf-turtle"}, ".ttl")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoundTrip(t, data, Turtle, Turtle) })
}

func FuzzTriG(f *testing.F) {
	f.Add([]byte("@prefix ex: <http://ex/> . ex:g { ex:s ex:p ex:o } GRAPH _:b { [] ex:p 1 }"))
	seedFromW3C(f, []string{"rdf-trig"}, ".trig")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoundTrip(t, data, TriG, TriG) })
}
