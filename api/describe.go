package api

import (
	"context"
	"strings"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// matcher is what describe needs of a view: a snapshot or a transaction,
// in any space.
type matcher = records.Matcher

// describe returns the document of one resource in the view m (a snapshot
// reads its public space; snap.In or tx.In name another): see
// records.Describe.
func describe(ctx context.Context, m matcher, iri string) ([]rdf.Quad, error) {
	return records.Describe(ctx, m, iri)
}

// resourceQuads returns describe's quads, or a 410 problem for a withdrawn
// resource and a 404 for an unknown one.
func resourceQuads(ctx context.Context, snap *store.Snapshot, iri string) ([]rdf.Quad, error) {
	quads, err := describe(ctx, snap, iri)
	if err != nil || len(quads) > 0 {
		return quads, err
	}
	if strings.Contains(iri, "/versions/") {
		// An event-stream member: its quads are the named graph of the
		// same IRI in the archive space.
		quads, err := matchAll(ctx, snap.In(store.Archive), store.Pattern{G: rdf.IRI(iri)})
		if err != nil || len(quads) > 0 {
			return quads, err
		}
	}
	if _, withdrawn, err := snap.GetMeta(records.MetaGone + iri); err != nil {
		return nil, err
	} else if withdrawn {
		return nil, gone(iri)
	}
	return nil, notFound("no resource " + iri)
}

// triplesOf drops the graphs of quads and removes the duplicates that
// leaves, keeping the first occurrence's order.
func triplesOf(quads []rdf.Quad) []rdf.Quad {
	seen := make(map[rdf.Triple]bool, len(quads))
	out := make([]rdf.Quad, 0, len(quads))
	for _, q := range quads {
		t := q.Triple()
		if seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, rdf.Quad{S: q.S, P: q.P, O: q.O})
	}
	return out
}
