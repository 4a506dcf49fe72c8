package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

func runExport(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "export")
	graph := fs.String("graph", "", "export only this graph (IRI; 'default' for the default graph)")
	format := fs.String("format", "nquads", "output format: nquads, ntriples, turtle, trig or jsonld")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := rdfio.ParseFormat(*format)
	if err != nil || !f.Writable() {
		return usageError{fmt.Sprintf("--format %q: want nquads, ntriples, turtle, trig or jsonld", *format)}
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

	var graphs []rdf.Term
	switch *graph {
	case "":
		graphs = append(graphs, rdf.DefaultGraph)
		for g, err := range snap.Graphs(ctx) {
			if err != nil {
				return err
			}
			graphs = append(graphs, g)
		}
	case "default":
		graphs = []rdf.Term{rdf.DefaultGraph}
	default:
		graphs = []rdf.Term{rdf.IRI(*graph)}
	}

	w := bufio.NewWriterSize(e.stdout, 1<<20)
	enc, err := rdfio.NewEncoder(f, w, rdfio.EncodeOptions{Prefixes: exportPrefixes})
	if err != nil {
		return err
	}
	for _, g := range graphs {
		for q, err := range snap.Match(ctx, store.Pattern{G: g}) {
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if err := enc.Encode(q); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return w.Flush()
}

// exportPrefixes are the namespaces Turtle and TriG output abbreviates.
var exportPrefixes = vocab.Prefixes()
