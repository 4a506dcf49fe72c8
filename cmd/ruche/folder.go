package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ruche-lod/ruche/api/admin"
	"github.com/ruche-lod/ruche/store"
)

// lockedWait is how long a command waits for the admin socket of a server
// that holds the folder but is still opening it.
const lockedWait = 15 * time.Second

// folderOps returns the operations on the data folder: through the admin
// socket of the server holding it, or on the folder opened directly
// (read-only or not) when no server answers. done releases them.
func folderOps(ctx context.Context, data string, readOnly bool) (ops admin.Ops, done func() error, err error) {
	deadline := time.Now().Add(lockedWait)
	for {
		c, err := admin.Dial(data)
		if err == nil {
			return c, c.Close, nil
		}
		if !errors.Is(err, admin.ErrNoServer) {
			return nil, nil, err
		}
		opts := storeOptions()
		opts.ReadOnly = readOnly
		st, err := store.Open(data, opts)
		if err == nil {
			// Holding the folder, we know no server answers on a socket
			// left in it: it is stale.
			removeStaleSocket(data)
			return admin.Local{Store: st}, st.Close, nil
		}
		if !errors.Is(err, store.ErrLocked) {
			return nil, nil, err
		}
		if time.Now().After(deadline) {
			return nil, nil, fmt.Errorf("%w; no server answers on %s (a server still opening the folder, one started with --socket=false, or an import)",
				err, filepath.Join(data, admin.SocketName))
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func removeStaleSocket(data string) {
	path := filepath.Join(data, admin.SocketName)
	if info, err := os.Lstat(path); err == nil && info.Mode()&os.ModeSocket != 0 {
		_ = os.Remove(path)
	}
}
