package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
)

// runToken implements ruche token create|list|revoke. create prints the new
// token once, alone on the last line of output; only its hash is stored.
func runToken(ctx context.Context, e env, args []string) error {
	usage := usageError{"usage: ruche token create --role coordination|agent [--person ID] --name TEXT | list | revoke ID"}
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
	var role, person, name, base *string
	if sub == "create" {
		role = fs.String("role", "", "coordination or agent")
		person = fs.String("person", "", "the agent's person id (or IRI)")
		name = fs.String("name", "", "what the token is for")
		base = fs.String("base", envOr("RUCHE_BASE", vocab.DefaultBase), "base IRI (to name the person)")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := store.Open(*data, storeOptions())
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "create":
		if fs.NArg() != 0 {
			return usage
		}
		p := *person
		if p != "" && !strings.Contains(p, "://") {
			p = vocab.PersonIRI(*base, p)
		}
		secret, tok, err := api.CreateToken(ctx, st, *role, p, *name)
		if err != nil {
			return err
		}
		if err := st.Sync(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %s (%s, %s) created; it is shown only once:\n%s\n", tok.ID, tok.Role, tok.Name, secret)
		return nil
	case "list":
		if fs.NArg() != 0 {
			return usage
		}
		toks, err := api.ListTokens(ctx, st)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tPERSON\tNAME\tCREATED\tREVOKED")
		for _, t := range toks {
			rev := "-"
			if !t.Revoked.IsZero() {
				rev = t.Revoked.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, orDash(t.Person), t.Name, t.Created.Format(time.RFC3339), rev)
		}
		return tw.Flush()
	case "revoke":
		if fs.NArg() != 1 {
			return usage
		}
		if err := api.RevokeToken(ctx, st, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %s revoked\n", fs.Arg(0))
		return st.Sync()
	}
	return usage
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
