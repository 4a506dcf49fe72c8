package eval

// idIndex maps term ids to the first of a chain of row numbers: an open
// addressing table with linear probing over one array, which costs a hash
// join's probe about one cache miss where a Go map costs several.
type idIndex struct {
	slots []idSlot
	shift uint
	// zero is the head for key 0 (an unbound key), which marks empty
	// slots in the table.
	zero int32
}

type idSlot struct {
	key  ID
	head int32
}

// newIDIndex returns an index sized for n distinct keys at most.
func newIDIndex(n int) *idIndex {
	size, bits := 8, uint(3)
	for size < 2*n {
		size, bits = size*2, bits+1
	}
	return &idIndex{slots: make([]idSlot, size), shift: 64 - bits, zero: -1}
}

func (x *idIndex) pos(k ID) uint64 { return (k * 0x9E3779B97F4A7C15) >> x.shift }

// get returns the head stored for k, or -1.
func (x *idIndex) get(k ID) int32 {
	if k == 0 {
		return x.zero
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
