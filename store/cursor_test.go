package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// scanAll collects the quads of one Quads call, the reference for Cursor.
func scanAll(t testing.TB, snap *Snapshot, pat IDQuad) []IDQuad {
	t.Helper()
	var out []IDQuad
	for q, err := range snap.Quads(context.Background(), pat) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	return out
}

func TestCursorMatchesQuads(t *testing.T) {
	s := openTest(t)
	quads := genQuads(300)
	addAll(t, s, Public, quads)
	snap, cur := openCursor(t, s)
	all := scanAll(t, snap, IDQuad{})
	if len(all) == 0 {
		t.Fatal("empty store")
	}
	// Every binding shape, taken from stored quads (and one absent id).
	shapes := map[string]func(q IDQuad) IDQuad{
		"none": func(IDQuad) IDQuad { return IDQuad{} },
		"S":    func(q IDQuad) IDQuad { return IDQuad{S: q.S} },
		"P":    func(q IDQuad) IDQuad { return IDQuad{P: q.P} },
		"O":    func(q IDQuad) IDQuad { return IDQuad{O: q.O} },
		"G":    func(q IDQuad) IDQuad { return IDQuad{G: q.G} },
		"SP":   func(q IDQuad) IDQuad { return IDQuad{S: q.S, P: q.P} },
		"SO":   func(q IDQuad) IDQuad { return IDQuad{S: q.S, O: q.O} },
		"PO":   func(q IDQuad) IDQuad { return IDQuad{P: q.P, O: q.O} },
		"PG":   func(q IDQuad) IDQuad { return IDQuad{P: q.P, G: q.G} },
		"OG":   func(q IDQuad) IDQuad { return IDQuad{O: q.O, G: q.G} },
		"SPO":  func(q IDQuad) IDQuad { return IDQuad{S: q.S, P: q.P, O: q.O} },
		"SPOG": func(q IDQuad) IDQuad { return q },
		"miss": func(q IDQuad) IDQuad { return IDQuad{S: q.S, P: 1 << 40} },
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			for i := 0; i < len(all); i += 37 {
				pat := shape(all[i])
				want := scanAll(t, snap, pat)
				if pat == (IDQuad{}) {
					// Read predicate by predicate: the POSG order.
					slices.SortFunc(want, func(x, y IDQuad) int {
						return cmp.Or(cmp.Compare(x.P, y.P), cmp.Compare(x.O, y.O), cmp.Compare(x.S, y.S), cmp.Compare(x.G, y.G))
					})
				}
				var got []IDQuad
				if err := cur.Scan(pat, func(q IDQuad) bool { got = append(got, q); return true }); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("pattern %+v: cursor gave %d quads, Quads %d", pat, len(got), len(want))
				}
			}
		})
	}
}

// TestCursorNested runs a scan inside another over the same index, as an
// index nested-loop join does, and stops scans early.
func TestCursorNested(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(200))
	snap, cur := openCursor(t, s)
	var outer, inner, want int
	for q, err := range snap.Quads(context.Background(), IDQuad{}) {
		if err != nil {
			t.Fatal(err)
		}
		want += len(scanAll(t, snap, IDQuad{S: q.S}))
	}
	err := cur.Scan(IDQuad{}, func(q IDQuad) bool {
		outer++
		if err := cur.Scan(IDQuad{S: q.S}, func(IDQuad) bool { inner++; return true }); err != nil {
			t.Fatal(err)
		}
		// An early stop leaves the iterator reusable.
		if err := cur.Scan(IDQuad{S: q.S}, func(IDQuad) bool { return false }); err != nil {
			t.Fatal(err)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if outer == 0 || inner != want {
		t.Fatalf("outer %d, inner %d quads, want %d", outer, inner, want)
	}
}

func TestCursorClose(t *testing.T) {
	tests := []struct {
		name  string
		setup func(snap *Snapshot, cur *Cursor)
		want  error
	}{
		{"cursor closed", func(_ *Snapshot, cur *Cursor) { cur.Close() }, ErrViewClosed},
		{"snapshot closed", func(snap *Snapshot, _ *Cursor) { snap.Close() }, ErrViewClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			addAll(t, s, Public, genQuads(50))
			snap := s.Snapshot()
			defer snap.Close()
			cur := snap.Cursor(context.Background())
			defer cur.Close()
			n := 0
			if err := cur.Scan(IDQuad{}, func(IDQuad) bool { n++; return true }); err != nil || n == 0 {
				t.Fatalf("first scan: %d quads, %v", n, err)
			}
			tt.setup(snap, cur)
			err := cur.Scan(IDQuad{}, func(IDQuad) bool { return true })
			if !errors.Is(err, tt.want) {
				t.Fatalf("scan after close: %v, want %v", err, tt.want)
			}
		})
	}
}

// TestCursorKeepsSnapshot checks that a snapshot closed while a cursor
// holds iterators is released only when the cursor closes (Badger panics
// on discarding a transaction with open iterators).
func TestCursorKeepsSnapshot(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(50))
	snap := s.Snapshot()
	cur := snap.Cursor(context.Background())
	if err := cur.Scan(IDQuad{}, func(IDQuad) bool { return true }); err != nil {
		t.Fatal(err)
	}
	snap.Close()
	if n := snap.st.openIterators(); n != 1 {
		t.Fatalf("%d open iterators, want 1", n)
	}
	cur.Close()
	if n := snap.st.openIterators(); n != 0 {
		t.Fatalf("%d open iterators after Close, want 0", n)
	}
}

