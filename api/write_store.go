package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// matchAll collects the quads of a pattern.
func matchAll(ctx context.Context, m matcher, p store.Pattern) ([]rdf.Quad, error) {
	var out []rdf.Quad
	for q, err := range m.Match(ctx, p) {
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// firstObject returns the first object of s p in any graph.
func firstObject(ctx context.Context, m matcher, s rdf.Term, p string) (rdf.Term, error) {
	for q, err := range m.Match(ctx, store.Pattern{S: s, P: rdf.IRI(p), AnyGraph: true}) {
		if err != nil {
			return rdf.Term{}, err
		}
		return q.O, nil
	}
	return rdf.Term{}, nil
}

// resourceHash is the version of a resource: the SHA-256 of its sorted
// canonical N-Quads in the public and the private space. It is the ETag
// writes send and If-Match compares.
func resourceHash(ctx context.Context, tx *store.Txn, iri string) (string, bool, error) {
	return hashIn(ctx, tx.In(store.Public), tx.In(store.Private), iri)
}

// hashIn is resourceHash over any public and private views.
func hashIn(ctx context.Context, public, private matcher, iri string) (string, bool, error) {
	pub, err := describe(ctx, public, iri)
	if err != nil {
		return "", false, err
	}
	priv, err := describe(ctx, private, iri)
	if err != nil {
		return "", false, err
	}
	if len(pub)+len(priv) == 0 {
		return "", false, nil
	}
	return hashQuads("P", pub, "Q", priv), true, nil
}

// hashQuads hashes labelled groups of quads, each sorted canonically.
func hashQuads(parts ...any) string {
	h := sha256.New()
	for _, part := range parts {
		switch v := part.(type) {
		case string:
			h.Write([]byte(v + "\n"))
		case []rdf.Quad:
			lines := make([]string, 0, len(v))
			for _, q := range v {
				lines = append(lines, string(rdf.AppendQuad(nil, q)))
			}
			slices.Sort(lines)
			for _, l := range lines {
				h.Write([]byte(l))
				h.Write([]byte("\n"))
			}
		}
	}
	return `"` + hex.EncodeToString(h.Sum(nil))[:32] + `"`
}

// AuditRecord is one recorded write (the audit log is in api/records).
type AuditRecord = records.AuditRecord

// recordAudit writes one audit record inside the write's transaction.
func recordAudit(tx *store.Txn, rec AuditRecord) error { return records.PutAudit(tx, rec) }

// ListAudit returns the audit records written at or after since (zero: all)
// about resource (empty: any), oldest first.
func ListAudit(ctx context.Context, st *store.Store, since time.Time, resource string) ([]AuditRecord, error) {
	return records.ListAudit(ctx, st, since, resource)
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
	h, ok, err := hashIn(ctx, snap.In(store.Public), snap.In(store.Private), iri)
	if err != nil || !ok || etagMatches(header, h) {
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
		if etagMatches(header, doc.etag) {
			return h, nil
		}
	}
	return header, nil
}
