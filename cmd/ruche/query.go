package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

func runQuery(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "query")
	format := fs.String("format", "table", "result format: json, xml, csv, tsv or table (CONSTRUCT/DESCRIBE: turtle, ntriples, nquads, jsonld)")
	file := fs.String("f", "", "read the query from FILE ('-' for standard input)")
	explain := fs.Bool("explain", false, "print the plan chosen instead of running the query")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit")
	base := fs.String("base", "", "base IRI for relative IRIs in the query (default: the folder's base)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var src string
	switch {
	case *file == "-":
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return fmt.Errorf("read query: %w", err)
		}
		src = string(b)
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			return fmt.Errorf("read query: %w", err)
		}
		src = string(b)
	case fs.NArg() == 1:
		src = fs.Arg(0)
	default:
		return usageError{"give the query as one argument or with -f FILE"}
	}

	opts := storeOptions()
	opts.ReadOnly = true
	st, err := store.Open(*data, opts)
	if err != nil {
		return err
	}
	defer st.Close()
	snap := st.Snapshot()
	defer snap.Close()
	if *base == "" {
		if b, ok, _ := snap.GetMeta(metaBase); ok {
			*base = string(b)
		}
	}
	q, err := sparql.Prepare(src, sparql.Options{BaseIRI: *base})
	if err != nil {
		return err
	}
	ds := sparql.StoreDataset(snap)
	if *explain {
		fmt.Fprintln(e.stdout, q.Explain(ds))
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := q.Exec(ctx, ds, sparql.Limits{})
	if err != nil {
		return queryFailure(err, *timeout)
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	switch q.Form() {
	case sparql.Ask, sparql.Select:
		f, err := results.ParseFormat(*format)
		if err != nil {
			return usageError{err.Error()}
		}
		if q.Form() == sparql.Ask {
			return results.WriteBoolean(f, w, res.Boolean)
		}
		rw := results.NewWriter(f, w, res.Vars)
		for row, err := range res.Solutions() {
			if err != nil {
				_ = rw.Abort(err)
				return queryFailure(err, *timeout)
			}
			if err := rw.Write(row); err != nil {
				return err
			}
		}
		return rw.Close()
	default:
		name := *format
		if name == "table" {
			name = "turtle"
		}
		f, err := rdfio.ParseFormat(name)
		if err != nil || !f.Writable() {
			return usageError{fmt.Sprintf("--format %q: CONSTRUCT and DESCRIBE write turtle, ntriples, nquads or jsonld", *format)}
		}
		enc, err := rdfio.NewEncoder(f, w, rdfio.EncodeOptions{Prefixes: exportPrefixes})
		if err != nil {
			return err
		}
		for t, err := range res.Triples() {
			if err != nil {
				return queryFailure(err, *timeout)
			}
			if err := enc.Encode(rdf.Quad{S: t.S, P: t.P, O: t.O}); err != nil {
				return err
			}
		}
		return enc.Close()
	}
}

func queryFailure(err error, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the query ran past the time limit of %s (raise it with --timeout)", timeout)
	}
	return err
}

func runValidate(ctx context.Context, e env, args []string) error {
	fs, _ := newFlagSet(e, "validate")
	base := fs.String("base", "", "base IRI of the data and shapes (default https://w3id.org/radn/)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"give at least one FILE to validate"}
	}
	total := 0
	for _, path := range fs.Args() {
		violations, err := vocab.ValidateFile(path, *base)
		if err != nil {
			return err
		}
		for _, v := range violations {
			fmt.Fprintf(e.stdout, "%s: %s\n", path, v.String())
		}
		if len(violations) == 0 {
			fmt.Fprintf(e.stdout, "%s: conforms\n", path)
		}
		total += len(violations)
	}
	if total > 0 {
		return fmt.Errorf("%d violation%s", total, strings.Repeat("s", min(total-1, 1)))
	}
	return nil
}
