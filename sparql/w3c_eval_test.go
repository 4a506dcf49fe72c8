package sparql

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

const w3cSPARQL = "../../shared/w3c/rdf-tests/sparql"

// evalManifests is the evaluation part of the conformance denominator.
var evalManifests = []string{
	"sparql10/manifest-evaluation.ttl",
	"sparql10/extended-manifest-evaluation.ttl",
	"sparql11/manifest-sparql11-query.ttl",
	"sparql11/manifest-sparql11-results.ttl",
}

// knownFailures reads the "# evaluation" section of testdata/known-failures.txt.
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
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			section = strings.TrimSpace(strings.TrimPrefix(line, "#"))
			continue
		}
		if line == "" || section != "evaluation" {
			continue
		}
		iri, reason, _ := strings.Cut(line, "\t")
		out[strings.TrimSpace(iri)] = strings.TrimSpace(reason)
	}
	return out
}

// quadLoader is where a test's data goes: the in-memory dataset or a store.
type quadLoader interface {
	Add(qs ...rdf.Quad) error
	Dataset() (Dataset, func())
}

type memLoader struct{ ds *memdataset.Dataset }

func (m memLoader) Add(qs ...rdf.Quad) error   { m.ds.Add(qs...); return nil }
func (m memLoader) Dataset() (Dataset, func()) { return m.ds, func() {} }

type storeLoader struct{ st *store.Store }

