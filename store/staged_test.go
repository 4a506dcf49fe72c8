package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/ruche-lod/ruche/store/rdf"
)

// dumpKeys is every key and value of the store but the id lease (ids taken
// by a failed write are not given again) and the commit-time meta keys
// (none move unless a write commits).
func dumpKeys(t testing.TB, s *Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if bytes.Equal(k, keyIDLease) {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(&buf, "%x=%x\n", k, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bigWrite adds n new quads (new terms) and deletes the given ones, then
// returns fail (nil: commit).
func bigWrite(n int, del []rdf.Quad, fail error) func(tx *Txn) error {
	return func(tx *Txn) error {
		for i := range n {
			if err := tx.Add(rdf.Quad{S: ex(fmt.Sprint("big", i)), P: ex("p"), O: rdf.String(fmt.Sprint("v", i)), G: ex("g")}); err != nil {
				return err
			}
		}
		for _, q := range del {
			if err := tx.Delete(q); err != nil {
				return err
			}
		}
		if err := tx.PutMeta("big", []byte("written")); err != nil {
			return err
		}
		return fail
	}
}

func mustCheck(t testing.TB, s *Store) {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) > 0 {
		t.Fatalf("check: %v", rep.Problems)
	}
}

// TestUpdateStaged: a write too big for one transaction (Update refuses
// it) commits whole through UpdateStaged: one data version, statistics
// right, consistent; a snapshot opened before it sees none of it, and new
// snapshots wait at the gate while its chunks commit.
func TestUpdateStaged(t *testing.T) {
	s := openTest(t)
	base := genQuads(500)
	addAll(t, s, Public, base)
	const n = 8_000
	if err := s.Update(t.Context(), bigWrite(n, nil, nil)); !errors.Is(err, ErrTxnTooBig) {
		t.Fatalf("Update of %d quads: %v, want ErrTxnTooBig (else the test proves nothing)", n, err)
	}
	before := s.Snapshot()
	defer before.Close()
	v0, q0 := before.Version(), before.Stats().Quads
	gateClosed, chunks := true, uint32(0)
	err := s.updateStaged(t.Context(), bigWrite(n, base[:10], nil), func(c uint32) bool {
		chunks = c
		if s.gate.mu.TryRLock() {
			s.gate.mu.RUnlock()
			gateClosed = false
		}
		return false
	})
	if err != nil {
		t.Fatal(err)
	}
	if chunks < 2 || !gateClosed {
		t.Errorf("%d chunks committed, gate closed while they did: %v; want several, true", chunks, gateClosed)
	}
	if before.Stats().Quads != q0 || before.Version() != v0 {
		t.Errorf("the snapshot opened before the write sees it")
	}
	if got := len(collect(t, before, Pattern{P: ex("p"), AnyGraph: true})); got != 0 {
		t.Errorf("the snapshot opened before the write sees %d of its quads", got)
	}
	after := s.Snapshot()
	defer after.Close()
	if after.Version() != v0+1 || after.Stats().Quads != q0+n-10 {
		t.Errorf("after: version %d quads %d, want %d and %d", after.Version(), after.Stats().Quads, v0+1, q0+n-10)
	}
	if v, ok, _ := after.GetMeta("big"); !ok || string(v) != "written" {
		t.Errorf("meta of the staged write: %q %v", v, ok)
	}
	checkStats(t, s, Public)
	mustCheck(t, s)
	if journal := dumpKeys(t, s); bytes.Contains(journal, []byte(fmt.Sprintf("%x", journalPrefix)+"00000000=")) {
		t.Errorf("the journal outlived the write")
	}
	// The public API takes the same path.
	if err := s.UpdateStaged(t.Context(), bigWrite(n+10, nil, nil)); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
}

// TestUpdateStagedUndo: a staged write that fails after chunks committed
// (its function fails, or its context ends) leaves the store byte for byte
// as it was.
func TestUpdateStagedUndo(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cancel bool
		fail   error
	}{
		{"function fails", false, errors.New("refused by a later check")},
		{"context ends", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			base := genQuads(500)
			addAll(t, s, Public, base)
			want := dumpKeys(t, s)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			fn := bigWrite(8_000, base[:50], tc.fail)
			if tc.cancel {
				inner := fn
				fn = func(tx *Txn) error { err := inner(tx); cancel(); return err }
			}
			chunks := uint32(0)
			err := s.updateStaged(ctx, fn, func(c uint32) bool { chunks = c; return false })
			if err == nil || chunks < 2 {
				t.Fatalf("staged write: %v after %d chunks, want an error after several", err, chunks)
			}
			if got := dumpKeys(t, s); !bytes.Equal(got, want) {
				t.Errorf("the store changed (%d bytes of dump, was %d)", len(got), len(want))
			}
			mustCheck(t, s)
			checkStats(t, s, Public)
			if snap := s.Snapshot(); snap.Stats().Quads != 500 {
				t.Errorf("%d quads after the undo", snap.Stats().Quads)
			} else {
				snap.Close()
			}
		})
	}
}

// TestUpdateStagedCrash: a process that dies while a staged write commits
// its chunks leaves them and their journal; the next Open undoes them
// before anything reads, and nothing of the write is ever visible.
func TestUpdateStagedCrash(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	base := genQuads(500)
	addAll(t, s, Public, base)
	want := dumpKeys(t, s)
	err := s.updateStaged(t.Context(), bigWrite(8_000, base[:50], nil), func(c uint32) bool { return c == 3 })
	if !errors.Is(err, errStageCrash) {
		t.Fatalf("staged write: %v, want the simulated crash", err)
	}
	if bytes.Equal(dumpKeys(t, s), want) {
		t.Fatalf("the simulated crash left nothing to undo")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A read-only open (ruche check, stats) undoes it first, as a server
	// would.
	ro := DefaultOptions()
	ro.ReadOnly = true
	rs, err := Open(dir, ro)
	if err != nil {
		t.Fatalf("read-only open after the crash: %v", err)
	}
	if got := dumpKeys(t, rs); !bytes.Equal(got, want) {
		t.Errorf("read-only, the store differs from before the write")
	}
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, dir)
	defer s.Close()
	if got := dumpKeys(t, s); !bytes.Equal(got, want) {
		t.Errorf("after reopening, the store differs from before the write")
	}
	mustCheck(t, s)
	checkStats(t, s, Public)
}
