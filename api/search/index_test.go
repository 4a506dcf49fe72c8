package search

import (
	"context"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

const testBase = "http://ruche.test/"

// seededStore is an in-memory store holding the seed graph and extra quads.
func seededStore(t testing.TB, extra ...rdf.Quad) *store.Store {
	t.Helper()
	opts := store.DefaultOptions()
	opts.InMemory = true
	st, err := store.Open("", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	seed, err := vocab.Seed(testBase)
	if err != nil {
		t.Fatal(err)
	}
	add(t, st, store.Public, append(seed, extra...)...)
	return st
}

func add(t testing.TB, st *store.Store, sp store.Space, quads ...rdf.Quad) {
	t.Helper()
	for len(quads) > 0 {
		n := min(len(quads), 5000)
		err := st.Update(context.Background(), func(tx *store.Txn) error {
			for _, q := range quads[:n] {
				if err := tx.In(sp).Add(q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		quads = quads[n:]
	}
}

func built(t testing.TB, st *store.Store) *Index {
	t.Helper()
	ix, err := Open("", testBase)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, strings.TrimPrefix(h.Doc.ID, testBase))
	}
	return out
}

func TestSearchSeed(t *testing.T) {
	st := seededStore(t)
	ix := built(t, st)
	for _, c := range []struct {
		q     Query
		first string
	}{
		{Query{Text: "podcasts marketing"}, "id/chantiers/strategie-marketing-engagement"},
		{Query{Text: "écoresponsable"}, "id/chantiers/ecoresponsabilite-et-numerique"},
		{Query{Text: "ECORESPONSABILITE", Kinds: []Kind{KindChantier}}, "id/chantiers/ecoresponsabilite-et-numerique"},
		{Query{Text: "donnees", Kinds: []Kind{KindChantier}}, "id/chantiers/culture-des-donnees"},
		{Query{Text: "l'almanach"}, "id/chantiers/almanach-culturel"},
		{Query{Text: "discoverability", Kinds: []Kind{KindTheme}}, "concept/theme/decouvrabilite"},
		{Query{Text: "codevelopement"}, ""}, // a typo still finds something
		{Query{Theme: "donnees", Kinds: []Kind{KindChantier}}, "id/chantiers/culture-des-donnees"},
	} {
		res, err := ix.Search(t.Context(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		got := ids(res.Hits)
		if len(got) == 0 || (c.first != "" && got[0] != c.first) {
			t.Errorf("%+v: got %v, want %s first", c.q, got, c.first)
		}
	}
	res, err := ix.Search(t.Context(), Query{Text: "podcasts"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || len(res.Hits[0].Snippets) == 0 || !strings.Contains(res.Hits[0].Snippets[0], "<mark>podcasts</mark>") {
		t.Errorf("snippets: %+v", res.Hits)
	}
}

func TestSnippetsEscaped(t *testing.T) {
	ch := rdf.IRI(testBase + "id/chantiers/x")
	st := seededStore(t,
		rdf.Quad{S: ch, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.RadnChantier)},
		rdf.Quad{S: ch, P: rdf.IRI(vocab.SchemaName), O: rdf.LangString("<script>alert(1)</script> bidule", "fr")},
		rdf.Quad{S: ch, P: rdf.IRI(vocab.SchemaDescription), O: rdf.LangString(`Un <b>bidule</b> & "truc"`, "fr")},
	)
	ix := built(t, st)
	res, err := ix.Search(t.Context(), Query{Text: "bidule"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	h := res.Hits[0]
	for _, s := range append([]string{h.Name}, h.Snippets...) {
		if strings.Contains(s, "<script>") || strings.Contains(s, "<b>") {
			t.Errorf("unescaped: %s", s)
		}
		if !strings.Contains(s, "<mark>bidule</mark>") {
			t.Errorf("not marked: %s", s)
		}
	}
}

func TestPrivateNeverIndexed(t *testing.T) {
	p := rdf.IRI(testBase + "id/personnes/abc")
	st := seededStore(t)
	add(t, st, store.Private,
		rdf.Quad{S: p, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.SchemaPerson)},
		rdf.Quad{S: p, P: rdf.IRI(vocab.SchemaName), O: rdf.String("Zorglub Canari")})
	ix := built(t, st)
	for _, q := range []string{"Zorglub", "Canari"} {
		res, err := ix.Search(t.Context(), Query{Text: q})
		if err != nil || res.Total != 0 {
			t.Errorf("%s: %v %+v", q, err, res)
		}
		if m, _ := ix.Match(t.Context(), q, nil, 5); len(m) != 0 {
			t.Errorf("%s matched %v", q, m[0].Doc.ID)
		}
	}
	// Published (consent), then withdrawn: in, then out of the index.
	pub := []rdf.Quad{{S: p, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.SchemaPerson)}, {S: p, P: rdf.IRI(vocab.SchemaName), O: rdf.String("Zorglub Canari")}}
	ix.Begin()
	add(t, st, store.Public, pub...)
	if err := ix.Apply(t.Context(), st, p.Value); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Search(t.Context(), Query{Text: "canari"}); res.Total != 1 {
		t.Errorf("consenting person not found: %+v", res)
	}
	ix.Begin()
	err := st.Update(t.Context(), func(tx *store.Txn) error {
		for _, q := range pub {
			if err := tx.Delete(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(t.Context(), st, p.Value+"#consentements"); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Search(t.Context(), Query{Text: "canari"}); res.Total != 0 {
		t.Errorf("withdrawn person still found: %+v", res)
	}
}

// TestCrashRepair: a write committed without its reindexing (a crash
// between the two) is repaired by Sync on the next start.
func TestCrashRepair(t *testing.T) {
	dir := t.TempDir() + "/search"
	st := seededStore(t)
	ix, err := Open(dir, testBase)
	if err != nil {
		t.Fatal(err)
	}
	if rebuilt, err := ix.Sync(t.Context(), st); err != nil || !rebuilt {
		t.Fatalf("first sync: %v %v", rebuilt, err)
	}
	if rebuilt, err := ix.Sync(t.Context(), st); err != nil || rebuilt {
		t.Fatalf("second sync rebuilt: %v %v", rebuilt, err)
	}
	// A write applied, then a clean stop: all of it is on disk.
	ok := rdf.IRI(testBase + "id/chantiers/applique")
	ix.Begin()
	add(t, st, store.Public,
		rdf.Quad{S: ok, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.RadnChantier)},
		rdf.Quad{S: ok, P: rdf.IRI(vocab.SchemaName), O: rdf.LangString("Chantier appliqué", "fr")})
	if err := ix.Apply(t.Context(), st, ok.Value); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(dir, testBase); err != nil {
		t.Fatal(err)
	}
	if rebuilt, err := ix.Sync(t.Context(), st); err != nil || rebuilt {
		t.Fatalf("sync after a clean stop rebuilt: %v %v", rebuilt, err)
	}
	for _, q := range []string{"almanach", "appliqué"} {
		if res, err := ix.Search(t.Context(), Query{Text: q}); err != nil || res.Total != 1 {
			t.Fatalf("%s after reopening: %v %+v", q, err, res)
		}
	}
	ch := rdf.IRI(testBase + "id/chantiers/nouveau")
	ix.Begin() // the write begins; the process dies before Apply
	add(t, st, store.Public,
		rdf.Quad{S: ch, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.RadnChantier)},
		rdf.Quad{S: ch, P: rdf.IRI(vocab.SchemaName), O: rdf.LangString("Chantier surgi", "fr")})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, testBase)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if res, _ := ix.Search(t.Context(), Query{Text: "surgi"}); res.Total != 0 {
		t.Fatalf("found before repair")
	}
	if rebuilt, err := ix.Sync(t.Context(), st); err != nil || !rebuilt {
		t.Fatalf("repair: %v %v", rebuilt, err)
	}
	if res, _ := ix.Search(t.Context(), Query{Text: "surgi"}); res.Total != 1 {
		t.Errorf("not found after repair: %+v", res)
	}
}

func TestNameScore(t *testing.T) {
	for _, c := range []struct {
		q, name string
		min     float64
		max     float64
	}{
		{"Culture des données", "Culture des données", 0.99, 1},
		{"culture donnees", "Culture des données", 0.99, 1},
		{"Données, culture des", "Culture des données", 0.99, 1},
		{"Culture des donées", "Culture des données", 0.85, 0.99},
		{"Assoc. des musées du Qc", "Association des musées du Québec", 0.85, 0.99},
		{"RADN", "Réseau des agents de développement culturel numérique", 0, 0.5},
		{"ecoresponsabilite numerique", "Écoresponsabilité et numérique", 0.99, 1},
		{"Pêche au thon", "Culture des données", 0, 0.3},
		{"Maison de la culture", "Musée régional", 0, 0.4},
	} {
		got := NameScore(c.q, c.name)
		if got < c.min || got > c.max {
			t.Errorf("NameScore(%q, %q) = %.3f, want in [%.2f, %.2f]", c.q, c.name, got, c.min, c.max)
		}
	}
}

// TestApplyDuringRebuild: a write applied while a rebuild runs does not
// wait for it; the rebuild reindexes it once the new index is in place.
func TestApplyDuringRebuild(t *testing.T) {
	st := seededStore(t)
	ix := built(t, st)
	ch := rdf.IRI(testBase + "id/chantiers/pendant")
	ix.Begin()
	add(t, st, store.Public,
		rdf.Quad{S: ch, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.RadnChantier)},
		rdf.Quad{S: ch, P: rdf.IRI(vocab.SchemaName), O: rdf.LangString("Chantier pendant la reconstruction", "fr")})
	ix.cmu.Lock()
	ix.rebuilding = true // as if a rebuild were running
	ix.cmu.Unlock()
	if err := ix.Apply(t.Context(), st, ch.Value); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Search(t.Context(), Query{Text: "reconstruction"}); res.Total != 0 {
		t.Fatalf("applied during the rebuild")
	}
	if _, err := ix.Rebuild(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Search(t.Context(), Query{Text: "reconstruction"}); res.Total != 1 {
		t.Errorf("pending write lost: %+v", res)
	}
	snap := st.Snapshot()
	defer snap.Close()
	if v, ok := ix.Version(); !ok || v != snap.Version() {
		t.Errorf("version %d %v, store %d", v, ok, snap.Version())
	}
}

// TestRebuildEmpty: a store with nothing to index gets an empty index on
// disk (Bleve's builder cannot close empty), and a cancelled background
// sync leaves nothing behind.
func TestRebuildEmpty(t *testing.T) {
	opts := store.DefaultOptions()
	opts.InMemory = true
	st, err := store.Open("", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir() + "/search"
	ix, err := Open(dir, testBase)
	if err != nil {
		t.Fatal(err)
	}
	if rebuilt, err := ix.Sync(t.Context(), st); err != nil || !rebuilt {
		t.Fatalf("%v %v", rebuilt, err)
	}
	if n, err := ix.Count(); err != nil || n != 0 {
		t.Errorf("count %d %v", n, err)
	}
	done := make(chan error, 1)
	ix.SyncInBackground(seededStore(t), func(_ bool, err error) { done <- err })
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	<-done
}
