//go:build unix

package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestRestoreRemovesStaleFolders: the temporary folders of restores
// killed midway (no process holds their lock) are removed by the next
// restore into the same folder; a folder whose lock is held (a restore
// loading it now), and the folders of other targets, are kept.
func TestRestoreRemovesStaleFolders(t *testing.T) {
	s := openTest(t)
	addAll(t, s, Public, genQuads(50))
	var buf bytes.Buffer
	if err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	mk := func(name string) string {
		p := filepath.Join(parent, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "000001.vlog"), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := mk(".data.restore-111")
	busy := mk(".data.restore-222")
	other := mk(".other.restore-333")
	unlock, locked, err := lockDir(busy)
	if err != nil || locked {
		t.Fatalf("lock the busy folder: locked=%v %v", locked, err)
	}
	defer unlock()

	if err := Restore(filepath.Join(parent, "data"), bytes.NewReader(buf.Bytes()), DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		kept bool
	}{{stale, false}, {busy, true}, {other, true}} {
		_, err := os.Stat(tc.path)
		if kept := err == nil; kept != tc.kept {
			t.Errorf("%s: kept=%v, want %v (%v)", filepath.Base(tc.path), kept, tc.kept, err)
		}
	}
}
