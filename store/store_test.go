package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestMatchAgreesWithNaive(t *testing.T) {
	s := openTest(t)
	quads := genQuads(500)
	addAll(t, s, Public, quads)
	snap := s.Snapshot()
	defer snap.Close()
	q := quads[42]
	var patterns []Pattern
	for mask := range 16 {
		p := Pattern{AnyGraph: mask&8 == 0}
		if mask&1 != 0 {
			p.S = q.S
		}
		if mask&2 != 0 {
			p.P = q.P
		}
		if mask&4 != 0 {
			p.O = q.O
		}
		if mask&8 != 0 {
			p.G = q.G
		}
		patterns = append(patterns, p)
	}
	patterns = append(patterns,
		Pattern{P: q.P},                     // default graph only
		Pattern{S: ex("absent")},            // unknown term
		Pattern{O: rdf.String("literal 1")}, // literal object
	)
	for i, p := range patterns {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			got, want := collect(t, snap, p), naive(quads, p)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Match(%+v) (-want +got):\n%s", p, diff)
			}
		})
	}
}

func TestAddIdempotentAndDelete(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	quads := genQuads(200)
	addAll(t, s, Public, quads)
	addAll(t, s, Public, quads) // again: nothing changes
	checkStats(t, s, Public)
	snap := s.Snapshot()
	if got := snap.Stats().Quads; got != 200 {
		t.Errorf("Quads = %d, want 200", got)
	}
	snap.Close()

	err := s.Update(ctx, func(tx *Txn) error {
		for _, q := range quads[:50] {
			if err := tx.Delete(q); err != nil {
				return err
			}
			if err := tx.Delete(q); err != nil { // twice: no-op
				return err
			}
		}
		// Delete then re-add within one transaction: net no change.
		if err := tx.Delete(quads[60]); err != nil {
			return err
		}
		return tx.Add(quads[60])
	})
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, s, Public)
	snap = s.Snapshot()
	defer snap.Close()
	got := collect(t, snap, Pattern{AnyGraph: true})
	if diff := cmp.Diff(naive(quads[50:], Pattern{AnyGraph: true}), got); diff != "" {
		t.Errorf("after delete (-want +got):\n%s", diff)
	}
}

