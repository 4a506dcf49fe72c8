package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ruche-lod/ruche/api/records"
)

// Door is a listening admin socket.
type Door struct {
	path string
	srv  *http.Server
	done chan struct{}
}

// Path is the socket's path.
func (d *Door) Path() string { return d.path }

// Listen opens the admin socket DIR/ruche.sock (mode 0600) and answers ops
// on it until Close. The caller holds the folder (its store is open
// read-write), so a socket found there is stale: it is removed, unless
// something answers on it.
func Listen(dir string, ops Ops, log *slog.Logger) (*Door, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	path := filepath.Join(dir, SocketName)
	if info, err := os.Lstat(path); err == nil {
		if info.Mode()&os.ModeSocket == 0 {
			return nil, fmt.Errorf("admin: %s exists and is not a socket", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("admin: something already answers on %s", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("admin: remove stale socket: %w", err)
		}
		log.Info("removed a stale admin socket", "path", path)
	}
	// Temporary folders of a server killed while it opened its socket.
	if stale, _ := filepath.Glob(filepath.Join(dir, ".sock-*")); len(stale) > 0 {
		for _, d := range stale {
			os.RemoveAll(d)
		}
	}
	// Bind in a private (0700) folder, restrict the socket to 0600, then
	// move it into place: nobody else can connect in between.
	tmp, err := os.MkdirTemp(dir, ".sock-")
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	defer os.RemoveAll(tmp)
	ln, err := net.Listen("unix", filepath.Join(tmp, "s"))
	if err != nil {
		return nil, fmt.Errorf("admin: listen on a socket in %s: %w", dir, err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	if err := os.Chmod(filepath.Join(tmp, "s"), 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("admin: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, "s"), path); err != nil {
		ln.Close()
		return nil, fmt.Errorf("admin: %w", err)
	}
	d := &Door{path: path, done: make(chan struct{}),
		srv: &http.Server{Handler: handler(ops, log), ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(d.done)
		if err := d.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin socket stopped", "err", err)
		}
	}()
	return d, nil
}

// Close stops answering (requests under way get up to 10 s) and removes
// the socket.
func (d *Door) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := d.srv.Shutdown(ctx)
	if err != nil {
		d.srv.Close()
	}
	<-d.done
	if rerr := os.Remove(d.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
		err = rerr
	}
	return err
}

// wireError is an error on the wire: its kind lets the client rebuild an
// error that errors.Is matches to the core's kinds.
type wireError struct {
	Kind  string `json:"kind"`
	Error string `json:"error"`
}

var kinds = []struct {
	name   string
	err    error
	status int
}{
	{"invalid", records.ErrInvalid, http.StatusUnprocessableEntity},
	{"not-found", records.ErrNotFound, http.StatusNotFound},
}

func fail(w http.ResponseWriter, err error) {
	we, status := wireError{Kind: "internal", Error: err.Error()}, http.StatusInternalServerError
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			we.Kind, status = k.name, k.status
		}
	}
	reply(w, status, we)
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// createReply answers POST /tokens.
type createReply struct {
	Secret string        `json:"secret"`
	Token  records.Token `json:"token"`
}

func handler(ops Ops, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tokens", func(w http.ResponseWriter, r *http.Request) {
		toks, err := ops.ListTokens(r.Context())
		if err != nil {
			fail(w, err)
			return
		}
		reply(w, http.StatusOK, toks)
	})
	mux.HandleFunc("POST /tokens", func(w http.ResponseWriter, r *http.Request) {
		var req TokenRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
			fail(w, records.WithKind(records.ErrInvalid, "admin: bad request: "+err.Error()))
			return
		}
		secret, tok, err := ops.CreateToken(r.Context(), req)
		if err != nil {
			fail(w, err)
			return
		}
		log.Info("token created through the admin socket", "id", tok.ID, "role", tok.Role)
		reply(w, http.StatusOK, createReply{secret, tok})
	})
	mux.HandleFunc("POST /tokens/{id}/revoke", func(w http.ResponseWriter, r *http.Request) {
		tok, err := ops.RevokeToken(r.Context(), r.PathValue("id"))
		if err != nil {
			fail(w, err)
			return
		}
		log.Info("token revoked through the admin socket", "id", tok.ID)
		reply(w, http.StatusOK, tok)
	})
	mux.HandleFunc("GET /audit", func(w http.ResponseWriter, r *http.Request) {
		var since time.Time
		if s := r.URL.Query().Get("since"); s != "" {
			var err error
			if since, err = time.Parse(time.RFC3339Nano, s); err != nil {
				fail(w, records.WithKind(records.ErrInvalid, "admin: since: "+err.Error()))
				return
			}
		}
		recs, err := ops.ListAudit(r.Context(), since, r.URL.Query().Get("resource"))
		if err != nil {
			fail(w, err)
			return
		}
		reply(w, http.StatusOK, recs)
	})
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		if err := ops.Backup(r.Context(), w); err != nil {
			// The stream has started: cut it, so that the client sees an
			// incomplete gzip stream and keeps nothing.
			log.Error("backup through the admin socket failed", "err", err)
			panic(http.ErrAbortHandler)
		}
		log.Info("backup taken through the admin socket")
	})
	return mux
}
