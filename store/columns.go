package store

import (
	"context"
	"math"
	"sync"
)

// Column cache: the quads of a predicate held in memory, in id space.
//
// Badger costs about 0.7 µs per key read and 1–2 µs per seek, whatever the
// pattern; a query that reads a predicate whole, or probes it thousands of
// times (an index nested-loop join, a star on one subject, EXISTS), pays
// that on every row. The column cache keeps, per space and predicate, the
// predicate's quads as sorted rows of three ids in one slice, in one of two
// orders:
//
//   - byObject: (O, S, G), the order of the POSG index, which answers a
//     predicate read whole or with its object bound;
//   - bySubject: (S, O, G), which answers the predicate with its subject
//     bound in the order of the SPOG index.
//
// A cursor answers from a column exactly the quads, in exactly the order,
// that the index scan would give (Cursor.Scan's contract), so nothing above
// the store can tell them apart but by speed.
//
// Columns belong to one read timestamp of Badger: every commit (a write,
// a chunk of a staged write or of a load, a replica's change) moves it on,
// snapshots opened at the same timestamp see exactly the same keys, and a
// snapshot uses only the columns of its own timestamp, so a column never
// shows a state other than the snapshot's. Columns of older timestamps are
// dropped as soon as one of a newer timestamp is added, so any write
// empties the cache; the next queries build it again.
//
// A column is built in two ways, both paid for by the query that needs it:
// a scan of the predicate whole that runs to its end keeps what it read
// (the rows are appended as they are yielded); a predicate read with a
// bound subject or object is read whole once those reads have cost as much
// as reading it would (seekRows per seek plus the rows read ≥ its quads),
// the ski-rental rule: a few probes never read a large predicate, and a
// predicate probed often costs at most twice what the best choice would.
//
// Memory: the cache counts the bytes of its rows (24 per quad and order,
// and 4 per bucket of its directory, about one per four rows)
// against its budget (Options.ColumnCacheSize) and evicts the least
// recently used columns to stay under it; one column takes at most a
// quarter of the budget, so larger predicates are always read from Badger.
// The rows being collected by running scans are reserved against the same
// budget before they are read (a scan that cannot reserve reads Badger
// only), so kept and collected rows together stay under twice the budget
// whatever the number of queries.

// colOrder is the sort order of a column.
type colOrder uint8

const (
	byObject  colOrder = iota // (O, S, G): the POSG index
	bySubject                 // (S, O, G): the SPOG index with P bound
)

// colRow is one quad of a column: a and b are (O, S) in byObject order and
// (S, O) in bySubject order.
type colRow struct{ a, b, g ID }

const colRowBytes = 24

// seekRows is what one Badger seek costs, in rows read from an index (a
// seek about 1.5 µs, a row about 0.7 µs).
const seekRows = 2

type colKey struct {
	sp    Space
	p     ID // AnyID: the space column of sp (across.go)
	order colOrder
}

type column struct {
	order  colOrder
	readTs uint64
	rows   []colRow
	dir    directory
	used   uint64 // the cache's clock at the last use (guarded by columnCache.mu)
}

// newColumn makes the column of rows, sorted in order, at readTs.
func newColumn(order colOrder, readTs uint64, rows []colRow) *column {
	return &column{order: order, readTs: readTs, rows: rows, dir: newDirectory(rows)}
}

// bytes is what the column counts against the cache's budget.
func (c *column) bytes() int64 {
	return int64(len(c.rows))*colRowBytes + int64(len(c.dir.first))*4
}

// directory finds the rows of a leading id in a column without a binary
// search over the whole column: ids are dense counters, so the range of
// leading ids is cut into buckets of 2^shift ids, about one per
// rowsPerBucket rows, and first[k] is the first row whose leading id lies
// in bucket k or after it. A lookup reads first[k] and first[k+1] and
// searches the few rows between: two memory reads where a binary search
// over millions of rows misses the processor's caches twenty times.
type directory struct {
	min   ID
	shift uint
	first []uint32 // len = buckets+1; first[buckets] = len(rows)
}

