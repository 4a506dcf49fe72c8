package sparql

import (
	"context"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// loadedStore opens an in-memory store whose column cache holds up to
// columns bytes (0: none) and bulk-loads what src pushes; the store closes
// when the test ends.
func loadedStore(tb testing.TB, columns int64, src func(yield func(rdf.Quad) error) error) *store.Store {
	tb.Helper()
	opts := store.DefaultOptions()
	opts.InMemory = true
	opts.ColumnCacheSize = columns
	st, err := store.Open("", opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := st.BulkLoad(context.Background(), src, store.LoadOptions{}); err != nil {
		tb.Fatal(err)
	}
	return st
}

// pushAll is a bulk-load source of quads.
func pushAll(quads []rdf.Quad) func(yield func(rdf.Quad) error) error {
	return func(yield func(rdf.Quad) error) error {
		for _, q := range quads {
			if err := yield(q); err != nil {
				return err
			}
		}
		return nil
	}
}
