package api

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

const crashServerEnv = "RUCHE_API_CRASH_SERVER_DIR"

// crashServer is the child process: a server on dir, on a random port.
func crashServer(dir string) {
	st, err := store.Open(dir, store.DefaultOptions())
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	cfg := DefaultConfig()
	cfg.Base = testBase
	srv, err := New(cfg)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	srv.SetStore(st)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("addr", ln.Addr().String())
	_ = http.Serve(ln, srv.Handler())
	os.Exit(0)
}

// startCrashServer re-executes the test binary as a server on dir.
func startCrashServer(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWritesSurviveKill9$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashServerEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if addr, ok := strings.CutPrefix(sc.Text(), "addr "); ok {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return cmd, addr
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	t.Fatal("the child server did not start")
	return nil, ""
}

// TestWritesSurviveKill9 kills the server with SIGKILL during a stream of
// concurrent POSTs; after a restart every acknowledged chantier is there,
// and every chantier there is whole (its opening event and its audit
// record were written with it).
func TestWritesSurviveKill9(t *testing.T) {
	if dir := os.Getenv(crashServerEnv); dir != "" {
		crashServer(dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(dir, store.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	seed, err := vocab.Seed(testBase)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, func(tx *store.Txn) error {
		for _, q := range seed {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	token, _, err := CreateToken(ctx, st, RoleCoordination, "", "crash")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	cmd, addr := startCrashServer(t, dir)
	client := &http.Client{Timeout: 10 * time.Second}
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := ttlPrefixes + fmt.Sprintf(`<> a radn:Chantier ; schema:name "Crash %d %d"@fr .`, w, i)
				req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/id/chantiers", strings.NewReader(body))
				req.Header.Set("Content-Type", "text/turtle")
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					acked = append(acked, resp.Header.Get("Location"))
					mu.Unlock()
				}
			}
		}()
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 60 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	close(stop)
	wg.Wait()

	// Restart on the same folder: every acknowledged write answers.
	cmd, addr = startCrashServer(t, dir)
	for _, loc := range acked {
		resp, err := client.Get("http://" + addr + loc + ".ttl")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("acknowledged %s: %d after restart", loc, resp.StatusCode)
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()

	// Every chantier in the store is whole.
	st, err = store.Open(dir, store.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	audited := map[string]bool{}
	recs, err := records.ListAudit(ctx, st, time.Time{}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		audited[r.Resource] = true
	}
	snap := st.Snapshot()
	defer snap.Close()
	whole := 0
	for q, err := range snap.Match(ctx, store.Pattern{P: rdf.IRI(vocab.SchemaName), AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(q.O.Value, "Crash ") {
			continue
		}
		opening, err := firstObject(ctx, snap, q.S, vocab.OrgResultedFrom)
		if err != nil {
			t.Fatal(err)
		}
		typ, err := firstObject(ctx, snap, opening, vocab.OrgResultingOrganization)
		if err != nil {
			t.Fatal(err)
		}
		if typ != q.S || !audited[q.S.Value] {
			t.Errorf("%s is half-written (opening %v, audited %v)", q.S.Value, typ, audited[q.S.Value])
		}
		whole++
	}
	if whole < len(acked) {
		t.Fatalf("%d chantiers in the store, %d acknowledged", whole, len(acked))
	}
	t.Logf("%d acknowledged, %d in the store", len(acked), whole)
}
