package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// testOptions is the small in-memory profile every unit test uses.
func testOptions() Options {
	o := DefaultOptions()
	o.InMemory = true
	o.CacheSize = 1024
	return o
}

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open("", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openCursor opens a snapshot of s and a cursor over it, both closed when
// the test ends.
func openCursor(t testing.TB, s *Store) (*Snapshot, *Cursor) {
	t.Helper()
	snap := s.Snapshot()
	t.Cleanup(func() { snap.Close() })
	cur := snap.Cursor(context.Background())
	t.Cleanup(cur.Close)
	return snap, cur
}

func openDir(t testing.TB, dir string) *Store {
	t.Helper()
	o := DefaultOptions()
	s, err := Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ex(local string) rdf.Term { return rdf.IRI("http://example.org/" + local) }

// genQuads builds n quads over a small vocabulary: subjects s0…, 5
// predicates, objects mixing IRIs and literals, 3 named graphs and the
// default graph.
func genQuads(n int) []rdf.Quad {
	out := make([]rdf.Quad, 0, n)
	for i := range n {
		q := rdf.Quad{
			S: ex(fmt.Sprintf("s%d", i/7)),
			P: ex(fmt.Sprintf("p%d", i%5)),
		}
		switch i % 3 {
		case 0:
			q.O = ex(fmt.Sprintf("o%d", i%11))
		case 1:
			q.O = rdf.String(fmt.Sprintf("literal %d", i))
		default:
			q.O = rdf.LangString(fmt.Sprintf("texte %d", i%13), "fr")
		}
		if g := i % 4; g > 0 {
			q.G = ex(fmt.Sprintf("g%d", g))
		}
		out = append(out, q)
	}
	return out
}

func addAll(t testing.TB, s *Store, sp Space, quads []rdf.Quad) {
	t.Helper()
	err := s.Update(context.Background(), func(tx *Txn) error {
		tx = tx.In(sp)
		for _, q := range quads {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// collect returns the quads matching p, sorted.
func collect(t testing.TB, snap *Snapshot, p Pattern) []rdf.Quad {
	t.Helper()
	var out []rdf.Quad
	for q, err := range snap.Match(context.Background(), p) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	slices.SortFunc(out, rdf.CompareQuads)
	return out
}

// naive filters quads by a pattern, the reference for Match.
func naive(quads []rdf.Quad, p Pattern) []rdf.Quad {
	var out []rdf.Quad
	seen := map[rdf.Quad]bool{}
	for _, q := range quads {
		if (!p.S.IsZero() && q.S != p.S) || (!p.P.IsZero() && q.P != p.P) ||
			(!p.O.IsZero() && q.O != p.O) || (!p.AnyGraph && q.G != p.G) || seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, q)
	}
	slices.SortFunc(out, rdf.CompareQuads)
	return out
}

// checkStats compares the incremental statistics with a recount.
func checkStats(t testing.TB, s *Store, sp Space) {
	t.Helper()
	snap := s.Snapshot().In(sp)
	defer snap.Close()
	want, err := snap.computeStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Stats(); !got.equal(want) {
		t.Fatalf("%s statistics drifted:\n got %+v\nwant %+v", sp, got, want)
	}
	persisted, err := snap.readStats()
	if err != nil {
		t.Fatal(err)
	}
	if !persisted.equal(want) {
		t.Fatalf("%s persisted statistics drifted:\n got %+v\nwant %+v", sp, persisted, want)
	}
}
