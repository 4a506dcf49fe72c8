package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/store"
)

// searchDir is where the full-text index of a data folder lives.
func searchDir(data string) string { return filepath.Join(data, "search") }

// runReindex rebuilds the full-text index of a data folder from its public
// space (the server must not be running on it).
func runReindex(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "reindex")
	base := fs.String("base", "", "base IRI of the folder's resources (default: the one the folder records)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts := storeOptions()
	opts.ReadOnly = true
	st, err := store.Open(*data, opts)
	if err != nil {
		return err
	}
	defer st.Close()
	if *base == "" {
		snap := st.Snapshot()
		b, ok, err := snap.GetMeta(metaBase)
		snap.Close()
		if err != nil {
			return err
		}
		if !ok {
			return usageError{"the data folder records no base IRI yet: pass --base (or serve it once)"}
		}
		*base = string(b)
	}
	if err := checkBase(*base); err != nil {
		return usageError{err.Error()}
	}
	ix, err := search.Open(searchDir(*data), *base)
	if err != nil {
		return err
	}
	stats, err := ix.Rebuild(ctx, st)
	if cerr := ix.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "reindexed %d documents (data version %d) into %s in %s, %d bytes\n",
		stats.Docs, stats.Version, searchDir(*data), stats.Took.Round(1e6), stats.Bytes)
	return nil
}
