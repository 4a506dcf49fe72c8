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

func pushAll(quads []rdf.Quad, failAt int) func(yield func(rdf.Quad) error) error {
	return func(yield func(rdf.Quad) error) error {
		for i, q := range quads {
			if i == failAt {
				return errors.New("bad input")
			}
			if err := yield(q); err != nil {
				return err
			}
		}
		return nil
	}
}

func bulkQuads() []rdf.Quad {
	quads := genQuads(2000)
	quads = append(quads, quads[:100]...) // duplicates
	quads = append(quads, rdf.Quad{S: ex("long"), P: ex("p0"), O: rdf.String(strings.Repeat("long literal ", 100))})
	return quads
}

func TestBulkLoad(t *testing.T) {
	ctx := context.Background()
	quads := bulkQuads()
	tests := []struct {
		name       string
		preload    []rdf.Quad // makes the store non-empty
		runQuads   int
		wantMethod string
	}{
		{"stream in memory", nil, 0, "stream"},
		{"stream with spilled runs", nil, 300, "stream"},
		{"batch into a non-empty store", quads[:10], 0, "batch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			if tc.preload != nil {
				addAll(t, s, Public, tc.preload)
			}
			var progress []int64
			st, err := s.BulkLoad(ctx, pushAll(quads, -1), LoadOptions{
				ChunkSize: 400, runQuads: tc.runQuads,
				Progress: func(q, _ int64) { progress = append(progress, q) },
			})
			if err != nil {
				t.Fatal(err)
			}
			if st.Method != tc.wantMethod || st.Quads != int64(len(quads)) {
				t.Errorf("stats %+v, want method %s and %d quads", st, tc.wantMethod, len(quads))
			}
			if len(progress) < 5 || progress[len(progress)-1] != int64(len(quads)) {
				t.Errorf("progress calls %v", progress)
			}
			snap := s.Snapshot()
			defer snap.Close()
			if diff := cmp.Diff(naive(quads, Pattern{AnyGraph: true}), collect(t, snap, Pattern{AnyGraph: true})); diff != "" {
				t.Errorf("loaded quads (-want +got):\n%s", diff)
			}
			checkStats(t, s, Public)
			if rep, err := s.Check(ctx); err != nil || !rep.OK() {
				t.Fatalf("Check: %v %v", rep.Problems, err)
			}
			// The store keeps working: new terms get fresh ids.
			addAll(t, s, Public, []rdf.Quad{{S: ex("after"), P: ex("p0"), O: rdf.String("load")}})
			if rep, err := s.Check(ctx); err != nil || !rep.OK() {
				t.Fatalf("Check after a write: %v %v", rep.Problems, err)
			}
		})
	}
}

func TestBulkLoadOtherSpace(t *testing.T) {
	s := openTest(t)
	quads := genQuads(300)
	if _, err := s.BulkLoad(context.Background(), pushAll(quads, -1), LoadOptions{Space: Archive}); err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	defer snap.Close()
	if n := len(collect(t, snap, Pattern{AnyGraph: true})); n != 0 {
		t.Errorf("public space got %d quads", n)
	}
	if got := collect(t, snap.In(Archive), Pattern{AnyGraph: true}); len(got) != len(naive(quads, Pattern{AnyGraph: true})) {
		t.Errorf("archive space got %d quads", len(got))
	}
	checkStats(t, s, Archive)
}

// TestBulkLoadFailure checks what BulkLoad promises when the source fails
// midway: an empty store stays empty; a non-empty one is left as it was
// (TestBatchLoadUndo has more cases).
func TestBulkLoadFailure(t *testing.T) {
	ctx := context.Background()
	quads := bulkQuads()
	t.Run("empty store stays empty", func(t *testing.T) {
		s := openTest(t)
		if _, err := s.RewriteIRIPrefix(ctx, "x", "y", nil); err != nil { // moves the version only
			t.Fatal(err)
		}
		_, err := s.BulkLoad(ctx, pushAll(quads, 1500), LoadOptions{ChunkSize: 200, runQuads: 500})
		if err == nil || !strings.Contains(err.Error(), "bad input") {
			t.Fatalf("BulkLoad gave %v", err)
		}
		snap := s.Snapshot()
		if n := len(collect(t, snap, Pattern{AnyGraph: true})); n != 0 {
			t.Errorf("%d quads visible after a failed load", n)
		}
		v := snap.Version()
		if v < 1 {
			t.Errorf("data version went back to %d", v)
		}
		if _, ok, _ := snap.LookupID(quads[0].S); ok {
			t.Error("terms visible after a failed load")
		}
		snap.Close()
		if rep, err := s.Check(ctx); err != nil || !rep.OK() {
			t.Fatalf("Check: %v %v", rep.Problems, err)
		}
		// Loading again works, and the version keeps growing.
		if _, err := s.BulkLoad(ctx, pushAll(quads, -1), LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		snap = s.Snapshot()
		if snap.Version() <= v {
			t.Errorf("version %d after a load, was %d", snap.Version(), v)
		}
		snap.Close()
		if rep, err := s.Check(ctx); err != nil || !rep.OK() {
			t.Fatalf("Check after reload: %v %v", rep.Problems, err)
		}
	})
	t.Run("non-empty store is left as it was", func(t *testing.T) {
		s := openTest(t)
		addAll(t, s, Public, quads[:10])
		want := dumpKeys(t, s)
		if _, err := s.BulkLoad(ctx, pushAll(quads, 1200), LoadOptions{ChunkSize: 200}); err == nil {
			t.Fatal("no error")
		}
		if got := dumpKeys(t, s); !bytes.Equal(got, want) {
			t.Errorf("the store changed (%d bytes of dump, was %d)", len(got), len(want))
		}
		checkStats(t, s, Public)
		if rep, err := s.Check(ctx); err != nil || !rep.OK() {
			t.Fatalf("Check: %v %v", rep.Problems, err)
		}
	})
	t.Run("bad quad", func(t *testing.T) {
		s := openTest(t)
		bad := slices.Clone(quads[:50])
		bad[20].P = rdf.Term{}
		_, err := s.BulkLoad(ctx, pushAll(bad, -1), LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "lacks a term") {
			t.Fatalf("BulkLoad gave %v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		s := openTest(t)
		cctx, cancel := context.WithCancel(ctx)
		src := func(yield func(rdf.Quad) error) error {
			for i, q := range quads {
				if i == 1000 {
					cancel()
				}
				if err := yield(q); err != nil {
					return fmt.Errorf("stopped: %w", err)
				}
			}
			return nil
		}
		_, err := s.BulkLoad(cctx, src, LoadOptions{ChunkSize: 200})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("BulkLoad gave %v", err)
		}
	})
}

// TestByGraphFirst checks the derived graph-first orders against a direct
// sort, with graph ids that need several radix passes.
func TestByGraphFirst(t *testing.T) {
	var run []IDQuad
	for i := range 3000 {
		g := DefaultGraphID
		if i%3 != 0 {
			g = ID(2 + (i*7919)%70_000) // up to three bytes
		}
		run = append(run, IDQuad{S: ID(2 + i%97), P: ID(2 + i%5), O: ID(2 + i%31), G: g})
	}
	for from, to := range graphFirst {
		t.Run(to.String(), func(t *testing.T) {
			sorted := sortedRun(run, from, nil)
			got := byGraphFirst(sorted, make([]perm, len(sorted)))
			want := sortedRun(run, to, nil)
			if !slices.Equal(got, want) {
				t.Errorf("%s derived from %s differs from a direct sort", to, from)
			}
		})
	}
}
