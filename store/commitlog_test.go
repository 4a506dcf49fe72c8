package store

import (
	"context"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestCommitObserver(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var got []*Commit
	remove := s.OnCommit(CommitFilter{
		Spaces: []Space{Public},
		Meta:   func(k string) bool { return strings.HasPrefix(k, "pub/") || strings.HasPrefix(k, CommitTimePrefix) },
	}, func(c *Commit) { got = append(got, c) })
	s.StampCommits()
	a := rdf.Quad{S: ex("a"), P: ex("p"), O: rdf.String("x")}
	b := rdf.Quad{S: ex("b"), P: ex("p"), O: ex("c"), G: ex("g")}
	secret := rdf.Quad{S: ex("secret"), P: ex("p"), O: rdf.String("canary")}
	steps := []func(tx *Txn) error{
		func(tx *Txn) error { return tx.Add(a) },
		func(tx *Txn) error {
			if err := tx.Add(b); err != nil {
				return err
			}
			if err := tx.Delete(a); err != nil {
				return err
			}
			if err := tx.In(Private).Add(secret); err != nil {
				return err
			}
			if err := tx.PutMeta("token/x", []byte("hidden")); err != nil {
				return err
			}
			return tx.PutMeta("pub/n", []byte("1"))
		},
		func(tx *Txn) error { return tx.In(Private).Delete(secret) }, // nothing public
		func(tx *Txn) error { return tx.DeleteMeta("pub/n") },
		func(tx *Txn) error { return tx.Add(b) }, // no change: no commit
	}
	for i, fn := range steps {
		if err := s.Update(ctx, fn); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if len(got) != 4 {
		t.Fatalf("got %d commits, want 4", len(got))
	}
	for i, c := range got {
		if c.Version != uint64(i+1) {
			t.Errorf("commit %d has version %d", i, c.Version)
		}
		if c.Time.IsZero() {
			t.Errorf("commit %d has no time", i)
		}
		if _, ok := c.Quads[Private]; ok {
			t.Errorf("commit %d shows the private space", i)
		}
		for _, m := range c.Meta {
			if strings.HasPrefix(m.Key, "token/") {
				t.Errorf("commit %d shows meta %s", i, m.Key)
			}
		}
	}
	if q := got[0].Quads[Public]; len(q.Added) != 1 || q.Added[0] != a || len(q.Removed) != 0 {
		t.Errorf("commit 1: %+v", q)
	}
	if q := got[1].Quads[Public]; len(q.Added) != 1 || q.Added[0] != b || len(q.Removed) != 1 || q.Removed[0] != a {
		t.Errorf("commit 2: %+v", q)
	}
	if m := got[1].Meta; len(m) != 2 || m[0].Key != CommitTimeKey(2) || m[1].Key != "pub/n" || string(m[1].Value) != "1" {
		t.Errorf("commit 2 meta: %+v", m)
	}
	if len(got[2].Quads) != 0 {
		t.Errorf("commit 3 (private only) shows quads: %+v", got[2].Quads)
	}
	if m := got[3].Meta; len(m) != 2 || m[1].Key != "pub/n" || !m[1].Deleted {
		t.Errorf("commit 4 meta: %+v", m)
	}
	snap := s.Snapshot()
	if tm, ok := snap.CommitTime(4); !ok || !tm.Equal(got[3].Time) {
		t.Errorf("CommitTime(4) = %v, %v; want %v", tm, ok, got[3].Time)
	}
	snap.Close()

	remove()
	if err := s.Update(ctx, func(tx *Txn) error {
		if err := tx.SetVersion(10); err != nil {
			return err
		}
		return tx.Add(a)
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Errorf("a removed observer was called")
	}
	snap = s.Snapshot()
	defer snap.Close()
	if v := snap.Version(); v != 10 {
		t.Errorf("version after SetVersion(10) = %d", v)
	}
	if err := s.Update(ctx, func(tx *Txn) error { return tx.SetVersion(0) }); err == nil {
		t.Errorf("SetVersion(0) succeeded")
	}
}
