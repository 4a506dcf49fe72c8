package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/skl"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Staged writes: one all-or-nothing write larger than a Badger transaction.
//
// [Store.UpdateStaged] runs its function like [Store.Update]. When the
// writes outgrow one Badger transaction, they are committed in chunks
// ("stages") while new snapshots wait at a gate: snapshots opened before
// the first chunk keep reading the state before the write (Badger's
// multi-version reads), and no snapshot opens until the write is whole or
// undone, so readers see the write all at once or not at all. Each chunk
// carries, in the same Badger transaction, an undo journal of what it
// changes (system keys 0x00 'u' + uint32 sequence, see FORMAT.md): the
// state before the write of every quad it adds or deletes, and the old
// value of every other key it sets or deletes. The last commit deletes the
// journal together with the write's final keys (statistics, data version).
// When the function fails, a later check refuses, the context ends or the
// final commit fails, the journal is applied backwards and deleted: the
// store is as before, byte for byte (but for the id lease). If the process
// dies mid-write, the next Open finds the journal and applies it the same
// way before anything reads the store.

// journalPrefix starts the keys of the undo journal of a staged write.
var journalPrefix = []byte{prefixSystem, 'u'}

func journalKey(seq uint32) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), journalPrefix...), seq)
}

// Records of the undo journal.
const (
	recQuad byte = 'q' // space, S P O G ids, present before (0/1)
	recKey  byte = 'k' // uvarint key length, key, existed before (0/1), uvarint value length, value
)

// stage is the state of a write that may be staged.
type stage struct {
	s          *Store
	staged     bool   // chunks committed: the gate is closed
	chunks     uint32 // journal keys committed
	journal    []byte // records of the current chunk
	count      int64  // Badger entries of the current chunk
	size       int64  // their estimated size
	maxCount   int64  // spill before the chunk reaches these
	maxSize    int64
	crashAfter func(chunks uint32) bool // tests: stop as a crash would

	// Chunks committed without waiting (commit with async).
	sending chan struct{}  // one token per chunk on its way
	sent    sync.WaitGroup // the chunks on their way
	failMu  sync.Mutex
	failed  error // the first of their errors
}

func newStage(s *Store) *stage {
	o := s.db.Opts()
	// Badger refuses a transaction past 15 % of a memtable, in bytes, or
	// that size divided by a skiplist node, in entries. Spilling at half of
	// each leaves room for the chunk's journal record.
	maxSize := 15 * o.MemTableSize / 100
	return &stage{s: s, maxSize: maxSize / 2, maxCount: maxSize / int64(skl.MaxNodeSize) / 2}
}

// gate holds new snapshots back while a staged write is between its first
// and its last commit.
type gate struct{ mu sync.RWMutex }

// pass waits for the gate to be open.
func (g *gate) pass() {
	g.mu.RLock()
	g.mu.RUnlock()
}

// noteQuad records the state of q in sp before a change.
func (sg *stage) noteQuad(sp Space, q IDQuad, present bool) {
	sg.journal = append(sg.journal, recQuad, byte(sp))
	for _, id := range [4]ID{q.S, q.P, q.O, q.G} {
		sg.journal = binary.BigEndian.AppendUint64(sg.journal, uint64(id))
	}
	sg.journal = append(sg.journal, b2u(present))
}

