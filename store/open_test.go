package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestOpenNewerFormat(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(keyFormat, binary.BigEndian.AppendUint32(nil, FormatVersion+1))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(dir, DefaultOptions())
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("Open gave %v, want a FormatError", err)
	}
	want := fmt.Sprintf("store: data folder %s has format version %d, this ruche reads up to %d", dir, FormatVersion+1, FormatVersion)
	if err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	defer s.Close()
	_, err := Open(dir, DefaultOptions())
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open gave %v, want ErrLocked", err)
	}
	if strings.Contains(err.Error(), "Cannot acquire") || !strings.Contains(err.Error(), dir) {
		t.Errorf("unclear message: %v", err)
	}
}

func TestOpenNotAStore(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("x"), []byte("y")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(dir, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "not a ruche store") {
		t.Errorf("Open of a foreign Badger folder: %v", err)
	}
}

func TestReadOnlyAndReopen(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	quads := genQuads(100)
	addAll(t, s, Public, quads)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.ReadOnly = true
	ro, err := Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	snap := ro.Snapshot()
	defer snap.Close()
	if diff := cmp.Diff(naive(quads, Pattern{AnyGraph: true}), collect(t, snap, Pattern{AnyGraph: true})); diff != "" {
		t.Errorf("reopened store (-want +got):\n%s", diff)
	}
	if err := ro.Update(context.Background(), func(*Txn) error { return nil }); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Update on a read-only store: %v", err)
	}
}

// TestIDsSurviveReopen checks that ids leased before a reopen are never
// handed out again.
func TestIDsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	addAll(t, s, Public, genQuads(20))
	s.Close()
	s = openDir(t, dir)
	defer s.Close()
	addAll(t, s, Public, []rdf.Quad{{S: ex("new"), P: ex("p0"), O: rdf.String("new")}})
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("Check: %v %v", rep.Problems, err)
	}
}

func TestCheckFindsCorruption(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		corrupt func(t *testing.T, s *Store)
		want    string
	}{
		{"index key deleted", func(t *testing.T, s *Store) {
			q := firstQuad(t, s)
			rawDelete(t, s, appendIndexKey(nil, Public, idxPOSG, q))
		}, "missing from POSG"},
		{"dictionary entry deleted", func(t *testing.T, s *Store) {
			rawDelete(t, s, idKey(firstQuad(t, s).O))
		}, "has no term"},
		{"statistics changed", func(t *testing.T, s *Store) {
			if err := s.db.Update(func(txn *badger.Txn) error {
				return txn.Set(statsKey(Public, statTotal, 0), put3(1, 2, 3))
			}); err != nil {
				t.Fatal(err)
			}
		}, "statistics say 1 quads"},
		{"term garbled", func(t *testing.T, s *Store) {
			if err := s.db.Update(func(txn *badger.Txn) error {
				return txn.Set(idKey(firstQuad(t, s).S), []byte("G\xff"))
			}); err != nil {
				t.Fatal(err)
			}
		}, "corrupt term encoding"},
		{"stray index key", func(t *testing.T, s *Store) {
			if err := s.db.Update(func(txn *badger.Txn) error {
				return txn.Set([]byte{indexPrefixByte(Archive, idxGOSP), 1, 2}, nil)
			}); err != nil {
				t.Fatal(err)
			}
		}, "malformed key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			addAll(t, s, Public, genQuads(100))
			rep, err := s.Check(ctx)
			if err != nil || !rep.OK() {
				t.Fatalf("Check of a sound store: %v %v", rep.Problems, err)
			}
			tc.corrupt(t, s)
			rep, err = s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), tc.want) {
				t.Errorf("report %q does not mention %q", rep.Problems, tc.want)
			}
		})
	}
}

