package graphstore

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// Wiring is what a server gives the write side of SPARQL once: its base,
// store, event stream, limits and search index. The HTTP layer adds only
// authentication (Door's Authorize), problem rendering and routes.
type Wiring struct {
	Base string
	// Store returns the open store (or an error the HTTP layer renders).
	Store func() (*store.Store, error)
	// Versions records new event-stream versions of chantiers (see Core).
	Versions func(ctx context.Context, tx *store.Txn, chantiers ...string) error
	// Limits bound the WHERE evaluation of an update.
	Limits eval.Limits
	// MaxBytes and MaxTriples bound one update or graph write (413).
	MaxBytes   int64
	MaxTriples int
	// Timeout bounds one write, WHERE evaluation included (503).
	Timeout time.Duration
	// Reindex, when set, refreshes the search index for resources a
	// committed write changed.
	Reindex func(ctx context.Context, iris []string)
}

// Core is the core of updates with these rules (also for `ruche update`).
func (w *Wiring) Core() *Core {
	return &Core{Base: w.Base, Versions: w.Versions, Limits: w.Limits, MaxChanges: w.MaxTriples, MaxBytes: int(w.MaxBytes)}
}

// Door is the door of one request, authorised by authorize.
func (w *Wiring) Door(ctx context.Context, authorize func(http.ResponseWriter, *http.Request, *store.Store) (Actor, error)) *Door {
	d := &Door{Core: w.Core(), Store: w.Store, MaxBytes: w.MaxBytes, Timeout: w.Timeout, Authorize: authorize}
	if w.Reindex != nil {
		d.Written = func(res *update.Result) {
			if iris := ChangedResources(w.Base, res); len(iris) > 0 {
				w.Reindex(ctx, iris)
			}
		}
	}
	return d
}

// ChangedResources lists the resources of the public data graph a write
// changed, each part of a chantier with its chantier: what the search
// index refreshes.
func ChangedResources(base string, res *update.Result) []string {
	if res == nil {
		return nil
	}
	pub := vocab.GraphIRI(base, vocab.GraphPublicCC0)
	var iris []string
	for g, ss := range res.Subjects {
		if g.Value != pub {
			continue
		}
		for subj := range ss {
			if slug, ok := strings.CutPrefix(subj.Value, base+vocab.PathChantiers); ok {
				slug, _, _ = strings.Cut(slug, "/")
				iris = append(iris, vocab.ChantierIRI(base, slug))
			}
			iris = append(iris, subj.Value)
		}
	}
	return iris
}
