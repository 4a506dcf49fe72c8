package store

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// predicatesOf returns the distinct predicates of quads, in order of first
// appearance.
func predicatesOf(quads []IDQuad) []ID {
	var ps []ID
	for _, q := range quads {
		if !slices.Contains(ps, q.P) {
			ps = append(ps, q.P)
		}
	}
	return ps
}

// cursorScan collects what one cursor scan yields, stopping after limit
// quads when limit > 0.
func cursorScan(t *testing.T, cur *Cursor, pat IDQuad, limit int) []IDQuad {
	t.Helper()
	var got []IDQuad
	err := cur.Scan(pat, func(q IDQuad) bool {
		got = append(got, q)
		return limit <= 0 || len(got) < limit
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestColumnsMatchIndex: with every predicate's columns built, a cursor
// yields exactly the quads, in exactly the order, of the index scan, for
// every pattern shape a column answers (and stops where it is told to).
func TestColumnsMatchIndex(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(3000))
	snap, cur := openCursor(t, s)
	all := scanAll(t, snap, IDQuad{})
	preds := predicatesOf(all)
	for _, p := range preds {
		cursorScan(t, cur, IDQuad{P: p}, 0) // a whole scan keeps its byObject column
		quads := snap.Stats().Predicates[p].Quads
		if col, err := cur.buildColumn(colKey{sp: Public, p: p, order: bySubject}, quads); err != nil || col == nil {
			t.Fatalf("build bySubject column of %d: %v", p, err)
		}
		for _, o := range []colOrder{byObject, bySubject} {
			if s.cols.get(colKey{sp: Public, p: p, order: o}, cur.readTs) == nil {
				t.Fatalf("no column %d of predicate %d", o, p)
			}
		}
	}
	shapes := map[string]func(q IDQuad) IDQuad{
		"P":      func(q IDQuad) IDQuad { return IDQuad{P: q.P} },
		"SP":     func(q IDQuad) IDQuad { return IDQuad{S: q.S, P: q.P} },
		"PO":     func(q IDQuad) IDQuad { return IDQuad{P: q.P, O: q.O} },
		"SPO":    func(q IDQuad) IDQuad { return IDQuad{S: q.S, P: q.P, O: q.O} },
		"S miss": func(q IDQuad) IDQuad { return IDQuad{S: q.O, P: q.P} },
		"O miss": func(q IDQuad) IDQuad { return IDQuad{P: q.P, O: q.S} },
		"PO, S":  func(q IDQuad) IDQuad { return IDQuad{S: q.O, P: q.P, O: q.S} },
	}
	// Lookups go forwards, then backwards (a column's directory must
	// find any key, not only one after the last lookup).
	var order []int
	for i := 0; i < len(all); i += 29 {
		order = append(order, i)
	}
	for i := len(all) - 1; i >= 0; i -= 31 {
		order = append(order, i)
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			for _, i := range order {
				pat := shape(all[i])
				want := scanAll(t, snap, pat)
				if got := cursorScan(t, cur, pat, 0); !slices.Equal(got, want) {
					t.Fatalf("pattern %+v: column gave %v, index %v", pat, got, want)
				}
				if len(want) > 2 {
					if got := cursorScan(t, cur, pat, 2); !slices.Equal(got, want[:2]) {
						t.Fatalf("pattern %+v stopped after 2: %v, want %v", pat, got, want[:2])
					}
				}
			}
		})
	}
}