func firstQuad(t *testing.T, s *Store) IDQuad {
	t.Helper()
	snap := s.Snapshot()
	defer snap.Close()
	for q, err := range snap.Quads(context.Background(), IDQuad{}) {
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	t.Fatal("empty store")
	return IDQuad{}
}

func rawDelete(t *testing.T, s *Store, key []byte) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(key) }); err != nil {
		t.Fatal(err)
	}
	s.idTerms.purge()
	s.termIDs.purge()
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	quads := genQuads(300)
	addAll(t, s, Public, quads)
	addAll(t, s, Private, quads[:10])
	if err := s.Update(ctx, func(tx *Txn) error { return tx.PutMeta("base", []byte("https://x/")) }); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(dir, bytes.NewReader(buf.Bytes()), DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	if err := Restore(dir, bytes.NewReader(buf.Bytes()), DefaultOptions()); err == nil {
		t.Error("Restore into a non-empty folder succeeded")
	}
	r := openDir(t, dir)
	defer r.Close()
	snap := r.Snapshot()
	defer snap.Close()
	if diff := cmp.Diff(naive(quads, Pattern{AnyGraph: true}), collect(t, snap, Pattern{AnyGraph: true})); diff != "" {
		t.Errorf("restored public space (-want +got):\n%s", diff)
	}
	if got := collect(t, snap.In(Private), Pattern{AnyGraph: true}); len(got) != len(naive(quads[:10], Pattern{AnyGraph: true})) {
		t.Errorf("restored private space holds %d quads", len(got))
	}
	if v, ok, _ := snap.GetMeta("base"); !ok || string(v) != "https://x/" {
		t.Errorf("restored meta: %q %v", v, ok)
	}
	rep, err := r.Check(ctx)
	if err != nil || !rep.OK() {
		t.Errorf("Check of the restored store: %v %v", rep.Problems, err)
	}
	// New terms after a restore get fresh ids.
	addAll(t, r, Public, []rdf.Quad{{S: ex("after"), P: ex("p"), O: rdf.String("restore")}})
	if rep, err := r.Check(ctx); err != nil || !rep.OK() {
		t.Errorf("Check after a write: %v %v", rep.Problems, err)
	}
	if err := Restore(t.TempDir(), strings.NewReader("not gzip"), DefaultOptions()); err == nil {
		t.Error("Restore of garbage succeeded")
	}
}

func TestRewriteIRIPrefix(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	long := "http://example.org/" + strings.Repeat("x", 600)
	quads := []rdf.Quad{
		{S: ex("a"), P: ex("p"), O: ex("b"), G: ex("g")},
		{S: ex("keep"), P: ex("p"), O: rdf.String("http://example.org/literal stays")},
		{S: rdf.IRI(long), P: ex("p"), O: rdf.IRI("http://other.org/c")},
	}
	addAll(t, s, Public, quads)
	snap := s.Snapshot()
	v0 := snap.Version()
	snap.Close()
	n, err := s.RewriteIRIPrefix(ctx, "http://example.org/", "https://new.example/", func(iri string) bool {
		return iri == "http://example.org/keep"
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 { // a, b, g, p, long, and not keep
		t.Errorf("renamed %d IRIs, want 5", n)
	}
	nw := func(l string) rdf.Term { return rdf.IRI("https://new.example/" + l) }
	want := naive([]rdf.Quad{
		{S: nw("a"), P: nw("p"), O: nw("b"), G: nw("g")},
		{S: ex("keep"), P: nw("p"), O: rdf.String("http://example.org/literal stays")},
		{S: nw(strings.Repeat("x", 600)), P: nw("p"), O: rdf.IRI("http://other.org/c")},
	}, Pattern{AnyGraph: true})
	snap = s.Snapshot()
	defer snap.Close()
	if diff := cmp.Diff(want, collect(t, snap, Pattern{AnyGraph: true})); diff != "" {
		t.Errorf("after rewrite (-want +got):\n%s", diff)
	}
	if got := collect(t, snap, Pattern{S: nw("a"), G: nw("g")}); len(got) != 1 {
		t.Errorf("lookup by new IRI found %v", got)
	}
	if _, ok, _ := snap.LookupID(ex("a")); ok {
		t.Error("old IRI still in the dictionary")
	}
	if snap.Version() <= v0 {
		t.Error("version did not move")
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Errorf("Check after rewrite: %v %v", rep.Problems, err)
	}
	// A rename onto an existing term is refused before anything changes.
	if _, err := s.RewriteIRIPrefix(ctx, "https://new.example/a", "https://new.example/b", nil); err == nil {
		t.Error("rename onto an existing IRI succeeded")
	}
}

// A malformed hashed dictionary entry makes RewriteIRIPrefix fail with a
// corruption error, and renames nothing.
func TestRewriteIRIPrefixCorruptHashedEntry(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(4))
	key := append([]byte{prefixTermHash}, bytes.Repeat([]byte{0xab}, 16)...)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(key, []byte("bad")) }); err != nil {
		t.Fatal(err)
	}
	n, err := s.RewriteIRIPrefix(context.Background(), "http://example.org/", "http://example.com/", nil)
	if err == nil || !strings.Contains(err.Error(), "corrupt dictionary entry") || n != 0 {
		t.Fatalf("rewrite over a corrupt hashed entry: n=%d err=%v", n, err)
	}
}
