package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Recording the versions of the event stream (see ldes.go for the layout).

// private reports whether an IRI names a person or a participation, which
// versions never carry.
func (s *Server) private(t rdf.Term) bool {
	return t.IsIRI() && (strings.HasPrefix(t.Value, s.cfg.Base+"id/personnes/") || strings.HasPrefix(t.Value, s.cfg.Base+"id/participations/"))
}

// aggregate reads the public state of a chantier: its own triples (subject
// the chantier) and the summaries of its dependents, sorted.
func (s *Server) aggregate(ctx context.Context, r quadReader, iri string) ([]rdf.Quad, error) {
	seen := map[rdf.Triple]bool{}
	var out []rdf.Quad
	add := func(q rdf.Quad) {
		t := q.Triple()
		if !seen[t] {
			seen[t] = true
			out = append(out, rdf.Quad{S: q.S, P: q.P, O: q.O})
		}
	}
	self := rdf.IRI(iri)
	var deps []rdf.Term
	for q, err := range r.Match(ctx, store.Pattern{S: self, AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if s.private(q.O) || q.O.IsBlank() {
			continue
		}
		add(q)
		if slices.Contains(versionDependents, q.P.Value) && q.O.IsIRI() && !slices.Contains(deps, q.O) {
			deps = append(deps, q.O)
		}
	}
	for _, d := range deps {
		for _, p := range dependentSummary {
			for q, err := range r.Match(ctx, store.Pattern{S: d, P: rdf.IRI(p), AnyGraph: true}) {
				if err != nil {
					return nil, err
				}
				add(q)
			}
		}
	}
	slices.SortFunc(out, rdf.CompareQuads)
	return out, nil
}

func versionHash(quads []rdf.Quad) string {
	h := sha256.New()
	var buf []byte
	for _, q := range quads {
		buf = rdf.AppendQuad(buf[:0], q)
		h.Write(buf)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// recordVersions mints a new member of the event stream for each chantier
// whose public state changed since its last version (a chantier with no
// public triple left gets an as:Delete member, once). Call it inside the
// transaction of every write that touches chantiers, after the write, with
// their IRIs; it reads the public space of tx and writes the Archive space
// and ldes/ meta keys.
func (s *Server) recordVersions(ctx context.Context, tx *store.Txn, chantierIRIs ...string) error {
	pub, arc := tx.In(store.Public), tx.In(store.Archive)
	count, err := metaInt(tx, metaLDESCount)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	if raw, ok, err := tx.GetMeta(metaLDESLastTS); err != nil {
		return fmt.Errorf("ldes: %w", err)
	} else if ok {
		if last, err := time.Parse(time.RFC3339, string(raw)); err == nil && last.After(now) {
			now = last
		}
	}
	created := now.Format(time.RFC3339)
	minted := 0
	for _, iri := range chantierIRIs {
		quads, err := s.aggregate(ctx, pub, iri)
		if err != nil {
			return fmt.Errorf("ldes: reading %s: %w", iri, err)
		}
		var last lastVersion
		raw, had, err := tx.GetMeta(metaLDESLast + iri)
		if err != nil {
			return fmt.Errorf("ldes: %w", err)
		}
		if had {
			if err := json.Unmarshal(raw, &last); err != nil {
				return fmt.Errorf("ldes: last version of %s: %w", iri, err)
			}
		}
		deleted := len(quads) == 0
		hash := versionHash(quads)
		if deleted && (!had || last.Deleted) || !deleted && had && !last.Deleted && last.Hash == hash {
			continue // nothing to say
		}
		// Two versions of one chantier in the same second: the later one
		// takes the stream's sequence number as a suffix (unique).
		member := iri + "/versions/" + now.Format(ldesStamp)
		if memberExists(ctx, arc, member) {
			member += "-" + strconv.Itoa(count+1)
		}
		m, g := rdf.IRI(member), rdf.IRI(member)
		put := func(s rdf.Term, p string, o rdf.Term) error {
			return arc.Add(rdf.Quad{S: s, P: rdf.IRI(p), O: o, G: g})
		}
		for _, q := range quads {
			subj := q.S
			if subj.Value == iri && subj.IsIRI() {
				subj = m
			}
			if err := arc.Add(rdf.Quad{S: subj, P: q.P, O: q.O, G: g}); err != nil {
				return fmt.Errorf("ldes: %w", err)
			}
		}
		if deleted {
			if err := put(m, rdf.RDFType, rdf.IRI(asNS+"Delete")); err != nil {
				return err
			}
		}
		for _, q := range []struct {
			p string
			o rdf.Term
		}{
			{dctermsNS + "isVersionOf", rdf.IRI(iri)},
			{dctermsNS + "created", xsdDateTime(created)},
			{provNS + "generatedAtTime", xsdDateTime(created)},
		} {
			if err := put(m, q.p, q.o); err != nil {
				return fmt.Errorf("ldes: %w", err)
			}
		}
		entry, _ := json.Marshal(memberEntry{Member: member, Of: iri, Created: created})
		if err := tx.PutMeta(fmt.Sprintf("%s%012d", metaLDESMember, count), entry); err != nil {
			return err
		}
		lv, _ := json.Marshal(lastVersion{Member: member, Hash: hash, Deleted: deleted})
		if err := tx.PutMeta(metaLDESLast+iri, lv); err != nil {
			return err
		}
		count++
		minted++
	}
	if minted == 0 {
		return nil
	}
	if err := tx.PutMeta(metaLDESCount, []byte(strconv.Itoa(count))); err != nil {
		return err
	}
	return tx.PutMeta(metaLDESLastTS, []byte(created))
}

// RecordVersions records versions of the given chantiers in a transaction
// of its own (see recordVersions).
func (s *Server) RecordVersions(ctx context.Context, chantierIRIs ...string) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	return st.Update(ctx, func(tx *store.Txn) error {
		return s.recordVersions(ctx, tx, chantierIRIs...)
	})
}

func memberExists(ctx context.Context, r quadReader, member string) bool {
	for _, err := range r.Match(ctx, store.Pattern{S: rdf.IRI(member), AnyGraph: true}) {
		return err == nil
	}
	return false
}

type metaReader interface {
	GetMeta(key string) ([]byte, bool, error)
}

func metaInt(r metaReader, key string) (int, error) {
	raw, ok, err := r.GetMeta(key)
	if err != nil || !ok {
		return 0, err
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		return 0, fmt.Errorf("meta %s: %w", key, err)
	}
	return n, nil
}

// seedLDES records a first version of every public chantier, once.
func (s *Server) seedLDES(ctx context.Context) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	snap := st.Snapshot()
	_, seeded, err := snap.GetMeta(metaLDESSeeded)
	snap.Close()
	if err != nil || seeded {
		return err
	}
	return st.Update(ctx, func(tx *store.Txn) error {
		if _, seeded, err := tx.GetMeta(metaLDESSeeded); err != nil || seeded {
			return err
		}
		ids := chantierIRIs(ctx, tx.In(store.Public))
		slices.Sort(ids)
		if err := s.recordVersions(ctx, tx, ids...); err != nil {
			return err
		}
		return tx.PutMeta(metaLDESSeeded, []byte("1"))
	})
}
