package rdfio

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// The W3C JSON-LD 1.1 API test suites (toRdf and fromRdf), run from the
// offline copy in ../shared/w3c/json-ld-api/tests.

const jsonldTestBase = "https://w3c.github.io/json-ld-api/tests/"

// jsonldSuiteDir returns the local folder of the JSON-LD API tests, or
// skips the test when the shared folder is absent.
func jsonldSuiteDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "w3c", "json-ld-api", "tests")
	if _, err := os.Stat(filepath.Join(dir, "toRdf-manifest.jsonld")); err != nil {
		t.Skipf("W3C JSON-LD suite not found at %s (it lives in the shared folder next to the repository): %v", dir, err)
	}
	return dir
}

// w3cLoader serves https://w3c.github.io/json-ld-api/tests/… from the local
// copy and refuses every other IRI.
type w3cLoader struct {
	dir string
}

func (l w3cLoader) path(iri string) (string, error) {
	rel, ok := strings.CutPrefix(iri, jsonldTestBase)
	if !ok {
		return "", &RemoteContextError{IRI: iri}
	}
	rel, _, _ = strings.Cut(rel, "#")
	p := filepath.Join(l.dir, filepath.FromSlash(rel))
	if !strings.HasPrefix(p, filepath.Clean(l.dir)+string(filepath.Separator)) {
		return "", &RemoteContextError{IRI: iri}
	}
	return p, nil
}

func (l w3cLoader) LoadContext(iri string) (any, error) {
	p, err := l.path(iri)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, &RemoteContextError{IRI: iri, Err: err}
	}
	return parseJSON(data, p)
}

type jsonldManifest struct {
	Sequence []jsonldTestCase `json:"sequence"`
}

type jsonldTestCase struct {
	ID              string         `json:"@id"`
	Type            []string       `json:"@type"`
	Name            string         `json:"name"`
	Input           string         `json:"input"`
	Expect          string         `json:"expect"`
	Frame           string         `json:"frame"`
	Context         string         `json:"context"`
	ExpectErrorCode string         `json:"expectErrorCode"`
	Requires        string         `json:"requires"`
	Option          map[string]any `json:"option"`
}

func (tc jsonldTestCase) is(typ string) bool {
	for _, t := range tc.Type {
		if t == typ {
			return true
		}
	}
	return false
}

func (tc jsonldTestCase) option(name string) string {
	s, _ := tc.Option[name].(string)
	return s
}

func (tc jsonldTestCase) flag(name string) bool {
	b, _ := tc.Option[name].(bool)
	return b
}

// skipReason says why a test is not run, or "".
func (tc jsonldTestCase) skipReason() string {
	if tc.option("specVersion") == ld.JsonLd_1_0 {
		return "specVersion json-ld-1.0: ruche implements JSON-LD 1.1 only"
	}
	return ""
}

func readJSONLDManifest(t *testing.T, dir, name string) []jsonldTestCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("reading manifest: %v", err)
	}
	var m jsonldManifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("parsing manifest %s: %v", name, err)
	}
	if len(m.Sequence) == 0 {
		t.Fatalf("manifest %s lists no tests", name)
	}
	return m.Sequence
}

// knownFailures reads the JSON-LD entries of testdata/known-failures.txt:
// lines "jsonld-<suite>#<test id> <reason>". The file is shared with the
// other syntaxes; lines not starting with "jsonld-" are not ours.
func knownJSONLDFailures(t *testing.T) map[string]string {
	t.Helper()
	known := map[string]string{}
	f, err := os.Open(filepath.Join("testdata", "known-failures.txt"))
	if errors.Is(err, os.ErrNotExist) {
		return known
	}
	if err != nil {
		t.Fatalf("reading known failures: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "jsonld-") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		known[id] = strings.TrimSpace(reason)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading known failures: %v", err)
	}
	return known
}

// conformance tallies a suite and checks the results against the known
// failures.
type conformance struct {
	suite                          string
	known                          map[string]string
	passed, failed, skipped, total int
	failures                       []string
	seen                           map[string]bool
}

