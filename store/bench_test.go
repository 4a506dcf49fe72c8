package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// benchQuads builds n quads shaped like the chantier data: subjects with
// about ten properties each, shared types and predicates, literals.
func benchQuads(n int) []rdf.Quad {
	out := make([]rdf.Quad, 0, n)
	preds := []string{"name", "description", "region", "theme", "startDate", "member", "objective", "status", "kind", "sameAs"}
	for i := range n {
		s := rdf.IRI(fmt.Sprintf("https://example.org/adn/chantier/%d", i/10))
		p := rdf.IRI("https://example.org/adn/ns#" + preds[i%10])
		var o rdf.Term
		switch i % 10 {
		case 0, 1:
			o = rdf.LangString(fmt.Sprintf("Chantier numéro %d", i), "fr")
		case 4:
			o = rdf.Literal(fmt.Sprintf("2024-%02d-%02d", i%12+1, i%28+1), rdf.XSDDate)
		case 5, 6:
			o = rdf.IRI(fmt.Sprintf("https://example.org/adn/person/%d", i%5000))
		default:
			o = rdf.IRI(fmt.Sprintf("https://example.org/adn/concept/%d", i%200))
		}
		out = append(out, rdf.Quad{S: s, P: p, O: o, G: rdf.IRI(fmt.Sprintf("https://example.org/adn/graph/%d", i/1000))})
	}
	return out
}

func loadedStore(b *testing.B, n int) (*Store, []rdf.Quad) {
	b.Helper()
	s := openTest(b)
	quads := benchQuads(n)
	if _, err := s.BulkLoad(context.Background(), pushAll(quads, -1), LoadOptions{}); err != nil {
		b.Fatal(err)
	}
	return s, quads
}

func BenchmarkDictionaryEncode(b *testing.B) {
	s, quads := loadedStore(b, 100_000)
	snap := s.Snapshot()
	defer snap.Close()
	b.Run("encoding", func(b *testing.B) {
		var buf []byte
		for i := 0; b.Loop(); i++ {
			buf, _ = appendTermEncoding(buf[:0], quads[i%len(quads)].O)
		}
	})
	b.Run("LookupID/cached", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, ok, err := snap.LookupID(quads[i%64].O); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	// The test store caches 1,024 entries; the loop cycles through
	// 25,000 terms, so nearly every lookup reads Badger.
	b.Run("LookupID/uncached", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, ok, err := snap.LookupID(quads[(i*7919)%len(quads)].O); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("Term/uncached", func(b *testing.B) {
		terms := snap.Stats().DistinctObjects
		for i := 0; b.Loop(); i++ {
			if _, err := snap.Term(firstTermID + ID(uint64(i*7919)%terms)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAddQuads measures the transaction path: 1,000 new quads per
// Update (6 index keys each, dictionary entries, statistics). After
// 500 iterations the quads repeat, and adding them again is a no-op.
func BenchmarkAddQuads(b *testing.B) {
	s := openTest(b)
	quads := benchQuads(500_000)
	const perTxn = 1000
	i := 0
	for b.Loop() {
		batch := quads[i%len(quads) : i%len(quads)+perTxn]
		i += perTxn
		err := s.Update(context.Background(), func(tx *Txn) error {
			for _, q := range batch {
				if err := tx.Add(q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*perTxn)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkBulkLoad loads 100k quads into a fresh in-memory store.
func BenchmarkBulkLoad(b *testing.B) {
	quads := benchQuads(100_000)
	for b.Loop() {
		s, err := Open("", testOptions())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.BulkLoad(context.Background(), pushAll(quads, -1), LoadOptions{}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(b.N*len(quads))/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkScanSubject reads all the quads (10) of one subject, in id
// space, from a 100k-quad store.
func BenchmarkScanSubject(b *testing.B) {
	s, quads := loadedStore(b, 100_000)
	snap := s.Snapshot()
	defer snap.Close()
	ctx := context.Background()
	ids := make([]ID, 0, 1000)
	for i := 0; i < len(quads); i += 100 {
		id, _, err := snap.LookupID(quads[i].S)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	n := 0
	for i := 0; b.Loop(); i++ {
		for _, err := range snap.Quads(ctx, IDQuad{S: ids[i%len(ids)]}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	if n != b.N*10 {
		b.Fatalf("scanned %d quads for %d subjects", n, b.N)
	}
}

// BenchmarkScanPredicate reads all the quads (10,000) of one predicate.
func BenchmarkScanPredicate(b *testing.B) {
	s, quads := loadedStore(b, 100_000)
	snap := s.Snapshot()
	defer snap.Close()
	ctx := context.Background()
	p, _, err := snap.LookupID(quads[3].P)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		n := 0
		for _, err := range snap.Quads(ctx, IDQuad{P: p}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10_000 {
			b.Fatalf("scanned %d quads", n)
		}
	}
	b.ReportMetric(float64(b.N*10_000)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkStats shows that Stats is cheap: it is cached per data version.
func BenchmarkStats(b *testing.B) {
	s, _ := loadedStore(b, 100_000)
	snap := s.Snapshot()
	defer snap.Close()
	for b.Loop() {
		if snap.Stats().Quads != 100_000 {
			b.Fatal("wrong statistics")
		}
	}
}

// BenchmarkIDTermCaches reads 350,000 dense ids in a scattered order
// through the generational cache (the term → id side) and the id → term
// slots (termSlots).
func BenchmarkIDTermCaches(b *testing.B) {
	const n = 350_000
	perm := make([]ID, 4*n)
	for i := range perm {
		perm[i] = ID(1 + (uint64(i)*2654435761)%n)
	}
	gen := newCache[ID, rdf.Term](1<<20, func(id ID) uint64 { return uint64(id) })
	slots := newTermSlots(1 << 20)
	for i := 1; i <= n; i++ {
		gen.put(ID(i), rdf.IRI("http://x/"))
		slots.put(ID(i), rdf.IRI("http://x/"))
	}
	b.Run("generational", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			gen.get(perm[i%len(perm)])
		}
	})
	b.Run("slots", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			slots.get(perm[i%len(perm)])
		}
	})
}

// BenchmarkColumnLookup looks up random leading ids in columns of 100k,
// 1M and 5M rows (column.span through its directory): the
// cost per lookup should barely grow with the column.
func BenchmarkColumnLookup(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000, 5_000_000} {
		rng := rand.New(rand.NewPCG(1, 2))
		rows := make([]colRow, n)
		for i := range rows {
			rows[i] = colRow{ID(2 + rng.IntN(3*n)), ID(rng.IntN(n)), DefaultGraphID}
		}
		slices.SortFunc(rows, compareRows)
		keys := make([]ID, 1<<16)
		for i := range keys {
			keys[i] = rows[rng.IntN(n)].a
		}
		col := newColumn(byObject, 1, rows)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				col.span(keys[i&(len(keys)-1)], 0, false)
			}
		})
	}
}
