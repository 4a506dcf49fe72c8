package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

const crashChildEnv = "RUCHE_STORE_CRASH_CHILD_DIR"

func crashQuad(i int) rdf.Quad {
	return rdf.Quad{S: ex(fmt.Sprint("crash/", i)), P: ex("seq"), O: rdf.Literal(strconv.Itoa(i), rdf.XSDInteger), G: ex("crash")}
}

// TestDurabilityKill9 re-executes the test binary as a child that commits
// one quad per Update and prints each acknowledged number; the parent kills
// it with SIGKILL after a few hundred acknowledgements, reopens the folder
// and expects every acknowledged quad.
func TestDurabilityKill9(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDurabilityKill9$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := -1
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		n, ok := strings.CutPrefix(line, "ack ")
		if !ok {
			continue
		}
		if acked, err = strconv.Atoi(n); err != nil {
			t.Fatalf("bad line %q", line)
		}
		if acked >= 300 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Acknowledgements printed after our last read also count.
	for sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			if v, err := strconv.Atoi(n); err == nil {
				acked = v
			}
		}
	}
	_ = cmd.Wait()
	if acked < 300 {
		t.Fatalf("child acknowledged only %d writes", acked)
	}
	s := openDir(t, dir)
	defer s.Close()
	snap := s.Snapshot()
	defer snap.Close()
	for i := 0; i <= acked; i++ {
		q := crashQuad(i)
		if got := collect(t, snap, Pattern{S: q.S, P: q.P, O: q.O, G: q.G}); len(got) != 1 {
			t.Fatalf("acknowledged quad %d lost after kill -9 (%d acknowledged)", i, acked)
		}
	}
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Errorf("Check after kill -9: %v %v", rep.Problems, err)
	}
	t.Logf("%d acknowledged writes, all recovered", acked+1)
}

func crashChild(dir string) {
	s, err := Open(dir, DefaultOptions())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		err := s.Update(context.Background(), func(tx *Txn) error { return tx.Add(crashQuad(i)) })
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stdout, "ack %d\n", i) // os.Stdout is unbuffered
	}
}