func TestCursorCancelled(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(3000))
	snap := s.Snapshot()
	defer snap.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cur := snap.Cursor(ctx)
	defer cur.Close()
	err := cur.Scan(IDQuad{}, func(IDQuad) bool { return true })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("scan with a cancelled context: %v", err)
	}
}

// BenchmarkCursorScanSubject is BenchmarkScanSubject through one Cursor:
// the iterator is re-seeked instead of opened for each subject.
func BenchmarkCursorScanSubject(b *testing.B) {
	s, quads := loadedStore(b, 100_000)
	snap, cur := openCursor(b, s)
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
		if err := cur.Scan(IDQuad{S: ids[i%len(ids)]}, func(IDQuad) bool { n++; return true }); err != nil {
			b.Fatal(err)
		}
	}
	if n != b.N*10 {
		b.Fatalf("scanned %d quads for %d subjects", n, b.N)
	}
}

// BenchmarkCursorScanPredicate reads the 10,000 quads of one predicate
// through a Cursor: the per-row cost that the planner weighs against the
// cost of one seek (BenchmarkCursorScanSubject).
func BenchmarkCursorScanPredicate(b *testing.B) {
	s, quads := loadedStore(b, 100_000)
	snap, cur := openCursor(b, s)
	p, _, err := snap.LookupID(quads[3].P)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		n := 0
		if err := cur.Scan(IDQuad{P: p}, func(IDQuad) bool { n++; return true }); err != nil {
			b.Fatal(err)
		}
		if n != 10_000 {
			b.Fatalf("scanned %d quads", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10_000), "ns/quad")
}

// TestFullScanKeepsColumns: a full scan through a cursor reads predicate by
// predicate and keeps each predicate as its column, so that the next full
// scan gives the same quads from memory; a scan stopped early stops.
func TestFullScanKeepsColumns(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(500))
	snap, cur := openCursor(t, s)
	var first, second []IDQuad
	if err := cur.Scan(IDQuad{}, func(q IDQuad) bool { first = append(first, q); return true }); err != nil {
		t.Fatal(err)
	}
	preds := predicatesOf(first)
	for _, p := range preds {
		if s.cols.get(colKey{sp: Public, p: p, order: byObject}, cur.readTs) == nil {
			t.Fatalf("predicate %d has no column after a full scan", p)
		}
	}
	if err := cur.Scan(IDQuad{}, func(q IDQuad) bool { second = append(second, q); return true }); err != nil {
		t.Fatal(err)
	}
	if len(first) != len(scanAll(t, snap, IDQuad{})) || !slices.Equal(first, second) {
		t.Fatalf("second full scan gave %d quads, first %d", len(second), len(first))
	}
	var some []IDQuad
	if err := cur.Scan(IDQuad{}, func(q IDQuad) bool { some = append(some, q); return len(some) < 3 }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(some, first[:3]) {
		t.Fatalf("stopped after 3: %v, want %v", some, first[:3])
	}
}

// TestFullScanManyPredicates: a space with more predicates than a full
// scan reads one by one is read through its subject index, in the order
// Quads gives, and keeps no column.
func TestFullScanManyPredicates(t *testing.T) {
	s := openTest(t)
	var quads []rdf.Quad
	for i := range maxScanPredicates + 10 {
		quads = append(quads, rdf.Quad{S: ex(fmt.Sprintf("s%d", i%7)), P: ex(fmt.Sprintf("p%d", i)), O: ex("o")})
	}
	addAll(t, s, Public, quads)
	snap, cur := openCursor(t, s)
	var got []IDQuad
	if err := cur.Scan(IDQuad{}, func(q IDQuad) bool { got = append(got, q); return true }); err != nil {
		t.Fatal(err)
	}
	if want := scanAll(t, snap, IDQuad{}); !slices.Equal(got, want) {
		t.Fatalf("full scan gave %d quads, Quads %d (or another order)", len(got), len(want))
	}
	if n := len(s.cols.cols); n != 0 {
		t.Fatalf("%d columns kept", n)
	}
}