// TestColumnsFollowWrites: a column belongs to its read timestamp. After a
// write a new snapshot reads the write, while a snapshot opened before it
// keeps reading its own state, through columns or not.
func TestColumnsFollowWrites(t *testing.T) {
	s := openTest(t)
	quads := genQuads(600)
	addAll(t, s, Public, quads)
	before := s.Snapshot()
	defer before.Close()
	p, ok, err := before.LookupID(quads[0].P)
	if err != nil || !ok {
		t.Fatalf("predicate id: %v", err)
	}
	curBefore := before.Cursor(context.Background())
	defer curBefore.Close()
	wantBefore := scanAll(t, before, IDQuad{P: p})
	cursorScan(t, curBefore, IDQuad{P: p}, 0)
	if s.cols.get(colKey{sp: Public, p: p, order: byObject}, curBefore.readTs) == nil {
		t.Fatal("a whole scan kept no column")
	}

	added := rdf.Quad{S: ex("new"), P: quads[0].P, O: ex("o-new")}
	err = s.Update(context.Background(), func(tx *Txn) error {
		if err := tx.Add(added); err != nil {
			return err
		}
		return tx.Delete(quads[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	after := s.Snapshot()
	defer after.Close()
	curAfter := after.Cursor(context.Background())
	defer curAfter.Close()
	for range 2 { // the first scan builds the new timestamp's column, the second reads it
		if got, want := cursorScan(t, curAfter, IDQuad{P: p}, 0), scanAll(t, after, IDQuad{P: p}); !slices.Equal(got, want) {
			t.Fatalf("after the write: %d quads, want %d", len(got), len(want))
		}
	}
	if got := cursorScan(t, curBefore, IDQuad{P: p}, 0); !slices.Equal(got, wantBefore) {
		t.Fatalf("the older snapshot read %d quads, want its own %d", len(got), len(wantBefore))
	}
	if s.cols.get(colKey{sp: Public, p: p, order: byObject}, curBefore.readTs) != nil {
		t.Fatal("the older timestamp's column outlived a newer one")
	}

	// A write that keeps the data version (as a replica's bootstrap does)
	// still moves the columns on.
	err = s.Update(context.Background(), func(tx *Txn) error {
		if err := tx.Add(rdf.Quad{S: ex("newer"), P: quads[0].P, O: ex("o-newer")}); err != nil {
			return err
		}
		return tx.SetVersion(tx.Version())
	})
	if err != nil {
		t.Fatal(err)
	}
	last := s.Snapshot()
	defer last.Close()
	if last.Version() != after.Version() {
		t.Fatalf("data version moved from %d to %d", after.Version(), last.Version())
	}
	curLast := last.Cursor(context.Background())
	defer curLast.Close()
	if got, want := cursorScan(t, curLast, IDQuad{P: p}, 0), scanAll(t, last, IDQuad{P: p}); !slices.Equal(got, want) || len(want) != len(wantBefore)+1 {
		t.Fatalf("after a write keeping the version: %d quads, want %d (%d before)", len(got), len(want), len(wantBefore))
	}
}

// TestColumnRent: probes by subject build the bySubject column only once
// their reads have cost what reading the predicate whole would.
func TestColumnRent(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(2000))
	snap, cur := openCursor(t, s)
	all := scanAll(t, snap, IDQuad{})
	p := all[0].P
	quads := snap.Stats().Predicates[p].Quads
	k := colKey{sp: Public, p: p, order: bySubject}
	var subjects []ID
	for _, q := range all {
		if q.P == p && !slices.Contains(subjects, q.S) {
			subjects = append(subjects, q.S)
		}
	}
	var paid uint64
	for i, sub := range subjects {
		paidBefore := paid
		got := cursorScan(t, cur, IDQuad{S: sub, P: p}, 0)
		built := s.cols.get(k, cur.readTs) != nil
		if built != (paidBefore >= quads) {
			t.Fatalf("probe %d after probes costing %d of %d rows: column built = %v", i, paidBefore, quads, built)
		}
		if !built {
			paid += seekRows + uint64(len(got))
		}
	}
	if paid < quads {
		t.Fatalf("probes cost %d rows-worth, less than the %d quads: test data too small", paid, quads)
	}
}

// TestColumnBudget: the cache stays within its byte budget, evicting the
// least recently used columns, and keeps no column over a quarter of it.
func TestColumnBudget(t *testing.T) {
	col := func(readTs uint64, n int) *column { return newColumn(byObject, readTs, make([]colRow, n)) }
	cc := newColumnCache(4 * col(1, 25).bytes()) // a column holds at most 25 rows
	k := func(p ID) colKey { return colKey{sp: Public, p: p} }
	cc.add(k(1), col(1, 26))
	if cc.get(k(1), 1) != nil {
		t.Fatal("a column over a quarter of the budget was kept")
	}
	for p := ID(1); p <= 4; p++ {
		cc.add(k(p), col(1, 25))
	}
	cc.get(k(1), 1) // 2 is now the least recently used
	cc.add(k(5), col(1, 25))
	if cc.bytes > cc.budget {
		t.Fatalf("%d bytes over a budget of %d", cc.bytes, cc.budget)
	}
	for p, want := range map[ID]bool{1: true, 2: false, 3: true, 4: true, 5: true} {
		if got := cc.get(k(p), 1) != nil; got != want {
			t.Fatalf("column %d kept = %v, want %v", p, got, want)
		}
	}
	cc.add(k(6), col(2, 1))
	if cc.get(k(5), 1) != nil || cc.bytes != col(2, 1).bytes() {
		t.Fatalf("a newer timestamp left older columns (%d bytes)", cc.bytes)
	}
	cc.add(k(7), col(1, 1))
	if cc.get(k(7), 1) != nil {
		t.Fatal("a column of an older timestamp was added")
	}
	if newColumnCache(0) != nil {
		t.Fatal("a zero budget should turn the cache off")
	}
	// Rows being collected are reserved against the budget.
	rest := cc.budget - 60*colRowBytes
	if !cc.reserve(60*colRowBytes) || !cc.reserve(rest) {
		t.Fatal("a reservation within the budget was refused")
	}
	if cc.reserve(1) {
		t.Fatal("a reservation past the budget was granted")
	}
	cc.release(rest)
	if !cc.reserve(rest) {
		t.Fatal("released bytes were not given back")
	}
}

// TestColumnReservation: while other scans hold the whole reservation, a
// scan reads Badger and keeps no column; once released, the next keeps it.
func TestColumnReservation(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(1000))
	snap, cur := openCursor(t, s)
	p := scanAll(t, snap, IDQuad{})[0].P
	want := scanAll(t, snap, IDQuad{P: p})
	if !s.cols.reserve(s.cols.budget) {
		t.Fatal("could not reserve the budget")
	}
	if got := cursorScan(t, cur, IDQuad{P: p}, 0); !slices.Equal(got, want) {
		t.Fatalf("scan without a reservation gave %d quads, want %d", len(got), len(want))
	}
	if s.cols.get(colKey{sp: Public, p: p}, cur.readTs) != nil {
		t.Fatal("a column was kept without a reservation")
	}
	s.cols.release(s.cols.budget)
	cursorScan(t, cur, IDQuad{P: p}, 0)
	if s.cols.get(colKey{sp: Public, p: p}, cur.readTs) == nil {
		t.Fatal("no column kept once the reservation was free")
	}
	if s.cols.reserved != 0 {
		t.Fatalf("%d bytes still reserved after the scans", s.cols.reserved)
	}
}

// TestColumnCancelled: a scan answered from a column stops with the
// context's error.
func TestColumnCancelled(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(3000))
	snap := s.Snapshot()
	defer snap.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cur := snap.Cursor(ctx)
	defer cur.Close()
	p := scanAll(t, snap, IDQuad{})[0].P
	cursorScan(t, cur, IDQuad{P: p}, 0)
	if s.cols.get(colKey{sp: Public, p: p}, cur.readTs) == nil {
		t.Fatal("no column to read")
	}
	n := 0
	err := cur.Scan(IDQuad{P: p}, func(IDQuad) bool {
		if n++; n == 10 {
			cancel()
		}
		return true
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("scan after cancel: %v (%d quads)", err, n)
	}
}

// TestScanBySubject: a predicate is read in subject order only from its
// columns: not before a whole scan kept its byObject column, and then
// exactly the index's quads sorted by (S, O, G); other patterns, and a
// store without column cache, are refused without a call to fn.
func TestScanBySubject(t *testing.T) {
	bySubjectIn := func(t *testing.T, cur *Cursor, pat IDQuad, subjects []ID, limit int) ([]IDQuad, bool) {
		t.Helper()
		var got []IDQuad
		ok, err := cur.ScanBySubject(pat, subjects, func(q IDQuad) bool {
			got = append(got, q)
			return limit <= 0 || len(got) < limit
		})
		if err != nil {
			t.Fatal(err)
		}
		if !ok && got != nil {
			t.Fatalf("pattern %+v refused after yielding %v", pat, got)
		}
		return got, ok
	}
	bySubject := func(t *testing.T, cur *Cursor, pat IDQuad, limit int) ([]IDQuad, bool) {
		t.Helper()
		return bySubjectIn(t, cur, pat, nil, limit)
	}
	s := openTest(t)
	addAll(t, s, Public, genQuads(3000))
	snap, cur := openCursor(t, s)
	all := scanAll(t, snap, IDQuad{})
	for _, p := range predicatesOf(all) {
		if _, ok := bySubject(t, cur, IDQuad{P: p}, 0); ok {
			t.Fatalf("predicate %d read by subject with no column", p)
		}
		cursorScan(t, cur, IDQuad{P: p}, 0) // keeps the byObject column
		want := scanAll(t, snap, IDQuad{P: p})
		slices.SortFunc(want, func(x, y IDQuad) int {
			return cmp.Or(cmp.Compare(x.S, y.S), cmp.Compare(x.O, y.O), cmp.Compare(x.G, y.G))
		})
		got, ok := bySubject(t, cur, IDQuad{P: p}, 0)
		if !ok || !slices.Equal(got, want) {
			t.Fatalf("predicate %d by subject: ok %v, %d quads, want %d sorted", p, ok, len(got), len(want))
		}
		if got, _ := bySubject(t, cur, IDQuad{P: p}, 3); !slices.Equal(got, want[:3]) {
			t.Fatalf("predicate %d stopped after 3: %v, want %v", p, got, want[:3])
		}
		// Given subjects, exactly their quads: every third subject of
		// the predicate, ids it lacks between them, one beyond all.
		var subjects []ID
		in := map[ID]bool{}
		for i, q := range want {
			if i%3 == 0 && !in[q.S] {
				subjects = append(subjects, q.S-1, q.S)
				in[q.S] = true
			}
		}
		subjects = append(slices.Compact(subjects), want[len(want)-1].S+1)
		var wantIn []IDQuad
		for _, q := range want {
			if _, found := slices.BinarySearch(subjects, q.S); found {
				wantIn = append(wantIn, q)
			}
		}
		for _, limit := range []int{0, 2} {
			got, ok := bySubjectIn(t, cur, IDQuad{P: p}, subjects, limit)
			w := wantIn
			if limit > 0 {
				w = w[:min(limit, len(w))]
			}
			if !ok || !slices.Equal(got, w) {
				t.Fatalf("predicate %d by %d subjects, limit %d: %d quads, want %d", p, len(subjects), limit, len(got), len(w))
			}
		}
		if got, _ := bySubjectIn(t, cur, IDQuad{P: p}, []ID{}, 0); len(got) != 0 {
			t.Fatalf("predicate %d by no subjects: %d quads", p, len(got))
		}
		q := want[0]
		for _, pat := range []IDQuad{{S: q.S, P: p}, {P: p, O: q.O}, {P: p, G: q.G}} { // {}: TestScanSpaceBySubject
			if _, ok := bySubject(t, cur, pat, 0); ok {
				t.Fatalf("pattern %+v read by subject", pat)
			}
		}
	}

	o := testOptions()
	o.ColumnCacheSize = 0
	plain, err := Open("", o)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	addAll(t, plain, Public, genQuads(100))
	psnap, pcur := openCursor(t, plain)
	p := scanAll(t, psnap, IDQuad{})[0].P
	cursorScan(t, pcur, IDQuad{P: p}, 0)
	if _, ok := bySubject(t, pcur, IDQuad{P: p}, 0); ok {
		t.Fatal("a store without column cache read by subject")
	}
}

// compareRows is the order of a column's rows: (a, b, g).
func compareRows(x, y colRow) int {
	if c := cmp.Compare(x.a, y.a); c != 0 {
		return c
	}
	if c := cmp.Compare(x.b, y.b); c != 0 {
		return c
	}
	return cmp.Compare(x.g, y.g)
}

// TestReorder: reordering a sorted column gives exactly the rows sorted in
// the other order, for ids of one to eight bytes, duplicates of the
// leading id and rows repeated across graphs; and it stops with a
// cancelled context.
func TestReorder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	for _, width := range []uint{6, 8, 16, 24, 40, 63} {
		rows := make([]colRow, 5000)
		for i := range rows {
			id := func() ID { return ID(rng.Uint64()>>(64-width)) | 1 }
			rows[i] = colRow{id(), id(), ID(rng.IntN(3))}
			if i > 0 && i%7 == 0 { // the same subject and object in another graph
				rows[i] = colRow{rows[i-1].a, rows[i-1].b, rows[i-1].g + 1}
			}
		}
		slices.SortFunc(rows, compareRows)
		rows = slices.Compact(rows)
		want := make([]colRow, len(rows))
		for i, r := range rows {
			want[i] = colRow{r.b, r.a, r.g}
		}
		slices.SortFunc(want, compareRows)
		got, err := reorder(context.Background(), rows)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("ids of %d bits: reorder differs from a sort (err %v)", width, err)
		}
		back, err := reorder(context.Background(), got)
		if err != nil || !slices.Equal(back, rows) {
			t.Fatalf("ids of %d bits: reordering twice does not give the rows back", width)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := reorder(ctx, []colRow{{1, 2, 0}, {2, 1, 0}}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled reorder: %v", err)
	}
}

// TestDirectory: for columns of every shape (one row, one id, dense ids,
// sparse ids, a few ids far from the rest), the rows a directory points a
// leading id to hold every row with that id and the place it would go.
func TestDirectory(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	shapes := map[string]func(i int) ID{
		"dense":   func(i int) ID { return ID(2 + i/3) },
		"sparse":  func(i int) ID { return ID(2 + rng.IntN(1<<20)) },
		"one id":  func(int) ID { return 9 },
		"far end": func(i int) ID { return ID(2 + i%5 + (i%7/6)*(1<<40)) },
	}
	for name, leading := range shapes {
		for _, n := range []int{1, 2, 3, 5, 17, 1000} {
			rows := make([]colRow, n)
			for i := range rows {
				rows[i] = colRow{a: leading(i), b: ID(i)}
			}
			slices.SortFunc(rows, compareRows)
			d := newDirectory(rows)
			keys := []ID{0, 1, rows[0].a, rows[n-1].a, rows[n-1].a + 1, 1 << 41}
			for range 200 {
				r := rows[rng.IntN(n)].a
				keys = append(keys, r, r+1, r-1)
			}
			for _, a := range keys {
				lo, hi := d.bounds(a, n)
				at, _ := slices.BinarySearchFunc(rows, a, func(r colRow, a ID) int { return cmpID(r.a, a) })
				end := at
				for end < n && rows[end].a == a {
					end++
				}
				if lo < 0 || hi > n || lo > at || hi < end {
					t.Fatalf("%s, %d rows: id %d has rows [%d, %d), directory says [%d, %d)", name, n, a, at, end, lo, hi)
				}
			}
			if int64(len(d.first)) > int64(n/rowsPerBucket)+2 {
				t.Fatalf("%s, %d rows: %d buckets", name, n, len(d.first)-1)
			}
		}
	}
}

// TestColumnSpan: lookups in a column give the rows a linear
// filter gives, whatever the order of the keys (ascending, repeated,
// going back, absent, past the end), with and without the second id.
func TestColumnSpan(t *testing.T) {
	var rows []colRow
	for a := ID(2); a < 400; a += 3 {
		for b := ID(1); b <= a%5; b++ {
			rows = append(rows, colRow{a, b * 10, 0}, colRow{a, b * 10, 1})
		}
	}
	col := newColumn(byObject, 1, rows)
	rng := rand.New(rand.NewPCG(3, 5))
	keys := []ID{1, 2, 2, 5, 6, 8, 200, 199, 0, 398, 400, 1000, 5}
	for range 300 {
		keys = append(keys, ID(rng.IntN(420)))
	}
	for a := ID(0); a < 420; a += 7 {
		keys = append(keys, a)
	}
	for i, a := range keys {
		for _, hasB := range []bool{false, true} {
			b := ID(10 * (i % 4))
			var want []colRow
			for _, r := range rows {
				if r.a == a && (!hasB || r.b == b) {
					want = append(want, r)
				}
			}
			if got := col.span(a, b, hasB); !slices.Equal(got, want) {
				t.Fatalf("lookup %d (%d, %d, %v): %v, want %v", i, a, b, hasB, got, want)
			}
		}
	}
}
