package search

import (
	"fmt"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// BenchmarkApply: reindexing one written chantier in an index on disk.
func BenchmarkApply(b *testing.B) {
	st := seededStore(b)
	ix, err := Open(b.TempDir()+"/search", testBase)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(b.Context(), st); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		ch := rdf.IRI(fmt.Sprintf("%sid/chantiers/bench-%d", testBase, i))
		i++
		b.StopTimer()
		add(b, st, store.Public,
			rdf.Quad{S: ch, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.RadnChantier)},
			rdf.Quad{S: ch, P: rdf.IRI(vocab.SchemaName), O: rdf.LangString("Chantier d’essai", "fr")},
			rdf.Quad{S: ch, P: rdf.IRI(vocab.RadnTheme), O: rdf.IRI(testBase + "concept/theme/donnees")},
			rdf.Quad{S: ch, P: rdf.IRI(vocab.SchemaDescription), O: rdf.LangString("Un chantier écrit par le banc d’essai.", "fr")})
		b.StartTimer()
		ix.Begin()
		if err := ix.Apply(b.Context(), st, ch.Value); err != nil {
			b.Fatal(err)
		}
	}
}
