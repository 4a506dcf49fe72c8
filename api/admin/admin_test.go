package admin

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
)

func TestDoorAndClient(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(dir, store.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(ctx, func(tx *store.Txn) error { return tx.PutMeta(records.MetaBase, []byte("https://b.example/")) }); err != nil {
		t.Fatal(err)
	}
	if _, err := Dial(dir); !errors.Is(err, ErrNoServer) {
		t.Fatalf("dial without a server: %v", err)
	}
	// A stale socket (bound, then abandoned) and a stale temporary folder.
	stale, err := net.Listen("unix", filepath.Join(dir, SocketName))
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()
	if _, err := Dial(dir); !errors.Is(err, ErrNoServer) {
		t.Fatalf("dial a stale socket: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".sock-old"), 0o700); err != nil {
		t.Fatal(err)
	}
	door, err := Listen(dir, Local{Store: st}, nil)
	if err != nil {
		t.Fatalf("listen over a stale socket: %v", err)
	}
	info, err := os.Lstat(door.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode: %v %v", info, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".sock-old")); !os.IsNotExist(err) {
		t.Errorf("stale temporary folder kept: %v", err)
	}
	if _, err := Listen(dir, Local{Store: st}, nil); err == nil {
		t.Error("a second door opened over a live one")
	}
	c, err := Dial(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	exp := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	secret, tok, err := c.CreateToken(ctx, TokenRequest{Role: records.RoleAgent, Person: "ana", Name: "Ana", Expires: exp})
	if err != nil || secret == "" || tok.Person != "https://b.example/id/personnes/ana" || !tok.Expires.Equal(exp) {
		t.Fatalf("create through the door: %+v %v", tok, err)
	}
	for _, bad := range []TokenRequest{{Role: "admin", Name: "x"}, {Role: records.RoleAgent, Name: "x"}} {
		if _, _, err := c.CreateToken(ctx, bad); !errors.Is(err, records.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid across the socket", bad, err)
		}
	}
	toks, err := c.ListTokens(ctx)
	if err != nil || len(toks) != 1 || toks[0].ID != tok.ID {
		t.Fatalf("list: %+v %v", toks, err)
	}
	if _, err := c.RevokeToken(ctx, "nope"); !errors.Is(err, records.ErrNotFound) {
		t.Errorf("revoke unknown: %v", err)
	}
	if got, err := c.RevokeToken(ctx, tok.ID); err != nil || got.Revoked.IsZero() {
		t.Errorf("revoke: %+v %v", got, err)
	}
	if recs, err := c.ListAudit(ctx, time.Now().Add(-time.Hour), ""); err != nil || len(recs) != 0 {
		t.Errorf("audit: %v %v", recs, err)
	}
	var buf bytes.Buffer
	if err := c.Backup(ctx, &buf); err != nil || buf.Len() == 0 {
		t.Fatalf("backup: %d bytes, %v", buf.Len(), err)
	}
	restored := filepath.Join(t.TempDir(), "r")
	if err := store.Restore(restored, &buf, store.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	if err := door.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(door.Path()); !os.IsNotExist(err) {
		t.Errorf("socket left after Close: %v", err)
	}
	if _, err := Dial(dir); !errors.Is(err, ErrNoServer) {
		t.Errorf("dial after Close: %v", err)
	}
}
