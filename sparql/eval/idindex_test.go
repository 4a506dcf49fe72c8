package eval

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestIDIndex compares the index with a map over key sets with repeats,
// collisions (multiples of the table size), key 0 and local ids, in both
// layouts: hashed, and spanning the keys' ids (direct when they are dense
// enough), also when later keys fall outside the span it was made for.
func TestIDIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		keys []ID
	}{
		{"empty", nil},
		{"zero only", []ID{0, 0}},
		{"repeats", []ID{5, 5, 7, 5, 0, 7}},
		{"zero, then far", []ID{5, 6, 0, 0, 9000, 5}},
		{"same slot", []ID{1 << 20, 2 << 20, 3 << 20, 4 << 20, 5 << 20}},
		{"local ids", []ID{localBit | 1, localBit | 2, 3}},
		{"random", func() []ID {
			ks := make([]ID, 5000)
			for i := range ks {
				ks[i] = ID(rng.IntN(3000))
			}
			return ks
		}()},
		{"dense", func() []ID {
			ks := make([]ID, 3000)
			for i := range ks {
				ks[i] = ID(1000 + rng.IntN(2000))
			}
			return ks
		}()},
	}
	layouts := map[string]func(keys []ID) *idIndex{
		"hashed": func(keys []ID) *idIndex { return newIDIndex(len(keys)) },
		"spanning": func(keys []ID) *idIndex {
			lo, hi := ^ID(0), ID(0)
			for _, k := range keys {
				if k != 0 {
					lo, hi = min(lo, k), max(hi, k)
				}
			}
			return newIDIndexSpanning(len(keys), lo, hi)
		},
		"spanning the first half": func(keys []ID) *idIndex {
			lo, hi := ^ID(0), ID(0)
			for _, k := range keys[:len(keys)/2] {
				if k != 0 {
					lo, hi = min(lo, k), max(hi, k)
				}
			}
			return newIDIndexSpanning(len(keys), lo, hi)
		},
	}
	for _, tt := range tests {
		for name, layout := range layouts {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				checkIDIndex(t, layout(tt.keys), tt.keys)
			})
		}
	}
	// The dense keys take the direct layout, the sparse ones the hashed.
	if x := newIDIndexSpanning(3000, 1000, 2999); x.direct == nil {
		t.Fatal("3,000 keys over 2,000 ids are not direct")
	}
	if x := newIDIndexSpanning(5, 1<<20, 5<<20); x.direct != nil {
		t.Fatal("5 keys over 4M ids are direct")
	}
}

// checkIDIndex stores keys in x (each key's head is its last position) and
// compares x with a map.
func checkIDIndex(t *testing.T, x *idIndex, keys []ID) {
	t.Helper()
	want := map[ID]int32{}
	for i, k := range keys {
		prev, ok := want[k]
		if !ok {
			prev = -1
		}
		if got := x.swap(k, int32(i)); got != prev {
			t.Fatalf("swap(%d) gave %d, want %d", k, got, prev)
		}
		want[k] = int32(i)
	}
	for k, h := range want {
		if got := x.get(k); got != h {
			t.Fatalf("get(%d) = %d, want %d", k, got, h)
		}
	}
	for _, k := range []ID{1, 999, 99999, 1 << 40, localBit | 77} {
		if _, ok := want[k]; !ok && x.get(k) != -1 {
			t.Fatalf("get(%d) found an absent key", k)
		}
	}
}

// BenchmarkHashProbe probes a 40,000-key index in random order, against a
// Go map.
func BenchmarkHashProbe(b *testing.B) {
	const n = 40000
	rng := rand.New(rand.NewPCG(3, 4))
	keys := make([]ID, n)
	for i := range keys {
		keys[i] = ID(rng.Uint64N(1<<24)) + 2
	}
	x := newIDIndex(n)
	m := make(map[ID]int32, n)
	for i, k := range keys {
		x.swap(k, int32(i))
		m[k] = int32(i)
	}
	b.Run("idIndex", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if x.get(keys[i%n]) < 0 {
				b.Fatal("missing key")
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, ok := m[keys[i%n]]; !ok {
				b.Fatal("missing key")
			}
		}
	})
}

// TestTupleIndex numbers tuples like a map from their ids would, across
// growth, with zeros (unbound), repeats, colliding values and no key.
func TestTupleIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tests := []struct {
		name   string
		k, n   int
		spread int
	}{
		{"no key", 0, 50, 1},
		{"one id", 1, 5000, 700},
		{"pairs with zeros", 2, 5000, 30},
		{"triples, few distinct", 3, 3000, 3},
		{"wide, all distinct", 6, 2000, 1 << 40},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := newTupleIndex(tc.k)
			want := map[string]int{}
			for range tc.n {
				tup := make([]ID, tc.k)
				for j := range tup {
					tup[j] = ID(rng.IntN(tc.spread))
				}
				key := fmt.Sprint(tup)
				n, fresh := x.add(tup)
				w, seen := want[key]
				if !seen {
					w = len(want)
					want[key] = w
				}
				if n != w || fresh == seen {
					t.Fatalf("add %v = %d, %v; want %d, %v", tup, n, fresh, w, !seen)
				}
				if got := x.find(tup); got != w {
					t.Fatalf("find %v = %d, want %d", tup, got, w)
				}
			}
			if x.n != len(want) {
				t.Fatalf("%d tuples, want %d", x.n, len(want))
			}
			zero := make([]ID, tc.k)
			if (x.find(zero) >= 0) != hasKey(want, fmt.Sprint(zero)) {
				t.Fatal("find of the zero tuple disagrees")
			}
		})
	}
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// BenchmarkTupleIndexAdd adds 400,000 triples of ids (the dedup of a large
// CONSTRUCT), a fifth of them repeats, into a table larger than the CPU
// caches.
func BenchmarkTupleIndexAdd(b *testing.B) {
	const n = 400000
	rng := rand.New(rand.NewPCG(7, 8))
	tuples := make([]ID, 3*n)
	for i := range tuples {
		tuples[i] = ID(rng.Uint64N(1<<22)) + 2
	}
	for i := 0; i < n; i += 5 {
		j := rng.IntN(n)
		copy(tuples[3*i:3*i+3], tuples[3*j:3*j+3])
	}
	for b.Loop() {
		x := newTupleIndex(3)
		for i := range n {
			x.add(tuples[3*i : 3*i+3])
		}
	}
}