// record files the outcome of one test: err nil means it passed.
func (c *conformance) record(t *testing.T, id string, err error) {
	t.Helper()
	key := "jsonld-" + c.suite + id
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	c.seen[key] = true
	c.total++
	reason, listed := c.known[key]
	if err == nil {
		c.passed++
		if listed {
			t.Errorf("%s passes but is listed in testdata/known-failures.txt (%s): remove it", key, reason)
		}
		return
	}
	c.failed++
	c.failures = append(c.failures, key)
	if listed {
		t.Logf("known failure %s: %v", key, err)
		return
	}
	t.Errorf("%s fails and is not a known failure: %v", key, err)
}

func (c *conformance) skip(t *testing.T, reason string) {
	t.Helper()
	c.total++
	c.skipped++
	t.Skip(reason)
}

func (c *conformance) report(t *testing.T) {
	fmt.Printf("CONFORMANCE jsonld-%s: %d passed, %d failed, %d skipped, %d total\n",
		c.suite, c.passed, c.failed, c.skipped, c.total)
	sort.Strings(c.failures)
	for _, f := range c.failures {
		t.Logf("failing: %s", f)
	}
	for key := range c.known {
		if strings.HasPrefix(key, "jsonld-"+c.suite+"#") && !c.seen[key] {
			t.Errorf("%s is listed in testdata/known-failures.txt but was not run (stale entry or skipped test)", key)
		}
	}
}

func TestW3CJSONLDToRDF(t *testing.T) {
	dir := jsonldSuiteDir(t)
	tests := readJSONLDManifest(t, dir, "toRdf-manifest.jsonld")
	c := &conformance{suite: "toRdf", known: knownJSONLDFailures(t)}
	loader := w3cLoader{dir: dir}
	for _, tc := range tests {
		t.Run(strings.TrimPrefix(tc.ID, "#"), func(t *testing.T) {
			if r := tc.skipReason(); r != "" {
				c.skip(t, r)
				return
			}
			c.record(t, tc.ID, runToRDFTest(loader, tc))
		})
	}
	c.report(t)
}

func runToRDFTest(loader w3cLoader, tc jsonldTestCase) error {
	inputIRI := jsonldTestBase + tc.Input
	doc, err := loader.LoadContext(inputIRI)
	if err != nil {
		return fmt.Errorf("loading input: %w", err)
	}
	cfg := jsonldConfig{
		base:                  inputIRI,
		loader:                offlineLoader{contexts: loader},
		processingMode:        tc.option("processingMode"),
		produceGeneralizedRDF: tc.flag("produceGeneralizedRdf"),
		rdfDirection:          tc.option("rdfDirection"),
	}
	if b := tc.option("base"); b != "" {
		cfg.base = b
	}
	if ec := tc.option("expandContext"); ec != "" {
		if cfg.expandContext, err = loader.LoadContext(jsonldTestBase + ec); err != nil {
			return fmt.Errorf("loading expandContext: %w", err)
		}
	}
	got, err := jsonldToQuads(doc, cfg)
	switch {
	case tc.is("jld:NegativeEvaluationTest"):
		if err == nil {
			return fmt.Errorf("expected error %q, got %d quads", tc.ExpectErrorCode, len(got))
		}
		return nil
	case err != nil:
		return err
	case tc.is("jld:PositiveSyntaxTest"):
		return nil
	}
	want, err := readNQuads(loader, jsonldTestBase+tc.Expect)
	if err != nil {
		return err
	}
	if !rdf.Isomorphic(got, want) {
		return fmt.Errorf("datasets differ\n got:\n%s want:\n%s", nquadsText(got), nquadsText(want))
	}
	return nil
}

func readNQuads(loader w3cLoader, iri string) ([]rdf.Quad, error) {
	p, err := loader.path(iri)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec, err := NewDecoder(NQuads, f, DecodeOptions{Name: p})
	if err != nil {
		return nil, err
	}
	var qs []rdf.Quad
	for {
		q, err := dec.Decode()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return qs, nil
			}
			return nil, fmt.Errorf("reading expected output: %w", err)
		}
		qs = append(qs, q)
	}
}

func nquadsText(qs []rdf.Quad) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = "  " + q.String() + "\n"
	}
	sort.Strings(lines)
	return strings.Join(lines, "")
}

