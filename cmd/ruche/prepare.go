package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// Meta keys of the data folder (api/records declares them).
const (
	metaBase   = records.MetaBase   // the base IRI the folder's own IRIs are minted under
	metaSeeded = records.MetaSeeded // when the seed graph was loaded
)

// openForServe opens the data folder for the server: a folder with no data
// yet is seeded with the chantiers of the source text under base; a folder
// made by import takes base; a folder last served under another base has its
// own IRIs renamed to the new base (the vocabulary namespace stays as it is).
func openForServe(ctx context.Context, dir, base string, log *slog.Logger) (*store.Store, error) {
	opts := storeOptions()
	opts.Logger = log
	st, err := store.Open(dir, opts)
	if err != nil {
		return nil, err
	}
	if err := prepareStore(ctx, st, base, log); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func prepareStore(ctx context.Context, st *store.Store, base string, log *slog.Logger) error {
	snap := st.Snapshot()
	recorded, hasBase, err := snap.GetMeta(metaBase)
	empty := snap.Stats().Quads == 0
	snap.Close()
	if err != nil {
		return err
	}
	switch {
	case !hasBase && empty:
		start := time.Now()
		quads, err := vocab.Seed(base)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		err = st.Update(ctx, func(tx *store.Txn) error {
			for _, q := range quads {
				if err := tx.Add(q); err != nil {
					return err
				}
			}
			if err := tx.PutMeta(metaSeeded, []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
				return err
			}
			return tx.PutMeta(metaBase, []byte(base))
		})
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		log.Info("seeded a new data folder", "quads", len(quads), "base", base, "took", time.Since(start).Round(time.Millisecond))
	case !hasBase:
		log.Info("data folder has no base yet; it takes the server's", "base", base)
		return st.Update(ctx, func(tx *store.Txn) error { return tx.PutMeta(metaBase, []byte(base)) })
	case string(recorded) != base:
		old := string(recorded)
		log.Warn("the data folder was served under another base IRI; renaming its own IRIs", "from", old, "to", base)
		n, err := st.RewriteIRIPrefix(ctx, old, base, func(iri string) bool {
			return strings.HasPrefix(iri, strings.TrimSuffix(vocab.RadnNS, "#"))
		})
		if err != nil {
			return fmt.Errorf("rebase from %s to %s: %w", old, base, err)
		}
		log.Info("rebased", "iris", n)
		// Agent tokens name their person by IRI: rename them too, or they
		// would lose the rights of their person.
		return st.Update(ctx, func(tx *store.Txn) error {
			if err := records.RebaseTokens(ctx, tx, old, base); err != nil {
				return err
			}
			return tx.PutMeta(metaBase, []byte(base))
		})
	}
	return nil
}
