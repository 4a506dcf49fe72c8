package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/ruche-lod/ruche/api/admin"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/vocab"
)

// runToken implements ruche token create|list|revoke, through the running
// server's admin socket or on the folder directly (folderOps). create
// prints the new token once, alone on the last line of output; only its
// hash is stored.
func runToken(ctx context.Context, e env, args []string) error {
	usage := usageError{"usage: ruche token create --role coordination|agent [--person ID|IRI] --name TEXT [--expires DATE|DURATION] | list | revoke ID"}
	if len(args) == 0 {
		return usage
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "create", "list", "revoke":
	default:
		return usage // before opening (or creating) a store
	}
	fs, data := newFlagSet(e, "token "+sub)
	var role, person, name, base, expires *string
	if sub == "create" {
		role = fs.String("role", "", "coordination or agent")
		person = fs.String("person", "", "the agent's person id or IRI (an id is resolved against the base recorded in the folder)")
		name = fs.String("name", "", "what the token is for")
		expires = fs.String("expires", "", "expiry: a date (2027-01-01), an RFC 3339 time, or a duration (720h, 90d); none by default")
		base = fs.String("base", envOr("RUCHE_BASE", vocab.DefaultBase), "base IRI to name the person by, when the folder records none yet")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	want := map[string]int{"create": 0, "list": 0, "revoke": 1}[sub]
	if fs.NArg() != want {
		return usage
	}
	var req admin.TokenRequest
	if sub == "create" {
		exp, err := records.ParseExpiry(*expires, time.Now())
		if err != nil {
			return usageError{err.Error()}
		}
		req = admin.TokenRequest{Role: *role, Person: *person, Name: *name, Expires: exp, FallbackBase: *base}
	}
	ops, done, err := folderOps(ctx, *data, false)
	if err != nil {
		return err
	}
	defer done()
	switch sub {
	case "create":
		secret, tok, err := ops.CreateToken(ctx, req)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %s (%s, %s) created; it is shown only once:\n%s\n", tok.ID, tok.Role, tok.Name, secret)
		return nil
	case "list":
		toks, err := ops.ListTokens(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tPERSON\tNAME\tCREATED\tEXPIRES\tREVOKED")
		for _, t := range toks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, orDash(t.Person), t.Name, t.Created.Format(time.RFC3339), timeOrDash(t.Expires), timeOrDash(t.Revoked))
		}
		return tw.Flush()
	default: // revoke
		if _, err := ops.RevokeToken(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %s revoked\n", fs.Arg(0))
		return nil
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func timeOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339)
}
