package main

import (
	"context"
	"fmt"
	"time"
)

// runAudit implements ruche audit [--since T] [--resource IRI]: one line
// per recorded write, oldest first, through the running server's admin
// socket or on the folder directly.
func runAudit(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "audit")
	since := fs.String("since", "", "only writes at or after this time (RFC 3339 or yyyy-mm-dd)")
	resource := fs.String("resource", "", "only writes to this resource IRI")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{"usage: ruche audit [--since T] [--resource IRI]"}
	}
	var t time.Time
	if *since != "" {
		var err error
		if t, err = time.Parse(time.RFC3339, *since); err != nil {
			if t, err = time.Parse(time.DateOnly, *since); err != nil {
				return usageError{"--since: want RFC 3339 time or yyyy-mm-dd"}
			}
		}
	}
	ops, done, err := folderOps(ctx, *data, true)
	if err != nil {
		return err
	}
	defer done()
	recs, err := ops.ListAudit(ctx, t, *resource)
	if err != nil {
		return err
	}
	for _, r := range recs {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s (%s)\t%s\t%s\t%s\n", r.When.Format(time.RFC3339Nano), r.Method, r.TokenID, r.TokenName, r.Resource, orDash(r.Before), orDash(r.After))
	}
	return nil
}
