package store

// Snapshot is a consistent read view of one space of the store: it sees the
// data as it was when Snapshot was called, whatever is written afterwards.
// It is safe for concurrent use. Close it when done; a Snapshot closed while
// one of its scans runs is released when that scan ends.
type Snapshot struct{ view }

// Snapshot opens a consistent read view of the Public space.
func (s *Store) Snapshot() *Snapshot {
	if !s.closed.Load() {
		s.gate.pass()
	}
	return s.snapshotPastGate()
}

// snapshotPastGate opens a snapshot without waiting at the gate: for a
// staged write that reads what its own chunks committed.
func (s *Store) snapshotPastGate() *Snapshot {
	st := &txnState{}
	if s.closed.Load() {
		st.closing, st.discarded = true, true // reads report ErrClosed
	} else {
		st.txn = s.db.NewTransaction(false)
	}
	return &Snapshot{view{s: s, st: st, sp: Public}}
}

// In returns a view of another space through the same read transaction.
// Closing either view closes both. Reads through a view of an invalid
// space fail.
func (snap *Snapshot) In(sp Space) *Snapshot {
	return &Snapshot{view{s: snap.s, st: snap.st, sp: sp}}
}

// Space returns the space the snapshot reads.
func (snap *Snapshot) Space() Space { return snap.sp }

// Close releases the snapshot. It may be called more than once.
func (snap *Snapshot) Close() { snap.st.close() }
