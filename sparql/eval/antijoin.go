package eval

// probeSet holds the rows of one side of an anti-join or semi-join
// projected on the shared slots, partitioned by which of those slots they
// bind. A lookup asks whether some stored row agrees with a probe row on
// every shared slot both bind: one hash probe per partition, whatever the
// number of stored rows. Each partition keeps, built on first use, one
// hash set (a tupleIndex, or a bitmap for one dense slot) per subset of
// its slots that probes also bind, so rows where a shared variable is
// unbound on either side are answered exactly.
type probeSet struct {
	shared []int // slots, at most 64
	parts  []*probePart
	byMask map[uint64]*probePart
	bytes  int64 // charged to the execution
}

type probePart struct {
	mask uint64
	k    int  // bound slots per row
	vals []ID // k values per row, in slot order, repeats too
	n    int
	// sets by probe mask (a subset of mask), without repeats, made by
	// probes and dropped when a row is added.
	sets map[uint64]*tupleIndex
	// bits are the sets of one slot as bitmaps over their ids' span,
	// when that span is small enough (nil: not worth it), by probe mask;
	// dropped when a row is added.
	bits map[uint64]*idBitmap
}

func newProbeSet(shared []int) *probeSet {
	return &probeSet{shared: shared, byMask: map[uint64]*probePart{}}
}

// add stores r's shared values. It returns false when the memory budget
// is exhausted.
func (ps *probeSet) add(ex *exec, r Row) bool {
	var mask uint64
	k := 0
	for i, s := range ps.shared {
		if r[s] != 0 {
			mask |= 1 << i
			k++
		}
	}
	p := ps.byMask[mask]
	if p == nil {
		p = &probePart{mask: mask, k: k}
		ps.byMask[mask] = p
		ps.parts = append(ps.parts, p)
		if !ps.charge(ex, 64) {
			return false
		}
	}
	for _, s := range ps.shared {
		if v := r[s]; v != 0 {
			p.vals = append(p.vals, v)
		}
	}
	p.n++
	// The sets and bitmaps made by probes so far do not hold the new row.
	clear(p.sets)
	p.bits = nil
	return ps.charge(ex, int64(8*k))
}

func (ps *probeSet) charge(ex *exec, n int64) bool {
	ps.bytes += n
	return ex.growBytes(n)
}

// release gives back the memory charged for the set.
func (ps *probeSet) release(ex *exec) {
	ex.shrinkBytes(ps.bytes)
	ps.bytes = 0
}

// match reports whether a stored row agrees with a on every shared slot
// both bind; with common, they must also both bind at least one (MINUS).
// It returns false with ex.err set when the memory budget is exhausted.
func (ps *probeSet) match(ex *exec, a Row, common bool) bool {
	var amask uint64
	for i, s := range ps.shared {
		if a[s] != 0 {
			amask |= 1 << i
		}
	}
	var key [8]ID
	for _, p := range ps.parts {
		if p.n == 0 {
			continue
		}
		k := p.mask & amask
		if k == 0 || p.k == 0 {
			if !common {
				return true
			}
			continue
		}
		buf := key[:0]
		for i, s := range ps.shared {
			if k&(1<<i) != 0 {
				buf = append(buf, a[s])
			}
		}
		if len(buf) == 1 {
			if b, ok := p.bitmap(ps, ex, k); !ok {
				return false
			} else if b != nil {
				if b.has(buf[0]) {
					return true
				}
				continue
			}
		}
		set := p.sets[k]
		if set == nil {
			if set = ps.build(ex, p, k); set == nil {
				return false
			}
		}
		if set.find(buf) >= 0 {
			return true
		}
	}
	return false
}

// positions returns where, within a stored row of p, the slots of k are.
func (ps *probeSet) positions(p *probePart, k uint64) []int {
	var at []int
	j := 0
	for i := range ps.shared {
		if p.mask&(1<<i) == 0 {
			continue
		}
		if k&(1<<i) != 0 {
			at = append(at, j)
		}
		j++
	}
	return at
}

// build makes the set of partition p's rows projected on the slots of k.
func (ps *probeSet) build(ex *exec, p *probePart, k uint64) *tupleIndex {
	if p.sets == nil {
		p.sets = map[uint64]*tupleIndex{}
	}
	at := ps.positions(p, k)
	set := newTupleIndex(len(at))
	buf := make([]ID, len(at))
	for r := 0; r < p.n; r++ {
		if !ex.tick() {
			return nil
		}
		row := p.vals[r*p.k : (r+1)*p.k]
		for x, pos := range at {
			buf[x] = row[pos]
		}
		if _, isNew := set.add(buf); isNew && !ps.charge(ex, tupleIndexBytes(len(at))) {
			return nil
		}
	}
	p.sets[k] = set
	return set
}

// bitmap returns the bitmap of the values of p's rows at the one slot of
// probe mask k, made on first use when they span at most bitmapSpan ids
// per row, else nil; false when the memory budget is exhausted.
func (p *probePart) bitmap(ps *probeSet, ex *exec, k uint64) (*idBitmap, bool) {
	if b, made := p.bits[k]; made {
		return b, true
	}
	if p.bits == nil {
		p.bits = map[uint64]*idBitmap{}
	}
	at := ps.positions(p, k)[0]
	lo, hi := ^ID(0), ID(0)
	for r := range p.n {
		v := p.vals[r*p.k+at]
		lo, hi = min(lo, v), max(hi, v)
	}
	if p.n == 0 || uint64(hi-lo) >= bitmapSpan*uint64(p.n) {
		p.bits[k] = nil
		return nil, true
	}
	b := &idBitmap{base: lo, words: make([]uint64, (hi-lo)/64+1)}
	if !ps.charge(ex, int64(8*len(b.words))) {
		return nil, false
	}
	for r := range p.n {
		d := p.vals[r*p.k+at] - lo
		b.words[d>>6] |= 1 << (d & 63)
	}
	p.bits[k] = b
	return b, true
}

// bitmapSpan is the most ids a bitmap spans per row: at one bit an id, it
// then takes at most 8 bytes a row, a third of a tupleIndex's.
const bitmapSpan = 64

// idBitmap is a set of ids in [base, base+64·len(words)): ids being dense
// counters, a probe of a set of some hundred thousand ids reads one word
// of an array that fits in the processor's cache.
type idBitmap struct {
	base  ID
	words []uint64
}

func (b *idBitmap) has(id ID) bool {
	d := uint64(id - b.base)
	return d < uint64(len(b.words))*64 && b.words[d>>6]&(1<<(d&63)) != 0
}

// mapEntryBytes is the overhead charged per entry of a Go map with a
// string key (bucket share, header, hash).
const mapEntryBytes = 48