const rowsPerBucket = 4

func newDirectory(rows []colRow) directory {
	n := len(rows)
	if n == 0 || n > math.MaxUint32 {
		return directory{}
	}
	var d directory
	span := uint64(rows[n-1].a - rows[0].a)
	for span>>d.shift >= uint64(max(n/rowsPerBucket, 1)) {
		d.shift++
	}
	d.first = make([]uint32, 0, span>>d.shift+2)
	for i, r := range rows {
		d.mark(r.a, i)
	}
	d.seal(n)
	return d
}

// mark records that row is the first row with leading id lead, or after
// it: leading ids come in ascending order, the first one sets min, and
// every bucket up to lead's that has no first row yet gets row.
func (d *directory) mark(lead ID, row int) {
	if len(d.first) == 0 {
		d.min = lead
	}
	for k := int(uint64(lead-d.min) >> d.shift); len(d.first) <= k; {
		d.first = append(d.first, uint32(row))
	}
}

// seal ends the directory of a column of n rows.
func (d *directory) seal(n int) { d.first = append(d.first, uint32(n)) }

// bounds returns rows [lo, hi) of a column of n rows that hold every row
// with leading id a, and where a row with leading id a would go.
func (d directory) bounds(a ID, n int) (lo, hi int) {
	if d.first == nil {
		return 0, n
	}
	if a < d.min {
		return 0, 0
	}
	k := uint64(a-d.min) >> d.shift
	if k >= uint64(len(d.first)-1) {
		return n, n
	}
	return int(d.first[k]), int(d.first[k+1])
}

