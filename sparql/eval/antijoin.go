package eval

import "unsafe"

// probeSet holds the rows of one side of an anti-join or semi-join
// projected on the shared slots, partitioned by which of those slots they
// bind. A lookup asks whether some stored row agrees with a probe row on
// every shared slot both bind: one hash probe per partition, whatever the
// number of stored rows. Each partition keeps, built on first use, one
// hash set per subset of its slots that probes also bind, so rows where a
// shared variable is unbound on either side are answered exactly.
type probeSet struct {
	shared []int // slots, at most 64
	parts  []*probePart
	byMask map[uint64]*probePart
	bytes  int64 // charged to the execution
}

type probePart struct {
	mask uint64
	k    int  // bound slots per row
	vals []ID // k values per row, in slot order
	n    int
	sets map[uint64]map[string]struct{} // by probe mask (a subset of mask)
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
	// Rows repeating the values of an earlier one add nothing: the set
	// over all of the partition's slots both removes them and serves the
	// probes that bind them all.
	start := len(p.vals)
	for _, s := range ps.shared {
		if v := r[s]; v != 0 {
			p.vals = append(p.vals, v)
		}
	}
	key := idsKey(p.vals[start:])
	if p.sets == nil {
		p.sets = map[uint64]map[string]struct{}{mask: {}}
	}
	full := p.sets[mask]
	if _, dup := full[key]; dup {
		p.vals = p.vals[:start]
		return true
	}
	full[string([]byte(key))] = struct{}{}
	p.n++
	return ps.charge(ex, int64(16*k)+mapEntryBytes)
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
		set := p.sets[k]
		if set == nil {
			if set = ps.build(ex, p, k); set == nil {
				return false
			}
		}
		buf := key[:0]
		for i, s := range ps.shared {
			if k&(1<<i) != 0 {
				buf = append(buf, a[s])
			}
		}
		if _, ok := set[idsKey(buf)]; ok {
			return true
		}
	}
	return false
}

// build makes the set of partition p's rows projected on the slots of k.
func (ps *probeSet) build(ex *exec, p *probePart, k uint64) map[string]struct{} {
	if p.sets == nil {
		p.sets = map[uint64]map[string]struct{}{}
	}
	// Positions, within a stored row of p, of the slots of k.
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
	set := make(map[string]struct{}, p.n)
	buf := make([]ID, len(at))
	for r := 0; r < p.n; r++ {
		if !ex.tick() {
			return nil
		}
		row := p.vals[r*p.k : (r+1)*p.k]
		for x, pos := range at {
			buf[x] = row[pos]
		}
		key := idsKey(buf)
		if _, ok := set[key]; ok {
			continue
		}
		if !ps.charge(ex, int64(len(key))+mapEntryBytes) {
			return nil
		}
		set[string([]byte(key))] = struct{}{}
	}
	p.sets[k] = set
	return set
}

// mapEntryBytes is the overhead charged per entry of a Go map with a
// string key (bucket share, header, hash).
const mapEntryBytes = 48

// idsKey returns the bytes of ids as a string without copying: it must be
// copied before it is stored.
func idsKey(ids []ID) string {
	if len(ids) == 0 {
		return ""
	}
	return unsafe.String((*byte)(unsafe.Pointer(&ids[0])), len(ids)*8)
}
