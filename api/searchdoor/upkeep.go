package searchdoor

import (
	"context"

	"github.com/ruche-lod/ruche/store"
)

// The index's upkeep after writes: the write rules' (api/records) and the
// SPARQL Update and Graph Store writes'.

// BeginWrite notes a write about to commit and returns the function to
// call once it is done (committed or not: reindexing reads the store as it
// is), which reindexes the resources changed lists then (for a write of
// the core, records.Write.Changed). Without an index both do nothing.
func (s *Door) BeginWrite(ctx context.Context, st *store.Store, changed func() []string) (done func()) {
	ix := s.index.Load()
	if ix == nil {
		return func() {}
	}
	ix.Begin()
	return func() {
		if err := ix.Apply(ctx, st, changed()...); err != nil {
			s.Log.Error("search index: reindex after a write (repaired at the next start)", "err", err)
		}
	}
}

// Reindex reindexes, after a SPARQL update or a Graph Store write has
// committed, the resources it changed (graphstore.ChangedResources lists
// them). Without an index it does nothing.
func (s *Door) Reindex(ctx context.Context, st *store.Store, iris []string) {
	ix := s.index.Load()
	if ix == nil || st == nil || len(iris) == 0 {
		return
	}
	ix.Begin()
	if err := ix.Apply(ctx, st, iris...); err != nil {
		s.Log.Error("search index: reindex after an update (repaired at the next start)", "err", err)
	}
}
