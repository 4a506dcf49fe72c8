package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// TestRestoreTruncated restores cut backups: each must fail, leave the
// target as it was (absent, or empty if it existed) with no temporary
// folder beside it, and the next restore of the whole backup must work.
func TestRestoreTruncated(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(3000))
	var buf bytes.Buffer
	if err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	for _, tc := range []struct {
		name      string
		keep      int
		makeEmpty bool
	}{
		{"header only", 10, false},
		{"a quarter", len(full) / 4, false},
		{"half, into an empty folder", len(full) / 2, true},
		{"all but the trailer", len(full) - 8, false},
		{"one byte short", len(full) - 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "data")
			if tc.makeEmpty {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := Restore(dir, bytes.NewReader(full[:tc.keep]), DefaultOptions()); err == nil {
				t.Fatal("restore of a truncated backup succeeded")
			}
			entries, err := os.ReadDir(dir)
			switch {
			case tc.makeEmpty && (err != nil || len(entries) != 0):
				t.Errorf("the empty folder now holds %d entries (%v)", len(entries), err)
			case !tc.makeEmpty && !os.IsNotExist(err):
				t.Errorf("a failed restore left a folder: %v", err)
			}
			if left, _ := os.ReadDir(parent); len(left) != map[bool]int{true: 1, false: 0}[tc.makeEmpty] {
				t.Errorf("left beside it: %v", left)
			}
			if err := Restore(dir, bytes.NewReader(full), DefaultOptions()); err != nil {
				t.Fatalf("the next restore: %v", err)
			}
			r := openDir(t, dir)
			defer r.Close()
			if rep, err := r.Check(context.Background()); err != nil || !rep.OK() || rep.Quads[Public] == 0 {
				t.Errorf("check of the restored store: %+v %v", rep, err)
			}
		})
	}
}

// TestBackupWhileWriting backs up a store while a writer commits, one
// transaction at a time, batches of quads that together add one to a
// sequence: every restored backup must hold a prefix of the batches, each
// batch whole, with indexes that agree — the store at one version.
func TestBackupWhileWriting(t *testing.T) {
	const perBatch = 40
	batch := func(i int) []rdf.Quad {
		out := make([]rdf.Quad, perBatch)
		for j := range out {
			out[j] = rdf.Quad{S: ex(fmt.Sprintf("b%d/%d", i, j)), P: ex(fmt.Sprintf("p%d", j%7)), O: rdf.String(strings.Repeat("v", j)), G: ex(fmt.Sprintf("g%d", j%3))}
		}
		return out
	}
	dir := t.TempDir()
	s := openDir(t, dir)
	defer s.Close()
	addAll(t, s, Public, genQuads(2000))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var committed atomic.Int64
	committed.Store(-1)
	wg.Go(func() {
		for i := 0; ctx.Err() == nil; i++ {
			err := s.Update(context.Background(), func(tx *Txn) error {
				for _, q := range batch(i) {
					if err := tx.Add(q); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			committed.Store(int64(i))
		}
	})
	var backups [][]byte
	for len(backups) < 3 {
		if committed.Load() < int64(len(backups)*20) {
			time.Sleep(time.Millisecond)
			continue
		}
		var buf bytes.Buffer
		if err := s.Backup(&buf); err != nil {
			t.Fatal(err)
		}
		backups = append(backups, buf.Bytes())
	}
	cancel()
	wg.Wait()
	for n, b := range backups {
		dir := filepath.Join(t.TempDir(), "r")
		if err := Restore(dir, bytes.NewReader(b), DefaultOptions()); err != nil {
			t.Fatal(err)
		}
		r := openDir(t, dir)
		snap := r.Snapshot()
		last := -1
		for i := 0; ; i++ {
			found := 0
			for _, q := range batch(i) {
				found += len(collect(t, snap, Pattern{S: q.S, P: q.P, O: q.O, G: q.G}))
			}
			if found == 0 {
				break
			}
			if found != perBatch {
				t.Errorf("backup %d: batch %d restored with %d of its %d quads", n, i, found, perBatch)
			}
			last = i
		}
		if later := collect(t, snap, Pattern{S: batch(last + 2)[0].S, P: batch(last + 2)[0].P, AnyGraph: true}); len(later) != 0 {
			t.Errorf("backup %d: batches 0..%d, then a gap and a later batch", n, last)
		}
		snap.Close()
		if rep, err := r.Check(context.Background()); err != nil || !rep.OK() {
			t.Errorf("backup %d: check: %v %v", n, rep.Problems, err)
		}
		r.Close()
		t.Logf("backup %d: batches 0..%d, whole", n, last)
	}
}
