package eval

// idIndex maps term ids to the first of a chain of row numbers. Two
// layouts, both one array:
//
//   - direct, when the keys' ids span at most directSpan ids per key (the
//     store's ids are dense counters, so the subjects or objects of a
//     pattern usually do): one head per id of the span, found by
//     subtracting the lowest id. A probe reads four bytes of an array a
//     quarter the size of a hash table, where hashing scatters millions
//     of keys over a table many times larger than the processor's caches;
//   - hashed otherwise: open addressing with linear probing, which costs a
//     probe about one cache miss where a Go map costs several.
type idIndex struct {
	slots []idSlot
	shift uint
	// direct holds the heads of ids base, base+1, …, or is nil; n is the
	// number of keys it was made for.
	direct []int32
	base   ID
	n      int
	// zero is the head for key 0 (an unbound key), which marks empty
	// slots in the table.
	zero int32
}

type idSlot struct {
	key  ID
	head int32
}

// directSpan is the most ids a direct index spans per key: its 4 bytes an
// id then take at most what the hashed table's 32–64 bytes a key would.
const directSpan = 8

// newIDIndex returns a hashed index sized for n distinct keys at most.
func newIDIndex(n int) *idIndex {
	size, bits := 8, uint(3)
	for size < 2*n {
		size, bits = size*2, bits+1
	}
	return &idIndex{slots: make([]idSlot, size), shift: 64 - bits, zero: -1}
}

// newIDIndexSpanning returns an index for n keys at most whose non-zero
// ids lie in [lo, hi]: direct when that span is at most directSpan ids a
// key, hashed otherwise.
func newIDIndexSpanning(n int, lo, hi ID) *idIndex {
	if n == 0 || hi < lo || uint64(hi-lo) >= uint64(directSpan)*uint64(n) {
		return newIDIndex(n)
	}
	heads := make([]int32, hi-lo+1)
	for i := range heads {
		heads[i] = -1
	}
	return &idIndex{direct: heads, base: lo, n: n, zero: -1}
}

// bytes is the memory the index holds.
func (x *idIndex) bytes() int64 { return int64(len(x.slots))*16 + int64(len(x.direct))*4 }

func (x *idIndex) pos(k ID) uint64 { return (k * 0x9E3779B97F4A7C15) >> x.shift }

// get returns the head stored for k, or -1.
func (x *idIndex) get(k ID) int32 {
	if k == 0 {
		return x.zero
	}
	if x.direct != nil {
		if d := uint64(k - x.base); d < uint64(len(x.direct)) {
			return x.direct[d]
		}
		return -1
	}
	mask := uint64(len(x.slots) - 1)
	for i := x.pos(k); ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.key == k {
			return s.head
		}
		if s.key == 0 {
			return -1
		}
	}
}

// swap stores head for k and returns the previous head, or -1.
func (x *idIndex) swap(k ID, head int32) int32 {
	if k == 0 {
		old := x.zero
		x.zero = head
		return old
	}
	if x.direct != nil {
		d := uint64(k - x.base)
		if d >= uint64(len(x.direct)) {
			x.hash()
			return x.swap(k, head)
		}
		old := x.direct[d]
		x.direct[d] = head
		return old
	}
	mask := uint64(len(x.slots) - 1)
	for i := x.pos(k); ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.key == k {
			old := s.head
			s.head = head
			return old
		}
		if s.key == 0 {
			s.key, s.head = k, head
			return -1
		}
	}
}

// hash turns a direct index into a hashed one for as many keys, holding
// the same heads (a key outside the span it was made for).
func (x *idIndex) hash() {
	heads, base := x.direct, x.base
	h := newIDIndex(x.n)
	h.zero = x.zero
	for d, head := range heads {
		if head >= 0 {
			h.swap(base+ID(d), head)
		}
	}
	*x = *h
}

// tupleIndex numbers distinct tuples of k ids (the keys of GROUP BY, the
// rows of DISTINCT) in the order they are first added: an open addressing
// table over one array of tuples, so a lookup hashes the ids themselves
// and allocates nothing.
type tupleIndex struct {
	k     int
	keys  []ID    // k ids per tuple, by number
	slots []int32 // tuple number + 1; 0 is empty
	n     int
}

func newTupleIndex(k int) *tupleIndex {
	return &tupleIndex{k: k, slots: make([]int32, 16)}
}

func hashTuple(t []ID) uint64 {
	h := uint64(0x9E3779B97F4A7C15)
	for _, x := range t {
		h = (h ^ x) * 0xBF58476D1CE4E5B9
		h ^= h >> 31
	}
	return h
}

// tupleIndexBytes is what one tuple of k ids costs in a tupleIndex (its ids
// and, at the table's fill of a half to a quarter, four slots).
func tupleIndexBytes(k int) int64 { return int64(8*k) + 16 }

// find returns the number of tuple t, or -1.
func (x *tupleIndex) find(t []ID) int {
	mask := uint64(len(x.slots) - 1)
	for i := hashTuple(t) & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s == 0 {
			return -1
		}
		if x.equal(int(s-1), t) {
			return int(s - 1)
		}
	}
}

func (x *tupleIndex) equal(n int, t []ID) bool {
	k := x.keys[n*x.k : n*x.k+x.k]
	for j, v := range t {
		if k[j] != v {
			return false
		}
	}
	return true
}

// add returns the number of tuple t and whether it is new (then numbered
// x.n-1).
func (x *tupleIndex) add(t []ID) (int, bool) {
	mask := uint64(len(x.slots) - 1)
	i := hashTuple(t) & mask
	for ; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s == 0 {
			break
		}
		if x.equal(int(s-1), t) {
			return int(s - 1), false
		}
	}
	x.keys = append(x.keys, t...)
	x.n++
	x.slots[i] = int32(x.n)
	if 2*x.n > len(x.slots) {
		x.grow()
	}
	return x.n - 1, true
}

func (x *tupleIndex) grow() {
	x.slots = make([]int32, 2*len(x.slots))
	mask := uint64(len(x.slots) - 1)
	for n := range x.n {
		i := hashTuple(x.keys[n*x.k:n*x.k+x.k]) & mask
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = int32(n + 1)
	}
}
