package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/ruche-lod/ruche/store"
)

// Internal keys of the index.
var (
	keyVersion = []byte("ruche/version") // the store's data version the index reflects
	keyMapping = []byte("ruche/mapping") // mappingVersion
	keyBase    = []byte("ruche/base")    // the base IRI
)

// batchSize is how many documents a rebuild writes per batch.
const batchSize = 500

// Index is the full-text index of the public text of a store. It is safe
// for concurrent use: searches run beside updates; updates are serialised.
type Index struct {
	base string
	dir  string // "" for an index in memory

	mu  sync.RWMutex // guards idx (swapped by Rebuild)
	idx bleve.Index

	upd sync.Mutex // serialises updates and rebuilds
	// Writes begun and applied (see Begin): the version is recorded only
	// when every begun write has been applied.
	begun, applied uint64
	rebuilding     bool     // a rebuild runs: Apply leaves its IRIs in pending
	pending        []string // IRIs written during the rebuild
	cmu            sync.Mutex

	bg       sync.WaitGroup // SyncInBackground
	cancelBG context.CancelFunc
}

// Open opens (or creates) the index in dir; dir "" keeps it in memory. An
// index made with another mapping or another base IRI is emptied, so that
// the next Sync rebuilds it.
func Open(dir, base string) (*Index, error) {
	ix := &Index{base: base, dir: dir}
	if dir == "" {
		idx, err := newIndex("", nil)
		if err != nil {
			return nil, err
		}
		ix.idx = idx
		return ix, ix.stamp()
	}
	idx, err := bleve.OpenUsing(dir, scorchConfig())
	switch {
	case err == nil:
		if m, _ := idx.GetInternal(keyMapping); string(m) == mappingVersion {
			if b, _ := idx.GetInternal(keyBase); string(b) == base {
				ix.idx = idx
				return ix, nil
			}
		}
		idx.Close()
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("search: remove outdated index: %w", err)
		}
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist), errors.Is(err, bleve.ErrorIndexMetaMissing):
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	default:
		// A damaged index is derived data: start again.
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("search: remove damaged index %s: %w", dir, err)
		}
	}
	if ix.idx, err = newIndex(dir, scorchConfig()); err != nil {
		return nil, err
	}
	return ix, ix.stamp()
}

// newIndex creates an index in dir ("" in memory) with the scorch
// configuration cfg.
func newIndex(dir string, cfg map[string]any) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	if dir == "" {
		// Scorch without a path keeps its segments in memory (and searches
		// far faster than the upsidedown index of NewMemOnly).
		idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("search: new index: %w", err)
		}
		return idx, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, cfg)
	if err != nil {
		return nil, fmt.Errorf("search: new index in %s: %w", dir, err)
	}
	return idx, nil
}

// scorchConfig lets a batch return once its segment is searchable, before
// it is on disk: a crash may lose the last batches, but their data version
// goes with them (it is written in the same batch), so Sync rebuilds. Close
// waits for them to be on disk (flush).
func scorchConfig() map[string]any {
	return map[string]any{
		"unsafe_batch": true,
		// The persister naps a moment so that the small segments of
		// successive writes merge in memory before they are written.
		"scorchPersisterOptions": map[string]any{"PersisterNapTimeMSec": 500},
	}
}

// flush waits (10 s at most) until every batch of an index on disk is
// persisted: it writes one more batch and waits for its persistence, which
// comes after that of every batch before it.
func (ix *Index) flush() error {
	if ix.dir == "" || ix.idx == nil {
		return nil
	}
	done := make(chan error, 1)
	b := ix.idx.NewBatch()
	b.SetInternal(keyMapping, []byte(mappingVersion))
	b.SetPersistedCallback(func(err error) {
		select {
		case done <- err:
		default:
		}
	})
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("search: flush: %w", err)
	}
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		return errors.New("search: flush: the index was not persisted within 10 s")
	}
}

// stamp records the mapping version and base of a new index.
func (ix *Index) stamp() error {
	if err := ix.idx.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if err := ix.idx.SetInternal(keyBase, []byte(ix.base)); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// SyncInBackground runs Sync in a goroutine and calls done with its
// outcome; Close stops it and waits for it.
func (ix *Index) SyncInBackground(st *store.Store, done func(rebuilt bool, err error)) {
	ctx, cancel := context.WithCancel(context.Background())
	ix.cmu.Lock()
	ix.cancelBG = cancel
	ix.cmu.Unlock()
	ix.bg.Add(1)
	go func() {
		defer ix.bg.Done()
		rebuilt, err := ix.Sync(ctx, st)
		done(rebuilt, err)
	}()
}

// Close stops a background sync, waits until every batch is on disk, and
// closes the index.
func (ix *Index) Close() error {
	ix.cmu.Lock()
	if ix.cancelBG != nil {
		ix.cancelBG()
	}
	ix.cmu.Unlock()
	ix.bg.Wait()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := ix.flush()
	if cerr := ix.idx.Close(); err == nil {
		err = cerr
	}
	ix.idx = nil
	return err
}

// Base is the base IRI of the indexed store.
func (ix *Index) Base() string { return ix.base }

// Version returns the store data version the index reflects (false when it
// records none: a new or interrupted index).
func (ix *Index) Version() (uint64, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, false
	}
	v, err := ix.idx.GetInternal(keyVersion)
	if err != nil || len(v) == 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	return n, err == nil
}

// Count returns the number of indexed documents.
func (ix *Index) Count() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errClosed
	}
	return ix.idx.DocCount()
}

var errClosed = errors.New("search: index closed")

// Sync rebuilds the index when the data version it records differs from
// the store's (a crash between a commit and its reindexing, an import, a
// restore): it reports whether it rebuilt.
func (ix *Index) Sync(ctx context.Context, st *store.Store) (bool, error) {
	snap := st.Snapshot()
	want := snap.Version()
	snap.Close()
	if got, ok := ix.Version(); ok && got == want {
		return false, nil
	}
	_, err := ix.Rebuild(ctx, st)
	return err == nil, err
}

// BuildStats describe a rebuild.
type BuildStats struct {
	Docs    int
	Version uint64
	Took    time.Duration
	Bytes   int64 // size on disk (0 in memory)
}

// Rebuild indexes the public space of st from scratch into a new index
// and swaps it in; searches keep answering from the old one meanwhile.
func (ix *Index) Rebuild(ctx context.Context, st *store.Store) (BuildStats, error) {
	ix.upd.Lock()
	defer ix.upd.Unlock()
	ix.cmu.Lock()
	ix.rebuilding = true
	ix.cmu.Unlock()
	stats, err := ix.rebuild(ctx, st)
	ix.cmu.Lock()
	pending := ix.pending
	ix.pending, ix.rebuilding = nil, false
	ix.cmu.Unlock()
	// The writes that came during the rebuild (committed before or after
	// its snapshot) are reindexed now.
	if perr := ix.reindex(ctx, st, pending); err == nil && perr != nil && !errors.Is(perr, errClosed) {
		err = perr
	}
	return stats, err
}

func (ix *Index) rebuild(ctx context.Context, st *store.Store) (BuildStats, error) {
	start := time.Now()
	tmp := ""
	if ix.dir != "" {
		tmp = ix.dir + ".new"
		if err := os.RemoveAll(tmp); err != nil {
			return BuildStats{}, fmt.Errorf("search: %w", err)
		}
	}
	w, err := newWriter(tmp)
	if err != nil {
		return BuildStats{}, err
	}
	snap := st.Snapshot()
	defer snap.Close()
	x := &extractor{ctx: ctx, base: ix.base, pub: snap.In(store.Public)}
	var iris []string
	if err := x.subjects(func(iri string) error { iris = append(iris, iri); return nil }); err != nil {
		w.abort()
		return BuildStats{}, fmt.Errorf("search: rebuild: %w", err)
	}
	stats := BuildStats{Version: snap.Version()}
	for i, iri := range iris {
		if i%256 == 0 && ctx.Err() != nil {
			w.abort()
			return BuildStats{}, fmt.Errorf("search: rebuild: %w", ctx.Err())
		}
		d, err := x.doc(iri)
		if err != nil {
			w.abort()
			return BuildStats{}, fmt.Errorf("search: rebuild: %s: %w", iri, err)
		}
		if d == nil {
			continue
		}
		if err := w.put(iri, d.fields()); err != nil {
			w.abort()
			return BuildStats{}, fmt.Errorf("search: rebuild: %s: %w", iri, err)
		}
		stats.Docs++
	}
	fresh, err := w.finish(map[string]string{
		string(keyMapping): mappingVersion, string(keyBase): ix.base,
		string(keyVersion): strconv.FormatUint(stats.Version, 10),
	})
	if err != nil {
		return BuildStats{}, fmt.Errorf("search: rebuild: %w", err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx != nil {
		ix.idx.Close()
	}
	ix.idx = nil
	if ix.dir != "" {
		if err := os.RemoveAll(ix.dir); err != nil {
			return BuildStats{}, fmt.Errorf("search: %w", err)
		}
		if err := os.Rename(tmp, ix.dir); err != nil {
			return BuildStats{}, fmt.Errorf("search: %w", err)
		}
		if fresh, err = bleve.OpenUsing(ix.dir, scorchConfig()); err != nil {
			return BuildStats{}, fmt.Errorf("search: reopen: %w", err)
		}
		stats.Bytes = dirSize(ix.dir)
	}
	ix.idx = fresh
	stats.Took = time.Since(start)
	return stats, nil
}

// writer builds a new index: on disk with Bleve's offline builder (one
// merged segment, written once), in memory with batches.
type writer struct {
	dir     string
	builder bleve.Builder // created with the first document (an empty builder cannot close)
	mem     bleve.Index
	batch   *bleve.Batch
}

func newWriter(dir string) (*writer, error) {
	if dir == "" {
		idx, err := newIndex("", nil)
		if err != nil {
			return nil, err
		}
		return &writer{mem: idx, batch: idx.NewBatch()}, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return &writer{dir: dir}, nil
}

func (w *writer) put(id string, fields map[string]any) error {
	if w.dir != "" {
		if w.builder == nil {
			m, err := newMapping()
			if err != nil {
				return fmt.Errorf("search: mapping: %w", err)
			}
			if w.builder, err = bleve.NewBuilder(w.dir, m, map[string]any{"buildPathPrefix": filepath.Dir(w.dir)}); err != nil {
				return fmt.Errorf("search: new index in %s: %w", w.dir, err)
			}
		}
		return w.builder.Index(id, fields)
	}
	if err := w.batch.Index(id, fields); err != nil {
		return err
	}
	if w.batch.Size() >= batchSize {
		if err := w.mem.Batch(w.batch); err != nil {
			return err
		}
		w.batch.Reset()
	}
	return nil
}

// finish completes the index with its internal values and returns it open
// (in memory), or closed and complete on disk (nil).
func (w *writer) finish(internal map[string]string) (bleve.Index, error) {
	if w.dir == "" {
		for k, v := range internal {
			w.batch.SetInternal([]byte(k), []byte(v))
		}
		if err := w.mem.Batch(w.batch); err != nil {
			w.mem.Close()
			return nil, err
		}
		return w.mem, nil
	}
	var idx bleve.Index
	var err error
	if w.builder == nil { // nothing to index: an empty index
		idx, err = newIndex(w.dir, nil)
	} else {
		if err := closeBuilder(w.builder); err != nil {
			return nil, err
		}
		idx, err = bleve.Open(w.dir) // safe batches: on disk when closed
	}
	if err != nil {
		return nil, err
	}
	b := idx.NewBatch()
	for k, v := range internal {
		b.SetInternal([]byte(k), []byte(v))
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, err
	}
	return nil, idx.Close()
}

// closeBuilder closes a builder, turning a panic of the library into an
// error.
func closeBuilder(b bleve.Builder) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("search: index builder panicked: %v", r)
		}
	}()
	return b.Close()
}

func (w *writer) abort() {
	switch {
	case w.dir == "":
		w.mem.Close()
	case w.builder != nil:
		closeBuilder(w.builder)
		os.RemoveAll(w.dir)
	}
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// Begin notes a store write about to commit; Apply must follow, after the
// commit (or its failure). The index records a data version only when
// every begun write has been applied, so that a crash between a commit
// and its reindexing always leaves a version that Sync finds stale.
func (ix *Index) Begin() {
	ix.cmu.Lock()
	ix.begun++
	ix.cmu.Unlock()
}

// Apply reindexes the resources a committed write touched (iris; an IRI
// with a fragment stands for its resource), reading them from the public
// space of the store as it is now: a resource that is no longer public
// (a withdrawn person, a deleted objective) leaves the index.
//
// During a rebuild Apply does not wait: it leaves the IRIs to the rebuild,
// which reindexes them once the new index is in place.
func (ix *Index) Apply(ctx context.Context, st *store.Store, iris ...string) error {
	ix.cmu.Lock()
	ix.applied++
	if ix.rebuilding {
		ix.pending = append(ix.pending, iris...)
		ix.cmu.Unlock()
		return nil
	}
	ix.cmu.Unlock()
	ix.upd.Lock()
	defer ix.upd.Unlock()
	return ix.reindex(ctx, st, iris)
}

// reindex reads iris from the store and writes them to the index (upd held).
func (ix *Index) reindex(ctx context.Context, st *store.Store, iris []string) error {
	snap := st.Snapshot()
	defer snap.Close()
	ix.cmu.Lock()
	settled := ix.begun == ix.applied
	ix.cmu.Unlock()
	x := &extractor{ctx: context.WithoutCancel(ctx), base: ix.base, pub: snap.In(store.Public)}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	b := ix.idx.NewBatch()
	seen := map[string]bool{}
	for _, iri := range iris {
		if i := strings.IndexByte(iri, '#'); i >= 0 {
			iri = iri[:i]
		}
		if iri == "" || seen[iri] {
			continue
		}
		seen[iri] = true
		d, err := x.doc(iri)
		if err != nil {
			return fmt.Errorf("search: reindex %s: %w", iri, err)
		}
		if d == nil {
			b.Delete(iri)
			continue
		}
		if err := b.Index(iri, d.fields()); err != nil {
			return fmt.Errorf("search: reindex %s: %w", iri, err)
		}
	}
	if settled {
		b.SetInternal(keyVersion, []byte(strconv.FormatUint(snap.Version(), 10)))
	} else {
		b.DeleteInternal(keyVersion)
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("search: reindex: %w", err)
	}
	return nil
}

// fields is the document as Bleve indexes it.
func (d *Doc) fields() map[string]any {
	blob, _ := json.Marshal(d)
	f := map[string]any{"kind": string(d.Kind), "doc": string(blob)}
	if d.Status != "" {
		f["status"] = lastSegment(d.Status)
	}
	if len(d.Themes) > 0 {
		f["themes"] = segments(d.Themes)
	}
	if len(d.Regions) > 0 {
		f["regions"] = segments(d.Regions)
	}
	if n := d.Names["fr"]; len(n) > 0 {
		f["name_fr"] = n
	}
	if n := d.Names["en"]; len(n) > 0 {
		f["name_en"] = n
	}
	if t := d.Texts["fr"]; len(t) > 0 {
		f["text_fr"] = t
	}
	if t := d.Texts["en"]; len(t) > 0 {
		f["text_en"] = t
	}
	all := d.AllNames()
	f["all_fr"] = slices.Concat(d.Names["fr"], d.Texts["fr"])
	f["all_en"] = slices.Concat(d.Names["en"], d.Texts["en"])
	f["names"] = all
	f["trigrams"] = all
	return f
}

func segments(iris []string) []string {
	out := make([]string, len(iris))
	for i, s := range iris {
		out[i] = lastSegment(s)
	}
	return out
}

// lastSegment is the last path segment of an IRI (a concept's code).
func lastSegment(iri string) string {
	return iri[strings.LastIndexAny(iri, "/#")+1:]
}