func TestW3CJSONLDFromRDF(t *testing.T) {
	dir := jsonldSuiteDir(t)
	tests := readJSONLDManifest(t, dir, "fromRdf-manifest.jsonld")
	c := &conformance{suite: "fromRdf", known: knownJSONLDFailures(t)}
	loader := w3cLoader{dir: dir}
	for _, tc := range tests {
		t.Run(strings.TrimPrefix(tc.ID, "#"), func(t *testing.T) {
			if r := tc.skipReason(); r != "" {
				c.skip(t, r)
				return
			}
			c.record(t, tc.ID, runFromRDFTest(loader, tc))
		})
	}
	c.report(t)
}

func runFromRDFTest(loader w3cLoader, tc jsonldTestCase) error {
	input, err := readNQuads(loader, jsonldTestBase+tc.Input)
	if err != nil {
		return err
	}
	got, err := expandedJSONLD(input, fromRDFOptions{
		useNativeTypes: tc.flag("useNativeTypes"),
		useRDFType:     tc.flag("useRdfType"),
		rdfDirection:   tc.option("rdfDirection"),
		processingMode: tc.option("processingMode"),
		strictJSON:     true,
	})
	if tc.is("jld:NegativeEvaluationTest") {
		if err == nil {
			return fmt.Errorf("expected error %q, got a document", tc.ExpectErrorCode)
		}
		return nil
	}
	if err != nil {
		return err
	}
	want, err := loader.LoadContext(jsonldTestBase + tc.Expect)
	if err != nil {
		return err
	}
	// Compare what a reader of the output sees.
	data, err := json.Marshal(got)
	if err != nil {
		return err
	}
	var gotJSON any
	if err := json.Unmarshal(data, &gotJSON); err != nil {
		return err
	}
	if !jsonldEqual(gotJSON, want, "", newBnodeMap()) {
		wantData, _ := json.Marshal(want)
		return fmt.Errorf("documents differ\n got: %s\nwant: %s", data, wantData)
	}
	return nil
}

// bnodeMap is a bijection between the blank node labels of two documents.
type bnodeMap struct {
	ab, ba map[string]string
}

func newBnodeMap() *bnodeMap {
	return &bnodeMap{ab: map[string]string{}, ba: map[string]string{}}
}

func (m *bnodeMap) clone() *bnodeMap {
	c := newBnodeMap()
	for k, v := range m.ab {
		c.ab[k] = v
		c.ba[v] = k
	}
	return c
}

func (m *bnodeMap) match(a, b string) bool {
	if x, ok := m.ab[a]; ok {
		return x == b
	}
	if _, ok := m.ba[b]; ok {
		return false
	}
	m.ab[a], m.ba[b] = b, a
	return true
}

// jsonldEqual compares two JSON-LD documents as the W3C test suite says:
// arrays are unordered except the values of @list, and blank node
// identifiers match if they can be consistently renamed. key is the entry
// that holds a and b. On success m holds the renaming used.
func jsonldEqual(a, b any, key string, m *bnodeMap) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for _, k := range sortedKeys(x) {
			yv, ok := y[k]
			if !ok || !jsonldEqual(x[k], yv, k, m) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		if key == "@list" {
			for i := range x {
				if !jsonldEqual(x[i], y[i], "", m) {
					return false
				}
			}
			return true
		}
		return matchUnordered(x, y, make([]bool, len(y)), key, m)
	case string:
		y, ok := b.(string)
		if !ok {
			return false
		}
		if (key == "@id" || key == "@type") && strings.HasPrefix(x, "_:") && strings.HasPrefix(y, "_:") {
			return m.match(x, y)
		}
		return x == y
	default:
		return a == b
	}
}

// matchUnordered finds a matching of the items of a with unused items of b
// by backtracking, keeping m consistent.
func matchUnordered(a, b []any, used []bool, key string, m *bnodeMap) bool {
	if len(a) == 0 {
		return true
	}
	for j := range b {
		if used[j] {
			continue
		}
		try := m.clone()
		if !jsonldEqual(a[0], b[j], key, try) {
			continue
		}
		used[j] = true
		if matchUnordered(a[1:], b, used, key, try) {
			*m = *try
			return true
		}
		used[j] = false
	}
	return false
}
