package store

import (
	"encoding/binary"
	"fmt"
)

// distinctReadAhead is how many keys ScanDistinct reads past a value's
// first key before it seeks to the next value: a few reads cost less than a
// seek, so values held by few quads are read through, and values held by
// many cost one seek each instead of every key.
const distinctReadAhead = 8

// ScanDistinct calls fn with each distinct id at position of ('S', 'P', 'O'
// or 'G') of the quads matching pat, in ascending order, until fn returns
// false, and returns true. It returns false without calling fn when that
// position is bound in pat or no index orders pat's quads by it right
// after the bound positions (then only a scan of every quad answers).
// Values held by many quads are skipped over by seeking past them: listing
// the predicates of a million triples reads a few keys per predicate.
func (c *Cursor) ScanDistinct(pat IDQuad, of byte, fn func(ID) bool) (bool, error) {
	if err := c.ready(); err != nil {
		return false, err
	}
	want, ok := positionOf(of)
	if !ok || pat.at(want) != AnyID {
		return false, nil
	}
	ix, n, ok := distinctIndex(pat, want)
	if !ok {
		return false, nil
	}
	var pbuf, sbuf [indexKeyLen]byte
	prefix := appendIndexPrefix(pbuf[:0], c.v.sp, ix, n, pat)
	it, err := c.take(ix)
	if err != nil {
		return true, err
	}
	defer c.put(ix, it)
	value := func() (ID, error) {
		key := it.Item().Key()
		q, ok := decodeIndexKey(ix, key)
		if !ok {
			return 0, fmt.Errorf("store: corrupt %s key %x", ix, key)
		}
		return q.at(want), nil
	}
	it.Seek(prefix)
	for it.ValidForPrefix(prefix) {
		if err := c.tick(); err != nil {
			return true, err
		}
		v, err := value()
		if err != nil {
			return true, err
		}
		if !fn(v) {
			return true, nil
		}
		moved := false
		for range distinctReadAhead {
			if it.Next(); !it.ValidForPrefix(prefix) {
				return true, nil
			}
			if err := c.tick(); err != nil {
				return true, err
			}
			next, err := value()
			if err != nil {
				return true, err
			}
			if moved = next != v; moved {
				break
			}
		}
		if !moved {
			if v == ^ID(0) {
				return true, nil
			}
			it.Seek(binary.BigEndian.AppendUint64(append(sbuf[:0], prefix...), uint64(v)+1))
		}
	}
	return true, nil
}

// positionOf is the quad position named by 'S', 'P', 'O' or 'G'.
func positionOf(of byte) (int, bool) {
	switch of {
	case 'S':
		return posS, true
	case 'P':
		return posP, true
	case 'O':
		return posO, true
	case 'G':
		return posG, true
	}
	return 0, false
}

// distinctIndex returns an index whose key order starts with the bound
// positions of pat (n of them) followed by position want.
func distinctIndex(pat IDQuad, want int) (index, int, bool) {
	n := 0
	for p := range 4 {
		if pat.at(p) != AnyID {
			n++
		}
	}
	for ix := range index(numIndexes) {
		order := indexOrder[ix]
		if order[n] != want {
			continue
		}
		leading := true
		for _, p := range order[:n] {
			leading = leading && pat.at(p) != AnyID
		}
		if leading {
			return ix, n, true
		}
	}
	return 0, 0, false
}
