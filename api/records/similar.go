package records

import (
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// similarMax is how many look-alikes a dry run returns.
const similarMax = 5

// similarMin is the lowest score worth showing.
const similarMin = 0.05

// SimilarItem is one existing resource resembling a proposal.
type SimilarItem struct {
	ID    string  `json:"@id"`
	Name  string  `json:"name"`
	Score float64 `json:"score"`
}

// Similar answers a dry run (POST …?dry-run=1, offered for the kinds whose
// rules say so: chantiers and legacies): the existing resources of the
// target's kind most like the proposal, best first, scored by the trigram
// Jaccard similarity of their folded names and of their definitions
// (radn:initialDefinition, schema:description) and by the overlap of their
// themes; nothing is written.
func (wr *Writer) Similar(w *Write, quads []rdf.Quad, placeholder string) ([]SimilarItem, error) {
	if !rulesOf(w.Target.Kind).dryRun {
		return nil, malformed("dry-run is offered for chantiers and legacies")
	}
	root := rootTerm(quads, placeholder)
	prop := profileOf(quads, root)
	class := w.Target.Kind.Class
	snap := w.Store.Snapshot()
	defer snap.Close()
	ctx := w.Ctx
	var items []SimilarItem
	for q, err := range snap.Match(ctx, store.Pattern{P: rdf.IRI(vocab.RDFType), O: rdf.IRI(class), AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		doc, err := MatchAll(ctx, snap, store.Pattern{S: q.S, AnyGraph: true})
		if err != nil {
			return nil, err
		}
		other := profileOf(doc, q.S)
		score := 0.6*search.Jaccard(prop.name, other.name) + 0.25*search.Jaccard(prop.text, other.text) + 0.15*search.Jaccard(prop.themes, other.themes)
		if score >= similarMin && !slices.ContainsFunc(items, func(it SimilarItem) bool { return it.ID == q.S.Value }) {
			items = append(items, SimilarItem{ID: q.S.Value, Name: nameOf(doc, q.S), Score: float64(int(score*1000)) / 1000})
		}
	}
	slices.SortFunc(items, func(a, b SimilarItem) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	if len(items) > similarMax {
		items = items[:similarMax]
	}
	return items, nil
}

type profile struct {
	name, text map[string]bool
	themes     map[string]bool
}

func profileOf(quads []rdf.Quad, root rdf.Term) profile {
	var names, texts []string
	themes := map[string]bool{}
	for _, q := range quads {
		if q.S != root {
			continue
		}
		switch q.P.Value {
		case vocab.SchemaName, vocab.SchemaAlternateName:
			names = append(names, q.O.Value)
		case vocab.RadnInitialDefinition, vocab.SchemaDescription:
			texts = append(texts, q.O.Value)
		case vocab.RadnTheme:
			themes[q.O.Value] = true
		}
	}
	return profile{name: search.Trigrams(strings.Join(names, " ")), text: search.Trigrams(strings.Join(texts, " ")), themes: themes}
}
