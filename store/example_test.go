package store_test

import (
	"context"
	"fmt"
	"log"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

func Example() {
	opts := store.DefaultOptions()
	opts.InMemory = true
	s, err := store.Open("", opts)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	chantier := rdf.IRI("https://example.org/chantier/1")
	graph := rdf.IRI("https://example.org/chantier/1/doc")
	err = s.Update(ctx, func(tx *store.Txn) error {
		if err := tx.Add(rdf.Quad{S: chantier, P: rdf.IRI(rdf.RDFType), O: rdf.IRI("https://example.org/ns#Chantier"), G: graph}); err != nil {
			return err
		}
		return tx.Add(rdf.Quad{S: chantier, P: rdf.IRI("https://example.org/ns#name"), O: rdf.LangString("Rénovation", "fr"), G: graph})
	})
	if err != nil {
		log.Fatal(err)
	}
	snap := s.Snapshot()
	defer snap.Close()
	for q, err := range snap.Match(ctx, store.Pattern{S: chantier, AnyGraph: true}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(q)
	}
	fmt.Println(snap.Stats().Quads, "quads")
	// Output:
	// <https://example.org/chantier/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/ns#Chantier> <https://example.org/chantier/1/doc> .
	// <https://example.org/chantier/1> <https://example.org/ns#name> "Rénovation"@fr <https://example.org/chantier/1/doc> .
	// 2 quads
}
