package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// LoadOptions configure [Store.BulkLoad].
type LoadOptions struct {
	// Space receives the quads (Public by default).
	Space Space
	// Progress, if set, is called about every 64k quads and at the end
	// with the number of quads pushed so far and, when BytesRead is set,
	// the bytes read so far.
	Progress func(quads, bytes int64)
	// BytesRead, if set, reports how many input bytes the source has
	// consumed (for Progress).
	BytesRead func() int64
	// ChunkSize is the number of quads encoded and written at once
	// (default 65,536).
	ChunkSize int

	runQuads int // quads per sorted run of the stream loader (tests)
}

// LoadStats describe a finished bulk load.
type LoadStats struct {
	Quads    int64         // quads pushed by the source (duplicates included)
	NewTerms int64         // terms added to the dictionary
	Method   string        // "stream" (empty store, sorted tables) or "batch" (write batches)
	Duration time.Duration // wall time
}

// BulkLoad adds every quad src pushes to a space, far faster than Update
// and without any transaction size limit. src calls yield once per quad and
// must stop and return yield's error if yield fails. Parsing (in src) and
// encoding run on different goroutines (src may parse on several: see
// rdfio.NewParallelDecoder). Other writers wait until the load is
// done; readers keep reading their snapshots.
//
// On an empty store the quads are sorted and written as finished tables
// with Badger's StreamWriter (bulk_stream.go), and the statistics are
// counted while the indexes are written. Otherwise they go through Badger
// write batches and the statistics of the space are recounted from the
// indexes at the end. Either way the statistics and a new data version are
// committed last, and the store is synced to disk before BulkLoad returns.
//
// Memory: the chunk being encoded, sorted runs of 2M quads (spilled to
// temporary files beyond that; the run and its sort buffers are freed
// before the runs are merged), and about 150 bytes per distinct term of
// the input. The Go heap peaks at about 820 MB live for 5M triples; with
// the default GOGC the process grows to twice that between collections,
// which is why `ruche import` and `ruche bench load` set a 1 GiB soft
// memory limit (0.85 GB peak RSS for 1M triples, 1.2 GB for 5M).
//
// If src (or the load) fails midway: on an empty store nothing becomes
// visible and the store stays empty. On a non-empty store, the quads of the
// chunks already written stay in the store — write batches are not one
// transaction — but the statistics are recounted, so the store stays
// consistent (Check passes). Callers that need all-or-nothing on a
// non-empty store validate the input in a first pass.
func (s *Store) BulkLoad(ctx context.Context, src func(yield func(rdf.Quad) error) error, opts LoadOptions) (LoadStats, error) {
	start := time.Now()
	if s.opts.ReadOnly {
		return LoadStats{}, ErrReadOnly
	}
	if !opts.Space.valid() {
		return LoadStats{}, fmt.Errorf("store: bulk load: invalid space %d", opts.Space)
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 1 << 16
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.closed.Load() {
		return LoadStats{}, ErrClosed
	}
	empty, err := s.isEmpty()
	if err != nil {
		return LoadStats{}, err
	}
	var l loader
	if empty {
		l = newStreamLoader(s, opts)
	} else {
		l = newBatchLoader(s, opts)
	}
	st, err := runLoad(ctx, s, src, opts, l)
	st.Duration = time.Since(start)
	if err != nil {
		return st, fmt.Errorf("store: bulk load: %w", err)
	}
	return st, nil
}

// Empty reports whether the store holds nothing but its system keys (no
// quad, term, statistic or meta value). A [Store.BulkLoad] into an empty
// store is all or nothing: when its source fails, the store is left empty
// again (its data version moves on), so a caller needs no separate
// validation pass.
func (s *Store) Empty() (bool, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.isEmpty()
}

// isEmpty reports whether the store holds nothing but its system keys.
func (s *Store) isEmpty() (bool, error) {
	empty := true
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if it.Item().Key()[0] != prefixSystem {
				empty = false
				break
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: bulk load: %w", err)
	}
	return empty, nil
}

// loader is where encoded chunks go.
type loader interface {
	method() string
	// take hands out n consecutive new ids.
	take(n uint64) (ID, error)
	// lookup finds a term already in the store (before the load).
	lookup(t rdf.Term, enc []byte) (ID, bool, error)
	// writeTerms and writeQuads receive each chunk's new dictionary
	// entries and its quads.
	writeTerms(ids []ID, encs []string) error
	writeQuads(quads []IDQuad) error
	// finish makes everything visible; abort discards what it can.
	finish(ctx context.Context) error
	abort()
}

// chunk is a batch of quads on its way from the source to the encoder.
type chunk struct {
	quads []rdf.Quad
}

// runLoad runs the source in the calling goroutine and encodes chunks in
// another one, so that parsing and encoding overlap on two cores.
func runLoad(ctx context.Context, s *Store, src func(yield func(rdf.Quad) error) error, opts LoadOptions, l loader) (LoadStats, error) {
	start := time.Now()
	st := LoadStats{Method: l.method()}
	chunks := make(chan chunk, 2)
	free := make(chan []rdf.Quad, 3)
	for range 3 {
		free <- make([]rdf.Quad, 0, opts.ChunkSize)
	}
	encErr := make(chan error, 1)
	enc := &encoder{s: s, l: l, space: opts.Space, terms: map[string]ID{}}
	go func() {
		var err error
		for c := range chunks {
			if err == nil {
				err = enc.encodeChunk(c.quads)
			}
			free <- c.quads[:0]
		}
		encErr <- err
	}()

	buf := <-free
	var pushed int64
	var failed error
	send := func() error {
		select {
		case chunks <- chunk{buf}:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case buf = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		if opts.Progress != nil {
			var b int64
			if opts.BytesRead != nil {
				b = opts.BytesRead()
			}
			opts.Progress(pushed, b)
		}
		return nil
	}
	yield := func(q rdf.Quad) error {
		if failed != nil {
			return failed
		}
		if q.S.IsZero() || q.P.IsZero() || q.O.IsZero() {
			failed = fmt.Errorf("quad %d (%s) lacks a term", pushed+1, q)
			return failed
		}
		buf = append(buf, q)
		pushed++
		if len(buf) == cap(buf) {
			if err := send(); err != nil {
				failed = err
				return err
			}
			if enc.failed.Load() {
				failed = errors.New("encoder failed")
				return failed
			}
		}
		return nil
	}
	srcErr := src(yield)
	if srcErr == nil && failed == nil && len(buf) > 0 {
		if err := send(); err != nil {
			failed = err
		}
	}
	close(chunks)
	err := <-encErr
	st.Quads, st.NewTerms = pushed, enc.newTerms
	switch {
	case err != nil:
	case failed != nil:
		err = failed
	case srcErr != nil:
		err = fmt.Errorf("source: %w", srcErr)
	case ctx.Err() != nil:
		err = ctx.Err()
	}
	enc.terms = nil // the term map is not needed any more: let the GC have it
	s.log.Debug("store: bulk load: input read", "quads", pushed, "terms", enc.newTerms, "took", time.Since(start))
	if err != nil {
		l.abort()
		return st, err
	}
	if err := l.finish(ctx); err != nil {
		return st, err
	}
	if opts.Progress != nil {
		var b int64
		if opts.BytesRead != nil {
			b = opts.BytesRead()
		}
		opts.Progress(pushed, b)
	}
	return st, nil
}

// finishLoad recounts the statistics of the loaded space and commits them
// with a new data version. Both loaders call it last.
// When counted is nil the statistics are recounted from the indexes.
func (s *Store) finishLoad(ctx context.Context, sp Space, counted *Stats) error {
	snap := s.Snapshot().In(sp)
	defer snap.Close()
	var st Stats
	if counted != nil {
		st = *counted
	} else {
		start := time.Now()
		var err error
		if st, err = snap.computeStats(ctx); err != nil {
			return err
		}
		s.log.Debug("store: bulk load: statistics counted", "took", time.Since(start))
	}
	old, err := snap.readStats()
	if err != nil {
		return err
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		if err := writeStats(sp, st, old, txn.Set, txn.Delete); err != nil {
			return err
		}
		return bumpVersion(txn)
	})
	if err != nil {
		return fmt.Errorf("store: commit load statistics: %w", err)
	}
	return nil
}

func putID(id ID) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }
