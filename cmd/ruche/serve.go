package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/api/admin"
	"github.com/ruche-lod/ruche/store"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "serve")
	addr := fs.String("addr", envOr("RUCHE_ADDR", "localhost:8080"), "address to listen on")
	base := fs.String("base", envOr("RUCHE_BASE", ""), "base IRI of ruche's own resources (default: http://ADDR/)")
	timeout := fs.Duration("query-timeout", 30*time.Second, "time limit of one SPARQL query")
	maxResultBytes := fs.Int64("max-result-bytes", api.DefaultConfig().MaxResultBytes, "bytes of one SPARQL response at most")
	logFormat := fs.String("log", envOr("RUCHE_LOG", "text"), "log format: text or json")
	socket := fs.Bool("socket", true, "open the admin socket DIR/ruche.sock, through which token, audit and backup commands reach the running server")
	repl := addReplicationFlags(fs) // serve_replica.go
	reconcileBatch := fs.Int("reconcile-batch", 1000, "queries in one reconciliation batch (413 beyond)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *base == "" {
		*base = "http://" + *addr + "/"
	}
	if err := checkBase(*base); err != nil {
		return usageError{err.Error()}
	}
	log := newLogger(e, *logFormat)

	cfg := api.DefaultConfig()
	cfg.Base = *base
	cfg.QueryTimeout = *timeout
	cfg.MaxResultBytes = *maxResultBytes
	cfg.Logger = log
	cfg.SearchDir = searchDir(*data)
	cfg.ReconcileBatch = *reconcileBatch
	srv, err := api.New(cfg)
	if err != nil {
		return err
	}
	if repl.enabled() {
		return repl.serve(ctx, srv, *data, *addr, *base, log)
	}

	// The listener starts at once; the store opens beside it and /healthz
	// answers 200 as soon as it is attached.
	opened := make(chan *store.Store, 1)
	openErr := make(chan error, 1)
	go func() {
		st, err := openForServe(ctx, *data, *base, log)
		if err != nil {
			openErr <- err
			return
		}
		srv.SetStore(st)
		opened <- st
	}()

	serveCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- srv.ListenAndServe(serveCtx, *addr, 15*time.Second, func(a string) {
			log.Info("listening", "addr", a, "base", *base, "data", *data)
		})
	}()

	var st *store.Store
	select {
	case err := <-openErr:
		cancel()
		<-serveErr
		return err
	case st = <-opened:
	case err := <-serveErr:
		// Listening failed; wait for the store to settle before leaving.
		select {
		case s := <-opened:
			s.Close()
		case <-openErr:
		}
		return err
	}
	var door *admin.Door
	if *socket {
		if door, err = admin.Listen(*data, admin.Local{Store: st}, log); err != nil {
			log.Warn("no admin socket: token, audit and backup commands cannot reach this server", "err", err)
		} else {
			log.Info("admin socket open", "path", door.Path())
		}
	}
	err = <-serveErr
	if door != nil {
		if cerr := door.Close(); cerr != nil {
			log.Warn("close the admin socket", "err", cerr)
		}
	}
	srv.CloseSearch()
	if cerr := st.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close store: %w", cerr)
	}
	log.Info("stopped")
	return err
}

// checkBase insists on an absolute http(s) IRI ending with '/'.
func checkBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base %q must be an absolute http(s) IRI", base)
	}
	if !strings.HasSuffix(base, "/") {
		return fmt.Errorf("--base %q must end with '/'", base)
	}
	return nil
}

func newLogger(e env, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}
