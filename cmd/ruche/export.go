package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
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
var exportPrefixes = map[string]string{
	"rdf":     "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"rdfs":    "http://www.w3.org/2000/01/rdf-schema#",
	"xsd":     "http://www.w3.org/2001/XMLSchema#",
	"owl":     "http://www.w3.org/2002/07/owl#",
	"schema":  "http://schema.org/",
	"org":     "http://www.w3.org/ns/org#",
	"skos":    "http://www.w3.org/2004/02/skos/core#",
	"prov":    "http://www.w3.org/ns/prov#",
	"dcterms": "http://purl.org/dc/terms/",
	"foaf":    "http://xmlns.com/foaf/0.1/",
	"time":    "http://www.w3.org/2006/time#",
	"radn":    "https://w3id.org/radn/vocab#",
}
