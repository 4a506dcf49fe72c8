package replica

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

func openMem(t *testing.T) *store.Store {
	t.Helper()
	o := store.DefaultOptions()
	o.InMemory = true
	st, err := store.Open("", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func ex(s string) rdf.Term { return rdf.IRI("http://example.org/" + s) }

const canary = "Zénobie Canari"

// writes is a history of transactions touching every space and meta kind.
var writes = []func(tx *store.Txn) error{
	func(tx *store.Txn) error {
		for _, q := range []rdf.Quad{
			{S: ex("c1"), P: ex("name"), O: rdf.LangString("Données", "fr")},
			{S: ex("c1"), P: ex("n"), O: rdf.Literal("1", rdf.XSDInteger), G: ex("g")},
			{S: rdf.Blank("b0"), P: ex("p"), O: rdf.String("blank kept")},
		} {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return tx.PutMeta("ruche/base", []byte("http://example.org/"))
	},
	func(tx *store.Txn) error { // private only: a version without public change
		if err := tx.In(store.Private).Add(rdf.Quad{S: ex("p1"), P: ex("name"), O: rdf.String(canary)}); err != nil {
			return err
		}
		return tx.PutMeta("token/abc", []byte(canary))
	},
	func(tx *store.Txn) error {
		if err := tx.Delete(rdf.Quad{S: ex("c1"), P: ex("n"), O: rdf.Literal("1", rdf.XSDInteger), G: ex("g")}); err != nil {
			return err
		}
		if err := tx.In(store.Archive).Add(rdf.Quad{S: ex("c1/v1"), P: ex("isVersionOf"), O: ex("c1"), G: ex("c1/v1")}); err != nil {
			return err
		}
		if err := tx.PutMeta("ldes/count", []byte("1")); err != nil {
			return err
		}
		return tx.PutMeta("gone/http://example.org/p0", []byte("{}"))
	},
	func(tx *store.Txn) error {
		if err := tx.DeleteMeta("gone/http://example.org/p0"); err != nil {
			return err
		}
		return tx.PutMeta("audit/1", []byte(canary))
	},
}

// publicState is everything a replica must hold identically.
func publicState(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	snap := st.Snapshot()
	defer snap.Close()
	var b strings.Builder
	b.WriteString("version " + string(rune('0'+snap.Version())) + "\n")
	for _, sp := range PublicSpaces {
		// In index order: the ids must be the primary's.
		for q, err := range snap.In(sp).Quads(ctx, store.IDQuad{}) {
			if err != nil {
				t.Fatal(err)
			}
			tq, err := snap.Term(q.S)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(fmt.Sprintf("%v %v\n", q, tq))
		}
		qs, err := quadsOf(ctx, snap.In(sp))
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(qs, rdf.CompareQuads)
		for _, q := range qs {
			b.WriteString(sp.String() + " " + q.String() + "\n")
		}
	}
	for _, p := range PublicMetaPrefixes {
		for m, err := range snap.ScanMeta(ctx, p) {
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("meta " + m.Key + "=" + string(m.Value) + "\n")
		}
	}
	return b.String()
}

func TestChangesReplayAndSnapshot(t *testing.T) {
	ctx := context.Background()
	primary := openMem(t)
	primary.StampCommits()
	var encoded [][]byte
	primary.OnCommit(Filter(), func(c *store.Commit) {
		b, err := FromCommit(c).Encode()
		if err != nil {
			t.Error(err)
		}
		encoded = append(encoded, b)
	})
	var snapshots [][]byte // snapshot after each write
	for i, w := range writes {
		if err := primary.Update(ctx, w); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		var buf bytes.Buffer
		snap := primary.Snapshot()
		if _, err := WriteSnapshot(ctx, snap, &buf); err != nil {
			t.Fatal(err)
		}
		snap.Close()
		snapshots = append(snapshots, buf.Bytes())
	}
	want := publicState(t, primary)
	for _, b := range append(slices.Clone(encoded), snapshots...) {
		if raw := gunzip(t, b); strings.Contains(raw, canary) || strings.Contains(raw, "token/") || strings.Contains(raw, "audit/") {
			t.Fatalf("private data in a change or snapshot: %q", raw)
		}
	}
	// Every snapshot followed by the changes after it, each delivered twice,
	// gives the primary's public state.
	for from := range snapshots {
		t.Run(string(rune('a'+from)), func(t *testing.T) {
			rep := openMem(t)
			rep.FollowOnly()
			info, err := LoadSnapshot(ctx, bytes.NewReader(snapshots[from]), rep)
			if err != nil {
				t.Fatal(err)
			}
			if info.Version != uint64(from+1) || Version(rep) != info.Version {
				t.Fatalf("snapshot version %d, store %d, want %d", info.Version, Version(rep), from+1)
			}
			snap := rep.Snapshot()
			if n := snap.Stats().Quads; n != uint64(info.Public) {
				t.Errorf("statistics after bootstrap: %d quads, snapshot had %d", n, info.Public)
			}
			snap.Close()
			for i := 0; i < len(encoded); i++ {
				for range 2 {
					c, err := DecodeChange(encoded[i])
					if err != nil {
						t.Fatal(err)
					}
					applied, err := Apply(ctx, rep, c)
					if err != nil {
						t.Fatal(err)
					}
					if applied && c.Version <= info.Version {
						t.Errorf("version %d applied twice", c.Version)
					}
				}
			}
			if err := rep.Update(ctx, func(tx *store.Txn) error { return tx.Add(rdf.Quad{S: ex("x"), P: ex("y"), O: ex("z")}) }); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("a write of its own on a replica's store: %v, want ErrReadOnly", err)
			}
			if got := publicState(t, rep); got != want {
				t.Errorf("replica state:\n%s\nprimary:\n%s", got, want)
			}
		})
	}
	// A gap is refused.
	rep := openMem(t)
	if _, err := LoadSnapshot(ctx, bytes.NewReader(snapshots[0]), rep); err != nil {
		t.Fatal(err)
	}
	c, _ := DecodeChange(encoded[2])
	if _, err := Apply(ctx, rep, c); !errors.Is(err, ErrGap) {
		t.Errorf("applying version 3 on version 1: %v, want ErrGap", err)
	}
	// A snapshot into a store with data is refused.
	if _, err := LoadSnapshot(ctx, bytes.NewReader(snapshots[0]), rep); err == nil {
		t.Errorf("a second bootstrap into the same store succeeded")
	}
}

func TestDecodeCorrupt(t *testing.T) {
	c := &Change{Version: 3, Public: store.QuadChanges{Added: []rdf.Quad{{S: ex("a"), P: ex("p"), O: rdf.String("x")}}, AddedIDs: []store.IDQuad{{S: 5, P: 6, O: 7, G: store.DefaultGraphID}}}}
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	raw := gunzipBytes(t, b)
	for n := 0; n < len(raw); n++ {
		if _, err := DecodeChange(gzipBytes(raw[:n])); err == nil {
			t.Errorf("a change cut at %d bytes decoded", n)
		}
	}
	for _, bad := range [][]byte{nil, []byte("not gzip"), gzipBytes([]byte("\x05RCHC9"))} {
		if _, err := DecodeChange(bad); err == nil {
			t.Errorf("DecodeChange(%q) succeeded", bad)
		}
	}
	got, err := DecodeChange(b)
	if err != nil || got.Version != 3 || len(got.Public.Added) != 1 || got.Public.Added[0] != c.Public.Added[0] {
		t.Errorf("round trip: %+v, %v", got, err)
	}
}

// TestLargeSnapshot bootstraps from a snapshot larger than one
// transaction can hold, with a bulk-loaded primary.
func TestLargeSnapshot(t *testing.T) {
	ctx := context.Background()
	primary := openMem(t)
	const n = 3*quadBatch + 17
	if _, err := primary.BulkLoad(ctx, func(yield func(rdf.Quad) error) error {
		for i := range n {
			if err := yield(rdf.Quad{S: ex(fmt.Sprintf("s%d", i)), P: ex(fmt.Sprintf("p%d", i%7)), O: rdf.String(fmt.Sprintf("value %d", i)), G: ex(fmt.Sprintf("g%d", i%3))}); err != nil {
				return err
			}
		}
		return nil
	}, store.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	snap := primary.Snapshot()
	info, err := WriteSnapshot(ctx, snap, &buf)
	snap.Close()
	if err != nil || info.Public != n {
		t.Fatalf("snapshot: %+v %v", info, err)
	}
	rep := openMem(t)
	rep.FollowOnly()
	got, err := LoadSnapshot(ctx, &buf, rep)
	if err != nil {
		t.Fatal(err)
	}
	if got.Public != n || got.Terms != info.Terms {
		t.Errorf("loaded %+v, wrote %+v", got, info)
	}
	if a, b := publicState(t, primary), publicState(t, rep); a != b {
		t.Errorf("replica differs from the primary (%d and %d bytes of state)", len(a), len(b))
	}
}