// noteKey records the state of key k before a change: whether it existed
// and its old value.
func (sg *stage) noteKey(k []byte, existed bool, old []byte) {
	sg.journal = append(sg.journal, recKey)
	sg.journal = binary.AppendUvarint(sg.journal, uint64(len(k)))
	sg.journal = append(sg.journal, k...)
	sg.journal = append(sg.journal, b2u(existed))
	sg.journal = binary.AppendUvarint(sg.journal, uint64(len(old)))
	sg.journal = append(sg.journal, old...)
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// full reports whether the current chunk has no room left for an entry of
// est bytes (with the journal recorded so far).
func (sg *stage) full(est int64) bool {
	return sg.count+1 >= sg.maxCount || sg.size+int64(len(sg.journal))+est >= sg.maxSize
}

// added counts an entry of est bytes into the current chunk.
func (sg *stage) added(est int64) {
	sg.count++
	sg.size += est
}

// entrySize estimates what a key and value cost in a Badger transaction.
func entrySize(k, v []byte) int64 { return int64(len(k)+len(v)) + 12 }

// Every record must be in the chunk of the keys it undoes or in an earlier
// one: a record in chunk n undoes keys in chunk n+1 harmlessly (deleting a
// key never written, or setting it to its old value), but a key committed
// before its record could not be undone after a crash. Writers therefore
// note a change first, then write its keys, each of which may commit the
// chunk (with the note) before it is set.

// commit commits txn, the current chunk, with its journal, closes the gate
// on the first chunk, and returns the transaction of the next chunk. After
// a test's simulated crash it returns errStageCrash.
//
// With async, commit does not wait for Badger to write the chunk: a
// writer that never reads what it wrote (BulkLoad) goes on encoding while
// Badger writes, with at most maxSent chunks on their way; wait waits for
// them. Otherwise the next chunk reads what this one wrote.
func (sg *stage) commit(txn *badger.Txn, async bool) (*badger.Txn, error) {
	if err := sg.sendError(); err != nil {
		return txn, err
	}
	if !sg.staged {
		sg.s.gate.mu.Lock()
		sg.staged = true
	}
	if err := txn.Set(journalKey(sg.chunks), sg.journal); err != nil {
		return txn, txnError(err)
	}
	if async {
		if sg.sending == nil {
			sg.sending = make(chan struct{}, maxSent)
		}
		sg.sending <- struct{}{}
		sg.sent.Add(1)
		txn.CommitWith(func(err error) {
			if err != nil {
				sg.failMu.Lock()
				if sg.failed == nil {
					sg.failed = txnError(fmt.Errorf("store: commit a stage: %w", err))
				}
				sg.failMu.Unlock()
			}
			<-sg.sending
			sg.sent.Done()
		})
		// The chunk on its way keeps its journal.
		sg.journal = make([]byte, 0, cap(sg.journal))
	} else {
		if err := txn.Commit(); err != nil {
			return txn, txnError(fmt.Errorf("store: commit a stage: %w", err))
		}
		sg.journal = sg.journal[:0]
	}
	sg.chunks++
	sg.count, sg.size = 0, 0
	next := sg.s.db.NewTransaction(true)
	if sg.crashAfter != nil && sg.crashAfter(sg.chunks) {
		return next, errStageCrash
	}
	return next, nil
}

// maxSent bounds the chunks committed without waiting that Badger has not
// written yet.
const maxSent = 4

// wait waits until Badger has written every chunk committed without
// waiting, and returns the first error among them.
func (sg *stage) wait() error {
	sg.sent.Wait()
	return sg.sendError()
}

func (sg *stage) sendError() error {
	sg.failMu.Lock()
	defer sg.failMu.Unlock()
	return sg.failed
}

// dropJournal deletes the journal in the write's last transaction, which
// makes the write whole.
func (sg *stage) dropJournal(txn *badger.Txn) error {
	for seq := range sg.chunks {
		if err := txn.Delete(journalKey(seq)); err != nil {
			return txnError(err)
		}
	}
	return nil
}

// end opens the gate once the write is over: done says its last
// transaction committed; otherwise the committed chunks are undone first
// (but for a test's simulated crash, which leaves them to Open). It returns
// err, joined with the undo's error. Only the first call does anything.
func (sg *stage) end(done bool, err error) error {
	if !sg.staged {
		return err
	}
	sg.wait() // its error, if any, made the write fail: err
	sg.staged = false
	if !done && !errors.Is(err, errStageCrash) {
		if uerr := sg.s.undoJournal(sg.chunks); uerr != nil {
			err = errors.Join(err, fmt.Errorf("store: undo a staged write (the next Open retries): %w", uerr))
		}
	}
	sg.s.gate.mu.Unlock()
	return err
}

// stagedWrite is set (del false) or delete of one key in a write that may be
// staged: it journals the key's old value (quad index keys are journaled
// by change, as quads) and commits a chunk first when the current one is
// full.
func (tx *Txn) stagedWrite(k, v []byte, del bool) error {
	sg := tx.st.w.stage
	est := entrySize(k, v)
	if sg.full(est) {
		if err := tx.spill(); err != nil {
			return err
		}
	}
	if k[0] < prefixIndex {
		var old []byte
		existed := false
		// Dictionary keys are written only for new terms (intern): they
		// did not exist. Other keys are read first.
		if k[0] != prefixIDTerm && k[0] != prefixTermID && k[0] != prefixTermHash {
			var err error
			if existed, err = tx.get(k, func(b []byte) error { old = append([]byte(nil), b...); return nil }); err != nil {
				return err
			}
		}
		sg.noteKey(k, existed, old)
	}
	sg.added(est)
	if del {
		return txnError(tx.st.txn.Delete(k))
	}
	return txnError(tx.st.txn.Set(k, v))
}

// spill commits the current chunk with its journal and opens the next one.
func (tx *Txn) spill() error {
	if n := tx.st.openIterators(); n > 0 {
		return fmt.Errorf("%w (a staged write cannot commit a chunk while %d scans are open)", ErrTxnTooBig, n)
	}
	txn, err := tx.st.w.stage.commit(tx.st.txn, false)
	tx.st.txn = txn
	return err
}

// errStageCrash ends a staged write in tests as a crash would: the
// committed chunks and their journal stay, for Open to undo.
var errStageCrash = errors.New("store: staged write stopped (test)")

// UpdateStaged is [Store.Update] without Update's size bound: a write
// larger than one Badger transaction is committed in chunks behind a gate
// (see above), still all or nothing for every reader. New snapshots wait
// while such a write commits its chunks. Writes that fit in one transaction
// take Update's path.
func (s *Store) UpdateStaged(ctx context.Context, fn func(tx *Txn) error) error {
	err := s.Update(ctx, fn)
	if !errors.Is(err, ErrTxnTooBig) {
		return err
	}
	return s.updateStaged(ctx, fn, nil)
}

func (s *Store) updateStaged(ctx context.Context, fn func(tx *Txn) error, crashAfter func(uint32) bool) (err error) {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.closed.Load() {
		return ErrClosed
	}
	sg := newStage(s)
	sg.crashAfter = crashAfter
	defer func() { err = sg.end(false, err) }()
	w := &writeState{newTerms: map[rdf.Term]ID{}, newIDs: map[ID]rdf.Term{}, stage: sg}
	st := &txnState{txn: s.db.NewTransaction(true), w: w}
	defer st.close()
	tx := &Txn{view{s: s, st: st, sp: Public}}
	if dirty, err := s.prepare(ctx, tx, fn); err != nil || !dirty {
		return err
	}
	if err := sg.dropJournal(st.txn); err != nil {
		return err
	}
	if err := st.txn.Commit(); err != nil {
		return txnError(fmt.Errorf("store: commit: %w", err))
	}
	s.committed(w)
	sg.end(true, nil)
	s.afterCommit(w)
	return nil
}

// undoJournal applies the journal of an unfinished staged write backwards
// (its chunks from the last one, each chunk's records from the last one),
// then deletes it. Every record restores a state before the write, so
// applying the whole journal again after an interruption gives the same
// store.
func (s *Store) undoJournal(chunks uint32) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for seq := int64(chunks) - 1; seq >= 0; seq-- {
		var rec []byte
		err := s.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(journalKey(uint32(seq)))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			rec, err = item.ValueCopy(nil)
			return err
		})
		if err != nil {
			return err
		}
		if err := undoRecords(wb, rec); err != nil {
			return fmt.Errorf("journal %d: %w", seq, err)
		}
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	// The journal goes only once every undo is written.
	wb = s.db.NewWriteBatch()
	for seq := range chunks {
		if err := wb.Delete(journalKey(seq)); err != nil {
			return err
		}
	}
	return wb.Flush()
}