// span returns the rows whose leading ids are a (and b when hasB).
func (f *column) span(a, b ID, hasB bool) []colRow {
	rows := f.rows
	lo, hi := f.dir.bounds(a, len(rows))
	for lo < hi { // the first row in [lo, hi) not below the key
		mid := int(uint(lo+hi) >> 1)
		if r := rows[mid]; r.a < a || (hasB && r.a == a && r.b < b) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	end := lo
	for end < len(rows) && rows[end].a == a && (!hasB || rows[end].b == b) {
		end++
	}
	return rows[lo:end]
}

// columnCache holds the columns of a store.
type columnCache struct {
	budget int64

	mu       sync.Mutex
	bytes    int64
	reserved int64 // bytes of the rows running scans are collecting
	clock    uint64
	readTs   uint64 // the newest read timestamp a column was added for
	cols     map[colKey]*column
	rent     map[colKey]uint64 // rows-worth read from Badger for k at readTs, with no column
}

func newColumnCache(budget int64) *columnCache {
	if budget <= 0 {
		return nil
	}
	return &columnCache{budget: budget, cols: map[colKey]*column{}, rent: map[colKey]uint64{}}
}

// maxRows is the most rows one column may hold.
func (cc *columnCache) maxRows() uint64 { return uint64(cc.budget / 4 / colRowBytes) }

// get returns the column of k at readTs, or nil.
func (cc *columnCache) get(k colKey, readTs uint64) *column {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	c := cc.cols[k]
	if c == nil || c.readTs != readTs {
		return nil
	}
	cc.clock++
	c.used = cc.clock
	return c
}

// paidFor tells whether the reads through Badger at readTs that column k
// would have answered (charged to k) have cost as much as reading its
// quads whole would.
func (cc *columnCache) paidFor(k colKey, readTs, quads uint64) bool {
	if quads == 0 || quads > cc.maxRows() {
		return false
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return readTs == cc.readTs && cc.rent[k] >= quads
}

// forget drops what was charged to k.
func (cc *columnCache) forget(k colKey) {
	cc.mu.Lock()
	delete(cc.rent, k)
	cc.mu.Unlock()
}

// charge adds the cost of one probe of predicate k.p at readTs that read
// rows rows through Badger.
func (cc *columnCache) charge(k colKey, readTs, rows uint64) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.current(readTs) {
		cc.rent[k] += seekRows + rows
	}
}

// add keeps col as the column of k, unless its read timestamp is older
// than the cache's or its rows do not fit.
func (cc *columnCache) add(k colKey, col *column) {
	size := col.bytes()
	if uint64(len(col.rows)) > cc.maxRows() {
		return
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if !cc.current(col.readTs) {
		return
	}
	if old := cc.cols[k]; old != nil {
		cc.bytes -= old.bytes()
		delete(cc.cols, k)
	}
	for cc.bytes+size > cc.budget && len(cc.cols) > 0 {
		var lru colKey
		var oldest *column
		for key, c := range cc.cols {
			if oldest == nil || c.used < oldest.used {
				lru, oldest = key, c
			}
		}
		cc.bytes -= oldest.bytes()
		delete(cc.cols, lru)
	}
	cc.clock++
	col.used = cc.clock
	cc.cols[k] = col
	cc.bytes += size
	delete(cc.rent, k)
}

// reserve books n bytes for rows about to be collected, or tells that the
// budget cannot take them now.
func (cc *columnCache) reserve(n int64) bool {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.reserved+n > cc.budget {
		return false
	}
	cc.reserved += n
	return true
}

// release gives back what reserve booked.
func (cc *columnCache) release(n int64) {
	cc.mu.Lock()
	cc.reserved -= n
	cc.mu.Unlock()
}

// current tells whether columns of readTs may be kept: not when the cache
// already holds a newer timestamp's; when readTs is newer, the older
// columns and rents are dropped first (cc.mu held).
func (cc *columnCache) current(readTs uint64) bool {
	if readTs < cc.readTs {
		return false
	}
	if readTs > cc.readTs {
		cc.dropBefore(readTs)
	}
	return true
}

// dropBefore forgets every column and rent of timestamps before
// readTs (cc.mu held).
func (cc *columnCache) dropBefore(readTs uint64) {
	for k, c := range cc.cols {
		if c.readTs < readTs {
			cc.bytes -= c.bytes()
			delete(cc.cols, k)
		}
	}
	clear(cc.rent)
	cc.readTs = readTs
}

// rowOf returns q as a row in order o.
func rowOf(o colOrder, q IDQuad) colRow {
	if o == byObject {
		return colRow{q.O, q.S, q.G}
	}
	return colRow{q.S, q.O, q.G}
}

// quadOf returns the quad of predicate p that r holds in order o.
func quadOf(o colOrder, p ID, r colRow) IDQuad {
	if o == byObject {
		return IDQuad{S: r.b, P: p, O: r.a, G: r.g}
	}
	return IDQuad{S: r.a, P: p, O: r.b, G: r.g}
}

// reorder returns the rows of a column in the other order, or ctx's error.
// rows are sorted by (a, b, g): swapped, rows with the same new leading id
// already come in (new b, g) order, so a stable sort on the leading id
// alone sorts them: a radix sort, one linear pass per byte the ids use
// (three for the 5M-triple store), with the context checked between passes.
func reorder(ctx context.Context, rows []colRow) ([]colRow, error) {
	out := make([]colRow, len(rows))
	var used ID
	for i, r := range rows {
		out[i] = colRow{r.b, r.a, r.g}
		used |= r.b
	}
	tmp := make([]colRow, len(rows))
	for shift := 0; shift < 64 && used>>shift != 0; shift += 8 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var next [257]int
		for _, r := range out {
			next[int(byte(r.a>>shift))+1]++
		}
		for d := 1; d < len(next); d++ {
			next[d] += next[d-1]
		}
		for _, r := range out {
			d := byte(r.a >> shift)
			tmp[next[d]] = r
			next[d]++
		}
		out, tmp = tmp, out
	}
	return out, nil
}
