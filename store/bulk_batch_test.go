package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ruche-lod/ruche/store/rdf"
)

// batchBase fills s with what a batch load lands on: quads in two spaces
// and a meta value.
func batchBase(t *testing.T, s *Store) []rdf.Quad {
	t.Helper()
	base := genQuads(500)
	addAll(t, s, Public, base)
	addAll(t, s, Private, base[:40])
	if err := s.Update(t.Context(), func(tx *Txn) error { return tx.PutMeta("kept", []byte("as is")) }); err != nil {
		t.Fatal(err)
	}
	return base
}

// batchInput mixes quads with new terms, quads of known terms not in the
// store, quads already there and duplicates within the input.
func batchInput(base []rdf.Quad) []rdf.Quad {
	var in []rdf.Quad
	for i := range 3000 {
		switch i % 4 {
		case 0, 1:
			in = append(in, rdf.Quad{S: ex(fmt.Sprint("new", i)), P: ex("p1"), O: rdf.String(fmt.Sprint("value ", i)), G: ex("g-new")})
		case 2:
			q := base[i%len(base)]
			q.O = base[(i+7)%len(base)].S // known terms, new quad
			in = append(in, q)
		default:
			in = append(in, base[i%len(base)]) // already there
		}
	}
	in = append(in, in[:200]...)
	return append(in, rdf.Quad{S: ex("long"), P: ex("p0"), O: rdf.String(strings.Repeat("long literal ", 100))})
}

// batchOpts commits a chunk about every 16 KiB and reports the chunks.
func batchOpts(sp Space, chunks *uint32) LoadOptions {
	return LoadOptions{Space: sp, ChunkSize: 500, stageSize: 16 << 10,
		crashAfter: func(c uint32) bool { *chunks = c; return false }}
}

// TestBatchLoadUndo: a load into a non-empty store that fails after
// several chunks committed (its source fails, its context ends before or
// at its final commit, a quad lacks a term) leaves the store byte for byte
// as it was (but for the id lease), consistent, and readable.
func TestBatchLoadUndo(t *testing.T) {
	tests := []struct {
		name     string
		space    Space
		failAt   int  // the source fails before this quad (-1: never)
		cancelAt int  // the context ends before this quad (-1: never)
		badQuad  bool // the last quad lacks its predicate
		want     error
	}{
		{"source fails", Public, 2900, -1, false, nil},
		{"source fails, private space", Private, 2900, -1, false, nil},
		{"context ends", Public, -1, 2900, false, context.Canceled},
		{"context ends after the last quad", Public, -1, 3201, false, context.Canceled},
		{"quad without a term", Public, -1, -1, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			in := batchInput(batchBase(t, s))
			if tc.badQuad {
				in = append(in, rdf.Quad{S: ex("s"), O: ex("o")})
			}
			want := dumpKeys(t, s)
			before := s.Snapshot().In(tc.space)
			defer before.Close()
			n0 := len(collect(t, before, Pattern{AnyGraph: true}))
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			src := func(yield func(rdf.Quad) error) error {
				for i, q := range in {
					if i == tc.failAt {
						return errors.New("bad input")
					}
					if i == tc.cancelAt {
						cancel()
					}
					if err := yield(q); err != nil {
						return err
					}
				}
				if tc.cancelAt == len(in) {
					cancel()
				}
				return nil
			}
			var chunks uint32
			gateClosed := true
			opts := batchOpts(tc.space, &chunks)
			opts.crashAfter = func(c uint32) bool {
				chunks = c
				if s.gate.mu.TryRLock() {
					s.gate.mu.RUnlock()
					gateClosed = false
				}
				return false
			}
			st, err := s.BulkLoad(ctx, src, opts)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("BulkLoad: %v, want an error (%v)", err, tc.want)
			}
			if st.Method != "batch" || chunks < 3 || !gateClosed {
				t.Fatalf("%s load, %d chunks committed, gate closed while they did: %v; want batch, several, true", st.Method, chunks, gateClosed)
			}
			if got := dumpKeys(t, s); !bytes.Equal(got, want) {
				t.Errorf("the store changed (%d bytes of dump, was %d)", len(got), len(want))
			}
			if n := len(collect(t, before, Pattern{AnyGraph: true})); n != n0 {
				t.Errorf("the snapshot opened before the load sees %d quads, saw %d", n, n0)
			}
			mustCheck(t, s)
			checkStats(t, s, tc.space)
			// The store keeps working (the gate is open).
			addAll(t, s, tc.space, in[:10])
			mustCheck(t, s)
		})
	}
}

