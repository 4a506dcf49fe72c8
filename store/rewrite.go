package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// rewriteBatch is the number of renamed terms committed per transaction
// (each takes three Badger entries).
const rewriteBatch = 20_000

// RewriteIRIPrefix renames every IRI of the dictionary that starts with
// oldPrefix to start with newPrefix instead, except the IRIs keep reports
// true for (keep may be nil). Ids do not change, so no index is touched: the
// rename applies to every space at once. It returns the number of IRIs
// renamed. It fails, before renaming anything, if a new IRI is already in
// the dictionary. Renames are committed in batches of 20,000: if the call
// fails midway, running it again finishes the job.
func (s *Store) RewriteIRIPrefix(ctx context.Context, oldPrefix, newPrefix string, keep func(iri string) bool) (int, error) {
	if s.opts.ReadOnly {
		return 0, ErrReadOnly
	}
	if oldPrefix == newPrefix {
		return 0, nil
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.closed.Load() {
		return 0, ErrClosed
	}
	type rename struct {
		id       ID
		old, new string
	}
	var renames []rename
	snap := s.Snapshot()
	defer snap.Close()
	// Inline term keys are sorted by encoding, so the IRIs with the prefix
	// are one range; hashed keys (very long IRIs) are checked one by one.
	collect := func(id ID, iri string) {
		if strings.HasPrefix(iri, oldPrefix) && (keep == nil || !keep(iri)) {
			renames = append(renames, rename{id, iri, newPrefix + iri[len(oldPrefix):]})
		}
	}
	prefix := append([]byte{prefixTermID, encIRI}, oldPrefix...)
	err := snap.withIterator(ctx, prefix, func(it *badger.Iterator) error {
		for it.Seek(prefix); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			err := it.Item().Value(func(val []byte) error {
				if len(val) != 8 {
					return fmt.Errorf("corrupt dictionary entry %x", it.Item().Key())
				}
				collect(ID(binary.BigEndian.Uint64(val)), string(it.Item().Key()[2:]))
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = snap.withIterator(ctx, []byte{prefixTermHash}, func(it *badger.Iterator) error {
			for it.Seek([]byte{prefixTermHash}); it.Valid(); it.Next() {
				if err := ctx.Err(); err != nil {
					return err
				}
				var id ID
				if err := it.Item().Value(func(val []byte) error {
					if len(val) != 8 {
						return fmt.Errorf("corrupt dictionary entry %x", it.Item().Key())
					}
					id = ID(binary.BigEndian.Uint64(val))
					return nil
				}); err != nil {
					return err
				}
				t, err := snap.Term(id)
				if err != nil {
					return err
				}
				if t.IsIRI() {
					collect(id, t.Value)
				}
			}
			return nil
		})
	}
	if err != nil {
		return 0, fmt.Errorf("store: rewrite IRI prefix: %w", err)
	}
	for _, r := range renames {
		if id, ok, err := snap.LookupID(rdf.IRI(r.new)); err != nil {
			return 0, err
		} else if ok && id != r.id {
			return 0, fmt.Errorf("store: rewrite IRI prefix: cannot rename <%s>: <%s> is already a term", r.old, r.new)
		}
	}
	for start := 0; start < len(renames); start += rewriteBatch {
		batch := renames[start:min(start+rewriteBatch, len(renames))]
		err := s.db.Update(func(txn *badger.Txn) error {
			for _, r := range batch {
				oldEnc, _ := appendTermEncoding(nil, rdf.IRI(r.old))
				newEnc, _ := appendTermEncoding(nil, rdf.IRI(r.new))
				if err := txn.Delete(termKey(oldEnc)); err != nil {
					return err
				}
				if err := txn.Set(termKey(newEnc), binary.BigEndian.AppendUint64(nil, uint64(r.id))); err != nil {
					return err
				}
				if err := txn.Set(idKey(r.id), newEnc); err != nil {
					return err
				}
			}
			return bumpVersion(txn)
		})
		s.termIDs.purge()
		s.idTerms.purge()
		if err != nil {
			return start, fmt.Errorf("store: rewrite IRI prefix: %w", err)
		}
	}
	return len(renames), nil
}

// bumpVersion increments the data version inside a Badger transaction.
func bumpVersion(txn *badger.Txn) error {
	var v uint64
	item, err := txn.Get(keyVersion)
	switch {
	case err == nil:
		if err := item.Value(func(val []byte) error {
			if len(val) == 8 {
				v = binary.BigEndian.Uint64(val)
			}
			return nil
		}); err != nil {
			return err
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return err
	}
	return txn.Set(keyVersion, binary.BigEndian.AppendUint64(nil, v+1))
}
