package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
)

// runUpdate applies a SPARQL 1.1 Update to a stopped data folder, in one
// transaction and under the rules of the HTTP door (package graphstore).
func runUpdate(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "update")
	file := fs.String("f", "", "read the update from FILE ('-' for standard input)")
	timeout := fs.Duration("timeout", 5*time.Minute, "time limit")
	base := fs.String("base", envOr("RUCHE_BASE", ""), "base IRI, when the folder records none")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var src string
	switch {
	case *file == "-":
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return fmt.Errorf("read update: %w", err)
		}
		src = string(b)
	case *file != "" && fs.NArg() == 0:
		b, err := os.ReadFile(*file)
		if err != nil {
			return fmt.Errorf("read update: %w", err)
		}
		src = string(b)
	case *file == "" && fs.NArg() == 1:
		src = fs.Arg(0)
	default:
		return usageError{"give the update as one argument or with -f FILE"}
	}
	st, err := store.Open(*data, storeOptions())
	if err != nil {
		return err
	}
	defer st.Close()
	snap := st.Snapshot()
	b, ok, err := snap.GetMeta(metaBase)
	snap.Close()
	if err != nil {
		return err
	}
	if ok {
		*base = string(b)
	}
	if err := checkBase(*base); err != nil {
		return usageError{"the data folder records no base IRI: pass --base (" + err.Error() + ")"}
	}
	cfg := api.DefaultConfig()
	cfg.Base = *base
	srv, err := api.New(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	who := graphstore.Actor{TokenName: "ruche update (command line)", Role: records.RoleCoordination, Method: "SPARQL-UPDATE"}
	res, err := srv.UpdateCore().Update(ctx, st, who, src, graphstore.UpdateOptions{})
	if err != nil {
		var ge *graphstore.Error
		if errors.As(err, &ge) {
			for _, v := range ge.Violations {
				fmt.Fprintln(e.stderr, v.String())
			}
		}
		return fmt.Errorf("update refused, nothing written: %w", err)
	}
	fmt.Fprintf(e.stderr, "update applied: %d quads inserted, %d deleted, %d graphs changed\n", res.Inserted, res.Deleted, len(res.Graphs))
	return nil
}
