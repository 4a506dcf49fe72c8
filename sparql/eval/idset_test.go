package eval

import (
	"math/rand/v2"
	"testing"
)

func TestIDSet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		ids  func() []ID
		// bitmap tells whether the set must end with its dataset ids in a
		// bitmap (dense ids) or in the hash set (sparse ones).
		bitmap bool
	}{
		{"empty", func() []ID { return nil }, false},
		{"few", func() []ID { return []ID{5, 3, 5, 0, 3, 9} }, false},
		{"dense ascending, repeated", func() []ID {
			var ids []ID
			for i := range 20000 {
				ids = append(ids, ID(i/2))
			}
			return ids
		}, true},
		{"dense shuffled", func() []ID {
			ids := make([]ID, 50000)
			for i := range ids {
				ids[i] = ID(r.IntN(30000))
			}
			return ids
		}, true},
		{"dense, then beyond the bitmap", func() []ID {
			var ids []ID
			for i := range 5000 {
				ids = append(ids, ID(i))
			}
			for i := range 5000 {
				ids = append(ids, ID(100000+i*3))
			}
			for i := range 5000 { // back below: in the bitmap
				ids = append(ids, ID(i*2))
			}
			return ids
		}, true},
		{"sparse", func() []ID {
			ids := make([]ID, 3000)
			for i := range ids {
				ids[i] = ID(r.Uint64N(1 << 40))
			}
			return ids
		}, false},
		{"local ids among dense ones", func() []ID {
			var ids []ID
			for i := range 4000 {
				ids = append(ids, ID(i%1500), localBit|ID(i%700))
			}
			return ids
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s idSet
			want := map[ID]bool{}
			var grown int64
			for i, id := range tc.ids() {
				fresh, grew := s.add(id)
				if fresh == want[id] {
					t.Fatalf("add #%d of %d: fresh %v, want %v", i, id, fresh, !want[id])
				}
				want[id] = true
				grown += grew
				if !s.has(id) {
					t.Fatalf("add #%d: %d missing after add", i, id)
				}
			}
			if s.len() != len(want) {
				t.Errorf("len %d, want %d", s.len(), len(want))
			}
			if grown != s.bytes() {
				t.Errorf("adds grew %d bytes in all, bytes() = %d", grown, s.bytes())
			}
			for id := range want {
				if !s.has(id) {
					t.Errorf("%d missing", id)
				}
			}
			for _, id := range []ID{1 << 41, 7 << 20, localBit | 1<<20} {
				if s.has(id) != want[id] {
					t.Errorf("has(%d) = %v, want %v", id, s.has(id), want[id])
				}
			}
			if got := s.bits != nil; got != tc.bitmap {
				t.Errorf("bitmap %v, want %v (%d ids, %d bytes)", got, tc.bitmap, s.len(), s.bytes())
			}
			if tc.bitmap && s.bytes() > int64(len(want))*idSetBytes/2 {
				t.Errorf("%d bytes for %d ids: the bitmap saves nothing", s.bytes(), len(want))
			}
		})
	}
}

func BenchmarkIDSet(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	ids := make([]ID, 300000)
	for i := range ids {
		ids[i] = ID(r.IntN(2_000_000))
	}
	b.Run("idSet", func(b *testing.B) {
		for b.Loop() {
			var s idSet
			for _, id := range ids {
				s.add(id)
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			s := map[ID]struct{}{}
			for _, id := range ids {
				if _, ok := s[id]; !ok {
					s[id] = struct{}{}
				}
			}
		}
	})
}
