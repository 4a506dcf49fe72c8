package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/storetest"
)

// TestBulkLoadNonEmptyImage: through the public API, a load into a
// non-empty store large enough to commit several chunks leaves
// storetest.Image as it was when its source fails or its context ends,
// and a load of the same quads that succeeds changes it.
func TestBulkLoadNonEmptyImage(t *testing.T) {
	const n = 12_000 // several chunks of the staged write
	quad := func(i int) rdf.Quad {
		return rdf.Quad{S: rdf.IRI(fmt.Sprint("http://example.org/s", i)), P: rdf.IRI("http://example.org/p"),
			O: rdf.String(fmt.Sprint("value ", i)), G: rdf.IRI("http://example.org/g")}
	}
	tests := []struct {
		name   string
		stop   int // the source fails (or the context ends) before this quad
		cancel bool
	}{
		{"source fails", n - 1, false},
		{"context ends", n - 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := store.DefaultOptions()
			opts.InMemory = true
			s, err := store.Open("", opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = s.Update(t.Context(), func(tx *store.Txn) error {
				for i := range 100 {
					if err := tx.Add(quad(i)); err != nil {
						return err
					}
				}
				return tx.PutMeta("kept", []byte("as is"))
			})
			if err != nil {
				t.Fatal(err)
			}
			before := storetest.Image(t, s)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			src := func(yield func(rdf.Quad) error) error {
				for i := range n {
					if i == tc.stop {
						if !tc.cancel {
							return errors.New("bad input")
						}
						cancel()
					}
					if err := yield(quad(i)); err != nil {
						return err
					}
				}
				return nil
			}
			st, err := s.BulkLoad(ctx, src, store.LoadOptions{ChunkSize: 1000})
			if err == nil || st.Method != "batch" {
				t.Fatalf("%s load: %v, want an error", st.Method, err)
			}
			if after := storetest.Image(t, s); after != before {
				t.Errorf("the failed load changed the store (%d bytes of image, was %d)", len(after), len(before))
			}
			tc.stop = -1
			if _, err := s.BulkLoad(t.Context(), src, store.LoadOptions{ChunkSize: 1000}); err != nil {
				t.Fatal(err)
			}
			snap := s.Snapshot()
			defer snap.Close()
			if got := snap.Stats().Quads; got != n {
				t.Errorf("%d quads after the load, want %d", got, n)
			}
			if rep, err := s.Check(t.Context()); err != nil || !rep.OK() {
				t.Fatalf("Check: %v %v", rep.Problems, err)
			}
		})
	}
}
