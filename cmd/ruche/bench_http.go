package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api"
)

// benchHTTP measures the HTTP throughput and latency of a chantier's
// JSON-LD, its HTML page and a 304 revalidation, with 32 concurrent
// connections, beside a Gin handler returning a fixed byte slice (the
// ceiling of this machine).
func benchHTTP(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "bench http")
	conns := fs.Int("c", 32, "concurrent connections")
	duration := fs.Duration("d", 5*time.Second, "duration of each measurement")
	path := fs.String("path", "/id/chantiers/culture-des-donnees", "resource path to request")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := *data
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		tmp, err := os.MkdirTemp("", "ruche-bench-http-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	base := "http://" + addr + "/"
	cfg := api.DefaultConfig()
	cfg.Base = base
	srv, err := api.New(cfg)
	if err != nil {
		return err
	}
	st, err := openForServe(ctx, dir, base, newLogger(env{stderr: io.Discard}, "text"))
	if err != nil {
		return err
	}
	defer st.Close()
	srv.SetStore(st)
	go http.Serve(ln, srv.Handler())

	// The ceiling: Gin returning a fixed slice of the same size as the JSON-LD.
	body, err := fetch(base+(*path)[1:], "application/ld+json", "")
	if err != nil {
		return err
	}
	gin.SetMode(gin.ReleaseMode)
	fixed := gin.New()
	fixed.GET("/fixed", func(c *gin.Context) { c.Data(http.StatusOK, "application/ld+json", body.data) })
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln2, fixed)

	cases := []struct {
		name, url, accept, inm string
	}{
		{"fixed bytes (ceiling)", "http://" + ln2.Addr().String() + "/fixed", "", ""},
		{"chantier JSON-LD", base + (*path)[1:], "application/ld+json", ""},
		{"chantier HTML", base + (*path)[1:], "text/html", ""},
		{"chantier 304", base + (*path)[1:], "application/ld+json", body.etag},
	}
	fmt.Fprintf(e.stdout, "%-24s %10s %9s %9s   (%d connections, %s each)\n", "request", "req/s", "p50 ms", "p99 ms", *conns, *duration)
	var ceiling float64
	for i, c := range cases {
		rps, p50, p99, err := load(ctx, c.url, c.accept, c.inm, *conns, *duration)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if i == 0 {
			ceiling = rps
		}
		fmt.Fprintf(e.stdout, "%-24s %10.0f %9.2f %9.2f   %.0f%% of ceiling\n", c.name, rps, p50, p99, 100*rps/ceiling)
	}
	return nil
}

type fetched struct {
	data []byte
	etag string
}

func fetch(url, accept, inm string) (fetched, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fetched{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fetched{}, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return fetched{b, resp.Header.Get("ETag")}, err
}

// load runs conns workers against url for d; it returns requests per second
// and the 50th and 99th percentile latencies in milliseconds.
func load(ctx context.Context, url, accept, inm string, conns int, d time.Duration) (float64, float64, float64, error) {
	transport := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	client := &http.Client{Transport: transport}
	defer transport.CloseIdleConnections()
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var latencies []time.Duration
	var firstErr error
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if accept != "" {
					req.Header.Set("Accept", accept)
				}
				if inm != "" {
					req.Header.Set("If-None-Match", inm)
				}
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotModified {
					mu.Lock()
					firstErr = fmt.Errorf("status %s", resp.Status)
					mu.Unlock()
					return
				}
				local = append(local, time.Since(start))
			}
			mu.Lock()
			latencies = append(latencies, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, 0, 0, firstErr
	}
	if len(latencies) == 0 {
		return 0, 0, 0, fmt.Errorf("no request completed")
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds()) / 1000
	}
	return float64(len(latencies)) / d.Seconds(), pct(0.5), pct(0.99), nil
}
