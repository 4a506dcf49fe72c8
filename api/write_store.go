package api

import (
	"context"
	"strings"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Reading helpers of the core (api/records), under the names the rest of
// the package uses.

// matchAll collects the quads of a pattern.
func matchAll(ctx context.Context, m matcher, p store.Pattern) ([]rdf.Quad, error) {
	return records.MatchAll(ctx, m, p)
}

// firstObject returns the first object of s p in any graph.
func firstObject(ctx context.Context, m matcher, s rdf.Term, p string) (rdf.Term, error) {
	return records.FirstObject(ctx, m, s, p)
}

// firstObjectIn returns the first object of s p among quads.
func firstObjectIn(quads []rdf.Quad, s rdf.Term, p string) (rdf.Term, bool) {
	return records.FirstObjectIn(quads, s, p)
}

// recordVersions records the event-stream versions of chantiers inside a
// write's transaction (records.Writer.RecordVersions).
func (s *Server) recordVersions(ctx context.Context, tx *store.Txn, chantierIRIs ...string) error {
	return s.writer.RecordVersions(ctx, tx, chantierIRIs...)
}

// RecordVersions records versions of the given chantiers in a transaction
// of its own.
func (s *Server) RecordVersions(ctx context.Context, chantierIRIs ...string) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	return st.Update(ctx, func(tx *store.Txn) error {
		return s.recordVersions(ctx, tx, chantierIRIs...)
	})
}

// seedLDES records a first version of every public chantier, once.
func (s *Server) seedLDES(ctx context.Context) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	return s.writer.SeedVersions(ctx, st)
}

// ifMatchVersion maps an If-Match header to the resource's write ETag: a
// client may send either the ETag of a write's response or the ETag of any
// RDF document a GET served (JSON-LD, Turtle, N-Triples, N-Quads) for the
// current state. The header is returned unchanged when it names neither;
// the transaction then compares it and answers 412.
func (s *Server) ifMatchVersion(ctx context.Context, st *store.Store, iri, header string) (string, error) {
	if header == "" || strings.TrimSpace(header) == "*" {
		return header, nil
	}
	snap := st.Snapshot()
	defer snap.Close()
	h, ok, err := records.HashIn(ctx, snap.In(store.Public), snap.In(store.Private), iri)
	if err != nil || !ok || records.EtagMatches(header, h) {
		return header, err
	}
	quads, err := describe(ctx, snap, iri)
	if err != nil || len(quads) == 0 {
		return header, err
	}
	version := snap.Version()
	for _, f := range rdfDocFormats {
		if f == fmtHTML {
			continue
		}
		doc, err := s.docs.get(cacheKey(iri, "|", f.name, "|", "", "|", version), func() (*rendered, error) {
			body, err := s.renderDocument(ctx, snap, iri, quads, f, "")
			if err != nil {
				return nil, err
			}
			return newRendered(body, s.clock.at(version)), nil
		})
		if _, unsendable := err.(*Problem); unsendable {
			continue // not representable in f (RDF/XML): no GET served it
		}
		if err != nil {
			return header, err
		}
		if records.EtagMatches(header, doc.etag) {
			return h, nil
		}
	}
	return header, nil
}
