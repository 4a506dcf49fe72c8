package store

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// countingReader counts the bytes read, for LoadOptions.BytesRead.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestBulkLoadFile loads the N-Triples file named by RUCHE_BULK_FILE into a
// fresh on-disk store (RUCHE_BULK_DIR, or a temporary folder) and reports
// the speed. Run it under /usr/bin/time -v for the peak RSS:
//
//	go test -c -o /tmp/store.test ./store
//	RUCHE_BULK_FILE=/tmp/adn-1m.nt /usr/bin/time -v /tmp/store.test -test.run=TestBulkLoadFile -test.v
func TestBulkLoadFile(t *testing.T) {
	path := os.Getenv("RUCHE_BULK_FILE")
	if path == "" {
		t.Skip("set RUCHE_BULK_FILE to an N-Triples file")
	}
	dir := os.Getenv("RUCHE_BULK_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := DefaultOptions()
	if os.Getenv("RUCHE_BULK_LOG") != "" {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if os.Getenv("RUCHE_BULK_PROFILE") == "large" {
		o.Profile = ProfileLarge
	}
	s, err := Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("RUCHE_BULK_PRELOAD") != "" { // forces the write-batch path
		addAll(t, s, Public, genQuads(10))
	}
	cr := &countingReader{r: f}
	start := time.Now()
	st, err := s.BulkLoad(context.Background(), func(yield func(rdf.Quad) error) error {
		return parseNTriples(cr, yield)
	}, LoadOptions{BytesRead: cr.n.Load})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	el := time.Since(start)
	t.Logf("%s: %d triples, %d terms, method %s, load %.2fs, %.2fs with close, %.0f triples/s",
		path, st.Quads, st.NewTerms, st.Method, st.Duration.Seconds(), el.Seconds(), float64(st.Quads)/el.Seconds())
	if os.Getenv("RUCHE_BULK_CHECK") != "" {
		s = openDir(t, dir)
		defer s.Close()
		cs := time.Now()
		rep, err := s.Check(context.Background())
		if err != nil || !rep.OK() {
			t.Fatalf("Check: %v %v", rep.Problems, err)
		}
		t.Logf("Check OK in %.1fs: %d terms, %d quads", time.Since(cs).Seconds(), rep.Terms, rep.Quads[Public])
	}
}
