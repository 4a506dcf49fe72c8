package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/api/reconcile"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// The bench kit's dataset (../shared/bench/gen) uses its own namespaces;
// benchSearch maps them onto ruche's while loading, so that its chantiers,
// objectives, deliverables and legacies are indexed as ruche's would be.
var benchIRIMap = [][2]string{
	{"https://example.org/adn/ns#", vocab.RadnNS},
	{"https://schema.org/", vocab.SchemaNS},
}

const benchBase = "https://example.org/adn/"

func mapBenchTerm(t rdf.Term) rdf.Term {
	if t.IsIRI() {
		for _, m := range benchIRIMap {
			if rest, ok := strings.CutPrefix(t.Value, m[0]); ok {
				return rdf.IRI(m[1] + rest)
			}
		}
	}
	return t
}

// benchSearch loads FILE (mapped onto ruche's vocabulary) into a temporary
// store and measures the index build, searches of one and three words,
// a reconciliation batch and the write latency indexing adds.
func benchSearch(ctx context.Context, e env, args []string) error {
	fs, _ := newFlagSet(e, "bench search")
	queries := fs.Int("queries", 300, "searches of each kind")
	batch := fs.Int("batch", 1000, "names in the reconciliation batch")
	writes := fs.Int("writes", 200, "writes of each kind (with and without indexing)")
	keep := fs.String("dir", "", "keep the store and index in DIR and reuse them on the next run (default: a temporary folder)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: ruche bench search [--queries N --batch N --writes N] FILE"}
	}
	path := fs.Arg(0)
	f, err := rdfio.FormatFromPath(path)
	if err != nil {
		return usageError{err.Error()}
	}
	tmp := *keep
	reuse := false
	if tmp == "" {
		if tmp, err = os.MkdirTemp("", "ruche-bench-search-*"); err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
	} else if _, err := os.Stat(filepath.Join(tmp, "data", "search")); err == nil {
		reuse = true
	}
	st, err := store.Open(filepath.Join(tmp, "data"), storeOptions())
	if err != nil {
		return err
	}
	defer st.Close()
	if !reuse {
		start := time.Now()
		if _, err := st.BulkLoad(ctx, func(yield func(rdf.Quad) error) error {
			_, err := decodeFile(ctx, path, f, rdfio.DecodeOptions{Name: path}, nil, func(q rdf.Quad) error {
				return yield(rdf.Quad{S: mapBenchTerm(q.S), P: mapBenchTerm(q.P), O: mapBenchTerm(q.O), G: q.G})
			})
			return err
		}, store.LoadOptions{}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "loaded %s in %.1fs\n", filepath.Base(path), time.Since(start).Seconds())
	}
	ix, err := search.Open(filepath.Join(tmp, "data", "search"), benchBase)
	if err != nil {
		return err
	}
	defer ix.Close()
	snap := st.Snapshot()
	current := snap.Version()
	snap.Close()
	if v, ok := ix.Version(); ok && v == current {
		fmt.Fprintf(e.stdout, "reusing the store and index of %s\n", tmp)
	} else {
		bs, err := ix.Rebuild(ctx, st)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "index build: %d documents in %.2fs (%.0f docs/s), %.1f MiB on disk\n",
			bs.Docs, bs.Took.Seconds(), float64(bs.Docs)/bs.Took.Seconds(), float64(bs.Bytes)/(1<<20))
	}

	// Names of chantiers: the source of the queries.
	var names []string
	for from := 0; len(names) < max(*batch, 2000); from += 100 {
		res, err := ix.Search(ctx, search.Query{Kinds: []search.Kind{search.KindChantier}, From: from, Size: 100})
		if err != nil {
			return err
		}
		if len(res.Hits) == 0 {
			break
		}
		for _, h := range res.Hits {
			names = append(names, h.Doc.Label("fr"))
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("bench search: %s has no chantier names to search for", path)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	words := func(n int) string {
		ws := search.Words(names[rng.IntN(len(names))])
		var long []string
		for _, w := range ws {
			if len(w) > 3 {
				long = append(long, w)
			}
		}
		if len(long) == 0 {
			long = ws
		}
		i := rng.IntN(len(long))
		return strings.Join(long[i:min(len(long), i+n)], " ")
	}
	for _, n := range []int{1, 3} {
		var times []time.Duration
		for i := 0; i < *queries+20; i++ {
			q := search.Query{Text: words(n), Size: 20}
			t0 := time.Now()
			if _, err := ix.Search(ctx, q); err != nil {
				return err
			}
			if i >= 20 {
				times = append(times, time.Since(t0))
			}
		}
		slices.Sort(times)
		fmt.Fprintf(e.stdout, "search, %d word(s), first page of 20 with highlights: p50 %.2f ms, p99 %.2f ms (%d queries)\n",
			n, ms(times[len(times)/2]), ms(times[len(times)*99/100]), len(times))
	}

	// A reconciliation batch: names as written, half of them lower-cased
	// without accents.
	svc := reconcile.New(reconcile.Config{Base: benchBase, MaxBatch: *batch}, func() (*search.Index, error) { return ix, nil })
	qs := map[string]any{}
	for i := 0; i < *batch; i++ {
		name := names[i%len(names)]
		if i%2 == 1 {
			name = strings.ToLower(search.Fold(name))
		}
		qs[fmt.Sprint("q", i)] = map[string]any{"query": name, "type": "chantier", "limit": 3}
	}
	body, _ := json.Marshal(qs)
	req := httptest.NewRequest(http.MethodPost, "/reconcile", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	t0 := time.Now()
	svc.ServeHTTP(rec, req)
	took := time.Since(t0)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("bench search: reconciliation answered %d: %.200s", rec.Code, rec.Body.String())
	}
	fmt.Fprintf(e.stdout, "reconciliation batch of %d names: %.2fs (%.2f ms per name)\n", *batch, took.Seconds(), ms(took)/float64(*batch))

	// Write latency: chantiers created through the write API with the
	// index attached, then without it.
	withIx, withoutIx, err := benchWrites(ctx, st, ix, filepath.Join(tmp, "data", "search"), *writes)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "POST /id/chantiers (p50 of %d): %.2f ms without the index, %.2f ms with its reindexing (+%.0f %%)\n",
		*writes, ms(withoutIx), ms(withIx), 100*(float64(withIx)/float64(withoutIx)-1))
	return nil
}

