package sparql

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// canonicalRows runs q over ds and returns its result in a canonical form:
// rows (or triples) as N-Triples terms, sorted; ASK as true/false.
func canonicalRows(t testing.TB, q *Query, ds Dataset) string {
	t.Helper()
	res, err := q.Exec(context.Background(), ds, Limits{})
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	var lines []string
	switch q.Form() {
	case Ask:
		if res.Boolean {
			return "true"
		}
		return "false"
	case Select:
		for row, err := range res.Solutions() {
			if err != nil {
				t.Fatalf("solutions: %v", err)
			}
			var b strings.Builder
			for i, term := range row {
				if i > 0 {
					b.WriteByte(' ')
				}
				if term.IsZero() {
					b.WriteString("UNDEF")
				} else {
					b.WriteString(term.String())
				}
			}
			lines = append(lines, b.String())
		}
	default:
		for tr, err := range res.Triples() {
			if err != nil {
				t.Fatalf("triples: %v", err)
			}
			lines = append(lines, tr.S.String()+" "+tr.P.String()+" "+tr.O.String())
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// wideData is the bench generator's dataset at scale 40 (about 14,000
// triples): `go run ../shared/bench/gen -scale 40 | gzip`.
const wideData = "testdata/wide-scale40.nt.gz"

func loadWideData(t testing.TB) []rdf.Quad {
	f, err := os.Open(wideData)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := rdfio.NewDecoder(rdfio.NTriples, z, rdfio.DecodeOptions{Name: wideData})
	if err != nil {
		t.Fatal(err)
	}
	var qs []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return qs
		}
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
}

// TestWideDifferential runs every query of the wide benchmark
// (testdata/wide) and of the probes written after it (testdata/probes:
// queries for finding slow operators, not tuned for) on generated data
// five ways: optimised over the store,
// unoptimised over the store, optimised over the in-memory dataset (which
// offers no cursor and no statistics-based counts), over a store without
// its column cache, and once more over the first store with its columns
// built by the runs before, and compares the results.
func TestWideDifferential(t *testing.T) {
	files, _ := filepath.Glob("testdata/wide/*.rq")
	if len(files) < 30 {
		t.Fatalf("%d wide queries, want at least 30", len(files))
	}
	probes, _ := filepath.Glob("testdata/probes/*.rq")
	files = append(files, probes...)
	quads := loadWideData(t)
	st := loadedStore(t, store.DefaultColumnCacheSize, pushAll(quads))
	indexesOnly := loadedStore(t, 0, pushAll(quads)).Snapshot() // no column cache: every read through Badger's indexes
	defer indexesOnly.Close()
	mem := memdataset.New()
	mem.Add(quads...)
	snap := st.Snapshot()
	defer snap.Close()
	// Lookups with the predicate unbound, subject then object bound, pay
	// for the store's space columns (store/across.go): the runs below read
	// them, and are compared with the store that has no columns.
	for _, warm := range []string{
		`SELECT ?s ?x WHERE { ?s a ?c OPTIONAL { ?s ?q ?x } }`,
		`SELECT ?s ?y WHERE { ?s a ?c OPTIONAL { ?y ?q ?s } }`,
	} {
		q, err := Prepare(warm, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			canonicalRows(t, q, StoreDataset(snap))
		}
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".rq"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			opt, err := Prepare(string(src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			naive, err := Prepare(string(src), Options{NoOptimize: true})
			if err != nil {
				t.Fatal(err)
			}
			want := canonicalRows(t, opt, StoreDataset(snap))
			if want == "" {
				t.Errorf("no result: the query does not exercise anything at this scale")
			}
			if got := canonicalRows(t, naive, StoreDataset(snap)); got != want {
				t.Errorf("unoptimised differs:\n%s\n--- optimised:\n%s", head(got), head(want))
			}
			if got := canonicalRows(t, opt, mem); got != want {
				t.Errorf("in-memory dataset differs:\n%s\n--- store:\n%s", head(got), head(want))
			}
			if got := canonicalRows(t, opt, StoreDataset(indexesOnly)); got != want {
				t.Errorf("the store without its column cache differs:\n%s\n--- with it:\n%s", head(got), head(want))
			}
			if got := canonicalRows(t, opt, StoreDataset(snap)); got != want { // columns warm now
				t.Errorf("a second run differs:\n%s\n--- first:\n%s", head(got), head(want))
			}
		})
	}
}

func head(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
