package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

const (
	dctermsIsVersionOf = vocab.DCTermsNS + "isVersionOf"
	asDelete           = "https://www.w3.org/ns/activitystreams#Delete"
	// revisionRounds revises every chantier this many times, so that the
	// stream outgrows its first page (100 members).
	revisionRounds = 13
)

// replicated is one member as ldes-client emitted it.
type replicated struct {
	ID          string `json:"id"`
	IsVersionOf string `json:"isVersionOf"`
	Timestamp   string `json:"timestamp"`
	Type        string `json:"type"`
	NQuads      string `json:"nquads"`
}

// serverVersion is one member as the server stored it (Archive space).
type serverVersion struct {
	of    string
	quads []rdf.Quad
}

// The reference LDES client replicates /ldes and gets every version the
// server recorded (seeded versions, revisions over more than one page, and
// the tombstone of a deleted chantier), each with the server's quads.
func TestLDESClientReplicates(t *testing.T) {
	node := requireNode(t, "ldes-client")
	s := startSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// The first request seeds the stream with a version of each chantier;
	// then the chantiers are revised as the write API would, and one is
	// deleted.
	if _, status, err := tryFetch(s.url("/ldes"), "text/turtle"); err != nil || status != 200 {
		t.Fatalf("GET /ldes: %d %v", status, err)
	}
	chantiers := publicChantiers(t, s)
	if len(chantiers) < 8 {
		t.Fatalf("%d public chantiers, want the 8 of the seed", len(chantiers))
	}
	for round := 1; round <= revisionRounds; round++ {
		revise(t, ctx, s, chantiers, round)
	}
	deleted := chantiers[len(chantiers)-1]
	err := s.store.Update(ctx, func(tx *store.Txn) error {
		_, err := tx.DeleteMatching(ctx, store.Pattern{S: rdf.IRI(deleted), AnyGraph: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.srv.RecordVersions(ctx, deleted); err != nil {
		t.Fatalf("record the deletion: %v", err)
	}

	want := serverVersions(t, s)
	if len(want) <= 100 {
		t.Fatalf("the server has %d versions; the test wants more than a page", len(want))
	}

	state := t.TempDir()
	got, order := replicate(t, ctx, node, s.url("/ldes"), state)
	t.Logf("ldes-client replicated %d members; the server has %d versions", len(got), len(want))
	if !sort.StringsAreSorted(order) {
		t.Errorf("members not in ascending timestamp order")
	}

	for id, v := range want {
		m, ok := got[id]
		if !ok {
			t.Errorf("version %s (of %s) not replicated", id, v.of)
			continue
		}
		if m.IsVersionOf != v.of {
			t.Errorf("%s: isVersionOf %q, want %q", id, m.IsVersionOf, v.of)
		}
		if v.of == deleted && hasType(v.quads, asDelete) != (m.Type == asDelete) {
			t.Errorf("%s: type %q; server's tombstone: %t", id, m.Type, hasType(v.quads, asDelete))
		}
		gotQuads := triplesOnly(decode(t, rdfio.NQuads, []byte(m.NQuads), id))
		if !rdf.Isomorphic(gotQuads, triplesOnly(v.quads)) {
			t.Errorf("%s: replicated %d triples, server has %d\n%s", id, len(gotQuads), len(v.quads), diffQuads(gotQuads, triplesOnly(v.quads)))
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("replicated %s, which the server has no version for", id)
		}
	}
	tombstones := 0
	for _, m := range got {
		if m.IsVersionOf == deleted && m.Type == asDelete {
			tombstones++
		}
	}
	if tombstones != 1 {
		t.Errorf("%d tombstones for the deleted chantier, want 1", tombstones)
	}

	// A harvester that kept its state and follows the stream gets only
	// what is new. (ldes-client 0.3.0 re-polls the mutable last page of a
	// saved state only when following; a one-shot resumed run emits
	// nothing.)
	revise(t, ctx, s, chantiers[:len(chantiers)-1], revisionRounds+1)
	all := serverVersions(t, s)
	again, _ := replicate(t, ctx, node, s.url("/ldes"), state, fmt.Sprint(len(chantiers)-1))
	var fresh []string
	for id := range all {
		if _, old := want[id]; !old {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) != len(chantiers)-1 {
		t.Fatalf("%d new versions after a revision of %d chantiers", len(fresh), len(chantiers)-1)
	}
	for _, id := range fresh {
		if _, ok := again[id]; !ok {
			t.Errorf("resumed replication missed the new version %s", id)
		}
	}
	for id := range again {
		if _, old := want[id]; old {
			t.Errorf("resumed replication emitted %s again", id)
		}
	}
	t.Logf("resumed replication: %d members (%d new versions)", len(again), len(fresh))
}

// replicate runs ldes-client on url (keeping its state in state) and
// returns the members by IRI, and their timestamps in emission order. With
// follow, the client follows the stream until it has emitted that many
// members.
func replicate(t *testing.T, ctx context.Context, node, url, state string, follow ...string) (map[string]replicated, []string) {
	t.Helper()
	out := runNode(t, ctx, node, "ldes-replicate.mjs", nil, append([]string{url, state}, follow...)...)
	got := map[string]replicated{}
	var order []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var m replicated
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("ldes-replicate output: %v\n%s", err, sc.Text())
		}
		if _, dup := got[m.ID]; dup {
			t.Errorf("member %s emitted twice", m.ID)
		}
		got[m.ID] = m
		order = append(order, m.Timestamp)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return got, order
}

// publicChantiers lists the chantiers of the public space, sorted.
func publicChantiers(t testing.TB, s *site) []string {
	t.Helper()
	snap := s.store.Snapshot()
	defer snap.Close()
	var out []string
	for q, err := range snap.Match(context.Background(), store.Pattern{P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.RadnChantier), AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q.S.Value)
	}
	sort.Strings(out)
	return out
}

// revise changes a public triple of each chantier and records the new
// versions, as the write API does after a write.
func revise(t testing.TB, ctx context.Context, s *site, chantiers []string, round int) {
	t.Helper()
	p := rdf.IRI(vocab.SchemaNS + "disambiguatingDescription")
	g := rdf.IRI(vocab.GraphIRI(s.base, vocab.GraphPublicCC0))
	err := s.store.Update(ctx, func(tx *store.Txn) error {
		for _, c := range chantiers {
			if _, err := tx.DeleteMatching(ctx, store.Pattern{S: rdf.IRI(c), P: p, AnyGraph: true}); err != nil {
				return err
			}
			if err := tx.Add(rdf.Quad{S: rdf.IRI(c), P: p, O: rdf.LangString(fmt.Sprintf("révision %d", round), "fr"), G: g}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("revision %d: %v", round, err)
	}
	if err := s.srv.RecordVersions(ctx, chantiers...); err != nil {
		t.Fatalf("record revision %d: %v", round, err)
	}
}

// serverVersions reads the versions the server recorded: the members of
// the Archive space, each with the quads of its named graph.
func serverVersions(t testing.TB, s *site) map[string]serverVersion {
	t.Helper()
	snap := s.store.Snapshot()
	defer snap.Close()
	arc := snap.In(store.Archive)
	out := map[string]serverVersion{}
	ctx := context.Background()
	for q, err := range arc.Match(ctx, store.Pattern{P: rdf.IRI(dctermsIsVersionOf), AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		out[q.S.Value] = serverVersion{of: q.O.Value}
	}
	for id, v := range out {
		for q, err := range arc.Match(ctx, store.Pattern{G: rdf.IRI(id)}) {
			if err != nil {
				t.Fatal(err)
			}
			v.quads = append(v.quads, q)
		}
		if len(v.quads) == 0 {
			t.Fatalf("version %s has no quads in its graph", id)
		}
		out[id] = v
	}
	return out
}

func triplesOnly(quads []rdf.Quad) []rdf.Quad {
	out := make([]rdf.Quad, len(quads))
	for i, q := range quads {
		out[i] = rdf.Quad{S: q.S, P: q.P, O: q.O}
	}
	return out
}

func hasType(quads []rdf.Quad, class string) bool {
	for _, q := range quads {
		if q.P.Value == rdf.RDFType && q.O.Value == class && !strings.Contains(q.S.Value, "#") {
			return true
		}
	}
	return false
}
