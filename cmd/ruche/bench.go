package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

func runBench(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usageError{"usage: ruche bench load FILE | bench query DATASET QUERIES... | bench query --sizes SIZE=DIR,... QUERIES... | bench http"}
	}
	switch args[0] {
	case "load":
		return benchLoad(ctx, e, args[1:])
	case "query":
		return benchQuery(ctx, e, args[1:])
	case "http":
		return benchHTTP(ctx, e, args[1:])
	case "search":
		return benchSearch(ctx, e, args[1:])
	case "replication":
		return benchReplication(ctx, e, args[1:]) // bench_replica.go
	case "update":
		return benchUpdate(ctx, e, args[1:]) // bench_update.go
	}
	return usageError{fmt.Sprintf("unknown bench %q: want load, query or http", args[0])}
}

// peakRSS returns the process's peak resident set size in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024
}

// peerLoad are the peers' load rates from shared/bench/README.md, measured
// on this machine kind; bench prints them beside ruche's unless a fresh run
// of the peers left results in $PEERS_WORK/results.
var peerLoad = map[string][][2]string{
	"1m": {{"Oxigraph 0.5.11 (in memory)", "117888"}, {"Jena 4.5 in memory", "117978"}, {"Jena 4.5 TDB2 tdbloader", "45680"}},
	"5m": {{"Oxigraph 0.5.11 (in memory)", "89695"}, {"Jena 4.5 in memory", "90888"}, {"Jena 4.5 TDB2 tdbloader", "55334"}},
}

func sizeOf(path string) string {
	base := filepath.Base(path)
	for _, s := range []string{"100k", "1m", "5m"} {
		if strings.Contains(base, "-"+s+".") {
			return s
		}
	}
	return ""
}

