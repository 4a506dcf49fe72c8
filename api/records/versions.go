package records

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// The versions of the event stream (LDES 2.0 / TREE, served by package
// api/harvest) of the public chantier aggregates. Each version is a member:
// an IRI {chantier}/versions/{yyyymmddThhmmssZ} whose quads (the chantier's
// own public triples, its subject replaced by the version IRI, plus short
// summaries of its objectives, deliverables, legacies and support needs;
// never persons or participations) sit in the Archive space, in the named
// graph of the member IRI, so they never appear in SPARQL or in the dumps.
//
// Members are numbered in the order they were recorded; timestamps never go
// back. Page n (from 1) holds members (n-1)·LDESPageSize … n·LDESPageSize-1,
// so the meta key of a member, MetaLDESMember + seq %012d, starts with the
// page's prefix and a page is one prefix scan ([Members]).
//
// Seeding: [Writer.SeedVersions] records a first version of every public
// chantier that has none yet (once, marked by MetaLDESSeeded); the write
// rules call [Writer.RecordVersions] after each write touching a chantier,
// and a call that finds a chantier unchanged since its last version mints
// nothing.

const (
	// LDESPageSize is the number of members of a full page of the stream;
	// it must be a power of ten (page prefixes).
	LDESPageSize   = 100
	ldesPageDigits = 10 // 12 sequence digits minus log10(LDESPageSize)
)

// Members reads the members of page n (from 1) in order: one prefix scan.
func Members(ctx context.Context, snap *store.Snapshot, n int) ([]MemberEntry, error) {
	var entries []MemberEntry
	prefix := fmt.Sprintf("%s%0*d", MetaLDESMember, ldesPageDigits, n-1)
	for e, err := range snap.ScanMeta(ctx, prefix) {
		if err != nil {
			return nil, err
		}
		var m MemberEntry
		if err := json.Unmarshal(e.Value, &m); err != nil {
			return nil, fmt.Errorf("ldes: member entry %s: %w", e.Key, err)
		}
		entries = append(entries, m)
	}
	return entries, nil
}

// MemberCount is the number of members of the stream.
func MemberCount(r MetaReader) (int, error) { return MetaInt(r, MetaLDESCount) }

// MemberEntry indexes one member (meta key MetaLDESMember + sequence).
type MemberEntry struct {
	Member  string `json:"member"`
	Of      string `json:"of"`
	Created string `json:"created"` // RFC 3339, UTC, seconds
}

// LastVersion is the latest version of one chantier (MetaLDESLast + IRI).
type LastVersion struct {
	Member  string `json:"member"`
	Hash    string `json:"hash"`
	Deleted bool   `json:"deleted,omitempty"`
}

// DependentSummary are the predicates a version keeps of each dependent of
// its chantier (see versionDependents).
var DependentSummary = []string{rdf.RDFType, vocab.SchemaNS + "name", vocab.SKOSNS + "prefLabel", vocab.RDFSLabel, vocab.RadnStatus, vocab.SchemaNS + "description"}

