package searchdoor

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

const testBase = "http://ruche.test/"

// TestUpkeep: a write of the core reindexes what it lists as changed; an
// update reindexes the subjects it changed in the public data graph, and a
// resource under a chantier's path brings its chantier along.
func TestUpkeep(t *testing.T) {
	pub := rdf.IRI(vocab.GraphIRI(testBase, vocab.GraphPublicCC0))
	other := rdf.IRI(testBase + "graph/autre")
	chantier := vocab.ChantierIRI(testBase, "xylophones")
	for _, c := range []struct {
		name  string
		write func(d *Door, st *store.Store)
		found bool
	}{
		{"core write", func(d *Door, st *store.Store) {
			d.BeginWrite(context.Background(), st, func() []string { return []string{chantier} })()
		}, true},
		{"core write, nothing listed", func(d *Door, st *store.Store) {
			d.BeginWrite(context.Background(), st, func() []string { return nil })()
		}, false},
		{"update of the chantier", func(d *Door, st *store.Store) {
			d.Reindex(context.Background(), st, graphstore.ChangedResources(testBase, &update.Result{Subjects: map[rdf.Term]map[rdf.Term]bool{pub: {rdf.IRI(chantier): true}}}))
		}, true},
		{"update under the chantier's path", func(d *Door, st *store.Store) {
			d.Reindex(context.Background(), st, graphstore.ChangedResources(testBase, &update.Result{Subjects: map[rdf.Term]map[rdf.Term]bool{pub: {rdf.IRI(chantier + "/objectifs/1"): true}}}))
		}, true},
		{"update of another graph", func(d *Door, st *store.Store) {
			d.Reindex(context.Background(), st, graphstore.ChangedResources(testBase, &update.Result{Subjects: map[rdf.Term]map[rdf.Term]bool{other: {rdf.IRI(chantier): true}}}))
		}, false},
		{"no result", func(d *Door, st *store.Store) {
			d.Reindex(context.Background(), st, graphstore.ChangedResources(testBase, nil))
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := store.DefaultOptions()
			opts.InMemory = true
			st, err := store.Open("", opts)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			d := &Door{Base: testBase, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			d.Attach(st) // in memory: built at once, from the empty store
			defer d.Close()
			err = st.Update(context.Background(), func(tx *store.Txn) error {
				pubs := tx.In(store.Public)
				if err := pubs.Add(rdf.Quad{S: rdf.IRI(chantier), P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantier), G: pub}); err != nil {
					return err
				}
				return pubs.Add(rdf.Quad{S: rdf.IRI(chantier), P: rdf.IRI(vocab.SchemaName), O: rdf.LangString("Xylophones partagés", "fr"), G: pub})
			})
			if err != nil {
				t.Fatal(err)
			}
			c.write(d, st)
			res, err := d.index.Load().Search(context.Background(), search.Query{Text: "xylophones", Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Total > 0; got != c.found {
				t.Errorf("found = %v (%d hits), want %v", got, res.Total, c.found)
			}
		})
	}
}