// TestBatchLoadCrash: a process that dies while a load into a non-empty
// store commits its chunks leaves them with their journal; the next Open
// undoes them before anything reads.
func TestBatchLoadCrash(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	in := batchInput(batchBase(t, s))
	want := dumpKeys(t, s)
	var chunks uint32
	opts := batchOpts(Public, &chunks)
	opts.crashAfter = func(c uint32) bool { return c == 3 }
	if _, err := s.BulkLoad(t.Context(), pushAll(in, -1), opts); !errors.Is(err, errStageCrash) {
		t.Fatalf("BulkLoad: %v, want the simulated crash", err)
	}
	if bytes.Equal(dumpKeys(t, s), want) {
		t.Fatalf("the simulated crash left nothing to undo")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, dir)
	defer s.Close()
	if got := dumpKeys(t, s); !bytes.Equal(got, want) {
		t.Errorf("after reopening, the store differs from before the load")
	}
	mustCheck(t, s)
	checkStats(t, s, Public)
}

// TestBatchLoadSameAsUpdate: a load into a non-empty store committed in
// several chunks gives what one Update of the same quads gives: the same
// quads in every space, the same statistics (worked out from the quads
// added, or recounted when they are too many to keep), the same meta
// values, one data version more, and no journal left.
func TestBatchLoadSameAsUpdate(t *testing.T) {
	for _, tc := range []struct {
		name          string
		space         Space
		maxAdded      int // 0: maxDeltaQuads
		maxSeeks      int // 0: by cost, -1: unbounded
		wantRecounted bool
	}{
		{"public", Public, 0, -1, false},
		{"archive", Archive, 0, -1, false},
		{"public, too many quads added", Public, 100, -1, true},
		{"public, too many seeks", Public, 0, 10, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp := tc.space
			loaded, updated := openTest(t), openTest(t)
			in := batchInput(batchBase(t, loaded))
			batchBase(t, updated)
			var chunks uint32
			opts := batchOpts(sp, &chunks)
			opts.maxAdded, opts.maxSeeks = tc.maxAdded, tc.maxSeeks
			st, err := loaded.BulkLoad(t.Context(), pushAll(in, -1), opts)
			if err != nil {
				t.Fatal(err)
			}
			if st.Method != "batch" || chunks < 3 || st.recounted != tc.wantRecounted {
				t.Fatalf("%s load in %d chunks, statistics recounted: %v; want batch in several, %v", st.Method, chunks, st.recounted, tc.wantRecounted)
			}
			err = updated.UpdateStaged(t.Context(), func(tx *Txn) error {
				for _, q := range in {
					if err := tx.In(sp).Add(q); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(termImage(t, updated), termImage(t, loaded)); diff != "" {
				t.Errorf("load differs from Update (-update +load):\n%s", diff)
			}
			for line := range bytes.Lines(dumpKeys(t, loaded)) {
				if bytes.HasPrefix(line, fmt.Appendf(nil, "%x", journalPrefix)) {
					t.Errorf("the journal outlived the load: %.40s…", line)
				}
			}
			for _, s := range []*Store{loaded, updated} {
				mustCheck(t, s)
				checkStats(t, s, sp)
			}
		})
	}
}

// termImage is every quad, the statistics of every space (by term, as ids
// may differ), every meta value and the data version.
func termImage(t *testing.T, s *Store) []string {
	t.Helper()
	snap := s.Snapshot()
	defer snap.Close()
	out := []string{fmt.Sprint("version ", snap.Version())}
	term := func(id ID) string {
		x, err := snap.Term(id)
		if err != nil {
			t.Fatal(err)
		}
		return x.String()
	}
	for sp := Space(0); sp < numSpaces; sp++ {
		v := snap.In(sp)
		for _, q := range collect(t, v, Pattern{AnyGraph: true}) {
			out = append(out, fmt.Sprint(sp, " ", q))
		}
		st := v.Stats()
		out = append(out, fmt.Sprint(sp, " stats ", st.Quads, st.DistinctSubjects, st.DistinctObjects))
		for p, ps := range st.Predicates {
			out = append(out, fmt.Sprint(sp, " predicate ", term(p), ps))
		}
		for g, n := range st.Graphs {
			name := "default"
			if g != DefaultGraphID {
				name = term(g)
			}
			out = append(out, fmt.Sprint(sp, " graph ", name, n))
		}
	}
	for m, err := range snap.ScanMeta(t.Context(), "") {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("meta %s %x", m.Key, m.Value))
	}
	slices.Sort(out)
	return out
}
