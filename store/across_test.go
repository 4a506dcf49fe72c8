package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// acrossQuads are genQuads and, for the orders a lookup across predicates
// must keep, quads that differ only by graph and a subject linked to the
// same object by several predicates.
func acrossQuads() []rdf.Quad {
	quads := genQuads(700)
	for i := range 6 {
		s, o := ex(fmt.Sprintf("s%d", i)), ex(fmt.Sprintf("o%d", i))
		for p := range 5 {
			quads = append(quads,
				rdf.Quad{S: s, P: ex(fmt.Sprintf("p%d", p)), O: o},
				rdf.Quad{S: s, P: ex(fmt.Sprintf("p%d", p)), O: o, G: ex("g9")})
		}
	}
	return quads
}

// TestScanAcross: lookups with the predicate unbound and the subject, the
// object or both bound give the quads the index gives, in its order,
// before and once the lookups have paid for the space column and the
// cursor reads it; after a write, and in the private space too.
func TestScanAcross(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, acrossQuads())
	addAll(t, s, Private, genQuads(90)) // the same subjects, another space
	check := func(t *testing.T, snap *Snapshot) *Cursor {
		t.Helper()
		cur := snap.Cursor(context.Background())
		t.Cleanup(cur.Close)
		all := scanAll(t, snap, IDQuad{})
		if len(all) == 0 {
			t.Fatal("empty space")
		}
		for _, q := range all {
			for _, pat := range []IDQuad{{S: q.S}, {O: q.O}, {S: q.S, O: q.O}, {O: q.S}, {S: q.O}} {
				if got, want := cursorScan(t, cur, pat, 0), scanAll(t, snap, pat); !slices.Equal(got, want) {
					t.Fatalf("%+v: cursor gave %v, index %v", pat, got, want)
				}
			}
		}
		return cur
	}
	for _, sp := range []Space{Public, Private} {
		t.Run(sp.String(), func(t *testing.T) {
			snap := s.Snapshot().In(sp)
			defer snap.Close()
			check(t, snap)        // pays for the columns
			cur := check(t, snap) // reads them
			for _, o := range []colOrder{bySubject, byObject} {
				if cur.held(colKey{sp: sp, p: AnyID, order: o}) == nil {
					t.Fatalf("order %d: lookups were not answered from the space column", o)
				}
			}
		})
	}
	// A write: the next snapshot's lookups see it.
	err := s.Update(context.Background(), func(tx *Txn) error {
		for _, q := range acrossQuads()[:200] {
			if err := tx.Delete(q); err != nil {
				return err
			}
		}
		return tx.Add(rdf.Quad{S: ex("s1"), P: ex("p9"), O: ex("o1")})
	})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	defer snap.Close()
	check(t, snap)
	check(t, snap)
}

// TestScanAcrossOutOfBudget: a space with more quads than a column may
// hold is never answered from a space column, and charges no rent.
func TestScanAcrossOutOfBudget(t *testing.T) {
	o := testOptions()
	o.ColumnCacheSize = 4 * 500 * colRowBytes // a column holds 500 rows, the space 760
	s, err := Open("", o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addAll(t, s, Public, acrossQuads())
	snap, cur := openCursor(t, s)
	for _, q := range scanAll(t, snap, IDQuad{}) {
		if got, want := cursorScan(t, cur, IDQuad{S: q.S}, 0), scanAll(t, snap, IDQuad{S: q.S}); !slices.Equal(got, want) {
			t.Fatalf("subject %d: cursor gave %v, index %v", q.S, got, want)
		}
	}
	if !cur.noSpaceColumn[bySubject] || cur.held(colKey{sp: Public, p: AnyID, order: bySubject}) != nil {
		t.Fatal("a space over budget was answered from a space column")
	}
	if len(s.cols.rent) != 0 {
		t.Fatalf("a space over budget was charged rent: %v", s.cols.rent)
	}
}

// TestScanSpaceBySubject: the whole space read in subject order is
// refused (and charged) until its space column is paid for, then gives
// the SPOG index's quads in its order, all of them or those of some
// subjects.
func TestScanSpaceBySubject(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, acrossQuads())
	snap, cur := openCursor(t, s)
	all := scanAll(t, snap, IDQuad{}) // the SPOG index
	read := func(subjects []ID) ([]IDQuad, bool) {
		var got []IDQuad
		ok, err := cur.ScanBySubject(IDQuad{}, subjects, func(q IDQuad) bool {
			got = append(got, q)
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, ok
	}
	if _, ok := read(nil); ok {
		t.Fatal("read in subject order before the space column was paid for")
	}
	got, ok := read(nil)
	if !ok || !slices.Equal(got, all) {
		t.Fatalf("read %v: %d quads, want the %d of the index in its order", ok, len(got), len(all))
	}
	var subjects []ID
	for i, q := range all {
		if i%9 == 0 && (len(subjects) == 0 || subjects[len(subjects)-1] != q.S) {
			subjects = append(subjects, q.S)
		}
	}
	subjects = append(subjects, 1<<40) // absent
	var want []IDQuad
	for _, q := range all {
		if slices.Contains(subjects, q.S) {
			want = append(want, q)
		}
	}
	if got, ok := read(subjects); !ok || !slices.Equal(got, want) {
		t.Fatalf("subjects %v: %d quads, want %d", subjects, len(got), len(want))
	}
}

// TestScanAcrossSparseSpace: a space of a few quads whose objects lie far
// apart in a large store would need a directory larger than its rows: its
// object-ordered space column is not kept, and its lookups still give the
// index's quads.
func TestScanAcrossSparseSpace(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, acrossQuads())
	private := []rdf.Quad{
		{S: ex("s0"), P: ex("p0"), O: ex("o0")},
		{S: ex("s0"), P: ex("p1"), O: rdf.String("a literal no other quad has")},
	}
	addAll(t, s, Private, private)
	snap := s.Snapshot().In(Private)
	defer snap.Close()
	cur := snap.Cursor(context.Background())
	defer cur.Close()
	all := scanAll(t, snap, IDQuad{})
	for range 50 { // lookups enough to pay for the column many times over
		for _, q := range all {
			if got, want := cursorScan(t, cur, IDQuad{O: q.O}, 0), scanAll(t, snap, IDQuad{O: q.O}); !slices.Equal(got, want) {
				t.Fatalf("object %d: cursor gave %v, index %v", q.O, got, want)
			}
		}
	}
	if cur.held(colKey{sp: Private, p: AnyID, order: byObject}) != nil {
		t.Fatal("a space column whose directory outweighs its rows was kept")
	}
}
