package eval

import (
	"context"
	"fmt"

	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Row is a solution in slot order: one term id per variable, 0 when the
// variable is unbound. Rows passed to a consumer are only valid during the
// call; a consumer that keeps one copies it.
type Row []ID

// localBit marks ids of terms computed during evaluation that the dataset
// does not hold. Such ids never reach Dataset.Quads.
const localBit ID = 1 << 63

func isLocal(id ID) bool { return id&localBit != 0 }

// The term cache of an execution starts with cacheStart entries and grows
// eightfold, up to cacheSize, each time it has missed as many times as it
// has entries: a small query does not clear a large cache.
const (
	cacheStart = 1 << 6
	cacheSize  = 1 << 12
)

type cacheEntry struct {
	id ID
	t  rdf.Term
}

// exec is the state of one execution of a Program.
type exec struct {
	ctx context.Context
	ds  Dataset
	// cur reads the patterns when the dataset offers a Cursor (set
	// during run).
	cur    Cursor
	p      *Program
	limits Limits
	err    error
	ticks  uint32

	consts   []ID
	locals   []rdf.Term
	localIdx map[rdf.Term]ID
	// outIdx numbers the terms of output-only variables (outvars.go).
	outIdx map[rdf.Term]ID
	cache  []cacheEntry
	// cacheMisses counts the misses since the cache last grew.
	cacheMisses int

	mem int64
	// memBytes is the memory charged against Limits.MaxMemoryBytes.
	memBytes int64

	mats map[matKey]*matResult
	// orders are the run-time orders of basic graph patterns evaluated
	// alone (bgp.go), by the pattern's id.
	orders map[int][]bgpStep
	// existsOnce remembers the answers of uncorrelated EXISTS.
	existsOnce map[matKey]bool
	// probes are the right sides of anti-joins (antijoin.go).
	probes map[matKey]*probeSet
	// adj and pathSteps serve closures that switch to in-memory links.
	adj      map[matKey]*adjacency
	adaptive []*adaptiveState // by join id
	// scanCache keeps small scan results (scancache.go). A running scan
	// keeps its state in a frame of each layer it goes through
	// (frames.go): runBGP's step, the cache's, the duplicate check's
	// and the cursor's.
	scanCache []scanEntry
	steps     frameStack[bgpFrame]
	scans     frameStack[scanFrame]
	dedups    frameStack[dedupFrame]
	cursors   frameStack[cursorFrame]
	leftJoins []*leftJoinFrame // by OPTIONAL, numbered at compile time
	// seeks counts the scans that reached the dataset (index lookups).
	seeks int64
	// mergeKeys are, by merge join (buildSmaller), the keys its right
	// side's scan in subject order may skip to; subjects passes them from
	// runBGP to the scan (matchBySubject).
	mergeKeys [][]ID
	subjects  []ID
	// missIDs, missAt and missTerms serve terms: the ids a batch asks
	// the dataset for, their places, their terms.
	missIDs   []ID
	missAt    []int
	missTerms []rdf.Term
	// nums remembers the numbers of numeric ids (numexpr.go).
	nums []numSlot
	// args is the stack of evaluated function arguments.
	args []rdf.Term
	// rowBufs are the output rows of operators, by id, between calls.
	rowBufs []Row
	// memos remember filter outcomes by term ids (memo.go), indexed by
	// the filter's id.
	memos []*memo[bool]
	// valueMemos remember BIND values by the ids they are computed from.
	valueMemos []*memo[ID]
	// visitedPool keeps the sets of finished path searches for reuse.
	visitedPool []map[ID]struct{}
	pathSteps   map[matKey]int

	// defaultGraphs lists the graphs merged into the default graph (nil:
	// see unionDefault); namedGraphs restricts GRAPH (nil: every graph).
	defaultGraphs map[ID]bool
	namedGraphs   []ID
	namedSet      map[ID]bool
	manyGraphs    bool // more named graphs than GRAPH ?g reads one by one
	unionDefault  bool

	fc *expr.FuncContext
	// activeGraph is the graph EXISTS patterns read, set by the operator
	// evaluating an expression.
	activeGraph ID
}

type matKey struct {
	op int
	g  ID
}

// matResult holds the solutions of an operator evaluated once (the build
// side of a hash join): only the slots the operator can bind (cols), row
// after row in one arena, so a build costs no allocation per row and holds
// no pointers for the garbage collector to follow.
type matResult struct {
	cols  []int
	arena []ID
	n     int
	// key is the index in cols of the slot probes look up (-1: none).
	// When the build arrived sorted on it (a scan in the index's order),
	// probes search it from where the last one stopped (a merge join
	// when the probes come in the same order) until that proves slower
	// than hashing; then head maps each key to its first row and next
	// chains the following ones (-1 ends a chain), or, when index grouped
	// the rows by key, next is nil and a key's rows follow each other.
	key    int
	sorted bool
	last   int // sorted: the row where the last probe's search ended
	// probes and steps count the sorted searches, to switch to hashing.
	probes, steps int64
	head          *idIndex
	next          []int32
	// borrowed: the arena is shared (an adjacency's pairs, indexed by
	// either end), so its rows never move.
	borrowed bool
	// charge, when set, is given the bytes of the hash index once built
	// (indexBytes), against the execution's budget; it fails the
	// execution when they do not fit, and the probes then stop.
	charge     func(bytes int64) bool
	indexBytes int64
}

// add stores r's values on m.cols.
func (m *matResult) add(r Row) {
	for _, s := range m.cols {
		m.arena = append(m.arena, r[s])
	}
	m.n++
}

// row returns the stored values of row i, in cols order.
func (m *matResult) row(i int) []ID {
	w := len(m.cols)
	return m.arena[i*w : (i+1)*w : (i+1)*w]
}

// keyAt returns row i's value of the key.
func (m *matResult) keyAt(i int) ID { return m.arena[i*len(m.cols)+m.key] }

// fix ends the build: it notes whether the rows are sorted on the key and,
// when they are not, builds the hash index.
func (m *matResult) fix() {
	if m.key < 0 {
		return
	}
	m.sorted = true
	for i := 1; i < m.n; i++ {
		if m.keyAt(i) < m.keyAt(i-1) {
			m.sorted = false
			break
		}
	}
	if !m.sorted {
		m.index()
	}
}

// index builds the hash index on the key. When the keys' ids are dense
// enough for a direct index, the rows are also grouped by key, in place
// (unless the arena is borrowed):
// a key's rows then follow each other, and a probe reads one entry of
// the index and the rows it points to, not a chain scattered over the
// build (next is then nil). Otherwise head maps each key to its first row
// and next chains the following ones.
func (m *matResult) index() {
	m.sorted = false
	lo, hi, unbound := ^ID(0), ID(0), false
	for i := range m.n {
		if k := m.keyAt(i); k != 0 {
			lo, hi = min(lo, k), max(hi, k)
		} else {
			unbound = true
		}
	}
	m.head = newIDIndexSpanning(m.n, lo, hi)
	m.next = make([]int32, m.n)
	m.indexBytes = m.head.bytes()
	if m.charge != nil {
		m.charge(m.indexBytes)
	}
	if m.head.direct != nil && !unbound && !m.borrowed {
		m.groupByKey()
		m.next = nil
		return
	}
	for i := m.n - 1; i >= 0; i-- {
		m.next[i] = m.head.swap(m.keyAt(i), int32(i))
	}
}

// groupByKey moves the rows, every one with a key in the span of the
// direct index, so that rows with the same key follow each other, in
// ascending key order and otherwise as they came, and points the index
// at each key's first row. m.next (one entry per row) holds each row's
// destination meanwhile.
func (m *matResult) groupByKey() {
	heads := m.head.direct // -1 everywhere: counts, then starts
	for i := range m.n {
		d := m.keyAt(i) - m.head.base
		heads[d] = max(heads[d], 0) + 1
	}
	start := int32(0)
	for d, c := range heads {
		if c > 0 {
			heads[d], start = start, start+c
		}
	}
	dst := m.next
	for i := range m.n {
		d := m.keyAt(i) - m.head.base
		dst[i] = heads[d]
		heads[d]++ // now the end of the key's rows, once all are placed
	}
	prevEnd := int32(0)
	for d, end := range heads {
		if end >= 0 {
			heads[d], prevEnd = prevEnd, end
		}
	}
	w := len(m.cols)
	for i := range m.n {
		for int(dst[i]) != i {
			j := int(dst[i])
			a, b := m.arena[i*w:(i+1)*w], m.arena[j*w:(j+1)*w]
			for x := range w {
				a[x], b[x] = b[x], a[x]
			}
			dst[i], dst[j] = dst[j], int32(j)
		}
	}
}

// Sorted probes are worth it while they average at most sortedMaxSteps
// comparisons each; after sortedCheck probes above that, the build is
// hashed.
const (
	sortedCheck    = 256
	sortedMaxSteps = 4
)

// first returns the first row whose key is k, or -1.
func (m *matResult) first(k ID) int {
	if !m.sorted {
		return int(m.head.get(k))
	}
	m.probes++
	n := m.n
	lo := m.last
	var hi int
	if lo < n && m.keyAt(lo) < k {
		// Gallop forward from the last position: probes in the build's
		// order cost a step or two each.
		step := 1
		hi = lo + 1
		for hi < n && m.keyAt(hi) < k {
			m.steps++
			lo = hi + 1
			hi += step
			step *= 2
		}
		hi = min(hi, n)
	} else {
		lo, hi = 0, min(lo, n)
		if hi > 0 && m.keyAt(hi-1) < k {
			lo = hi
		}
	}
	for lo < hi { // the first row in [lo, hi) with key >= k
		m.steps++
		mid := int(uint(lo+hi) >> 1)
		if m.keyAt(mid) < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	m.last = lo
	if m.probes%sortedCheck == 0 && m.steps > sortedMaxSteps*m.probes {
		m.index()
	}
	if lo < n && m.keyAt(lo) == k {
		return lo
	}
	return -1
}

// nextRow returns the row after i with the same key, or -1.
func (m *matResult) nextRow(i int) int {
	if m.next != nil {
		return int(m.next[i])
	}
	if i+1 < m.n && m.keyAt(i+1) == m.keyAt(i) {
		return i + 1
	}
	return -1
}

// fail records the first error and returns false so callers can stop.
func (ex *exec) fail(err error) bool {
	if ex.err == nil {
		ex.err = err
	}
	return false
}

// tick checks for cancellation every 1024 calls. It returns false when the
// execution must stop.
func (ex *exec) tick() bool {
	ex.ticks++
	if ex.ticks&1023 == 0 {
		if err := ex.ctx.Err(); err != nil {
			return ex.fail(fmt.Errorf("sparql: evaluation stopped: %w", err))
		}
	}
	return ex.err == nil
}

// checkCtx checks for cancellation now.
func (ex *exec) checkCtx() bool {
	if err := ex.ctx.Err(); err != nil {
		return ex.fail(fmt.Errorf("sparql: evaluation stopped: %w", err))
	}
	return ex.err == nil
}

// grow counts n more rows held in memory.
func (ex *exec) grow(n int64) bool {
	ex.mem += n
	if ex.limits.MaxMemoryRows > 0 && ex.mem > ex.limits.MaxMemoryRows {
		return ex.fail(&LimitError{Limit: "memory", Max: ex.limits.MaxMemoryRows})
	}
	return true
}

// shrink releases n rows counted by grow.
func (ex *exec) shrink(n int64) { ex.mem -= n }

// growBytes charges n bytes held in memory against the budget.
func (ex *exec) growBytes(n int64) bool {
	ex.memBytes += n
	if ex.limits.MaxMemoryBytes > 0 && ex.memBytes > ex.limits.MaxMemoryBytes {
		return ex.fail(&LimitError{Limit: "memory", Max: ex.limits.MaxMemoryBytes, Bytes: true})
	}
	return true
}

// shrinkBytes releases n bytes charged by growBytes.
func (ex *exec) shrinkBytes(n int64) { ex.memBytes -= n }

// hold counts rows and bytes held in memory against both budgets.
func (ex *exec) hold(rows, bytes int64) bool { return ex.grow(rows) && ex.growBytes(bytes) }

// release gives back what hold counted.
func (ex *exec) release(rows, bytes int64) {
	ex.shrink(rows)
	ex.shrinkBytes(bytes)
}

// idSetBytes is what one id costs in a Go map[ID]struct{} (key, bucket
// share, growth slack).
const idSetBytes = 40

// termBytes is what a term held in memory costs.
func termBytes(t rdf.Term) int64 {
	return int64(len(t.Value)+len(t.Datatype)+len(t.Lang)) + 56
}

// rowBytes is what holding a copy of a row of width w costs.
func rowBytes(w int) int64 { return int64(8*w) + 24 }

// growRow counts one more row of width w held in memory, against both
// budgets.
func (ex *exec) growRow(w int) bool { return ex.grow(1) && ex.growBytes(rowBytes(w)) }

// term materialises an id.
func (ex *exec) term(id ID) (rdf.Term, error) {
	if id == 0 {
		return rdf.Term{}, nil
	}
	if isLocal(id) {
		return ex.locals[id&^localBit], nil
	}
	if e := &ex.cache[id&uint64(len(ex.cache)-1)]; e.id == id {
		return e.t, nil
	}
	t, err := ex.ds.Term(id)
	if err != nil {
		return rdf.Term{}, fmt.Errorf("sparql: reading term %d: %w", id, err)
	}
	ex.remember(id, t)
	return t, nil
}

// remember keeps t as the term of id in the execution's cache after a
// miss; the cache grows eightfold, up to cacheSize, each time it has missed
// as many times as it has entries.
func (ex *exec) remember(id ID, t rdf.Term) {
	if ex.cacheMisses++; ex.cacheMisses >= len(ex.cache) && len(ex.cache) < cacheSize {
		ex.cache, ex.cacheMisses = make([]cacheEntry, 8*len(ex.cache)), 0
	}
	e := &ex.cache[id&uint64(len(ex.cache)-1)]
	e.id, e.t = id, t
}

// terms sets out[i] to the term of ids[i], as term does for each, asking
// td in one call for those neither local nor in the cache.
func (ex *exec) terms(td TermsDataset, ids []ID, out []rdf.Term) bool {
	ex.missIDs, ex.missAt = ex.missIDs[:0], ex.missAt[:0]
	for i, id := range ids {
		switch {
		case id == 0:
			out[i] = rdf.Term{}
		case isLocal(id):
			out[i] = ex.locals[id&^localBit]
		default:
			if e := &ex.cache[id&uint64(len(ex.cache)-1)]; e.id == id {
				out[i] = e.t
				continue
			}
			ex.missIDs = append(ex.missIDs, id)
			ex.missAt = append(ex.missAt, i)
		}
	}
	if len(ex.missIDs) == 0 {
		return true
	}
	if cap(ex.missTerms) < len(ex.missIDs) {
		ex.missTerms = make([]rdf.Term, len(ex.missIDs))
	}
	got := ex.missTerms[:len(ex.missIDs)]
	if err := td.Terms(ex.missIDs, got); err != nil {
		return ex.fail(fmt.Errorf("sparql: reading %d terms: %w", len(ex.missIDs), err))
	}
	for k, i := range ex.missAt {
		out[i] = got[k]
		ex.remember(ex.missIDs[k], got[k])
	}
	clear(got) // the terms stay in the cache and out only
	return true
}

// intern returns the id of a term: the dataset's when it holds the term, a
// local id otherwise.
func (ex *exec) intern(t rdf.Term) (ID, error) {
	if t.IsZero() {
		return 0, nil
	}
	if id, ok := ex.localIdx[t]; ok {
		return id, nil
	}
	id, ok, err := ex.ds.LookupID(t)
	if err != nil {
		return 0, fmt.Errorf("sparql: looking up %s: %w", t, err)
	}
	if !ok {
		// A term computed during evaluation (a string a function built,
		// a number…) is kept until the end of the execution: it counts
		// against the byte budget, twice (list and index).
		if !ex.growBytes(2*termBytes(t) + mapEntryBytes) {
			return 0, ex.err
		}
		id = localBit | ID(len(ex.locals))
		ex.locals = append(ex.locals, t)
	}
	if ex.localIdx == nil {
		ex.localIdx = make(map[rdf.Term]ID)
	}
	ex.localIdx[t] = id
	return id, nil
}

// rowBuf returns a row of n slots for operator id's output, reusing the
// one given back by putRowBuf; a nested call of the same operator gets a
// new one.
func (ex *exec) rowBuf(id, n int) Row {
	if id < len(ex.rowBufs) {
		if b := ex.rowBufs[id]; len(b) == n {
			ex.rowBufs[id] = nil
			return b
		}
	}
	return make(Row, n)
}

// putRowBuf gives back a row that rowBuf returned.
func (ex *exec) putRowBuf(id int, b Row) {
	if id >= len(ex.rowBufs) {
		ex.rowBufs = append(ex.rowBufs, make([]Row, id+1-len(ex.rowBufs))...)
	}
	ex.rowBufs[id] = b
}

// copyRow is rowBuf holding a copy of r.
func (ex *exec) copyRow(id int, r Row) Row {
	b := ex.rowBuf(id, len(r))
	copy(b, r)
	return b
}

func (ex *exec) cloneRow(r Row) Row {
	c := make(Row, len(r))
	copy(c, r)
	return c
}
