package sparql

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
)

// BenchmarkWide runs the wide benchmark and probe queries (testdata/wide,
// testdata/probes) over a
// store folder named by $RUCHE_WIDE_STORE (loaded with `ruche import` or
// `ruche bench query`), for profiling; $RUCHE_WIDE_QUERY keeps the
// queries whose file name contains it.
func BenchmarkWide(b *testing.B) {
	dir := os.Getenv("RUCHE_WIDE_STORE")
	if dir == "" {
		b.Skip("set RUCHE_WIDE_STORE to a loaded store folder")
	}
	st, err := store.Open(dir, store.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	files, _ := filepath.Glob("testdata/wide/*.rq")
	probes, _ := filepath.Glob("testdata/probes/*.rq")
	files = append(files, probes...)
	for _, f := range files {
		if !strings.Contains(filepath.Base(f), os.Getenv("RUCHE_WIDE_QUERY")) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		q, err := Prepare(string(src), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(f), ".rq"), func(b *testing.B) {
			for b.Loop() {
				snap := st.Snapshot()
				if _, err := drain(context.Background(), q, StoreDataset(snap)); err != nil {
					b.Fatal(err)
				}
				snap.Close()
			}
		})
	}
}

// drain runs q and reads every row, returning the number of rows (1 for
// ASK).
func drain(ctx context.Context, q *Query, ds Dataset) (int, error) {
	res, err := q.Exec(ctx, ds, Limits{})
	if err != nil {
		return 0, err
	}
	n := 0
	switch q.Form() {
	case Ask:
		return 1, nil
	case Select:
		for _, err := range res.Solutions() {
			if err != nil {
				return 0, err
			}
			n++
		}
	default:
		for _, err := range res.Triples() {
			if err != nil {
				return 0, err
			}
			n++
		}
	}
	return n, nil
}
