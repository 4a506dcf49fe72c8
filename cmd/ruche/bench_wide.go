package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/store"
)

// sizedStore is one loaded data folder of a multi-size run.
type sizedStore struct {
	size, dir string
	st        *store.Store
}

// parseSizes reads --sizes "100k=DIR,1m=DIR,5m=DIR".
func parseSizes(s string) ([]sizedStore, error) {
	var out []sizedStore
	for _, part := range strings.Split(s, ",") {
		size, dir, ok := strings.Cut(part, "=")
		if !ok || size == "" || dir == "" {
			return nil, usageError{fmt.Sprintf("--sizes: %q is not SIZE=DIR", part)}
		}
		out = append(out, sizedStore{size: size, dir: dir})
	}
	return out, nil
}

// peerMedians reads the peers' result files (the runners of
// shared/bench write PEER-SIZE[-SUFFIX].json, and virtuoso/query.sh
// NAME.json in a folder per run) under dir: for each size, query id and
// peer, the median in milliseconds. A file's size is the first of sizes
// its name contains as "-SIZE".
func peerMedians(dir string, sizes []sizedStore) map[string]map[string]map[string]float64 {
	out := map[string]map[string]map[string]float64{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	files = append(files, more...)
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		name := strings.TrimSuffix(strings.ReplaceAll(rel, string(filepath.Separator), "/"), ".json")
		size := ""
		for _, s := range sizes {
			if strings.Contains(name, "-"+s.size) {
				size = s.size
				break
			}
		}
		if size == "" || strings.HasSuffix(name, "/ruche") || strings.HasPrefix(filepath.Base(name), "ruche") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var doc struct {
			Queries []struct {
				ID     string   `json:"id"`
				Median *float64 `json:"median_ms"`
			} `json:"queries"`
		}
		if json.Unmarshal(data, &doc) != nil {
			continue
		}
		peer := name
		for _, q := range doc.Queries {
			if q.Median == nil {
				continue
			}
			if out[size] == nil {
				out[size] = map[string]map[string]float64{}
			}
			if out[size][q.ID] == nil {
				out[size][q.ID] = map[string]float64{}
			}
			out[size][q.ID][peer] = *q.Median
		}
	}
	return out
}

// benchWide times each query on each data folder of --sizes, the sizes
// taking turns round by round (one unmeasured round first), and prints,
// per query, the median at each size, the growth from the second-largest
// to the largest size (1m → 5m when both are given), and the fastest
// peer's median at each size found in the peers' results.
func benchWide(ctx context.Context, e env, sizesFlag, peersDir string, warm int, cpu bool, opts store.Options, files []string) error {
	sizes, err := parseSizes(sizesFlag)
	if err != nil {
		return err
	}
	for i := range sizes {
		st, err := store.Open(sizes[i].dir, opts)
		if err != nil {
			return fmt.Errorf("%s: %w", sizes[i].dir, err)
		}
		defer st.Close()
		sizes[i].st = st
	}
	peers := peerMedians(peersDir, sizes)
	w := e.stdout
	if cpu {
		fmt.Fprintln(w, "(ruche's times are process CPU time, user + system, not wall time)")
	}
	fmt.Fprintf(w, "%-30s %8s", "query", "rows")
	for _, s := range sizes {
		fmt.Fprintf(w, " %10s", s.size+" ms")
	}
	growth := ""
	if len(sizes) >= 2 {
		growth = sizes[len(sizes)-2].size + "→" + sizes[len(sizes)-1].size
		fmt.Fprintf(w, " %8s", growth)
	}
	for _, s := range sizes {
		if peers[s.size] != nil {
			fmt.Fprintf(w, " %22s %6s", "fastest peer "+s.size, "ratio")
		}
	}
	fmt.Fprintln(w)
	logs := make([]float64, len(sizes))
	peerLogs := make([]float64, len(sizes))
	peerN := make([]int, len(sizes))
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		q, err := sparql.Prepare(string(src), sparql.Options{})
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		id := strings.TrimSuffix(filepath.Base(file), ".rq")
		// Round by round, every size in turn: the machine's drift (other
		// processes, frequency) then weighs on every size alike, and the
		// growth factor compares like with like.
		times := make([][]float64, len(sizes))
		rows := 0
		for r := 0; r <= warm; r++ {
			for i, s := range sizes {
				start, startCPU := time.Now(), processCPU()
				n, err := runOnce(ctx, s.st, q)
				if err != nil {
					return fmt.Errorf("%s on %s: %w", file, s.size, err)
				}
				if r > 0 {
					if cpu {
						times[i] = append(times[i], float64(processCPU()-startCPU)/1e6)
					} else {
						times[i] = append(times[i], float64(time.Since(start).Microseconds())/1000)
					}
				}
				rows = n
			}
		}
		meds := make([]float64, len(sizes))
		for i := range sizes {
			slices.Sort(times[i])
			meds[i] = times[i][len(times[i])/2]
			logs[i] += math.Log(math.Max(meds[i], 0.001))
		}
		fmt.Fprintf(w, "%-30s %8d", filepath.Base(file), rows)
		for _, m := range meds {
			fmt.Fprintf(w, " %10.2f", m)
		}
		if len(sizes) >= 2 {
			fmt.Fprintf(w, " %7.1f×", meds[len(meds)-1]/math.Max(meds[len(meds)-2], 0.001))
		}
		for i, s := range sizes {
			if peers[s.size] == nil {
				continue
			}
			best, who := math.Inf(1), ""
			for p, m := range peers[s.size][id] {
				if m < best {
					best, who = m, p
				}
			}
			if who == "" {
				fmt.Fprintf(w, " %22s %6s", "–", "")
				continue
			}
			peerLogs[i] += math.Log(math.Max(best, 0.001))
			peerN[i]++
			fmt.Fprintf(w, " %22s %6.2f", fmt.Sprintf("%.2f (%s)", best, shortPeer(who)), meds[i]/best)
		}
		fmt.Fprintln(w)
	}
	n := float64(len(files))
	fmt.Fprintf(w, "geometric mean:")
	for i, s := range sizes {
		fmt.Fprintf(w, " %s %.2f ms", s.size, math.Exp(logs[i]/n))
		if peerN[i] == len(files) {
			fmt.Fprintf(w, " (fastest peers %.2f ms)", math.Exp(peerLogs[i]/n))
		}
		fmt.Fprintf(w, ";")
	}
	fmt.Fprintf(w, " peak RSS %d MiB\n", peakRSS()>>20)
	return nil
}

// shortPeer drops the size from a peer's result name (jena-mem-1m-wide →
// jena-mem).
func shortPeer(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	for _, s := range []string{"-100k", "-1m", "-5m"} {
		if i := strings.Index(name, s); i >= 0 {
			return name[:i]
		}
	}
	return name
}

// processCPU returns the process's user and system CPU time in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