func TestDeleteMatching(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	quads := genQuads(300)
	addAll(t, s, Public, quads)
	var n int
	err := s.Update(ctx, func(tx *Txn) error {
		var err error
		n, err = tx.DeleteMatching(ctx, Pattern{G: ex("g2")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(naive(quads, Pattern{G: ex("g2")})); n != want {
		t.Errorf("deleted %d, want %d", n, want)
	}
	checkStats(t, s, Public)
	snap := s.Snapshot()
	defer snap.Close()
	if got := collect(t, snap, Pattern{G: ex("g2")}); len(got) != 0 {
		t.Errorf("%d quads left in g2", len(got))
	}
	var graphs []rdf.Term
	for g, err := range snap.Graphs(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		graphs = append(graphs, g)
	}
	slices.SortFunc(graphs, rdf.Compare)
	if diff := cmp.Diff([]rdf.Term{ex("g1"), ex("g3")}, graphs); diff != "" {
		t.Errorf("Graphs (-want +got):\n%s", diff)
	}
}

func TestStatsStayExactUnderRandomWrites(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	quads := genQuads(400)
	for round := range 8 {
		err := s.Update(ctx, func(tx *Txn) error {
			for i, q := range quads {
				var err error
				switch (i*7 + round*3) % 5 {
				case 0, 1:
					err = tx.Add(q)
				case 2:
					err = tx.Delete(q)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		checkStats(t, s, Public)
	}
}

func TestUpdateIsAtomic(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	addAll(t, s, Public, genQuads(10))
	before := s.Snapshot()
	v0 := before.Version()
	before.Close()
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx *Txn) error {
		for _, q := range genQuads(100) {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		if err := tx.PutMeta("k", []byte("v")); err != nil {
			return err
		}
		// The transaction sees its own writes.
		n := 0
		for _, err := range tx.Quads(ctx, IDQuad{}) {
			if err != nil {
				return err
			}
			n++
		}
		if n != 100 {
			return fmt.Errorf("txn sees %d quads, want 100", n)
		}
		if id, ok, err := tx.LookupID(ex("s14")); err != nil || !ok {
			return fmt.Errorf("txn does not see its new term: %v %v %v", id, ok, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want boom", err)
	}
	snap := s.Snapshot()
	defer snap.Close()
	if got := len(collect(t, snap, Pattern{AnyGraph: true})); got != 10 {
		t.Errorf("%d quads after a failed update, want 10", got)
	}
	if _, ok, _ := snap.GetMeta("k"); ok {
		t.Error("meta of a failed update is visible")
	}
	if _, ok, _ := snap.LookupID(ex("s14")); ok {
		t.Error("term of a failed update is in the dictionary")
	}
	if snap.Version() != v0 {
		t.Errorf("version moved from %d to %d", v0, snap.Version())
	}
	checkStats(t, s, Public)
}

func TestTxnTooBig(t *testing.T) {
	s := openTest(t)
	err := s.Update(context.Background(), func(tx *Txn) error {
		for i := range 20_000 {
			if err := tx.Add(rdf.Quad{S: ex(fmt.Sprint("s", i)), P: ex("p"), O: rdf.String("x")}); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, ErrTxnTooBig) {
		t.Fatalf("got %v, want ErrTxnTooBig", err)
	}
	if !strings.Contains(err.Error(), "split the update") {
		t.Errorf("unclear message: %v", err)
	}
	snap := s.Snapshot()
	defer snap.Close()
	if n := snap.Stats().Quads; n != 0 {
		t.Errorf("%d quads after a failed update", n)
	}
}

func TestSnapshotIsolation(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	quads := genQuads(100)
	addAll(t, s, Public, quads[:50])
	snap := s.Snapshot()
	defer snap.Close()
	v := snap.Version()
	addAll(t, s, Public, quads[50:])
	if got := len(collect(t, snap, Pattern{AnyGraph: true})); got != 50 {
		t.Errorf("old snapshot sees %d quads, want 50", got)
	}
	if snap.Stats().Quads != 50 || snap.Version() != v {
		t.Errorf("old snapshot stats %d version %d", snap.Stats().Quads, snap.Version())
	}
	fresh := s.Snapshot()
	defer fresh.Close()
	if fresh.Version() <= v || fresh.Stats().Quads != 100 {
		t.Errorf("new snapshot: version %d (old %d), %d quads", fresh.Version(), v, fresh.Stats().Quads)
	}
	_ = ctx
}

func TestSpacesAreSeparate(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	pub, priv := genQuads(30), []rdf.Quad{{S: ex("person1"), P: ex("name"), O: rdf.String("Alice")}}
	addAll(t, s, Public, pub)
	addAll(t, s, Private, priv)
	snap := s.Snapshot()
	defer snap.Close()
	if got := collect(t, snap, Pattern{S: ex("person1"), AnyGraph: true}); len(got) != 0 {
		t.Errorf("public snapshot sees private quads: %v", got)
	}
	if got := collect(t, snap.In(Private), Pattern{AnyGraph: true}); !slices.Equal(got, priv) {
		t.Errorf("private space holds %v", got)
	}
	if got := collect(t, snap.In(Archive), Pattern{AnyGraph: true}); len(got) != 0 {
		t.Errorf("archive space holds %v", got)
	}
	if snap.Stats().Quads != 30 || snap.In(Private).Stats().Quads != 1 {
		t.Errorf("stats public %d private %d", snap.Stats().Quads, snap.In(Private).Stats().Quads)
	}
	checkStats(t, s, Private)
	for _, err := range snap.In(Space(9)).Quads(ctx, IDQuad{}) {
		if err == nil || !strings.Contains(err.Error(), "invalid space") {
			t.Errorf("scan of an invalid space: %v", err)
		}
	}
	err := s.Update(ctx, func(tx *Txn) error { return tx.In(Space(9)).Add(pub[0]) })
	if err == nil || !strings.Contains(err.Error(), "invalid space") {
		t.Errorf("write to an invalid space: %v", err)
	}
}

func TestMeta(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	err := s.Update(ctx, func(tx *Txn) error {
		for _, k := range []string{"token/b", "token/a", "audit/1", "base"} {
			if err := tx.PutMeta(k, []byte("v:"+k)); err != nil {
				return err
			}
		}
		return tx.DeleteMeta("token/b")
	})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	defer snap.Close()
	v, ok, err := snap.GetMeta("base")
	if err != nil || !ok || string(v) != "v:base" {
		t.Errorf("GetMeta(base) = %q %v %v", v, ok, err)
	}
	var got []string
	for e, err := range snap.ScanMeta(ctx, "token/") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.Key+"="+string(e.Value))
	}
	if diff := cmp.Diff([]string{"token/a=v:token/a"}, got); diff != "" {
		t.Errorf("ScanMeta (-want +got):\n%s", diff)
	}
}

func TestEstimate(t *testing.T) {
	s := openTest(t)
	quads := genQuads(700)
	addAll(t, s, Public, quads)
	snap := s.Snapshot()
	defer snap.Close()
	id := func(tm rdf.Term) ID {
		i, ok, err := snap.LookupID(tm)
		if err != nil || !ok {
			t.Fatalf("LookupID(%s): %v %v", tm, ok, err)
		}
		return i
	}
	q := quads[0]
	tests := []struct {
		name string
		pat  IDQuad
		want uint64
	}{
		{"all", IDQuad{}, 700},
		{"predicate exact", IDQuad{P: id(q.P)}, uint64(len(naive(quads, Pattern{P: q.P, AnyGraph: true})))},
		{"default graph exact", IDQuad{G: DefaultGraphID}, uint64(len(naive(quads, Pattern{})))},
		{"named graph exact", IDQuad{G: id(ex("g1"))}, uint64(len(naive(quads, Pattern{G: ex("g1")})))},
		{"subject average", IDQuad{S: id(q.S)}, 7},
		{"full quad present", IDQuad{S: id(q.S), P: id(q.P), O: id(q.O), G: DefaultGraphID}, 1},
		{"full quad absent", IDQuad{S: id(q.S), P: id(q.P), O: id(q.O), G: id(ex("g1"))}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := snap.Estimate(tc.pat); got != tc.want {
				t.Errorf("Estimate = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestBreakThenClose breaks out of scans (Quads, Match, Graphs, ScanMeta),
// closes a snapshot inside a loop, then closes the store: Badger must not
// complain (an unclosed iterator panics at Discard) and nothing may leak.
func TestBreakThenClose(t *testing.T) {
	s, err := Open("", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	addAll(t, s, Public, genQuads(3000))
	err = s.Update(ctx, func(tx *Txn) error {
		for _, k := range []string{"a", "b"} {
			if err := tx.PutMeta(k, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	for range snap.Quads(ctx, IDQuad{}) {
		break
	}
	for range snap.Match(ctx, Pattern{AnyGraph: true}) {
		break
	}
	for range snap.Graphs(ctx) {
		break
	}
	for range snap.ScanMeta(ctx, "") {
		break
	}
	if snap.st.openIterators() != 0 {
		t.Errorf("%d iterators left open after break", snap.st.openIterators())
	}
	n := 0
	for _, err := range snap.Quads(ctx, IDQuad{}) {
		if n++; n == 2 {
			snap.Close() // discarded when the scan ends
		}
		if err != nil {
			t.Fatalf("scan after Close inside the loop: %v", err)
		}
	}
	if n != 3000 {
		t.Errorf("scan stopped after %d quads", n)
	}
	for _, err := range snap.Quads(ctx, IDQuad{}) {
		if !errors.Is(err, ErrViewClosed) {
			t.Errorf("scan of a closed snapshot: %v", err)
		}
	}
	// An Update that leaves a scan open is refused, not a panic.
	var stop func()
	err = s.Update(ctx, func(tx *Txn) error {
		var next func() (IDQuad, error, bool)
		next, stop = iterPull(tx.Quads(ctx, IDQuad{}))
		next() // the scan is left open when fn returns
		return nil
	})
	stop()
	if err == nil || !strings.Contains(err.Error(), "scans still open") {
		t.Errorf("Update with an open scan: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	late := s.Snapshot()
	if _, _, err := late.LookupID(ex("s1")); !errors.Is(err, ErrClosed) {
		t.Errorf("read after Close: %v", err)
	}
	late.Close()
}

// TestConcurrentReadersAndWriters runs under -race.
func TestConcurrentReadersAndWriters(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	quads := genQuads(2000)
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(quads); i += 100 {
				err := s.Update(ctx, func(tx *Txn) error {
					for _, q := range quads[i:min(i+50, len(quads))] {
						if err := tx.Add(q); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				snap := s.Snapshot()
				st := snap.Stats()
				n := uint64(0)
				for _, err := range snap.Quads(ctx, IDQuad{}) {
					if err != nil {
						t.Error(err)
						break
					}
					n++
				}
				if n != st.Quads {
					t.Errorf("snapshot scan found %d quads, its stats say %d", n, st.Quads)
				}
				for q, err := range snap.Match(ctx, Pattern{P: ex("p1"), AnyGraph: true}) {
					if err != nil || q.P != ex("p1") {
						t.Errorf("Match gave %v, %v", q, err)
						break
					}
				}
				snap.Close()
			}
		}()
	}
	wg.Wait()
	checkStats(t, s, Public)
}

func TestUpdateReadOnlyAndCancelled(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Update(ctx, func(*Txn) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Update: %v", err)
	}
	err := s.Update(context.Background(), func(tx *Txn) error {
		return tx.Add(rdf.Quad{S: ex("s"), O: ex("o")})
	})
	if err == nil || !strings.Contains(err.Error(), "no predicate") {
		t.Errorf("quad without predicate: %v", err)
	}
}

// A commit leaves the statistics it wrote in the cache, and carries the
// cached statistics of the spaces it did not change to the new version.
func TestCommitPrimesStatsCache(t *testing.T) {
	s := openTest(t)
	snap := s.Snapshot()
	before := snap.In(Private).Stats()
	snap.Close()
	addAll(t, s, Public, genQuads(50))

	snap = s.Snapshot()
	defer snap.Close()
	version := snap.Version()
	want, err := snap.computeStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.statsMu.Lock()
	pub, priv := s.statsCache[Public], s.statsCache[Private]
	s.statsMu.Unlock()
	if pub == nil || pub.version != version || !pub.stats.equal(want) {
		t.Fatalf("public statistics not cached at version %d: %+v", version, pub)
	}
	if priv == nil || priv.version != version || !priv.stats.equal(before) {
		t.Fatalf("private statistics not carried to version %d: %+v", version, priv)
	}
}

// TestStatsExactWithNewTerms: statistics stay exact when a transaction
// mixes quads on terms it creates (counted without reading the indexes)
// with quads on known terms, and when it adds and deletes again a quad on
// a new term (its terms exist, no quad holds them).
func TestStatsExactWithNewTerms(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		write func(tx *Txn) error
	}{
		{"new subjects on known objects", func(tx *Txn) error {
			for i := range 50 {
				if err := tx.Add(rdf.Quad{S: ex(fmt.Sprint("nouveau", i)), P: ex("p1"), O: ex("o1")}); err != nil {
					return err
				}
			}
			return nil
		}},
		{"known subjects, new objects and predicates", func(tx *Txn) error {
			for i := range 50 {
				if err := tx.Add(rdf.Quad{S: ex("s1"), P: ex(fmt.Sprint("pneuf", i%3)), O: rdf.Literal(fmt.Sprint("valeur ", i), "")}); err != nil {
					return err
				}
			}
			return nil
		}},
		{"added then deleted on new terms", func(tx *Txn) error {
			q := rdf.Quad{S: ex("ephemere"), P: ex("pephemere"), O: ex("oephemere")}
			if err := tx.Add(q); err != nil {
				return err
			}
			if err := tx.Delete(q); err != nil {
				return err
			}
			return tx.Add(rdf.Quad{S: ex("ephemere"), P: ex("p1"), O: ex("o2")})
		}},
		{"deletes beside new terms", func(tx *Txn) error {
			for _, q := range genQuads(20)[:10] {
				if err := tx.Delete(q); err != nil {
					return err
				}
			}
			return tx.Add(rdf.Quad{S: ex("autre"), P: ex("pautre"), O: ex("s3")})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			addAll(t, s, Public, genQuads(20))
			if err := s.Update(ctx, tc.write); err != nil {
				t.Fatal(err)
			}
			checkStats(t, s, Public)
		})
	}
}
