package update_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/internal/w3c"
	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

const updateManifest = "sparql/sparql11/manifest-sparql11-update.ttl"

// knownFailures reads testdata/known-failures.txt: test IRI, tab, reason.
func knownFailures(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("testdata/known-failures.txt")
	if os.IsNotExist(err) {
		return map[string]string{}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		iri, reason, _ := strings.Cut(line, "\t")
		out[strings.TrimSpace(iri)] = strings.TrimSpace(reason)
	}
	return out
}

var fileCount int

func readRDF(iri string) ([]rdf.Quad, error) {
	path, err := w3c.Local(iri)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	format, err := rdfio.FormatFromPath(path)
	if err != nil {
		return nil, err
	}
	dec, err := rdfio.NewDecoder(format, f, rdfio.DecodeOptions{BaseIRI: iri, Name: path})
	if err != nil {
		return nil, err
	}
	fileCount++
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for _, t := range []*rdf.Term{&q.S, &q.O} {
			if t.Kind == rdf.KindBlank {
				t.Value = fmt.Sprintf("f%d_%s", fileCount, t.Value)
			}
		}
		out = append(out, q)
	}
}

// state reads a test's default graph file and named graphs.
func state(data string, graphs []w3c.GraphFile) ([]rdf.Quad, error) {
	var out []rdf.Quad
	if data != "" {
		qs, err := readRDF(data)
		if err != nil {
			return nil, err
		}
		out = append(out, qs...)
	}
	for _, g := range graphs {
		qs, err := readRDF(g.Data)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			q.G = rdf.IRI(g.Graph)
			out = append(out, q)
		}
	}
	return out, nil
}

func runUpdateTest(tc *w3c.Test) error {
	src, err := readText(tc.Query)
	if err != nil {
		return err
	}
	ctx := context.Background()
	if tc.IsSyntax() {
		_, err := update.Parse(ctx, src, update.Options{BaseIRI: tc.Query})
		if tc.IsPositiveSyntax() && err != nil {
			return fmt.Errorf("rejected: %v", err)
		}
		if tc.IsNegativeSyntax() && err == nil {
			return errors.New("accepted")
		}
		return nil
	}
	data := ""
	if len(tc.Data) > 0 {
		data = tc.Data[0]
	}
	before, err := state(data, tc.UpdateGraphData)
	if err != nil {
		return err
	}
	want, err := state(tc.Result, tc.ResultGraphData)
	if err != nil {
		return err
	}
	opts := store.DefaultOptions()
	opts.InMemory = true
	s, err := store.Open("", opts)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Update(ctx, func(tx *store.Txn) error {
		for _, q := range before {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if _, err := update.Run(ctx, s, src, update.Options{BaseIRI: tc.Query}); err != nil {
		return fmt.Errorf("update failed: %v", err)
	}
	snap := s.Snapshot()
	defer snap.Close()
	var got []rdf.Quad
	for q, err := range snap.Match(ctx, store.Pattern{AnyGraph: true}) {
		if err != nil {
			return err
		}
		got = append(got, q)
	}
	if !rdf.Isomorphic(got, want) {
		return fmt.Errorf("store differs:\ngot:\n%s\nwant:\n%s", dumpQuads(got), dumpQuads(want))
	}
	return nil
}

func dumpQuads(qs []rdf.Quad) string {
	var lines []string
	for _, q := range qs {
		lines = append(lines, fmt.Sprintf("%v %v %v %v", q.S, q.P, q.O, q.G))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func readText(iri string) (string, error) {
	path, err := w3c.Local(iri)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	return string(b), err
}

// TestW3CUpdate runs the update evaluation and update syntax tests of the
// SPARQL 1.1 manifest and prints the CONFORMANCE lines.
func TestW3CUpdate(t *testing.T) {
	suite, err := w3c.Load(updateManifest)
	if errors.Is(err, w3c.ErrNoSuite) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	known := knownFailures(t)
	type count struct{ pass, total int }
	counts := map[string]*count{"sparql-update-eval": {}, "sparql-update-syntax": {}}
	for _, tc := range suite.Tests {
		kind := ""
		switch {
		case tc.Type == w3c.UpdateEvaluationTest:
			kind = "sparql-update-eval"
		case tc.IsSyntax() && tc.IsUpdate():
			kind = "sparql-update-syntax"
		default:
			continue
		}
		c := counts[kind]
		c.total++
		err := runUpdateTest(tc)
		reason, isKnown := known[tc.IRI]
		switch {
		case err == nil:
			c.pass++
			if isKnown {
				t.Errorf("%s passes but is listed as a known failure (%s)", tc.IRI, reason)
			}
		case isKnown:
			t.Logf("known failure %s: %s", tc.IRI, reason)
		default:
			t.Errorf("%s (%s): %v", tc.IRI, tc.Name, err)
		}
	}
	for _, k := range []string{"sparql-update-eval", "sparql-update-syntax"} {
		fmt.Printf("CONFORMANCE %s %d/%d\n", k, counts[k].pass, counts[k].total)
	}
}