type journalRec struct {
	quad     bool
	sp       Space
	q        IDQuad
	key, val []byte
	before   bool
}

// undoRecords writes the before-state of every record of one chunk, last
// record first.
func undoRecords(wb *badger.WriteBatch, rec []byte) error {
	var recs []journalRec
	for len(rec) > 0 {
		var r journalRec
		switch rec[0] {
		case recQuad:
			if len(rec) < 2+32+1 {
				return errors.New("truncated quad record")
			}
			r.quad, r.sp = true, Space(rec[1])
			ids := rec[2:34]
			r.q = IDQuad{S: ID(binary.BigEndian.Uint64(ids)), P: ID(binary.BigEndian.Uint64(ids[8:])),
				O: ID(binary.BigEndian.Uint64(ids[16:])), G: ID(binary.BigEndian.Uint64(ids[24:]))}
			r.before = rec[34] == 1
			rec = rec[35:]
		case recKey:
			rec = rec[1:]
			n, w := binary.Uvarint(rec)
			if w <= 0 || uint64(len(rec)-w) < n+1 {
				return errors.New("truncated key record")
			}
			r.key, rec = rec[w:w+int(n)], rec[w+int(n):]
			r.before, rec = rec[0] == 1, rec[1:]
			m, w := binary.Uvarint(rec)
			if w <= 0 || uint64(len(rec)-w) < m {
				return errors.New("truncated key record")
			}
			r.val, rec = rec[w:w+int(m)], rec[w+int(m):]
		default:
			return fmt.Errorf("unknown record %q", rec[0])
		}
		recs = append(recs, r)
	}
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		if !r.quad {
			if err := undoKey(wb, r.key, r.val, r.before); err != nil {
				return err
			}
			continue
		}
		if !r.sp.valid() {
			return fmt.Errorf("invalid space %d", r.sp)
		}
		for ix := index(0); ix < numIndexes; ix++ {
			if err := undoKey(wb, appendIndexKey(nil, r.sp, ix, r.q), nil, r.before); err != nil {
				return err
			}
		}
	}
	return nil
}

func undoKey(wb *badger.WriteBatch, k, v []byte, before bool) error {
	if before {
		return wb.Set(k, append([]byte{}, v...))
	}
	return wb.Delete(k)
}

// errInterruptedWrite: a read-only Open found the journal of a staged write
// a crash interrupted; Open undoes it read-write first.
var errInterruptedWrite = errors.New("store: a write was interrupted midway; open the folder read-write once to undo it")

// undoInterrupted undoes the staged write a crash interrupted, if any
// (called by Open before anything reads).
func (s *Store) undoInterrupted() error {
	var chunks uint32
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: journalPrefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if k := it.Item().Key(); len(k) == len(journalPrefix)+4 {
				chunks = max(chunks, binary.BigEndian.Uint32(k[len(journalPrefix):])+1)
			}
		}
		return nil
	})
	if err != nil || chunks == 0 {
		return err
	}
	if s.opts.ReadOnly {
		return errInterruptedWrite
	}
	s.log.Warn("store: undoing a staged write interrupted by a crash", "chunks", chunks)
	return s.undoJournal(chunks)
}
