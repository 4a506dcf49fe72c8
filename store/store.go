package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// ID is a term id. Ids are dense counters, see [Store].
type ID uint64

// Reserved ids.
const (
	AnyID          ID = 0 // wildcard in a pattern; never a real term
	DefaultGraphID ID = 1 // the default graph (rdf.Term{} in the G position)
	firstTermID    ID = 2
)

// IDQuad is a quad of term ids.
type IDQuad struct{ S, P, O, G ID }

// FormatVersion is the on-disk format this package writes and the newest it
// reads. FORMAT.md describes it.
const FormatVersion uint32 = 1

// Errors callers may test with errors.Is.
var (
	// ErrLocked: another process has the data folder open.
	ErrLocked = errors.New("data folder is locked by another process")
	// ErrReadOnly: a write on a store opened with Options.ReadOnly.
	ErrReadOnly = errors.New("store: opened read-only")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store: closed")
	// ErrTxnTooBig: one Update changed more than Badger can commit at once.
	ErrTxnTooBig = errors.New("store: transaction too big: split the update into several, or use BulkLoad")
)

// FormatError reports a data folder written in a format this build cannot
// read.
type FormatError struct {
	Dir              string
	Version, Highest uint32
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("store: data folder %s has format version %d, this ruche reads up to %d", e.Dir, e.Version, e.Highest)
}

// Store is a quad store on Badger: a term dictionary, six index
// permutations per [Space], statistics and small meta values, all in one
// Badger database.
//
// Term ids are counters leased in blocks (see idAlloc), not hashes: ids fit
// in 8 bytes, so an index key is 33 bytes and scans touch little memory,
// and dense ids compress well. The cost is a dictionary read before each new
// term is written, which the term cache and the single writer make cheap;
// hashed ids would need 16 bytes to stay collision-free and would double the
// index size. Terms are never deleted from the dictionary.
//
// Writes are serialised by one mutex (one Badger read-write transaction at a
// time), so transactions never conflict with each other; readers work on
// Badger snapshots and never block writers.
type Store struct {
	db   *badger.DB
	dir  string
	opts Options
	log  *slog.Logger

	writeMu sync.Mutex // one writer at a time: Update, BulkLoad, RewriteIRIPrefix
	ids     *idAlloc
	termIDs *cache[rdf.Term, ID]
	idTerms *termSlots

	statsMu    sync.Mutex
	statsCache [numSpaces]*cachedStats

	cols *columnCache // predicates in memory (columns.go); nil when off

	closed atomic.Bool
	gate   gate // new snapshots wait while a staged write commits (staged.go)
}

// Open opens (or creates) the store in dir.
func Open(dir string, opts Options) (*Store, error) {
	if opts.CacheSize <= 0 {
		opts.CacheSize = DefaultOptions().CacheSize
	}
	if !opts.InMemory && !opts.ReadOnly {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: create data folder: %w", err)
		}
	}
	db, err := openBadger(dir, opts)
	if err != nil {
		return nil, err
	}
	s := &Store{
		db: db, dir: dir, opts: opts, log: opts.Logger,
		termIDs: newCache[rdf.Term, ID](opts.CacheSize, hashTerm),
		cols:    newColumnCache(opts.ColumnCacheSize),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if err := s.checkFormat(); err != nil {
		db.Close()
		return nil, err
	}
	s.ids, err = newIDAlloc(db, opts.ReadOnly)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.idTerms = newTermSlots(termSlotsFor(opts.CacheSize, s.ids.next))
	if err := s.undoInterrupted(); err != nil {
		db.Close()
		if errors.Is(err, errInterruptedWrite) && !opts.InMemory {
			// Undo as the next server would, then open read-only again.
			rw := opts
			rw.ReadOnly = false
			if rs, err := Open(dir, rw); err != nil {
				return nil, err
			} else if err := rs.Close(); err != nil {
				return nil, err
			}
			return Open(dir, opts)
		}
		return nil, err
	}
	return s, nil
}

// checkFormat reads the format version key, writing it into a new store.
func (s *Store) checkFormat() error {
	var version uint32
	var found, empty bool
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keyFormat)
		if errors.Is(err, badger.ErrKeyNotFound) {
			it := txn.NewIterator(badger.IteratorOptions{})
			defer it.Close()
			it.Rewind()
			empty = !it.Valid()
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		return item.Value(func(v []byte) error {
			if len(v) != 4 {
				return fmt.Errorf("format key has %d bytes", len(v))
			}
			version = binary.BigEndian.Uint32(v)
			return nil
		})
	})
	switch {
	case err != nil:
		return fmt.Errorf("store: read format version of %s: %w", s.dir, err)
	case found && version > FormatVersion:
		return &FormatError{Dir: s.dir, Version: version, Highest: FormatVersion}
	case found && version < 1:
		return fmt.Errorf("store: data folder %s has unknown format version %d", s.dir, version)
	case found:
		return nil
	case !empty:
		return fmt.Errorf("store: data folder %s is not a ruche store (it has data but no format version)", s.dir)
	case s.opts.ReadOnly:
		return nil
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(keyFormat, binary.BigEndian.AppendUint32(nil, FormatVersion))
	})
	if err != nil {
		return fmt.Errorf("store: write format version: %w", err)
	}
	return nil
}

// Close closes the store. Snapshots must be closed first.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Sync forces every committed write to stable storage (useful with
// SyncWrites off, after a write that must survive a power loss).
func (s *Store) Sync() error {
	if err := s.db.Sync(); err != nil {
		return fmt.Errorf("store: sync: %w", err)
	}
	return nil
}

// idAlloc hands out term ids. It leases blocks of ids by writing the upper
// bound of the block in a key of its own, committed before any id of the
// block is used, so a crash can waste ids but never reuse one.
type idAlloc struct {
	mu          sync.Mutex
	db          *badger.DB
	next, limit uint64
}

const idLeaseSize = 4096

func newIDAlloc(db *badger.DB, readOnly bool) (*idAlloc, error) {
	a := &idAlloc{db: db, next: uint64(firstTermID), limit: uint64(firstTermID)}
	err := db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keyIDLease)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("id lease key has %d bytes", len(v))
			}
			a.limit = max(binary.BigEndian.Uint64(v), uint64(firstTermID))
			a.next = a.limit
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: read id lease: %w", err)
	}
	return a, nil
}

// take reserves n consecutive ids and returns the first.
func (a *idAlloc) take(n uint64) (ID, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.next+n > a.limit {
		limit := a.next + n + idLeaseSize
		err := a.db.Update(func(txn *badger.Txn) error {
			return txn.Set(keyIDLease, binary.BigEndian.AppendUint64(nil, limit))
		})
		if err != nil {
			return 0, fmt.Errorf("store: lease term ids: %w", err)
		}
		a.limit = limit
	}
	first := a.next
	a.next += n
	return ID(first), nil
}