func (s storeLoader) Add(qs ...rdf.Quad) error {
	return s.st.Update(context.Background(), func(tx *store.Txn) error {
		for _, q := range qs {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s storeLoader) Dataset() (Dataset, func()) {
	snap := s.st.Snapshot()
	return StoreDataset(snap), snap.Close
}

func TestW3CEvaluation(t *testing.T) {
	testW3CEvaluation(t, "sparql-eval", func() (quadLoader, func(), error) {
		return memLoader{memdataset.New()}, func() {}, nil
	})
}

// TestW3CEvaluationStore runs the same suite over the Badger store (in
// memory) through StoreDataset.
func TestW3CEvaluationStore(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	testW3CEvaluation(t, "sparql-eval-store", func() (quadLoader, func(), error) {
		opts := store.DefaultOptions()
		opts.InMemory = true
		st, err := store.Open("", opts)
		if err != nil {
			return nil, nil, err
		}
		return storeLoader{st}, func() { st.Close() }, nil
	})
}

func testW3CEvaluation(t *testing.T, suite string, newLoader func() (quadLoader, func(), error)) {
	if _, err := os.Stat(w3cSPARQL); err != nil {
		t.Skipf("W3C suite not found: %v", err)
	}
	known := knownFailures(t)
	var tests []evalTest
	for _, m := range evalManifests {
		ts, err := readManifest(filepath.Join(w3cSPARQL, m))
		if err != nil {
			t.Fatalf("reading %s: %v", m, err)
		}
		tests = append(tests, ts...)
	}
	root := fileIRI(w3cSPARQL) + "/"
	for i := range tests {
		// Entries named by relative IRIs get a machine-independent name.
		tests[i].IRI = strings.TrimPrefix(tests[i].IRI, root)
	}
	passed, failed := 0, 0
	var failures []string
	for _, tc := range tests {
		t.Run(tc.IRI, func(t *testing.T) {
			err := runEvalTest(tc, newLoader)
			reason, listed := known[tc.IRI]
			switch {
			case err == nil && listed:
				passed++
				t.Errorf("listed as a known failure (%s) but passes: remove it from testdata/known-failures.txt", reason)
			case err == nil:
				passed++
			case listed:
				failed++
				t.Skipf("known failure: %s", reason)
			default:
				failed++
				failures = append(failures, tc.IRI+"\t"+err.Error())
				t.Errorf("%s: %v", tc.Name, err)
			}
		})
	}
	fmt.Printf("CONFORMANCE %s: %d passed, %d failed, %d total\n", suite, passed, failed, passed+failed)
	if len(failures) > 0 && os.Getenv("SPARQL_W3C_LIST") != "" {
		_ = os.WriteFile(os.Getenv("SPARQL_W3C_LIST"), []byte(strings.Join(failures, "\n")+"\n"), 0o644)
	}
}

func runEvalTest(tc evalTest, newLoader func() (quadLoader, func(), error)) (err error) {
	if tc.Service {
		return fmt.Errorf("federated query (SERVICE) is not supported")
	}
	src, err := os.ReadFile(tc.Query)
	if err != nil {
		return err
	}
	ld, done, err := newLoader()
	if err != nil {
		return err
	}
	defer done()
	for _, d := range tc.Data {
		qs, err := readRDF(d)
		if err != nil {
			return fmt.Errorf("loading data: %w", err)
		}
		if err := ld.Add(qs...); err != nil {
			return fmt.Errorf("loading data: %w", err)
		}
	}
	for _, d := range tc.GraphData {
		qs, err := readRDF(d)
		if err != nil {
			return fmt.Errorf("loading graph data: %w", err)
		}
		g := rdf.IRI(fileIRI(d))
		for i := range qs {
			qs[i].G = g
		}
		if err := ld.Add(qs...); err != nil {
			return fmt.Errorf("loading data: %w", err)
		}
	}
	q, err := Prepare(string(src), Options{BaseIRI: fileIRI(tc.Query), StrictDefaultGraph: true})
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	// FROM and FROM NAMED name files to load as named graphs.
	loaded := map[string]bool{}
	for _, d := range tc.GraphData {
		loaded[fileIRI(d)] = true
	}
	for _, g := range append(slices.Clone(q.Algebra().From), q.Algebra().FromNamed...) {
		if path := iriPath(g.Value); path != "" && !loaded[g.Value] {
			loaded[g.Value] = true
			qs, err := readRDF(path)
			if err != nil {
				return fmt.Errorf("loading FROM graph: %w", err)
			}
			for i := range qs {
				qs[i].G = g
			}
			if err := ld.Add(qs...); err != nil {
				return fmt.Errorf("loading data: %w", err)
			}
		}
	}
	ds, release := ld.Dataset()
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := q.Exec(ctx, ds, Limits{MaxMemoryRows: 1e7})
	if err != nil {
		return fmt.Errorf("exec: %w", err)
	}
	switch res.Form {
	case Construct, Describe:
		var got []rdf.Quad
		for tr, err := range res.Triples() {
			if err != nil {
				return fmt.Errorf("exec: %w", err)
			}
			got = append(got, rdf.Quad{S: tr.S, P: tr.P, O: tr.O})
		}
		want, err := readRDF(tc.Result)
		if err != nil {
			return fmt.Errorf("reading expected graph: %w", err)
		}
		if !rdf.Isomorphic(got, want) {
			return fmt.Errorf("graph differs:\ngot  %v\nwant %v", got, want)
		}
		return nil
	}
	got := &results.ResultSet{Vars: res.Vars}
	if res.Form == Ask {
		b := res.Boolean
		got.Boolean = &b
	} else {
		for row, err := range res.Solutions() {
			if err != nil {
				return fmt.Errorf("exec: %w", err)
			}
			got.Rows = append(got.Rows, slices.Clone(row))
		}
	}
	want, ordered, err := readExpected(tc.Result)
	if err != nil {
		return fmt.Errorf("reading expected results: %w", err)
	}
	ordered = ordered && hasOrderBy(q.Algebra().Op)
	if f, _ := results.FormatFromPath(tc.Result); f == results.CSV || f == results.TSV {
		// Compare through the same text format: CSV loses term types.
		var buf bytes.Buffer
		w := results.NewWriter(f, &buf, got.Vars)
		for _, r := range got.Rows {
			if err := w.Write(r); err != nil {
				return err
			}
		}
		if err := w.Close(); err != nil {
			return err
		}
		if got, err = results.Read(f, &buf); err != nil {
			return fmt.Errorf("re-reading our %v: %w", f, err)
		}
	}
	if !results.Equivalent(want, got, ordered) {
		return fmt.Errorf("results differ (ordered=%v):\ngot  %s\nwant %s", ordered, dump(got), dump(want))
	}
	return nil
}

func dump(rs *results.ResultSet) string {
	if rs.Boolean != nil {
		return fmt.Sprint(*rs.Boolean)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%v", rs.Vars)
	for i, r := range rs.Rows {
		if i == 20 {
			fmt.Fprintf(&b, " … (%d rows)", len(rs.Rows))
			break
		}
		b.WriteString("\n  ")
		for _, t := range r {
			b.WriteString(t.String() + " ")
		}
	}
	return b.String()
}

func hasOrderBy(op algebra.Op) bool {
	for {
		switch x := op.(type) {
		case *algebra.OrderBy:
			return true
		case *algebra.Slice:
			op = x.Op
		case *algebra.Project:
			op = x.Op
		case *algebra.Distinct:
			op = x.Op
		case *algebra.Reduced:
			op = x.Op
		default:
			return false
		}
	}
}

// readExpected reads an expected result file; ordered tells whether the
// file fixes an order (all formats but an unindexed RDF result set).
func readExpected(path string) (*results.ResultSet, bool, error) {
	switch filepath.Ext(path) {
	case ".ttl", ".rdf", ".nt":
		vars, rows, b, indexed, err := readRDFResultSet(path)
		if err != nil {
			return nil, false, err
		}
		return &results.ResultSet{Vars: vars, Rows: rows, Boolean: b}, indexed, nil
	}
	f, err := results.FormatFromPath(path)
	if err != nil {
		return nil, false, err
	}
	r, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	rs, err := results.Read(f, r)
	return rs, true, err
}