// benchWrites times chantier creations through the HTTP write API, first
// with the search index attached, then with it detached; it returns the
// two medians.
func benchWrites(ctx context.Context, st *store.Store, ix *search.Index, dir string, n int) (time.Duration, time.Duration, error) {
	seed, err := vocab.Seed(benchBase)
	if err != nil {
		return 0, 0, err
	}
	// The seed (the write API needs its network and schemes) and a token
	// are written with the index following, so that the server does not
	// rebuild it while it is measured.
	ix.Begin()
	if err := st.Update(ctx, func(tx *store.Txn) error {
		for _, q := range seed {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return 0, 0, err
	}
	token, _, err := records.CreateToken(ctx, st, records.TokenSpec{Role: records.RoleCoordination, Name: "bench"})
	if err != nil {
		return 0, 0, err
	}
	if err := ix.Apply(ctx, st); err != nil {
		return 0, 0, err
	}
	if err := ix.Close(); err != nil {
		return 0, 0, err
	}
	cfg := api.DefaultConfig()
	cfg.Base = benchBase
	cfg.SearchDir = dir
	srv, err := api.New(cfg)
	if err != nil {
		return 0, 0, err
	}
	srv.SetStore(st)
	defer srv.CloseSearch()
	post := func(i int) (time.Duration, error) {
		body := fmt.Sprintf(`@prefix schema: <http://schema.org/> . @prefix radn: <https://w3id.org/radn/vocab#> .
<> a radn:Chantier ; schema:name "Chantier d’essai numéro %d"@fr ; schema:description "Écrit par le banc d’essai de la recherche."@fr .`, i)
		req := httptest.NewRequest(http.MethodPost, "/id/chantiers", strings.NewReader(body))
		req.Header.Set("Content-Type", "text/turtle")
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		srv.Handler().ServeHTTP(rec, req)
		d := time.Since(t0)
		if rec.Code != http.StatusCreated {
			return 0, fmt.Errorf("bench search: POST /id/chantiers answered %d: %.300s", rec.Code, rec.Body.String())
		}
		return d, nil
	}
	median := func(from int) (time.Duration, error) {
		var ts []time.Duration
		for i := range n + 10 {
			d, err := post(from + i)
			if err != nil {
				return 0, err
			}
			if i >= 10 {
				ts = append(ts, d)
			}
		}
		slices.Sort(ts)
		return ts[len(ts)/2], nil
	}
	with, err := median(0)
	if err != nil {
		return 0, 0, err
	}
	srv.CloseSearch()
	without, err := median(n + 10)
	return with, without, err
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
