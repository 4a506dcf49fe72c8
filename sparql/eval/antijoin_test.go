package eval

import (
	"context"
	"math/rand/v2"
	"testing"
)

// TestProbeSet compares the anti/semi-join's set with a scan of every
// stored row: one shared slot or two, ids dense (answered by a bitmap) or
// sparse (by the tuple index), slots unbound on either side, MINUS's rule
// that some shared slot must be bound on both, and rows added after
// probes (the bitmaps made so far are dropped).
func TestProbeSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	// Values come from a pool that grows with each round of adds, so that
	// later rows bring values the sets made by earlier probes lack.
	round := 0
	pool := func(n int) int { return n * (round + 1) }
	tests := []struct {
		name   string
		shared []int
		value  func() ID
	}{
		{"one slot, dense ids", []int{0}, func() ID { return ID(1000 + rng.IntN(pool(200))) }},
		{"one slot, sparse ids", []int{0}, func() ID { return ID(1+rng.IntN(pool(100))) << 30 }},
		{"one slot, dense, unbound", []int{1}, func() ID { return ID(rng.IntN(pool(150))) }},
		{"two slots, dense, unbound", []int{0, 2}, func() ID { return ID(rng.IntN(pool(20))) }},
		{"two slots, sparse, unbound", []int{0, 2}, func() ID { return ID(rng.IntN(pool(20))) << 30 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := &exec{ctx: context.Background()}
			ps := newProbeSet(tc.shared)
			var stored []Row
			row := func() Row {
				r := make(Row, 3)
				for _, s := range tc.shared {
					r[s] = tc.value()
				}
				return r
			}
			probe := func() Row {
				if len(stored) == 0 || rng.IntN(2) == 0 {
					return row()
				}
				a := append(Row(nil), stored[rng.IntN(len(stored))]...)
				a[tc.shared[rng.IntN(len(tc.shared))]] = 0 // sometimes the only one
				if rng.IntN(2) == 0 {
					a = append(Row(nil), stored[rng.IntN(len(stored))]...)
				}
				return a
			}
			check := func() {
				t.Helper()
				for range 400 {
					a := probe()
					for _, common := range []bool{false, true} {
						want := false
						for _, r := range stored {
							agree, both := true, false
							for _, s := range tc.shared {
								if a[s] != 0 && r[s] != 0 {
									both = true
									agree = agree && a[s] == r[s]
								}
							}
							if agree && (both || !common) {
								want = true
								break
							}
						}
						if got := ps.match(ex, a, common); got != want {
							t.Fatalf("probe %v (common %v) after %d rows: %v, want %v", a, common, len(stored), got, want)
						}
					}
				}
			}
			for round = range 3 {
				for range 100 {
					r := row()
					stored = append(stored, r)
					if !ps.add(ex, r) {
						t.Fatal(ex.err)
					}
				}
				check()
			}
		})
	}
}
