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

	runQuads   int                      // quads per sorted run of the stream loader (tests)
	stageSize  int64                    // bytes per chunk of the batch loader (tests)
	crashAfter func(chunks uint32) bool // the batch loader stops as a crash would (tests)
	maxAdded   int                      // quads beyond which the batch loader recounts statistics (tests)
	maxSeeks   int                      // seeks beyond which it recounts them (tests; -1: never)
}

// LoadStats describe a finished bulk load.
type LoadStats struct {
	Quads    int64         // quads pushed by the source (duplicates included)
	NewTerms int64         // terms added to the dictionary
	Method   string        // "stream" (empty store, sorted tables) or "batch" (a staged write)
	Duration time.Duration // wall time

	recounted bool // the batch loader recounted the statistics (tests)
}

// BulkLoad adds every quad src pushes to a space, far faster than Update
// and without any transaction size limit. src calls yield once per quad and
// must stop and return yield's error if yield fails. Parsing (in src) and
// encoding run on different goroutines (src may parse on several: see
// rdfio.NewParallelDecoder). Other writers wait until the load is done.
//
// A load is all or nothing. When src fails, ctx ends, a write fails or the
// process dies midway, the store is left as it was: a caller needs no
// validation pass before the load.
//
// On an empty store the quads are sorted and written as finished tables
// with Badger's StreamWriter (bulk_stream.go), and the statistics are
// counted while the indexes are written; nothing is visible before the
// final flush, and a failed load leaves the store empty again (its data
// version moves on). Otherwise the load is a staged write (staged.go,
// bulk_batch.go): the quads not already in the space and the new terms go
// in Badger transactions of bounded size, each carrying the undo journal
// of what it writes; at the end the statistics of the space are worked out
// from the quads added (as an Update does), or recounted from the indexes
// when that is cheaper, and committed with a new data version and the
// journal's deletion. Snapshots opened before the load keep reading the
// store as it was; new ones wait at the gate until the load is whole or
// undone, so src must not open snapshots of the store. A failed load
// applies the journal backwards; after a crash, the next Open does. Either
// way the store is synced to disk before BulkLoad returns.
//
// Memory: the chunk being encoded, sorted runs of 2M quads (spilled to
// temporary files beyond that; the run and its sort buffers are freed
// before the runs are merged) or, into a non-empty store, the quads added
// (up to 1M, about 250 bytes each, for the statistics), and about 150
// bytes per distinct term of the input. The Go heap peaks at about 820 MB live for 5M triples; with
// the default GOGC the process grows to twice that between collections,
// which is why `ruche import` and `ruche bench load` set a 1 GiB soft
// memory limit (0.85 GB peak RSS for 1M triples, 1.2 GB for 5M).
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
// quad, term, statistic or meta value): a [Store.BulkLoad] into it takes
// the stream path.
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
	// finish makes everything visible; abort, called instead when the
	// load failed with err, undoes what was written and returns err (with
	// what went wrong undoing).
	finish(ctx context.Context) error
	abort(err error) error
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
		return st, l.abort(err)
	}
	if err := l.finish(ctx); err != nil {
		return st, err
	}
	if b, ok := l.(*batchLoader); ok {
		st.recounted = b.recounted
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
// with a new data version. Both loaders call it last. When counted is nil
// the statistics are recounted from the indexes. sg, if not nil, is the
// stage of the load, whose journal goes in the same commit.
func (s *Store) finishLoad(ctx context.Context, sp Space, counted *Stats, sg *stage) error {
	// Past the gate: a staged load reads what its own chunks committed
	// (the gate is either open or closed by that load, which holds writeMu).
	snap := s.snapshotPastGate().In(sp)
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
		if sg != nil {
			// A staged load still undoes itself if ctx ended.
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := sg.dropJournal(txn); err != nil {
				return err
			}
		}
		return bumpVersion(txn)
	})
	if err != nil {
		return fmt.Errorf("store: commit load statistics: %w", err)
	}
	return nil
}

func putID(id ID) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }
