package store

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"

	"github.com/ruche-lod/ruche/store/rdf"
)

// streamLoader fills an empty store with Badger's StreamWriter, which
// writes finished, sorted tables straight into the LSM tree: no memtables,
// no compactions. StreamWriter.Prepare wipes the database, which is why
// BulkLoad uses it only on an empty store (design/deps.md §3). Each key
// family is one stream, written in key order:
//
//   - id -> term entries, kept in memory in id order;
//   - term -> id entries, the same entries sorted by encoding;
//   - each of the six indexes: quads are gathered in runs of runQuads,
//     spilled as sorted run files when there are more, and merged at the
//     end (duplicates dropped);
//   - the system keys (format version, id lease).
//
// Nothing is visible until the final Flush; on failure the database is
// dropped back to an empty store.
type streamLoader struct {
	s    *Store
	sp   Space
	sw   *badger.StreamWriter
	err  error // from Prepare
	next ID    // next id to hand out
	// version is the data version before the load.
	version uint64
	// termKeys holds the term -> id entries until the end.
	termKeys []termEntry
	run      []IDQuad
	runQuads int
	spillDir string
	spills   [numIndexes][]string
	// counter counts the statistics while the indexes are written.
	counter *statsCounter
	// sortBufs are the two workers' two buffers for sorted runs.
	sortBufs [2][2][]perm
}

// termEntry is a term -> id entry waiting to be sorted. enc is shared
// with the encoder's term map; hash is set for long encodings, whose key
// is a hash.
type termEntry struct {
	enc  string
	hash []byte
	id   ID
}

// appendKey appends the Badger key of the entry to dst.
func (e *termEntry) appendKey(dst []byte) []byte {
	if e.hash != nil {
		return append(dst, e.hash...)
	}
	dst = append(dst, prefixTermID)
	return append(dst, e.enc...)
}

func compareTermEntries(a, b termEntry) int {
	switch {
	case a.hash == nil && b.hash == nil:
		return cmp.Compare(a.enc, b.enc)
	case a.hash == nil:
		return -1 // 0x02 keys sort before 0x03 keys
	case b.hash == nil:
		return 1
	}
	return bytes.Compare(a.hash, b.hash)
}

const defaultRunQuads = 2 << 20 // 64 MiB of quads per sorted run

// Stream ids: one per key family.
const (
	streamSystem uint32 = iota + 1
	streamIDTerm
	streamTermID
	streamIndex0 // + index
)

func newStreamLoader(s *Store, opts LoadOptions) loader {
	l := &streamLoader{s: s, sp: opts.Space, runQuads: defaultRunQuads, counter: newStatsCounter()}
	if opts.runQuads > 0 {
		l.runQuads = opts.runQuads
	}
	// Prepare drops everything, the system keys included: keep the data
	// version so that it never goes back.
	snap := s.Snapshot()
	l.version = snap.Version()
	snap.Close()
	l.sw = s.db.NewStreamWriter()
	l.err = l.sw.Prepare()
	s.ids.mu.Lock()
	l.next = ID(s.ids.next)
	s.ids.mu.Unlock()
	return l
}

func (l *streamLoader) method() string { return "stream" }

// lookup finds nothing: the store was empty.
func (l *streamLoader) lookup(rdf.Term, []byte) (ID, bool, error) { return 0, false, l.err }

func (l *streamLoader) take(n uint64) (ID, error) {
	first := l.next
	l.next += ID(n)
	return first, nil
}

func (l *streamLoader) writeTerms(ids []ID, encs []string) error {
	if l.err != nil {
		return l.err
	}
	for i, id := range ids {
		e := termEntry{enc: encs[i], id: id}
		if len(e.enc) > maxInlineTermKey {
			e.hash = termKey([]byte(e.enc))
		}
		l.termKeys = append(l.termKeys, e)
	}
	return nil
}

func (l *streamLoader) writeQuads(quads []IDQuad) error {
	if l.err != nil {
		return l.err
	}
	for len(quads) > 0 {
		n := min(len(quads), l.runQuads-len(l.run))
		l.run = append(l.run, quads[:n]...)
		quads = quads[n:]
		if len(l.run) == l.runQuads {
			if err := l.spill(); err != nil {
				return err
			}
		}
	}
	return nil
}

// perm is a quad in the key order of one index.
type perm [4]ID

func comparePerm(a, b perm) int {
	for i := range a {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// sortedRun returns the quads of run in the order of index ix.
func sortedRun(run []IDQuad, ix index, buf []perm) []perm {
	if cap(buf) < len(run) {
		buf = make([]perm, 0, len(run))
	}
	buf = buf[:0]
	order := indexOrder[ix]
	for _, q := range run {
		buf = append(buf, perm{q.at(order[0]), q.at(order[1]), q.at(order[2]), q.at(order[3])})
	}
	slices.SortFunc(buf, comparePerm)
	return buf
}

// forEachIndex runs fn for the six indexes on two goroutines (worker 0
// and 1).
func forEachIndex(fn func(worker int, ix index) error) error {
	var wg sync.WaitGroup
	errs := make([]error, numIndexes)
	next := make(chan index, numIndexes)
	for ix := index(0); ix < numIndexes; ix++ {
		next <- ix
	}
	close(next)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ix := range next {
				errs[ix] = fn(w, ix)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// spill writes the current run, sorted six ways, to run files.
func (l *streamLoader) spill() error {
	if l.spillDir == "" {
		dir, err := os.MkdirTemp("", "ruche-load-")
		if err != nil {
			return err
		}
		l.spillDir = dir
	}
	n := len(l.spills[0])
	err := l.sortSix(func(ix index, sorted []perm) error {
		name := filepath.Join(l.spillDir, fmt.Sprintf("%s-%d", ix, n))
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		var rec [32]byte
		for _, p := range sorted {
			for i, id := range p {
				binary.BigEndian.PutUint64(rec[8*i:], uint64(id))
			}
			if _, err := bw.Write(rec[:]); err != nil {
				f.Close()
				return err
			}
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		l.spills[ix] = append(l.spills[ix], name) // one goroutine per index
		return f.Close()
	})
	l.run = l.run[:0]
	return err
}

func (l *streamLoader) finish(ctx context.Context) error {
	if l.err != nil {
		l.drop()
		return fmt.Errorf("prepare stream writer: %w", l.err)
	}
	start := time.Now()
	if err := l.write(ctx); err != nil {
		l.drop()
		return err
	}
	if err := l.sw.Flush(); err != nil {
		l.drop()
		return fmt.Errorf("stream writer: %w", err)
	}
	l.s.log.Debug("store: bulk load: tables written", "took", time.Since(start))
	l.cleanup()
	l.s.ids.mu.Lock()
	l.s.ids.next, l.s.ids.limit = uint64(l.next), uint64(l.next)
	l.s.ids.mu.Unlock()
	st := l.counter.stats()
	if err := l.s.finishLoad(ctx, l.sp, &st, nil); err != nil {
		return err
	}
	return l.s.db.Sync()
}

// write streams everything gathered.
func (l *streamLoader) write(ctx context.Context) error {
	// id -> term: termKeys is in id order until sorted below. The stream
	// copies each entry, so key and val are reused.
	var key, val []byte
	terms := newSWStream(l.sw, streamIDTerm)
	for i := range l.termKeys {
		e := &l.termKeys[i]
		key = appendIDKey(key[:0], e.id)
		val = append(val[:0], e.enc...)
		if err := terms.add(key, val); err != nil {
			return err
		}
	}
	if err := terms.close(); err != nil {
		return err
	}
	// System keys, in key order: format, id lease, data version.
	sys := newSWStream(l.sw, streamSystem)
	if err := sys.add(keyFormat, binary.BigEndian.AppendUint32(nil, FormatVersion)); err != nil {
		return err
	}
	if err := sys.add(keyIDLease, binary.BigEndian.AppendUint64(nil, uint64(l.next))); err != nil {
		return err
	}
	if err := sys.add(keyVersion, binary.BigEndian.AppendUint64(nil, l.version)); err != nil {
		return err
	}
	if err := sys.close(); err != nil {
		return err
	}
	slices.SortFunc(l.termKeys, compareTermEntries)
	ts := newSWStream(l.sw, streamTermID)
	for i := range l.termKeys {
		e := &l.termKeys[i]
		key = e.appendKey(key[:0])
		val = binary.BigEndian.AppendUint64(val[:0], uint64(e.id))
		if err := ts.add(key, val); err != nil {
			return err
		}
	}
	if err := ts.close(); err != nil {
		return err
	}
	l.termKeys = nil
	if len(l.spills[0]) > 0 && len(l.run) > 0 {
		if err := l.spill(); err != nil {
			return err
		}
	}
	if len(l.spills[0]) > 0 {
		// Everything is in the run files: let the GC have the run and the
		// sort buffers (5 × 64 MiB) before the merge, give the heap of the
		// parse (the term map, the dictionary entries) back to the system,
		// and collect twice as often while the tables are written: Badger
		// keeps the pages of every table it writes mapped until the end
		// (1.2 GB for 5M triples), so they and the heap add up. 5M
		// triples: peak RSS 1.52–1.58 GB without this, 1.44–1.45 GB with
		// it, for about 5 % more CPU (a 256 MiB memory limit instead kept
		// it at 1.39–1.42 GB but cost a third more CPU).
		l.run, l.sortBufs = nil, [2][2][]perm{}
		debug.FreeOSMemory()
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	if len(l.spills[0]) == 0 {
		return l.sortSix(func(ix index, sorted []perm) error {
			return l.emitIndex(ix, func(emit func(perm) error) error {
				for _, p := range sorted {
					if err := emit(p); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	return forEachIndex(func(_ int, ix index) error {
		return l.emitIndex(ix, func(emit func(perm) error) error {
			return mergeRuns(ctx, l.spills[ix], emit)
		})
	})
}

// emitIndex writes index ix as one stream, from the sorted quads feed
// gives, counting statistics on the way.
func (l *streamLoader) emitIndex(ix index, feed func(emit func(perm) error) error) error {
	st := newSWStream(l.sw, streamIndex0+uint32(ix))
	emit := newIndexEmitter(st, indexPrefixByte(l.sp, ix))
	if l.counter.counts(ix) {
		emit.count = func(p perm) {
			var q IDQuad
			for i, pos := range indexOrder[ix] {
				q.set(pos, p[i])
			}
			l.counter.see(ix, q)
		}
	}
	if err := feed(emit.add); err != nil {
		st.close()
		return err
	}
	return st.close()
}

// graphFirst maps each graph-last index to the graph-first index whose
// order is the same once G is moved to the front.
var graphFirst = map[index]index{idxSPOG: idxGSPO, idxPOSG: idxGPOS, idxOSPG: idxGOSP}

// sortSix sorts the current run in the order of each of the six indexes
// and hands each order to out (one goroutine per index at a time). Only the
// three graph-last orders are sorted; each graph-first order is derived
// from one of them by a stable radix sort on G, which is linear.
func (l *streamLoader) sortSix(out func(ix index, sorted []perm) error) error {
	jobs := make(chan index, 3)
	for _, ix := range []index{idxSPOG, idxPOSG, idxOSPG} {
		jobs <- ix
	}
	close(jobs)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ix := range jobs {
				if errs[w] != nil {
					continue
				}
				bufs := &l.sortBufs[w]
				sorted := sortedRun(l.run, ix, bufs[0])
				bufs[0] = sorted
				if errs[w] = out(ix, sorted); errs[w] != nil {
					continue
				}
				if cap(bufs[1]) < len(sorted) {
					bufs[1] = make([]perm, len(sorted))
				}
				errs[w] = out(graphFirst[ix], byGraphFirst(sorted, bufs[1][:len(sorted)]))
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// byGraphFirst sorts a (sorted in a graph-last order, G at position 3)
// stably by G with an LSD radix sort on the bytes G uses, then moves G to
// the front. It uses tmp (as long as a) and overwrites a; the result is in
// one of the two.
func byGraphFirst(a, tmp []perm) []perm {
	if len(a) == 0 {
		return a
	}
	var maxG ID
	for _, p := range a {
		maxG = max(maxG, p[3])
	}
	src, dst := a, tmp
	for shift := uint(0); shift < 64 && maxG>>shift != 0; shift += 8 {
		var count [257]int
		for _, p := range src {
			count[(p[3]>>shift)&0xff+1]++
		}
		if count[(src[0][3]>>shift)&0xff+1] == len(src) {
			continue // one bucket: nothing moves
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, p := range src {
			b := (p[3] >> shift) & 0xff
			dst[count[b]] = p
			count[b]++
		}
		src, dst = dst, src
	}
	for i, p := range src {
		src[i] = perm{p[3], p[0], p[1], p[2]}
	}
	return src
}

func (l *streamLoader) cleanup() {
	l.run, l.sortBufs = nil, [2][2][]perm{}
	if l.spillDir != "" {
		os.RemoveAll(l.spillDir)
		l.spillDir = ""
	}
}

// abort cancels the stream and drops whatever it wrote, leaving an empty
// store with its format key.
func (l *streamLoader) abort(err error) error {
	l.drop()
	return err
}

// drop cancels the stream and leaves the store empty again.
func (l *streamLoader) drop() {
	l.sw.Cancel()
	l.cleanup()
	if err := l.s.db.DropAll(); err != nil {
		l.s.log.Error("store: drop a failed load", "err", err)
	}
	if err := l.s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(keyFormat, binary.BigEndian.AppendUint32(nil, FormatVersion)); err != nil {
			return err
		}
		return txn.Set(keyVersion, binary.BigEndian.AppendUint64(nil, l.version+1))
	}); err != nil {
		l.s.log.Error("store: rewrite format key after a failed load", "err", err)
	}
	l.s.ids.mu.Lock()
	l.s.ids.next, l.s.ids.limit = uint64(firstTermID), uint64(firstTermID)
	l.s.ids.mu.Unlock()
}

// indexEmitter turns sorted quads into index keys, dropping duplicates.
type indexEmitter struct {
	st    *swStream
	pb    byte
	last  perm
	first bool
	count func(perm) // sees every distinct quad, or nil
}

func newIndexEmitter(st *swStream, prefix byte) *indexEmitter {
	return &indexEmitter{st: st, pb: prefix, first: true}
}

func (e *indexEmitter) add(p perm) error {
	if !e.first && p == e.last {
		return nil
	}
	e.first, e.last = false, p
	if e.count != nil {
		e.count(p)
	}
	var key [indexKeyLen]byte
	key[0] = e.pb
	for i, id := range p {
		binary.BigEndian.PutUint64(key[1+8*i:], uint64(id))
	}
	return e.st.add(key[:], nil)
}

// swStream buffers the entries of one stream for StreamWriter.Write. It
// refuses a key that does not sort after the previous one, since Badger
// would panic on it in a goroutine of its own.
type swStream struct {
	sw   *badger.StreamWriter
	id   uint32
	buf  *z.Buffer
	last []byte
	n    int
}

const swBufferSize = 8 << 20

func newSWStream(sw *badger.StreamWriter, id uint32) *swStream {
	return &swStream{sw: sw, id: id, buf: z.NewBuffer(swBufferSize, "ruche.load")}
}

func (s *swStream) add(key, value []byte) error {
	if s.n > 0 && bytes.Compare(key, s.last) <= 0 {
		return fmt.Errorf("stream %d: key %x does not sort after %x (duplicate dictionary hash?)", s.id, key, s.last)
	}
	s.last = append(s.last[:0], key...)
	s.n++
	kvToBuffer(s.buf, key, value, 1, s.id, false)
	if s.buf.LenNoPadding() >= swBufferSize-(1<<16) {
		return s.flush()
	}
	return nil
}

func (s *swStream) flush() error {
	if s.buf.LenNoPadding() == 0 {
		return nil
	}
	err := s.sw.Write(s.buf)
	s.buf.Reset()
	return err
}

// close writes what is buffered and ends the stream, so that Badger
// finishes its table and frees the builder's memory.
func (s *swStream) close() error {
	err := s.flush()
	if err == nil && s.n > 0 {
		kvToBuffer(s.buf, nil, nil, 0, s.id, true)
		err = s.flush()
	}
	if rerr := s.buf.Release(); err == nil {
		err = rerr
	}
	return err
}

// mergeRuns merges sorted run files of 32-byte records.
func mergeRuns(ctx context.Context, names []string, emit func(perm) error) error {
	h := &runHeap{}
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r := &runReader{r: bufio.NewReaderSize(f, 1<<20)}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			*h = append(*h, r)
		}
	}
	heap.Init(h)
	n := 0
	for h.Len() > 0 {
		if n++; n&(1<<16-1) == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		r := (*h)[0]
		if err := emit(r.cur); err != nil {
			return err
		}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

type runReader struct {
	r   *bufio.Reader
	cur perm
	rec [32]byte
}

func (r *runReader) next() (bool, error) {
	if _, err := io.ReadFull(r.r, r.rec[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		return false, fmt.Errorf("read sorted run: %w", err)
	}
	for i := range r.cur {
		r.cur[i] = ID(binary.BigEndian.Uint64(r.rec[8*i:]))
	}
	return true, nil
}

type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return comparePerm(h[i].cur, h[j].cur) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
