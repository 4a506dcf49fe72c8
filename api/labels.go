package api

import (
	"context"
	"strings"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Label predicates, in the order of the fallback chain.
var labelPredicates = []string{
	vocab.SKOSPrefLabel,
	vocab.SchemaName,
	vocab.RDFSLabel,
}

// labeler finds human labels for IRIs in one snapshot, in a preferred
// language with a French/English fallback, caching what it found.
type labeler struct {
	ctx   context.Context
	snap  *store.Snapshot
	langs []string // preference order, e.g. ["en", "fr"]
	cache map[string]string
}

func newLabeler(ctx context.Context, snap *store.Snapshot, lang string) *labeler {
	langs := []string{"fr", "en"}
	if lang == "en" {
		langs = []string{"en", "fr"}
	}
	return &labeler{ctx: ctx, snap: snap, langs: langs, cache: map[string]string{}}
}

// label returns the best label of iri, or "" when it has none.
func (l *labeler) label(iri string) string {
	if v, ok := l.cache[iri]; ok {
		return v
	}
	best := ""
	for _, p := range labelPredicates {
		var values []rdf.Term
		for q, err := range l.snap.Match(l.ctx, store.Pattern{S: rdf.IRI(iri), P: rdf.IRI(p), AnyGraph: true}) {
			if err != nil {
				break
			}
			values = append(values, q.O)
		}
		if v := pickLiteral(values, l.langs); v != "" {
			best = v
			break
		}
	}
	l.cache[iri] = best
	return best
}

// labelOr returns the label of iri, or a short form of the IRI.
func (l *labeler) labelOr(iri string) string {
	if v := l.label(iri); v != "" {
		return v
	}
	return shortIRI(iri)
}

// pickLiteral picks the literal in the first preferred language, then one
// without a language, then any.
func pickLiteral(values []rdf.Term, langs []string) string {
	for _, lang := range langs {
		for _, v := range values {
			if v.IsLiteral() && strings.EqualFold(v.Lang, lang) {
				return v.Value
			}
		}
	}
	for _, v := range values {
		if v.IsLiteral() && v.Lang == "" {
			return v.Value
		}
	}
	for _, v := range values {
		if v.IsLiteral() {
			return v.Value
		}
	}
	return ""
}

// shortIRI abbreviates an IRI with a known prefix ("schema:name"), else
// returns it whole.
func shortIRI(iri string) string {
	best, bestNS := "", ""
	for p, ns := range turtlePrefixes {
		if strings.HasPrefix(iri, ns) && len(ns) > len(bestNS) {
			best, bestNS = p, ns
		}
	}
	if bestNS != "" && len(iri) > len(bestNS) {
		return best + ":" + iri[len(bestNS):]
	}
	return iri
}
