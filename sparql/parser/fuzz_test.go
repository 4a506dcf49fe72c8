package parser

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ruche-lod/ruche/sparql/internal/w3c"
)

// syntaxSources returns the query texts of the W3C syntax tests of the
// denominator (nil when the suite is absent).
func syntaxSources(tb testing.TB) []string {
	tb.Helper()
	suites, err := w3c.Denominator()
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range suites {
		for _, tc := range s.Tests {
			if !tc.IsSyntax() || tc.IsUpdate() {
				continue
			}
			path, err := w3c.Local(tc.Query)
			if err != nil {
				continue
			}
			if b, err := os.ReadFile(path); err == nil {
				out = append(out, string(b))
			}
		}
	}
	return out
}

// FuzzParseQuery checks that no input panics the parser and that whatever
// parses prints to SPARQL that parses back to the same tree.
func FuzzParseQuery(f *testing.F) {
	for _, src := range syntaxSources(f) {
		f.Add(src)
	}
	f.Add(`PREFIX : <http://x/> SELECT (COUNT(*) AS ?n) { ?s :p/:q* [ :r (1 2.0 3e0) ] FILTER(?s != -1) } GROUP BY ?s`)
	f.Fuzz(func(t *testing.T, src string) {
		opts := Options{BaseIRI: "http://example.org/base/"}
		q, err := ParseQuery(src, opts)
		if err != nil {
			if isInternal(err) {
				t.Fatalf("internal error on %q: %v", src, err)
			}
			return
		}
		printed := q.String()
		q2, err := ParseQuery(printed, opts)
		if err != nil {
			t.Fatalf("printed query does not parse: %v\nsource: %q\nprinted:\n%s", err, src, printed)
		}
		if d := cmp.Diff(q, q2, astCmp); d != "" {
			t.Fatalf("round trip differs (-first +second):\n%s\nsource: %q\nprinted:\n%s", d, src, printed)
		}
	})
}

// TestTruncatedInputs parses every prefix of the W3C syntax queries: the
// parser must return (an error, usually), never panic or fail internally.
func TestTruncatedInputs(t *testing.T) {
	srcs := syntaxSources(t)
	if len(srcs) == 0 {
		t.Skip("W3C suite not available")
	}
	for _, src := range srcs {
		for i := 0; i < len(src); i += 3 {
			_, err := ParseQuery(src[:i], Options{BaseIRI: ex})
			if err != nil && isInternal(err) {
				t.Fatalf("internal error on %q: %v", src[:i], err)
			}
			_, err = ParseUpdate(src[:i], Options{BaseIRI: ex})
			if err != nil && isInternal(err) {
				t.Fatalf("internal error on %q: %v", src[:i], err)
			}
		}
	}
}

// benchQueries reads ../shared/bench/queries/*.rq next to the module root.
func benchQueries(b *testing.B) map[string]string {
	wd, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err != nil {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(d, "..", "shared", "bench", "queries", "*.rq"))
		out := map[string]string{}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			out[strings.TrimSuffix(filepath.Base(f), ".rq")] = string(src)
		}
		return out
	}
	return nil
}

// BenchmarkParseQuery parses each benchmark query of shared/bench/queries.
func BenchmarkParseQuery(b *testing.B) {
	qs := benchQueries(b)
	if len(qs) == 0 {
		b.Skip("shared/bench/queries not found")
	}
	names := make([]string, 0, len(qs))
	for name := range qs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		src := qs[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseQuery(src, Options{BaseIRI: ex}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzParseUpdate is FuzzParseQuery for SPARQL Update, seeded from the
// W3C update syntax tests.
func FuzzParseUpdate(f *testing.F) {
	for _, m := range []string{"sparql/sparql11/syntax-update-1/manifest.ttl", "sparql/sparql11/delete-insert/manifest.ttl"} {
		s, err := w3c.Load(m)
		if err != nil {
			break
		}
		for _, tc := range s.Tests {
			if path, err := w3c.Local(tc.Query); err == nil && tc.IsUpdate() {
				if b, err := os.ReadFile(path); err == nil {
					f.Add(string(b))
				}
			}
		}
	}
	f.Add(`PREFIX : <http://x/> WITH :g DELETE { ?s :p ?o } INSERT { ?s :q [ :r 1 ] } USING NAMED :h WHERE { ?s :p ?o } ; DROP SILENT ALL`)
	f.Fuzz(func(t *testing.T, src string) {
		opts := Options{BaseIRI: "http://example.org/base/"}
		u, err := ParseUpdate(src, opts)
		if err != nil {
			if isInternal(err) {
				t.Fatalf("internal error on %q: %v", src, err)
			}
			return
		}
		printed := u.String()
		u2, err := ParseUpdate(printed, opts)
		if err != nil {
			t.Fatalf("printed update does not parse: %v\nsource: %q\nprinted:\n%s", err, src, printed)
		}
		if d := cmp.Diff(u, u2, astCmp); d != "" {
			t.Fatalf("round trip differs (-first +second):\n%s\nsource: %q\nprinted:\n%s", d, src, printed)
		}
	})
}

// isInternal reports a panic of the parser, which a fuzz target must fail
// on (a syntax or limit error is a fine answer to any input).
func isInternal(err error) bool {
	var ie *InternalError
	return errors.As(err, &ie)
}
