package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nextFileName names the file Badger would create next with that extension
// (ids are decimal, zero-padded to width).
func nextFileName(t *testing.T, dir, ext string, width int) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	highest := 0
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ext); ok {
			if v, err := strconv.Atoi(n); err == nil && v > highest {
				highest = v
			}
		}
	}
	return filepath.Join(dir, fmt.Sprintf("%0*d%s", width, highest+1, ext))
}

// TestOpenAfterCrashDuringOpen fabricates what a kill between Badger's
// create and preallocation of a log leaves (a 0-byte .vlog or .mem file,
// dgraph-io/badger#2207) and expects every open, read-write or read-only,
// to succeed with the data intact.
func TestOpenAfterCrashDuringOpen(t *testing.T) {
	for _, tc := range []struct {
		name     string
		exts     []string
		readOnly bool
	}{
		{"empty vlog", []string{".vlog"}, false},
		{"empty wal", []string{".mem"}, false},
		{"both", []string{".vlog", ".mem"}, false},
		{"empty vlog, read-only", []string{".vlog"}, true},
		{"both, read-only", []string{".vlog", ".mem"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openDir(t, dir)
			quads := genQuads(50)
			addAll(t, s, Public, quads)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			for _, ext := range tc.exts {
				width := 6
				if ext == ".mem" {
					width = 5
				}
				if err := os.WriteFile(nextFileName(t, dir, ext, width), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			o := DefaultOptions()
			o.ReadOnly = tc.readOnly
			s, err := Open(dir, o)
			if err != nil {
				t.Fatalf("open after a crash during opening: %v", err)
			}
			defer s.Close()
			snap := s.Snapshot()
			defer snap.Close()
			if got := collect(t, snap, Pattern{AnyGraph: true}); len(got) != len(quads) {
				t.Errorf("%d quads after reopening, want %d", len(got), len(quads))
			}
		})
	}
}

const (
	openLoopChildEnv = "RUCHE_STORE_OPEN_LOOP_CHILD_DIR"
	// RUCHE_KILL_LOOP sets the number of kills of TestKillDuringOpen (30).
	openLoopCountEnv = "RUCHE_KILL_LOOP"
)

// TestKillDuringOpen kills, with SIGKILL and at varying short delays, a
// child process that opens the store, commits one quad and closes it, over
// and over; after each kill the folder must open, with every acknowledged
// quad and consistent indexes (every other open is read-only, as check and
// backup open it). Set RUCHE_KILL_LOOP for more kills.
func TestKillDuringOpen(t *testing.T) {
	if dir := os.Getenv(openLoopChildEnv); dir != "" {
		openLoopChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	kills := 30
	if n, err := strconv.Atoi(os.Getenv(openLoopCountEnv)); err == nil && n > 0 {
		kills = n
	}
	dir := t.TempDir()
	base := genQuads(200)
	s := openDir(t, dir)
	addAll(t, s, Public, base)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	acked := -1
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringOpen$", "-test.count=1")
		cmd.Env = append(os.Environ(), openLoopChildEnv+"="+dir, "RUCHE_STORE_OPEN_LOOP_FIRST="+strconv.Itoa(acked+1))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		if !sc.Scan() || sc.Text() != "started" {
			t.Fatalf("kill %d: child did not start", k)
		}
		// Delays from 0 to 39.5 ms: a cycle (open, commit, close) takes tens of
		// milliseconds, so the kills land all over the opening.
		time.Sleep(time.Duration(k*7%80) * 500 * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() {
			if n, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				if v, err := strconv.Atoi(n); err == nil {
					acked = v
				}
			}
		}
		_ = cmd.Wait()
		o := DefaultOptions()
		o.ReadOnly = k%2 == 1 // check and backup open read-only: that works after a kill too
		s, err := Open(dir, o)
		if err != nil {
			t.Fatalf("kill %d: the next open (read-only %v) failed: %v", k, o.ReadOnly, err)
		}
		snap := s.Snapshot()
		for _, q := range base {
			if got := collect(t, snap, Pattern{S: q.S, P: q.P, O: q.O, G: q.G}); len(got) == 0 {
				t.Fatalf("kill %d: first quad %v lost", k, q)
			}
		}
		for i := 0; i <= acked; i++ {
			q := crashQuad(i)
			if got := collect(t, snap, Pattern{S: q.S, P: q.P, O: q.O, G: q.G}); len(got) != 1 {
				t.Fatalf("kill %d: acknowledged quad %d lost", k, i)
			}
		}
		snap.Close()
		if k%10 == 9 || k == kills-1 {
			rep, err := s.Check(context.Background())
			if err != nil || !rep.OK() {
				t.Fatalf("kill %d: check: %v %v", k, rep.Problems, err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d kills during opening, every next open succeeded; %d acknowledged writes kept", kills, acked+1)
}

func openLoopChild(dir string) {
	next, _ := strconv.Atoi(os.Getenv("RUCHE_STORE_OPEN_LOOP_FIRST"))
	fmt.Println("started")
	for i := next; ; i++ {
		s, err := Open(dir, DefaultOptions())
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		if err := s.Update(context.Background(), func(tx *Txn) error { return tx.Add(crashQuad(i)) }); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		fmt.Printf("ack %d\n", i)
		if err := s.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
	}
}
