package store

import (
	"testing"
)

// TestChooseIndex checks, for all 16 patterns, that the chosen index starts
// with exactly the bound positions (one prefix scan answers the pattern) and
// that with G unbound the index ends with G.
func TestChooseIndex(t *testing.T) {
	want := map[string]string{
		"----": "SPOG", "S---": "SPOG", "-P--": "POSG", "--O-": "OSPG",
		"SP--": "SPOG", "S-O-": "OSPG", "-PO-": "POSG", "SPO-": "SPOG",
		"---G": "GSPO", "S--G": "GSPO", "-P-G": "GPOS", "--OG": "GOSP",
		"SP-G": "GSPO", "S-OG": "GOSP", "-POG": "GPOS", "SPOG": "SPOG",
	}
	for mask := range 16 {
		var pat IDQuad
		name := []byte("----")
		for pos := range 4 {
			if mask&(1<<pos) != 0 {
				pat.set(pos, ID(10+pos))
				name[pos] = "SPOG"[pos]
			}
		}
		t.Run(string(name), func(t *testing.T) {
			ix, n := chooseIndex(pat)
			if ix.String() != want[string(name)] {
				t.Errorf("index %s, want %s", ix, want[string(name)])
			}
			bound := 0
			for pos := range 4 {
				if pat.at(pos) != AnyID {
					bound++
				}
			}
			if n != bound {
				t.Errorf("prefix length %d, want %d", n, bound)
			}
			for i, pos := range indexOrder[ix] {
				if (i < n) != (pat.at(pos) != AnyID) {
					t.Errorf("position %d of %s is bound=%v but prefix length is %d", i, ix, pat.at(pos) != AnyID, n)
				}
			}
			if pat.G == AnyID && indexOrder[ix][3] != posG {
				t.Errorf("G unbound but %s does not end with G", ix)
			}
		})
	}
}

func TestIndexKeyRoundTrip(t *testing.T) {
	q := IDQuad{S: 2, P: 3, O: 1 << 40, G: 1}
	for ix := index(0); ix < numIndexes; ix++ {
		for sp := Space(0); sp < numSpaces; sp++ {
			key := appendIndexKey(nil, sp, ix, q)
			if len(key) != indexKeyLen {
				t.Fatalf("%s key length %d", ix, len(key))
			}
			got, ok := decodeIndexKey(ix, key)
			if !ok || got != q {
				t.Errorf("%s/%s: decoded %v, want %v", sp, ix, got, q)
			}
		}
	}
	// Every (space, index) pair has its own prefix byte, distinct from the
	// other key families.
	seen := map[byte]bool{prefixSystem: true, prefixIDTerm: true, prefixTermID: true, prefixTermHash: true, prefixMeta: true, prefixStats: true}
	for sp := Space(0); sp < numSpaces; sp++ {
		for ix := index(0); ix < numIndexes; ix++ {
			b := indexPrefixByte(sp, ix)
			if seen[b] {
				t.Errorf("prefix byte %#x used twice", b)
			}
			seen[b] = true
		}
	}
}
