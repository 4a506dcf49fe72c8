package sparql

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// benchData names an N-Triples file of the bench generator
// (../shared/bench/gen); the sample-query benchmarks skip without it.
const benchDataEnv = "RUCHE_BENCH_DATA"

func loadBenchQuads(b *testing.B) []rdf.Quad {
	path := os.Getenv(benchDataEnv)
	if path == "" {
		b.Skipf("set %s to an N-Triples file of the bench generator", benchDataEnv)
	}
	return loadQuadsFile(b, path)
}

func loadQuadsFile(b testing.TB, path string) []rdf.Quad {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	dec, err := rdfio.NewDecoder(rdfio.NTriples, f, rdfio.DecodeOptions{Name: path})
	if err != nil {
		b.Fatal(err)
	}
	var qs []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return qs
		}
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
}

// cpuTime returns the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func benchQueries(b *testing.B) map[string]string {
	files, _ := filepath.Glob("../../shared/bench/queries/*.rq")
	if len(files) == 0 {
		b.Skip("no sample queries")
	}
	out := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out[filepath.Base(f)] = string(src)
	}
	return out
}

func runBenchQueries(b *testing.B, ds Dataset) {
	qs := benchQueries(b)
	names := make([]string, 0, len(qs))
	for n := range qs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		b.Run(name, func(b *testing.B) {
			if os.Getenv("RUCHE_BENCH_EXPLAIN") != "" {
				q, err := Prepare(qs[name], Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.Logf("plan:\n%s", q.Explain(ds))
			}
			rows := 0
			cpu0 := cpuTime()
			for b.Loop() {
				q, err := Prepare(qs[name], Options{})
				if err != nil {
					b.Fatal(err)
				}
				res, err := q.Exec(context.Background(), ds, Limits{})
				if err != nil {
					b.Fatal(err)
				}
				rows = 0
				for _, err := range res.Solutions() {
					if err != nil {
						b.Fatal(err)
					}
					rows++
				}
				for _, err := range res.Triples() {
					if err != nil {
						b.Fatal(err)
					}
					rows++
				}
			}
			b.ReportMetric(float64(rows), "rows")
			// CPU time is steadier than wall time on a shared machine.
			b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkSampleQueriesMem runs the bench kit's sample queries over the
// in-memory dataset.
func BenchmarkSampleQueriesMem(b *testing.B) {
	ds := memdataset.New()
	ds.Add(loadBenchQuads(b)...)
	ds.Estimate(eval.IDQuad{}) // build the indexes outside the timings
	runBenchQueries(b, ds)
}

// BenchmarkSampleQueriesStore runs them over the Badger store in memory.
func BenchmarkSampleQueriesStore(b *testing.B) {
	st := loadedStore(b, store.DefaultColumnCacheSize, pushAll(loadBenchQuads(b)))
	snap := st.Snapshot()
	defer snap.Close()
	runBenchQueries(b, StoreDataset(snap))
}
