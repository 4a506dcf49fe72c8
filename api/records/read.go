package records

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"iter"
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Matcher is a view of the store: a snapshot or a transaction, in any
// space.
type Matcher interface {
	Match(ctx context.Context, p store.Pattern) iter.Seq2[rdf.Quad, error]
}

// MaxDescribeQuads bounds one resource document; a resource with more
// triples than this is cut.
const MaxDescribeQuads = 20000

// Describe returns the document of one resource in the view m (a snapshot
// reads its public space; snap.In or tx.In name another): every quad whose
// subject is the resource, then, transitively, those of the blank nodes and
// of the resource's own fragment IRIs (iri#…) that it reaches. Quads keep
// their graph; the same triple in several graphs is kept once per graph
// (callers that drop graphs deduplicate).
func Describe(ctx context.Context, m Matcher, iri string) ([]rdf.Quad, error) {
	var out []rdf.Quad
	seen := map[rdf.Term]bool{}
	queue := []rdf.Term{rdf.IRI(iri)}
	for len(queue) > 0 && len(out) < MaxDescribeQuads {
		subject := queue[0]
		queue = queue[1:]
		if seen[subject] {
			continue
		}
		seen[subject] = true
		for q, err := range m.Match(ctx, store.Pattern{S: subject, AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			out = append(out, q)
			o := q.O
			if !seen[o] && (o.IsBlank() || (o.IsIRI() && strings.HasPrefix(o.Value, iri+"#"))) {
				queue = append(queue, o)
			}
			if len(out) >= MaxDescribeQuads {
				break
			}
		}
	}
	return out, nil
}

// MatchAll collects the quads of a pattern.
func MatchAll(ctx context.Context, m Matcher, p store.Pattern) ([]rdf.Quad, error) {
	var out []rdf.Quad
	for q, err := range m.Match(ctx, p) {
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// FirstObject returns the first object of s p in any graph.
func FirstObject(ctx context.Context, m Matcher, s rdf.Term, p string) (rdf.Term, error) {
	for q, err := range m.Match(ctx, store.Pattern{S: s, P: rdf.IRI(p), AnyGraph: true}) {
		if err != nil {
			return rdf.Term{}, err
		}
		return q.O, nil
	}
	return rdf.Term{}, nil
}

// FirstObjectIn returns the first object of s p among quads.
func FirstObjectIn(quads []rdf.Quad, s rdf.Term, p string) (rdf.Term, bool) {
	for _, q := range quads {
		if q.S == s && q.P.Value == p {
			return q.O, true
		}
	}
	return rdf.Term{}, false
}

// resourceHash is the version of a resource in a transaction (see HashIn).
func resourceHash(ctx context.Context, tx *store.Txn, iri string) (string, bool, error) {
	return HashIn(ctx, tx.In(store.Public), tx.In(store.Private), iri)
}

// HashIn is the version of a resource: the SHA-256 of its sorted canonical
// N-Quads in the public and the private space. It is the ETag writes send
// and If-Match compares; ok is false when the resource has no quad.
func HashIn(ctx context.Context, public, private Matcher, iri string) (string, bool, error) {
	pub, err := Describe(ctx, public, iri)
	if err != nil {
		return "", false, err
	}
	priv, err := Describe(ctx, private, iri)
	if err != nil {
		return "", false, err
	}
	if len(pub)+len(priv) == 0 {
		return "", false, nil
	}
	return HashQuads("P", pub, "Q", priv), true, nil
}

// HashQuads hashes labelled groups of quads, each sorted canonically.
func HashQuads(parts ...any) string {
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

// EtagMatches compares an If-Match header with the current ETag.
func EtagMatches(header, etag string) bool {
	for _, e := range strings.Split(header, ",") {
		e = strings.TrimSpace(e)
		if e == "*" || e == etag {
			return true
		}
	}
	return false
}

func stripGraphs(quads []rdf.Quad) []rdf.Quad {
	out := make([]rdf.Quad, 0, len(quads))
	for _, q := range quads {
		out = append(out, rdf.Quad{S: q.S, P: q.P, O: q.O})
	}
	return out
}
