package api

import (
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/vocab"
)

// partClasses are the shape targets that are not kinds of their own: they
// are validated as parts of a kind's document (a SMART objective is an
// objective, an assessment is a fragment of an evaluation, an opening or a
// closure is an event of a chantier).
var partClasses = []string{vocab.RadnSmartObjective, vocab.RadnCriterionAssessment, vocab.RadnChantierOpening, vocab.RadnChantierClosure}

// TestKindsTable: every row of vocab.Kinds has a write collection and a
// document route, a minting rule, a shape and an OpenAPI request body; every
// class a shape targets is a kind or a declared part of one.
func TestKindsTable(t *testing.T) {
	srv, _ := newTestServer(t)
	shapes, err := vocab.Shapes(srv.cfg.Base)
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]bool{}
	for _, q := range shapes {
		if q.P.Value == vocab.SHNS+"targetClass" {
			targets[q.O.Value] = true
		}
	}
	for _, r := range vocab.Kinds {
		t.Run(r.Segment, func(t *testing.T) {
			coll, doc := "/"+r.Segment, "/"+r.Segment+"/abc"
			if r.Parent != "" {
				coll = "/" + r.Parent + "/un-parent/" + r.Segment
				doc = coll + "/1"
				if r.Mint == vocab.MintDate {
					doc = coll + "/2026-01-31"
				}
			}
			for _, c := range []struct {
				path       string
				collection bool
			}{{coll, true}, {doc, false}} {
				tg, err := srv.parseTarget(c.path)
				if err != nil {
					t.Fatalf("%s: %v", c.path, err)
				}
				if tg.kind != r || tg.collection != c.collection {
					t.Errorf("%s: kind %q collection %v, want %q %v", c.path, tg.kind.Name, tg.collection, r.Name, c.collection)
				}
			}
			if r.Mint < vocab.MintSlug || r.Mint > vocab.MintDate {
				t.Errorf("no minting rule (%d)", r.Mint)
			}
			if !targets[r.Class] {
				t.Errorf("no shape targets %s", r.Class)
			}
			if r.Name == "" || r.Title[0] == "" || r.Title[1] == "" {
				t.Errorf("row lacks a name or titles")
			}
		})
	}
	for class := range targets {
		if vocab.KindOfClass(class) == nil && !slices.Contains(partClasses, class) {
			t.Errorf("shapes target %s, which is neither a row of vocab.Kinds nor a declared part", class)
		}
	}
}

// TestCollectionsAgreeWithKinds: a site list of a kind's instances keeps the
// kind's titles and filters, and a writable list posts into the kind's
// collection. (collections.go still declares its lists; this holds the two
// declarations together until the lists derive from vocab.Kinds.)
func TestCollectionsAgreeWithKinds(t *testing.T) {
	for _, d := range collections {
		r := vocab.KindOfClass(d.class)
		if r == nil {
			continue
		}
		if d.title != r.Title {
			t.Errorf("%s: title %q, kind %s has %q", d.path, d.title, r.Name, r.Title)
		}
		if !slices.Equal(d.filters, r.Filters) {
			t.Errorf("%s: filters %q, kind %s has %q", d.path, d.filters, r.Name, r.Filters)
		}
		if d.writes != "" && (r.Parent != "" || d.writes != r.Segment) {
			t.Errorf("%s: posts into /id/%s, kind %s is at %s/%s", d.path, d.writes, r.Name, r.Parent, r.Segment)
		}
	}
}