// benchLoad loads FILE into a fresh store and prints triples/s and peak RSS.
func benchLoad(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "bench load")
	keep := fs.Bool("keep", false, "keep the data folder (default: a temporary folder, removed)")
	profile := fs.String("cpuprofile", "", "write a Go CPU profile of the load to this file (go tool pprof)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if fs.NArg() != 1 {
		return usageError{"usage: ruche bench load [--data DIR --keep] [--cpuprofile FILE] FILE"}
	}
	path := fs.Arg(0)
	dir := *data
	if !*keep {
		tmp, err := os.MkdirTemp("", "ruche-bench-load-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	f, err := rdfio.FormatFromPath(path)
	if err != nil {
		return usageError{err.Error()}
	}
	st, err := store.Open(dir, storeOptions())
	if err != nil {
		return err
	}
	defer limitLoadMemory()()
	start := time.Now()
	stats, err := st.BulkLoad(ctx, func(yield func(rdf.Quad) error) error {
		_, err := decodeFile(ctx, path, f, rdfio.DecodeOptions{Name: path}, nil, yield)
		return err
	}, store.LoadOptions{})
	if err != nil {
		st.Close()
		return err
	}
	if err := st.Sync(); err != nil {
		st.Close()
		return err
	}
	elapsed := time.Since(start)
	if err := st.Close(); err != nil {
		return err
	}
	rate := float64(stats.Quads) / elapsed.Seconds()
	fmt.Fprintf(e.stdout, "ruche load %s: %d triples in %.2fs = %.0f triples/s (on disk, synced), peak RSS %d MiB, method %s\n",
		filepath.Base(path), stats.Quads, elapsed.Seconds(), rate, peakRSS()>>20, stats.Method)
	if peers, ok := peerLoad[sizeOf(path)]; ok {
		fmt.Fprintf(e.stdout, "peers on the same file (shared/bench/README.md, this machine kind):\n")
		for _, p := range peers {
			var v float64
			fmt.Sscan(p[1], &v)
			fmt.Fprintf(e.stdout, "  %-32s %8.0f triples/s   ruche/peer = %.2f\n", p[0], v, rate/v)
		}
	}
	return nil
}

// peerQueryMedians are the fastest peer's medians (ms) on the 1m dataset
// from shared/bench/README.md.
var peerQueryMedians = map[string]float64{
	"q01": 0.77, "q02": 166, "q03": 992, "q04": 29.1, "q05": 43.7,
	"q06": 22.3, "q07": 241, "q08": 26.3, "q09": 36.7, "q10": 24.5,
}

// benchQuery loads (or opens) a dataset and times each query over warm runs.
func benchQuery(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "bench query")
	warm := fs.Int("warm", 7, "warm runs per query")
	sizes := fs.String("sizes", "", "time every query on several loaded folders: SIZE=DIR,SIZE=DIR,... (e.g. 100k=a,1m=b,5m=c); QUERIES follow")
	peers := fs.String("peers", peersResults(), "folder of the peers' result files (shared/bench runners), read with --sizes")
	cpu := fs.Bool("cpu", false, "with --sizes: time ruche by process CPU time instead of wall time (for a loaded machine)")
	profile := fs.String("cpuprofile", "", "write a Go CPU profile of the whole run to this file (go tool pprof)")
	blockCache := fs.Int64("block-cache", 0, "MiB of Badger block cache (default: $RUCHE_BLOCK_CACHE_MIB, else none for uncompressed tables)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	stop, err := startCPUProfile(*profile)
	if err != nil {
		return err
	}
	defer stop()
	opts := storeOptions()
	if *blockCache > 0 {
		opts.BlockCacheSize = *blockCache << 20
	}
	if *sizes != "" {
		if fs.NArg() < 1 {
			return usageError{"usage: ruche bench query --sizes SIZE=DIR,... [--peers DIR] QUERIES..."}
		}
		return benchWide(ctx, e, *sizes, *peers, *warm, *cpu, opts, queryFiles(fs.Args()))
	}
	if fs.NArg() < 2 {
		return usageError{"usage: ruche bench query [--data DIR] DATASET QUERIES... (DATASET: an RDF file to load into DIR if DIR is empty, or '-' to use DIR as it is)"}
	}
	dataset := fs.Arg(0)
	st, err := store.Open(*data, opts)
	if err != nil {
		return err
	}
	defer st.Close()
	snap := st.Snapshot()
	empty := snap.Stats().Quads == 0
	snap.Close()
	if dataset != "-" && empty {
		f, err := rdfio.FormatFromPath(dataset)
		if err != nil {
			return usageError{err.Error()}
		}
		start := time.Now()
		stats, err := st.BulkLoad(ctx, func(yield func(rdf.Quad) error) error {
			_, err := decodeFile(ctx, dataset, f, rdfio.DecodeOptions{Name: dataset}, nil, yield)
			return err
		}, store.LoadOptions{})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "loaded %d triples in %.1fs\n", stats.Quads, time.Since(start).Seconds())
	}
	files := queryFiles(fs.Args()[1:])
	fmt.Fprintf(e.stdout, "%-28s %8s %10s %10s %12s %8s\n", "query", "rows", "median ms", "p90 ms", "fastest peer", "ratio")
	var logSum float64
	var n int
	var peerLog float64
	var peerN int
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		q, err := sparql.Prepare(string(src), sparql.Options{})
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		var times []float64
		rows := 0
		for i := 0; i <= *warm; i++ {
			start := time.Now()
			r, err := runOnce(ctx, st, q)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			if i > 0 { // the first run warms caches
				times = append(times, float64(time.Since(start).Microseconds())/1000)
			}
			rows = r
		}
		slices.Sort(times)
		med := times[len(times)/2]
		p90 := times[min(len(times)-1, int(math.Ceil(0.9*float64(len(times))))-1)]
		id := strings.SplitN(filepath.Base(file), "_", 2)[0]
		peer, ok := peerQueryMedians[id]
		ratio := ""
		peerCol := ""
		if ok {
			ratio = fmt.Sprintf("%.2f", med/peer)
			peerCol = fmt.Sprintf("%.2f", peer)
			peerLog += math.Log(peer)
			peerN++
		}
		fmt.Fprintf(e.stdout, "%-28s %8d %10.2f %10.2f %12s %8s\n", filepath.Base(file), rows, med, p90, peerCol, ratio)
		logSum += math.Log(math.Max(med, 0.001))
		n++
	}
	if n > 0 {
		fmt.Fprintf(e.stdout, "geometric mean of medians: ruche %.2f ms", math.Exp(logSum/float64(n)))
		if peerN == n {
			fmt.Fprintf(e.stdout, ", fastest peers %.2f ms", math.Exp(peerLog/float64(n)))
		}
		fmt.Fprintf(e.stdout, "; peak RSS %d MiB\n", peakRSS()>>20)
	}
	return nil
}

// runOnce runs a query and reads every row, returning the row count.
func runOnce(ctx context.Context, st *store.Store, q *sparql.Query) (int, error) {
	snap := st.Snapshot()
	defer snap.Close()
	res, err := q.Exec(ctx, sparql.StoreDataset(snap), sparql.Limits{})
	if err != nil {
		return 0, err
	}
	rows := 0
	switch q.Form() {
	case sparql.Ask:
		return 1, nil
	case sparql.Select:
		for _, err := range res.Solutions() {
			if err != nil {
				return 0, err
			}
			rows++
		}
	default:
		for _, err := range res.Triples() {
			if err != nil {
				return 0, err
			}
			rows++
		}
	}
	return rows, nil
}

// queryFiles expands folders into their .rq files, sorted.
func queryFiles(args []string) []string {
	var files []string
	for _, a := range args {
		if info, err := os.Stat(a); err == nil && info.IsDir() {
			matches, _ := filepath.Glob(filepath.Join(a, "*.rq"))
			files = append(files, matches...)
		} else {
			files = append(files, a)
		}
	}
	slices.Sort(files)
	return files
}

// peersResults is where shared/bench's runners write their results.
func peersResults() string {
	work := os.Getenv("PEERS_WORK")
	if work == "" {
		work = "/tmp/peers"
	}
	return filepath.Join(work, "results")
}

// startCPUProfile starts a Go CPU profile of the run into path (--cpuprofile;
// "" profiles nothing) and returns the function that ends it.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