// aggregate reads the public state of a chantier: its own triples (subject
// the chantier) and the summaries of its dependents, sorted.
func (wr *Writer) aggregate(ctx context.Context, r Matcher, iri string) ([]rdf.Quad, error) {
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
	dependents := versionDependents()
	var deps []rdf.Term
	for q, err := range r.Match(ctx, store.Pattern{S: self, AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if wr.privateKind(q.O) || q.O.IsBlank() {
			continue
		}
		add(q)
		if slices.Contains(dependents, q.P.Value) && q.O.IsIRI() && !slices.Contains(deps, q.O) {
			deps = append(deps, q.O)
		}
	}
	for _, d := range deps {
		for _, p := range DependentSummary {
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

// RecordVersions mints a new member of the event stream for each chantier
// whose public state changed since its last version (a chantier with no
// public triple left gets an as:Delete member, once). Call it inside the
// transaction of every write that touches chantiers, after the write, with
// their IRIs; it reads the public space of tx and writes the Archive space
// and ldes/ meta keys.
func (wr *Writer) RecordVersions(ctx context.Context, tx *store.Txn, chantierIRIs ...string) error {
	pub, arc := tx.In(store.Public), tx.In(store.Archive)
	count, err := MetaInt(tx, MetaLDESCount)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	if raw, ok, err := tx.GetMeta(MetaLDESLastTS); err != nil {
		return fmt.Errorf("ldes: %w", err)
	} else if ok {
		if last, err := time.Parse(time.RFC3339, string(raw)); err == nil && last.After(now) {
			now = last
		}
	}
	created := now.Format(time.RFC3339)
	minted := 0
	for _, iri := range chantierIRIs {
		quads, err := wr.aggregate(ctx, pub, iri)
		if err != nil {
			return fmt.Errorf("ldes: reading %s: %w", iri, err)
		}
		var last LastVersion
		raw, had, err := tx.GetMeta(MetaLDESLast + iri)
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
		member := iri + "/versions/" + now.Format(LDESStamp)
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
			if err := put(m, rdf.RDFType, rdf.IRI(vocab.ASNS+"Delete")); err != nil {
				return err
			}
		}
		for _, q := range []struct {
			p string
			o rdf.Term
		}{
			{vocab.DCTermsNS + "isVersionOf", rdf.IRI(iri)},
			{vocab.DCTermsNS + "created", rdf.Literal(created, vocab.XSDDateTime)},
			{vocab.ProvNS + "generatedAtTime", rdf.Literal(created, vocab.XSDDateTime)},
		} {
			if err := put(m, q.p, q.o); err != nil {
				return fmt.Errorf("ldes: %w", err)
			}
		}
		entry, _ := json.Marshal(MemberEntry{Member: member, Of: iri, Created: created})
		if err := tx.PutMeta(fmt.Sprintf("%s%012d", MetaLDESMember, count), entry); err != nil {
			return err
		}
		lv, _ := json.Marshal(LastVersion{Member: member, Hash: hash, Deleted: deleted})
		if err := tx.PutMeta(MetaLDESLast+iri, lv); err != nil {
			return err
		}
		count++
		minted++
	}
	if minted == 0 {
		return nil
	}
	if err := tx.PutMeta(MetaLDESCount, []byte(strconv.Itoa(count))); err != nil {
		return err
	}
	return tx.PutMeta(MetaLDESLastTS, []byte(created))
}

func memberExists(ctx context.Context, r Matcher, member string) bool {
	for _, err := range r.Match(ctx, store.Pattern{S: rdf.IRI(member), AnyGraph: true}) {
		return err == nil
	}
	return false
}

// MetaReader reads meta keys (a snapshot or a transaction).
type MetaReader interface {
	GetMeta(key string) ([]byte, bool, error)
}

// MetaInt reads a meta key holding a number (0 when absent).
func MetaInt(r MetaReader, key string) (int, error) {
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

// SeedVersions records a first version of every public chantier, once.
func (wr *Writer) SeedVersions(ctx context.Context, st *store.Store) error {
	snap := st.Snapshot()
	_, seeded, err := snap.GetMeta(MetaLDESSeeded)
	snap.Close()
	if err != nil || seeded {
		return err
	}
	return st.Update(ctx, func(tx *store.Txn) error {
		if _, seeded, err := tx.GetMeta(MetaLDESSeeded); err != nil || seeded {
			return err
		}
		var ids []string
		for q, err := range tx.In(store.Public).Match(ctx, store.Pattern{P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantier), AnyGraph: true}) {
			if err != nil {
				break // as the chantiers' listing does: the versions of those read
			}
			if q.S.IsIRI() && !slices.Contains(ids, q.S.Value) {
				ids = append(ids, q.S.Value)
			}
		}
		slices.Sort(ids)
		if err := wr.RecordVersions(ctx, tx, ids...); err != nil {
			return err
		}
		return tx.PutMeta(MetaLDESSeeded, []byte("1"))
	})
}
