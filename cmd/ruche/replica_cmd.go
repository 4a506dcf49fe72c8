package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/ruche-lod/ruche/api/replica"
)

// runReplica is `ruche replica status`: the stream, its newest snapshot and
// each follower's version and lag, from the followers' durable consumers.
func runReplica(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "status" {
		return usageError{"usage: ruche replica status [--nats URLS] [--stream NAME] [--json]"}
	}
	fs, _ := newFlagSet(e, "replica status")
	urls := fs.String("nats", envOr("RUCHE_NATS", "nats://localhost:4222"), "NATS servers nats://HOST:PORT[,…]")
	stream := fs.String("stream", replica.DefaultStream, "JetStream stream name")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if !replica.ValidName(*stream) {
		return usageError{fmt.Sprintf("--stream %q: letters, digits, - and _ only", *stream)}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	st, err := replica.ReadStatus(ctx, replica.StreamConfig{URLs: *urls, Stream: *stream})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	fmt.Fprintf(e.stdout, "stream %s: %d messages (%d bytes), sequences %d-%d, newest version %d\n",
		st.Stream, st.Messages, st.Bytes, st.FirstSeq, st.LastSeq, st.LastVersion)
	if st.Snapshot != nil {
		fmt.Fprintf(e.stdout, "snapshot: version %d (stream sequence %d), written %s\n", st.Snapshot.Version, st.Snapshot.Seq, st.Snapshot.Time.Format(time.RFC3339))
	} else {
		fmt.Fprintln(e.stdout, "snapshot: none yet")
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "REPLICA\tVERSION\tLAG (versions)\tPENDING\tLAST ACTIVE")
	for _, f := range st.Followers {
		last := "-"
		if !f.LastActive.IsZero() {
			last = f.LastActive.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", f.Name, f.Version, f.LagVersions, f.Pending, last)
	}
	return tw.Flush()
}
