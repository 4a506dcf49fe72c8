package searchdoor

import (
	"context"
	"strings"

	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// The index's upkeep after writes: the write rules' (api/records) and the
// SPARQL Update and Graph Store writes'.

// BeginWrite notes a write about to commit and returns the function to
// call once it is done (committed or not: reindexing reads the store as it
// is), which reindexes the resources changed lists then (for a write of
// the core, records.Write.Changed). Without an index both do nothing.
func (s *Door) BeginWrite(ctx context.Context, st *store.Store, changed func() []string) (done func()) {
	ix := s.Index.Load()
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

// Updated reindexes, after a SPARQL update or a Graph Store write has
// committed, the resources res changed in the public data graph (a
// resource under a chantier's path stands for its chantier too).
func (s *Door) Updated(ctx context.Context, st *store.Store, res *update.Result) {
	ix := s.Index.Load()
	if ix == nil || res == nil || st == nil {
		return
	}
	pub := vocab.GraphIRI(s.Base, vocab.GraphPublicCC0)
	var iris []string
	for g, ss := range res.Subjects {
		if g.Value != pub {
			continue
		}
		for subj := range ss {
			if slug, ok := strings.CutPrefix(subj.Value, s.Base+vocab.PathChantiers); ok {
				slug, _, _ = strings.Cut(slug, "/")
				iris = append(iris, vocab.ChantierIRI(s.Base, slug))
			}
			iris = append(iris, subj.Value)
		}
	}
	if len(iris) == 0 {
		return
	}
	ix.Begin()
	if err := ix.Apply(ctx, st, iris...); err != nil {
		s.Log.Error("search index: reindex after an update (repaired at the next start)", "err", err)
	}
}
