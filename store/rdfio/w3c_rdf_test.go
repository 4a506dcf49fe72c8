package rdfio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// The W3C RDF 1.1 syntax suites, read from ../shared/w3c (see its README).
// Test files are published under w3cRDFBase; a test's base IRI is its
// mf:action IRI, which is also what the expected outputs were written with.
const (
	w3cRDFBase = "https://w3c.github.io/rdf-tests/rdf/rdf11/"
	mfNS       = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	rdftNS     = "http://www.w3.org/ns/rdftest#"
)

// sharedDir returns ../shared seen from the repository root, or "" if the
// folder is absent.
func sharedDir() string {
	dir := filepath.Join("..", "..", "..", "shared")
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return dir
}

func rdf11Dir(t testing.TB) string {
	shared := sharedDir()
	if shared == "" {
		t.Skip("../shared (W3C test suites) is absent: W3C conformance not run")
	}
	return filepath.Join(shared, "w3c", "rdf-tests", "rdf", "rdf11")
}

// w3cTest is one entry of a manifest.
type w3cTest struct {
	iri, name, typ string
	action, result string // IRIs
}

// readManifest parses dir/manifest.ttl with our own Turtle decoder and
// returns its entries in order.
func readManifest(t testing.TB, dir, suite string) []w3cTest {
	t.Helper()
	base := w3cRDFBase + suite + "/manifest.ttl"
	f, err := os.Open(filepath.Join(dir, suite, "manifest.ttl"))
	if err != nil {
		t.Fatalf("open manifest: %v", err)
	}
	defer f.Close()
	props := map[rdf.Term]map[string][]rdf.Term{}
	dec := newTurtleDecoder(f, DecodeOptions{BaseIRI: base, Name: suite + "/manifest.ttl"}, false)
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parse manifest: %v", err)
		}
		if props[q.S] == nil {
			props[q.S] = map[string][]rdf.Term{}
		}
		props[q.S][q.P.Value] = append(props[q.S][q.P.Value], q.O)
	}
	one := func(s rdf.Term, p string) rdf.Term {
		if v := props[s][p]; len(v) > 0 {
			return v[0]
		}
		return rdf.Term{}
	}
	var tests []w3cTest
	for node := one(rdf.IRI(base), mfNS+"entries"); node.IsBlank(); node = one(node, rdf.RDFRest) {
		e := one(node, rdf.RDFFirst)
		tests = append(tests, w3cTest{
			iri:    e.Value,
			name:   one(e, mfNS+"name").Value,
			typ:    strings.TrimPrefix(one(e, rdf.RDFType).Value, rdftNS),
			action: one(e, mfNS+"action").Value,
			result: one(e, mfNS+"result").Value,
		})
	}
	if len(tests) == 0 {
		t.Fatalf("manifest %s lists no tests", suite)
	}
	return tests
}

// localPath maps a published test IRI to the file under dir.
func localPath(dir, iri string) (string, error) {
	rel, ok := strings.CutPrefix(iri, w3cRDFBase)
	if !ok {
		return "", fmt.Errorf("test file IRI %s is outside %s", iri, w3cRDFBase)
	}
	return filepath.Join(dir, filepath.FromSlash(rel)), nil
}

// parseFile decodes the file at the IRI iri in format f, with iri as base.
func parseFile(dir, iri string, f Format) ([]rdf.Quad, error) {
	path, err := localPath(dir, iri)
	if err != nil {
		return nil, err
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	dec, err := NewDecoder(f, fh, DecodeOptions{BaseIRI: iri, Name: filepath.Base(path)})
	if err != nil {
		return nil, err
	}
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, q)
	}
}

// knownFailures reads testdata/known-failures.txt: "<test IRI>\t<reason>".
func knownFailures(t testing.TB) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "known-failures.txt"))
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	known := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		iri, reason, _ := strings.Cut(line, "\t")
		known[strings.TrimSpace(iri)] = strings.TrimSpace(reason)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return known
}

// runW3CTest runs one test and returns why it failed, or "" if it passed.
func runW3CTest(dir string, tc w3cTest, f Format) string {
	resultFormat := NTriples
	if f.SupportsQuads() {
		resultFormat = NQuads
	}
	switch {
	case strings.HasSuffix(tc.typ, "PositiveSyntax"):
		if _, err := parseFile(dir, tc.action, f); err != nil {
			return fmt.Sprintf("valid input rejected: %v", err)
		}
	case strings.HasSuffix(tc.typ, "NegativeSyntax"), strings.HasSuffix(tc.typ, "NegativeEval"):
		if _, err := parseFile(dir, tc.action, f); err == nil {
			return "invalid input accepted"
		} else if _, ok := errors.AsType[*SyntaxError](err); !ok && f != RDFXML {
			return fmt.Sprintf("error is not a *SyntaxError: %v", err)
		}
	case strings.HasSuffix(tc.typ, "Eval"):
		got, err := parseFile(dir, tc.action, f)
		if err != nil {
			return fmt.Sprintf("valid input rejected: %v", err)
		}
		want, err := parseFile(dir, tc.result, resultFormat)
		if err != nil {
			return fmt.Sprintf("reading expected result: %v", err)
		}
		if !rdf.Isomorphic(got, want) {
			return fmt.Sprintf("result not isomorphic to %s:\n got: %s\nwant: %s", tc.result, dump(got), dump(want))
		}
	default:
		return "unknown test type " + tc.typ
	}
	return ""
}

func dump(qs []rdf.Quad) string {
	var sb strings.Builder
	for _, q := range qs {
		sb.WriteString("\n  ")
		sb.WriteString(q.String())
	}
	return sb.String()
}

func TestW3CRDF(t *testing.T) {
	dir := rdf11Dir(t)
	known := knownFailures(t)
	suites := []struct {
		name, dir     string
		f             Format
		informational bool
	}{
		{"ntriples", "rdf-n-triples", NTriples, false},
		{"nquads", "rdf-n-quads", NQuads, false},
		{"turtle", "rdf-turtle", Turtle, false},
		{"trig", "rdf-trig", TriG, false},
		{"rdfxml", "rdf-xml", RDFXML, true},
	}
	seen := map[string]bool{}
	for _, s := range suites {
		t.Run(s.name, func(t *testing.T) {
			tests := readManifest(t, dir, s.dir)
			passed, failed := 0, 0
			for _, tc := range tests {
				seen[tc.iri] = true
				why := runW3CTest(dir, tc, s.f)
				reason, listed := known[tc.iri]
				switch {
				case why == "":
					passed++
					if listed && !s.informational {
						t.Errorf("%s passes but is listed in testdata/known-failures.txt (%s): remove it", tc.iri, reason)
					}
				default:
					failed++
					if !listed && !s.informational {
						t.Errorf("%s (%s) fails and is not a known failure: %s", tc.iri, tc.typ, why)
					}
				}
			}
			fmt.Printf("CONFORMANCE %s: %d passed, %d failed, %d total\n", s.name, passed, failed, len(tests))
		})
	}
	for iri := range known {
		if strings.HasPrefix(iri, w3cRDFBase) && !seen[iri] {
			t.Errorf("testdata/known-failures.txt lists %s, which no manifest has: remove it", iri)
		}
	}
}
