package replica

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// ErrGap: a change does not follow the store's version (a change is
// missing); the replica must bootstrap again from a newer snapshot.
var ErrGap = errors.New("replica: change does not follow the store's version")

// Apply applies a change to a replica's store in one transaction, which
// commits the change's version. A change at or below the store's version was
// applied already and is skipped (applied is false): redelivery is
// harmless. A change beyond the next version is an ErrGap.
func Apply(ctx context.Context, st *store.Store, c *Change) (applied bool, err error) {
	return ApplyAt(ctx, st, c, 0)
}

// ApplyAt is Apply that also records seq, the stream sequence of the
// change's message, under SeqKey in the same transaction (when seq > 0 and
// the change is applied).
func ApplyAt(ctx context.Context, st *store.Store, c *Change, seq uint64) (applied bool, err error) {
	err = st.Update(ctx, func(tx *store.Txn) error {
		applied = false
		cur := tx.Version()
		switch {
		case c.Version <= cur:
			return nil
		case c.Version != cur+1:
			return fmt.Errorf("%w: store at %d, change %d", ErrGap, cur, c.Version)
		}
		terms, err := c.terms()
		if err != nil {
			return err
		}
		for id, t := range terms {
			if err := tx.DefineTerm(id, t); err != nil {
				return err
			}
		}
		if err := applyQuads(tx.In(store.Public), c.Public); err != nil {
			return err
		}
		if err := applyQuads(tx.In(store.Archive), c.Archive); err != nil {
			return err
		}
		for _, m := range c.Meta {
			if !PublicMeta(m.Key) {
				continue // never store what the primary should not have sent
			}
			var err error
			if m.Deleted {
				err = tx.DeleteMeta(m.Key)
			} else {
				err = tx.PutMeta(m.Key, m.Value)
			}
			if err != nil {
				return err
			}
		}
		if seq > 0 {
			if err := tx.PutMeta(SeqKey, binary.BigEndian.AppendUint64(nil, seq)); err != nil {
				return err
			}
		}
		applied = true
		return tx.SetVersion(c.Version)
	})
	if err != nil {
		return false, fmt.Errorf("replica: apply version %d: %w", c.Version, err)
	}
	return applied, nil
}

func applyQuads(tx *store.Txn, qc store.QuadChanges) error {
	for _, q := range qc.RemovedIDs {
		if err := tx.DeleteID(q); err != nil {
			return err
		}
	}
	for _, q := range qc.AddedIDs {
		if err := tx.AddID(q); err != nil {
			return err
		}
	}
	return nil
}

// Version returns the data version of a store.
func Version(st *store.Store) uint64 {
	snap := st.Snapshot()
	defer snap.Close()
	return snap.Version()
}

// quadsOf lists every quad of a space (tests and comparisons).
func quadsOf(ctx context.Context, snap *store.Snapshot) ([]rdf.Quad, error) {
	var out []rdf.Quad
	for q, err := range snap.Match(ctx, store.Pattern{AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}
