// Command ruche is the one binary of the ruche linked-open-data publisher:
// it serves the HTTP API and runs the offline tools on a data folder.
//
//	ruche serve    [--data DIR] [--addr HOST:PORT] [--base IRI]
//	ruche import   [--data DIR] [--graph IRI] [--format F] FILE...
//	ruche export   [--data DIR] [--graph IRI] [--format F]
//	ruche query    [--data DIR] [--format json|xml|csv|tsv|table] [--explain] QUERY | -f FILE
//	ruche update   [--data DIR] [-f FILE | UPDATE]
//	ruche stats | check [--data DIR]
//	ruche validate FILE...
//	ruche token create|list|revoke, ruche audit
//	ruche backup FILE, ruche restore FILE
//	ruche bench load FILE | bench query DATASET QUERIES... | bench http
//
// Every subcommand takes --data DIR (default ./ruche-data). Environment
// variables RUCHE_DATA, RUCHE_ADDR and RUCHE_BASE supply defaults.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env carries the process's streams to a subcommand, so tests can run
// subcommands in process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand: its flags are registered on fs, then run is
// called with the remaining arguments.
type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"serve":    {"serve the HTTP API", runServe},
		"import":   {"load RDF files into the store", runImport},
		"export":   {"write the store as RDF to stdout", runExport},
		"query":    {"run a SPARQL query", runQuery},
		"update":   {"apply a SPARQL update to a stopped folder", runUpdate},
		"stats":    {"print store statistics", runStats},
		"check":    {"verify that the store's indexes agree", runCheck},
		"validate": {"check RDF files against ruche's shapes", runValidate},
		"token":    {"create, list or revoke API tokens", runToken},
		"audit":    {"list the recorded writes", runAudit},
		"backup":   {"write a backup of the data folder", runBackup},
		"restore":  {"restore a data folder from a backup", runRestore},
		"bench":    {"measure load, query and HTTP performance", runBench},
		"reindex":  {"rebuild the full-text search index", runReindex},
		"replica":  {"show the replicas following a primary through NATS (status)", runReplica},
	}
}

// usageError marks errors in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "ruche: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return 2
	}
	err := cmd.run(ctx, e, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "ruche %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "ruche %s: %v\n", args[0], err)
		return 1
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: ruche <command> [flags] [args]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR (default ./ruche-data). Run 'ruche <command> -h' for its flags.")
}

// newFlagSet returns a flag set for a subcommand with the shared --data flag.
func newFlagSet(e env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("ruche "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := fs.String("data", envOr("RUCHE_DATA", "./ruche-data"), "data folder")
	return fs, data
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
