package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/admin"
)

// syncBuffer is a bytes.Buffer safe to write from a server goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitServing waits until the server on addr is healthy and its admin
// socket in data answers.
func waitServing(t *testing.T, addr, data string, logs func() string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if c, err := admin.Dial(data); err == nil {
					c.Close()
					return
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the server did not come up with its socket: %s", logs())
}

func call(t *testing.T, method, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// lastLine is the secret printed by token create.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestOperatorsDay: with ruche serve running, an operator creates an agent
// token with the command line (it reaches the server through the folder's
// admin socket), the agent uses it, the operator lists, audits, backs up and
// revokes, and the token gets 401 — all without stopping the server.
func TestOperatorsDay(t *testing.T) {
	addr := freeAddr(t)
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var logs syncBuffer
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", addr}, strings.NewReader(""), io.Discard, &logs)
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d: %s", code, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
		if _, err := os.Lstat(filepath.Join(data, admin.SocketName)); !os.IsNotExist(err) {
			t.Errorf("the socket outlived the server: %v", err)
		}
	}()
	waitServing(t, addr, data, logs.String)
	info, err := os.Lstat(filepath.Join(data, admin.SocketName))
	if err != nil || info.Mode()&os.ModeSocket == 0 || info.Mode().Perm() != 0o600 {
		t.Fatalf("admin socket: %v %v", info, err)
	}
	api := "http://" + addr

	// A coordination token and an agent token, made while the server runs.
	code, out, errOut := ruche(t, "", "token", "create", "--data", data, "--role", "coordination", "--name", "équipe")
	if code != 0 {
		t.Fatalf("token create through the socket: exit %d %s", code, errOut)
	}
	coord := lastLine(out)
	// The person by id, no --base: it is named under the base the folder
	// records (the server's http://127.0.0.1:PORT/), not the default one.
	code, out, errOut = ruche(t, "", "token", "create", "--data", data, "--role", "agent", "--person", "marie-test", "--name", "Marie", "--expires", "30d")
	if code != 0 {
		t.Fatalf("agent token: exit %d %s", code, errOut)
	}
	agent := lastLine(out)
	if !strings.HasPrefix(out, "token ") || strings.Count(out, "\n") != 2 {
		t.Errorf("token create output changed: %q", out)
	}

	// The agent uses it: past authentication and its role on its own
	// person record (428: the PUT then wants If-Match), not 401 or 403.
	if st, body := call(t, "PUT", api+"/id/personnes/marie-test", agent); st == 401 || st == 403 {
		t.Fatalf("the new agent token on its own record: %d %s", st, body)
	}
	if st, _ := call(t, "GET", api+"/admin/tokens", agent); st != 403 {
		t.Errorf("agent on the token door: %d, want 403", st)
	}
	if st, body := call(t, "GET", api+"/admin/tokens", coord); st != 200 || !strings.Contains(body, api+"/id/personnes/marie-test") {
		t.Errorf("coordination on the token door: %d %s", st, body)
	}

	code, out, errOut = ruche(t, "", "token", "list", "--data", data)
	if code != 0 || !strings.HasPrefix(out, "ID") {
		t.Fatalf("token list: exit %d %q %s", code, out, errOut)
	}
	var agentID string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if strings.Contains(line, "Marie") {
			agentID = strings.Fields(line)[0]
		}
	}
	if agentID == "" {
		t.Fatalf("agent token not listed: %q", out)
	}
	if code, _, errOut = ruche(t, "", "audit", "--data", data); code != 0 {
		t.Errorf("audit while serving: exit %d %s", code, errOut)
	}
	backup := filepath.Join(t.TempDir(), "b.gz")
	if code, _, errOut = ruche(t, "", "backup", "--data", data, backup); code != 0 {
		t.Fatalf("backup while serving: exit %d %s", code, errOut)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if code, _, errOut = ruche(t, "", "restore", "--data", restored, backup); code != 0 {
		t.Fatalf("restore of the live backup: %s", errOut)
	}
	if code, out, _ = ruche(t, "", "token", "list", "--data", restored); code != 0 || !strings.Contains(out, agentID) {
		t.Errorf("the live backup lacks the agent token: %q", out)
	}

	if code, out, errOut = ruche(t, "", "token", "revoke", "--data", data, agentID); code != 0 || out != "token "+agentID+" revoked\n" {
		t.Fatalf("revoke: exit %d %q %s", code, out, errOut)
	}
	if st, body := call(t, "PUT", api+"/id/personnes/marie-test", agent); st != 401 {
		t.Errorf("revoked agent token: %d %s, want 401", st, body)
	}
	if code, _, _ = ruche(t, "", "token", "revoke", "--data", data, "nope"); code != 1 {
		t.Errorf("revoke of an unknown id through the socket: exit %d", code)
	}
	if st, _ := call(t, "GET", api+"/healthz", ""); st != 200 {
		t.Errorf("the server stopped answering: %d", st)
	}
}

const serveChildEnv = "RUCHE_CMD_SERVE_CHILD"

// TestKilledServerLeavesNoObstacle kills a serving ruche with SIGKILL: the
// socket and lock files it leaves stop neither check, backup, token list
// nor the next serve.
func TestKilledServerLeavesNoObstacle(t *testing.T) {
	if args := os.Getenv(serveChildEnv); args != "" {
		os.Exit(run(context.Background(), strings.Split(args, "\n"), strings.NewReader(""), os.Stdout, os.Stderr))
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	addr := freeAddr(t)
	data := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledServerLeavesNoObstacle$", "-test.count=1")
	cmd.Env = append(os.Environ(), serveChildEnv+"="+strings.Join([]string{"serve", "--data", data, "--addr", addr}, "\n"))
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitServing(t, addr, data, logs.String)
	code, out, errOut := ruche(t, "", "token", "create", "--data", data, "--role", "coordination", "--name", "avant")
	if code != 0 {
		t.Fatalf("token create: %s", errOut)
	}
	secret := lastLine(out)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Lstat(filepath.Join(data, admin.SocketName)); err != nil {
		t.Fatalf("expected a stale socket after kill -9: %v", err)
	}
	if code, out, errOut := ruche(t, "", "check", "--data", data); code != 0 {
		t.Fatalf("check after kill -9: exit %d %s %s", code, out, errOut)
	}
	if code, _, errOut := ruche(t, "", "backup", "--data", data, filepath.Join(t.TempDir(), "b.gz")); code != 0 {
		t.Fatalf("backup after kill -9: %s", errOut)
	}
	if code, out, errOut := ruche(t, "", "token", "list", "--data", data); code != 0 || !strings.Contains(out, "avant") {
		t.Fatalf("token list after kill -9: exit %d %q %s", code, out, errOut)
	}
	// The next serve starts, replaces the socket, and knows the token.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var logs2 syncBuffer
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", addr}, strings.NewReader(""), io.Discard, &logs2)
	}()
	waitServing(t, addr, data, logs2.String)
	if st, body := call(t, "GET", "http://"+addr+"/admin/tokens", secret); st != 200 {
		t.Errorf("token made before the kill: %d %s", st, body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d: %s", code, logs2.String())
	}
}

// TestTokenPersonUsesRecordedBase: without a server, token create --person
// ID names the person under the base the folder records (the bug: the
// default base, so the agent got 403 on its own membership).
func TestTokenPersonUsesRecordedBase(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	const base = "https://exemple.org/radn/"
	st, err := openForServe(context.Background(), data, base, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, person := range []string{"abc", "/id/personnes/abc", base + "id/personnes/abc"} {
		if code, _, errOut := ruche(t, "", "token", "create", "--data", data, "--role", "agent", "--person", person, "--name", "p"); code != 0 {
			t.Fatalf("%s: %s", person, errOut)
		}
	}
	_, out, _ := ruche(t, "", "token", "list", "--data", data)
	if n := strings.Count(out, " "+base+"id/personnes/abc "); n != 3 {
		t.Errorf("%d of 3 tokens name %sid/personnes/abc:\n%s", n, base, out)
	}
}

// TestRestoreTruncatedBackup: a cut backup leaves no folder, and the next
// restore works.
func TestRestoreTruncatedBackup(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.nt", sampleNT)
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", in); code != 0 {
		t.Fatal(errOut)
	}
	full := filepath.Join(dir, "b.gz")
	if code, _, errOut := ruche(t, "", "backup", "--data", data, full); code != 0 {
		t.Fatal(errOut)
	}
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := writeFile(t, dir, "cut.gz", string(b[:len(b)*2/3]))
	restored := filepath.Join(dir, "restored")
	if code, _, _ := ruche(t, "", "restore", "--data", restored, cut); code == 0 {
		t.Fatal("restore of a truncated backup succeeded")
	}
	if _, err := os.Stat(restored); !os.IsNotExist(err) {
		t.Fatalf("a failed restore left %s (%v)", restored, err)
	}
	if code, _, errOut := ruche(t, "", "restore", "--data", restored, full); code != 0 {
		t.Fatalf("the next restore: %s", errOut)
	}
	if code, out, _ := ruche(t, "", "check", "--data", restored); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("check of the restored folder: %s", out)
	}
}
