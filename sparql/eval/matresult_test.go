package eval

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"context"
	"iter"

	"github.com/ruche-lod/ruche/store/rdf"
)

// TestMatResultProbes compares the rows a build finds for each probe key
// (sorted search, galloping, the switch to hashing, hashing with rows
// grouped by key or chained) with a scan of every row, in the order the
// rows came, over sorted and unsorted builds, dense and sparse keys, rows
// without a key, and probe orders that repeat, skip, go back and miss;
// the index's bytes are charged once built.
func TestMatResultProbes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sortedKeys := func(n, spread int) []ID {
		ks := make([]ID, n)
		for i := range ks {
			ks[i] = ID(1 + rng.IntN(spread))
		}
		slices.Sort(ks)
		return ks
	}
	shuffled := func(ks []ID) []ID {
		out := slices.Clone(ks)
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	ascending := func(n, spread int) []ID { return sortedKeys(n, spread+10) }
	random := func(n, spread int) []ID {
		ps := make([]ID, n)
		for i := range ps {
			ps[i] = ID(rng.IntN(spread + 10))
		}
		return ps
	}
	tests := []struct {
		name   string
		build  []ID
		probes []ID
		sorted bool // the build stays sorted (never hashed)
	}{
		{"empty", nil, []ID{1, 2, 0}, true},
		{"one row", []ID{5}, []ID{4, 5, 5, 6, 5, 1}, true},
		{"sorted, probes in order", sortedKeys(2000, 500), ascending(3000, 500), true},
		{"sorted with long runs", sortedKeys(2000, 20), ascending(500, 20), true},
		{"sorted, probes going back", sortedKeys(300, 100), []ID{50, 10, 90, 90, 3, 101, 0, 1, 100}, true},
		{"sorted, random probes switch to hashing", sortedKeys(5000, 4000), random(4000, 4000), false},
		{"unsorted", shuffled(sortedKeys(1000, 300)), random(2000, 300), false},
		{"unsorted, sparse keys", shuffled([]ID{1 << 30, 7, 1 << 20, 7, 1 << 40}), []ID{7, 1 << 40, 8, 0, 1 << 20}, false},
		{"unsorted, some rows without a key", []ID{9, 0, 3, 9, 0, 4, 3}, []ID{9, 3, 4, 0, 5}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var charged int64
			m := &matResult{cols: []int{0, 1}, key: 1, charge: func(n int64) bool { charged += n; return true }}
			for i, k := range tc.build {
				m.add(Row{ID(i + 1), k})
			}
			before := slices.Clone(m.arena)
			m.fix()
			after := slices.Clone(m.arena)
			slices.Sort(before)
			slices.Sort(after)
			if !slices.Equal(before, after) {
				t.Fatal("the build's rows changed")
			}
			for _, k := range tc.probes {
				var got, want []ID
				for i := m.first(k); i >= 0; i = m.nextRow(i) {
					got = append(got, m.row(i)[0])
				}
				for i := range m.n {
					if m.row(i)[1] == k {
						want = append(want, m.row(i)[0])
					}
				}
				if !slices.Equal(got, want) { // both in the order the rows came
					t.Fatalf("key %d: rows %v, want %v", k, got, want)
				}
			}
			if m.sorted != tc.sorted {
				t.Errorf("sorted = %v at the end, want %v", m.sorted, tc.sorted)
			}
			var indexBytes int64
			if m.head != nil {
				indexBytes = m.head.bytes()
			}
			if charged != indexBytes {
				t.Errorf("the index holds %d bytes, %d were charged", indexBytes, charged)
			}
			dense := !tc.sorted && !slices.Contains(tc.build, 0) && slices.Max(tc.build)-slices.Min(tc.build) < directSpan*ID(len(tc.build))
			if grouped := m.head != nil && m.next == nil; grouped != dense {
				t.Errorf("grouped = %v at the end, want %v", grouped, dense)
			}
		})
	}
}

// idTerms is a dataset whose term of id n is <http://ex/tn>, counting the
// terms it is asked for.
type idTerms struct{ reads int }

func (d *idTerms) Quads(context.Context, IDQuad) iter.Seq2[IDQuad, error] {
	return func(func(IDQuad, error) bool) {}
}
func (d *idTerms) LookupID(rdf.Term) (ID, bool, error) { return 0, false, nil }
func (d *idTerms) Term(id ID) (rdf.Term, error) {
	d.reads++
	return rdf.IRI(fmt.Sprintf("http://ex/t%d", id)), nil
}
func (d *idTerms) Estimate(IDQuad) uint64 { return 0 }
func (d *idTerms) Graphs(context.Context) iter.Seq2[rdf.Term, error] {
	return func(func(rdf.Term, error) bool) {}
}

// TestTermCacheGrowth reads terms through an execution's cache while it
// grows from cacheStart to cacheSize entries: every id keeps giving its
// own term, repeated and interleaved, and a small working set is read from
// the dataset once.
func TestTermCacheGrowth(t *testing.T) {
	ds := &idTerms{}
	ex := &exec{ds: ds, cache: make([]cacheEntry, cacheStart)}
	for round := range 2 {
		for i := range cacheStart / 2 {
			id := ID(i + 2)
			if got, err := ex.term(id); err != nil || got.Value != fmt.Sprintf("http://ex/t%d", id) {
				t.Fatalf("term(%d) = %v, %v", id, got, err)
			}
		}
		if round == 0 && ds.reads != cacheStart/2 {
			t.Fatalf("%d reads for %d terms", ds.reads, cacheStart/2)
		}
	}
	if ds.reads != cacheStart/2 {
		t.Fatalf("%d reads after a second pass, want %d (cached)", ds.reads, cacheStart/2)
	}
	n := 3 * cacheSize
	for round := range 3 {
		for i := range n {
			id := ID((i*7919+round)%n + 2)
			if got, err := ex.term(id); err != nil || got.Value != fmt.Sprintf("http://ex/t%d", id) {
				t.Fatalf("term(%d) = %v, %v", id, got, err)
			}
		}
	}
	if len(ex.cache) != cacheSize {
		t.Errorf("cache of %d entries, want %d", len(ex.cache), cacheSize)
	}
}

// TestAdjacencyBothWays: an adjacency's pairs, indexed by subject and by
// object over the same arena (in either order of first use), find every
// pair of an end, as a scan does: neither index moves the pairs the other
// one points to.
func TestAdjacencyBothWays(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, first := range []int{0, 1} {
		adj := &adjacency{}
		for range 3000 {
			adj.pairs = append(adj.pairs, ID(2+rng.IntN(500)), ID(2+rng.IntN(500)))
			adj.n++
		}
		want := func(end int, k ID) []ID {
			var out []ID
			for i := range adj.n {
				if adj.pairs[2*i+end] == k {
					out = append(out, adj.pairs[2*i+1-end])
				}
			}
			slices.Sort(out)
			return out
		}
		for _, end := range []int{first, 1 - first, first} {
			by := adj.from(end)
			for k := ID(0); k < 510; k++ {
				var got []ID
				for i := by.first(k); i >= 0; i = by.nextRow(i) {
					got = append(got, adj.pairs[2*i+1-end])
				}
				slices.Sort(got)
				if w := want(end, k); !slices.Equal(got, w) {
					t.Fatalf("first %d, end %d, id %d: %v, want %v", first, end, k, got, w)
				}
			}
		}
	}
}
