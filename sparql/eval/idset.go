package eval

// idSet is a set of term ids (the values of a COUNT(DISTINCT ?x), the rows
// of a one-column DISTINCT, the nodes of a graph). It starts as a hash set
// and moves the dataset's ids into a bitmap once a bitmap covering them
// costs no more bytes than the hash set holding them: a store's term ids
// are dense counters (store.ID), so a set holding a fair share of a
// store's terms takes a bit per term instead of tens of bytes, and adding
// an id touches one word instead of a hash table larger than the CPU
// caches (COUNT(DISTINCT) over 300,000 subjects: the hash set's misses
// were most of the query). Ids minted during evaluation (localBit), and
// ids beyond the bitmap until enough of them make extending it pay, stay
// in the hash set; sparse ids never make a bitmap.
//
// The zero idSet is empty and ready to use. bytes tells what it holds in
// memory, for the budget.
type idSet struct {
	hash  map[ID]struct{}
	bits  []uint64 // ids below len(bits)*64 are here, and only here
	n     int      // ids in the set
	spill int      // dataset ids (not local) in hash
	top   ID       // the largest dataset id in hash
}

// minBitmapIDs is the fewest dataset ids in the hash set that may move to
// a bitmap: below it the hash set is small anyway, and each move copies
// the bitmap, so at least this many adds pay for it.
const minBitmapIDs = 256

// has tells whether id is in the set.
func (s *idSet) has(id ID) bool {
	if id < ID(len(s.bits))<<6 {
		return s.bits[id>>6]&(1<<(id&63)) != 0
	}
	_, ok := s.hash[id]
	return ok
}

// add adds id; fresh tells whether it was not in the set, and grew is the
// change in the set's bytes (negative when ids moved to a bitmap).
func (s *idSet) add(id ID) (fresh bool, grew int64) {
	if id < ID(len(s.bits))<<6 {
		w, b := id>>6, uint64(1)<<(id&63)
		if s.bits[w]&b != 0 {
			return false, 0
		}
		s.bits[w] |= b
		s.n++
		return true, 0
	}
	if _, ok := s.hash[id]; ok {
		return false, 0
	}
	if s.hash == nil {
		s.hash = map[ID]struct{}{}
	}
	s.hash[id] = struct{}{}
	s.n++
	grew = idSetBytes
	if !isLocal(id) {
		s.spill++
		s.top = max(s.top, id)
		if s.spill >= minBitmapIDs && bitmapBytes(s.top)-s.bitmapBytes() <= int64(s.spill)*idSetBytes {
			grew += s.toBitmap()
		}
	}
	return true, grew
}

// bitmapBytes is what a bitmap covering ids up to top costs.
func bitmapBytes(top ID) int64 { return int64(top>>6+1) * 8 }

func (s *idSet) bitmapBytes() int64 { return int64(len(s.bits)) * 8 }

// bytes is what the set holds in memory.
func (s *idSet) bytes() int64 { return int64(len(s.hash))*idSetBytes + s.bitmapBytes() }

// len is the number of ids in the set.
func (s *idSet) len() int { return s.n }

// toBitmap extends the bitmap to cover every dataset id in the hash set
// and moves them there, and returns the change in bytes.
func (s *idSet) toBitmap() int64 {
	before := s.bytes()
	// A quarter more than needed: ids come in roughly ascending order
	// as a store grows, so the next extension waits longer.
	words := int(s.top>>6) + 1
	words += words / 4
	bits := make([]uint64, words)
	copy(bits, s.bits)
	s.bits = bits
	locals := map[ID]struct{}{}
	for id := range s.hash {
		if isLocal(id) {
			locals[id] = struct{}{}
			continue
		}
		s.bits[id>>6] |= 1 << (id & 63)
	}
	s.hash, s.spill, s.top = locals, 0, 0
	return s.bytes() - before
}

// holdID adds id to s and charges what it adds against the execution's
// budgets: a row, the bytes the set grew by, and extra more bytes for what
// the caller keeps beside a new id. fresh is false when id was in s
// already; ok is false when a budget is passed (the execution stops).
func (ex *exec) holdID(s *idSet, id ID, extra int64) (fresh, ok bool) {
	fresh, grew := s.add(id)
	if !fresh {
		return false, true
	}
	return true, ex.hold(1, grew+extra)
}

// releaseIDs gives back what holdID charged for s, with the same extra.
func (ex *exec) releaseIDs(s *idSet, extra int64) {
	ex.release(int64(s.len()), s.bytes()+extra*int64(s.len()))
}
