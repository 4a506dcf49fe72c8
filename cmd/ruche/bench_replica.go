package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/api/replica"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// benchReplication measures replication through a running NATS JetStream
// server: the write rate of a primary with and without publishing, the lag
// of a replica under that load, the time a new replica takes to bootstrap
// from a snapshot (of DATASET when given), and one replica's read rate.
func benchReplication(ctx context.Context, e env, args []string) error {
	fs, _ := newFlagSet(e, "bench replication")
	urls := fs.String("nats", envOr("RUCHE_NATS", "nats://localhost:4222"), "NATS JetStream servers")
	writes := fs.Int("writes", 400, "writes per measurement")
	dataset := fs.String("dataset", "", "N-Triples/N-Quads file to bootstrap a replica from (e.g. the 1m dataset)")
	conns := fs.Int("c", 32, "concurrent connections of the read measurement")
	d := fs.Duration("d", 4*time.Second, "duration of the read measurement")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "ruche-bench-replication-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	const base = "http://bench.test/"
	warnLog := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	stream := fmt.Sprintf("bench%d", time.Now().UnixNano())

	open := func(name string) (*store.Store, *api.Server, string, error) {
		st, err := store.Open(filepath.Join(tmp, name), storeOptions())
		if err != nil {
			return nil, nil, "", err
		}
		seed, err := vocab.Seed(base)
		if err != nil {
			return nil, nil, "", err
		}
		if err := st.Update(ctx, func(tx *store.Txn) error {
			for _, q := range seed {
				if err := tx.Add(q); err != nil {
					return err
				}
			}
			return tx.PutMeta(metaBase, []byte(base))
		}); err != nil {
			return nil, nil, "", err
		}
		token, _, err := records.CreateToken(ctx, st, records.TokenSpec{Role: records.RoleCoordination, Name: "bench"})
		if err != nil {
			return nil, nil, "", err
		}
		cfg := api.DefaultConfig()
		cfg.Base = base
		srv, err := api.New(cfg)
		if err != nil {
			return nil, nil, "", err
		}
		srv.UseCommitTimes()
		srv.SetStore(st)
		return st, srv, token, srv.SeedEventStream(ctx)
	}
	// writeTime runs n writes and returns their duration.
	counter := 0
	writeTime := func(h http.Handler, token, tag string, n int) (time.Duration, error) {
		start := time.Now()
		for range n {
			counter++
			i := counter
			body := fmt.Sprintf("@prefix schema: <http://schema.org/> . @prefix radn: <https://w3id.org/radn/vocab#> . @prefix secteur: <%sconcept/secteur/> . @prefix region: <%sconcept/region/> .\n"+
				`<> a radn:HostOrganization ; schema:name "Organisation %s %d"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`, base, base, tag, i)
			req := httptest.NewRequest(http.MethodPost, "/id/organisations", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "text/turtle")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				return 0, fmt.Errorf("write %d: %d %s", i, rec.Code, rec.Body)
			}
		}
		return time.Since(start), nil
	}

	// A store without replication, and a primary publishing to a replica;
	// writes alternate between them in rounds, so that both see the same
	// machine load.
	st0, srv0, tok0, err := open("alone")
	if err != nil {
		return err
	}
	defer st0.Close()
	st, srv, tok, err := open("primary")
	if err != nil {
		return err
	}
	defer st.Close()
	var mu sync.Mutex
	committed := map[uint64]time.Time{}
	remove := st.OnCommit(store.CommitFilter{}, func(c *store.Commit) {
		mu.Lock()
		committed[c.Version] = time.Now()
		mu.Unlock()
	})
	sc := replica.StreamConfig{URLs: *urls, Stream: stream, MaxAge: time.Hour}
	pub, err := replica.StartPublisher(ctx, replica.PublisherConfig{StreamConfig: sc}, st)
	if err != nil {
		return err
	}
	var lags []time.Duration
	follow := func(name string, applied func(uint64)) (*replica.Follower, *api.Server, error) {
		cfg := api.DefaultConfig()
		cfg.Base = base
		rsrv, err := api.New(cfg)
		if err != nil {
			return nil, nil, err
		}
		rsrv.UseCommitTimes()
		f, err := replica.StartFollower(ctx, replica.FollowerConfig{StreamConfig: sc, Name: name, Dir: filepath.Join(tmp, name), Base: base,
			StoreOptions: storeOptions(), SetStore: rsrv.SetStore, Applied: applied, Logger: warnLog})
		if err != nil {
			return nil, nil, err
		}
		rsrv.Wrap(replica.Middleware(f.Version, f, ""))
		return f, rsrv, nil
	}
	waitReady := func(f *replica.Follower, v uint64) error {
		deadline := time.Now().Add(10 * time.Minute)
		for time.Now().Before(deadline) {
			if s, ok := f.Status(); ok && s.Version >= v {
				return nil
			}
			time.Sleep(5 * time.Millisecond)
		}
		s, _ := f.Status()
		return fmt.Errorf("replica not ready: %+v", s)
	}
	f1, rsrv, err := follow("bench1", func(v uint64) {
		mu.Lock()
		if t, ok := committed[v]; ok {
			lags = append(lags, time.Since(t))
		}
		mu.Unlock()
	})
	if err != nil {
		return err
	}
	defer f1.Close()
	if err := waitReady(f1, replica.StoreVersion(st)); err != nil {
		return err
	}
	const rounds = 4
	var tOff, tOn time.Duration
	for range rounds {
		d0, err := writeTime(srv0.Handler(), tok0, "off", *writes/rounds)
		if err != nil {
			return err
		}
		d1, err := writeTime(srv.Handler(), tok, "on", *writes/rounds)
		if err != nil {
			return err
		}
		tOff, tOn = tOff+d0, tOn+d1
	}
	n := float64(*writes / rounds * rounds)
	off, on := n/tOff.Seconds(), n/tOn.Seconds()
	if err := waitReady(f1, replica.StoreVersion(st)); err != nil {
		return err
	}
	remove()
	mu.Lock()
	slices.Sort(lags)
	pct := func(p float64) time.Duration {
		if len(lags) == 0 {
			return 0
		}
		return lags[min(len(lags)-1, int(p*float64(len(lags))))]
	}
	fmt.Fprintf(e.stdout, "replication\twrite rate without replication %.0f writes/s, with %.0f writes/s (%+.1f %%)\n", off, on, 100*(on-off)/off)
	fmt.Fprintf(e.stdout, "replication\tlag under that load (commit on the primary to applied on the replica, %d changes): p50 %s, p99 %s, max %s\n",
		len(lags), pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond))
	mu.Unlock()

	// 3. Read rate of the replica.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: rsrv.Handler()}
	go hs.Serve(ln)
	rps, p50, p99, err := load(ctx, "http://"+ln.Addr().String()+"/id/chantiers/culture-des-donnees", "application/ld+json", "", *conns, *d)
	hs.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "replication\treplica reads (chantier JSON-LD, %d connections): %.0f req/s, p50 %.2f ms, p99 %.2f ms\n", *conns, rps, p50, p99)

	// 4. Bootstrap of a new replica from a snapshot of the dataset.
	if *dataset != "" {
		if err := pub.Close(ctx); err != nil {
			return err
		}
		big, err := store.Open(filepath.Join(tmp, "big"), storeOptions())
		if err != nil {
			return err
		}
		defer big.Close()
		if err := loadFile(ctx, big, *dataset); err != nil {
			return err
		}
		if err := big.Update(ctx, func(tx *store.Txn) error { return tx.PutMeta(metaBase, []byte(base)) }); err != nil {
			return err
		}
		start, cpu0 := time.Now(), cpuTime()
		sc.Stream = stream + "big"
		bpub, err := replica.StartPublisher(ctx, replica.PublisherConfig{StreamConfig: sc}, big)
		if err != nil {
			return err
		}
		defer func() {
			cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			bpub.Close(cctx)
		}()
		snapTook, snapCPU := time.Since(start), cpuTime()-cpu0
		start, cpu0 = time.Now(), cpuTime()
		f2, _, err := follow("bench2", nil)
		if err != nil {
			return err
		}
		defer f2.Close()
		if err := waitReady(f2, replica.StoreVersion(big)); err != nil {
			return err
		}
		snap := big.Snapshot()
		quads := snap.Stats().Quads
		snap.Close()
		fmt.Fprintf(e.stdout, "replication\tsnapshot of %s (%d public quads) written in %s (CPU %s); a new replica bootstrapped from it in %s (CPU %s; peak RSS %d MiB)\n",
			filepath.Base(*dataset), quads, snapTook.Round(time.Millisecond), snapCPU.Round(time.Millisecond),
			time.Since(start).Round(time.Millisecond), (cpuTime() - cpu0).Round(time.Millisecond), peakRSS()>>20)
		return nil
	}
	return pub.Close(ctx)
}

// cpuTime is the CPU time (user and system) the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadFile bulk-loads an RDF file.
func loadFile(ctx context.Context, st *store.Store, path string) error {
	f, err := rdfio.FormatFromPath(path)
	if err != nil {
		return err
	}
	_, err = st.BulkLoad(ctx, func(yield func(rdf.Quad) error) error {
		_, err := decodeFile(ctx, path, f, rdfio.DecodeOptions{Name: path}, nil, yield)
		return err
	}, store.LoadOptions{})
	return err
}
