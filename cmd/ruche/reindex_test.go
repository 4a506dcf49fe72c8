package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/store"
)

func TestReindex(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.ttl", `@prefix radn: <https://w3id.org/radn/vocab#> . @prefix schema: <http://schema.org/> .
<http://ruche.test/id/chantiers/vitraux> a radn:Chantier ; schema:name "Vitraux numériques"@fr .
<http://ruche.test/id/personnes/p1> a schema:Person ; schema:name "Personne Publique" .
`)
	if code, _, errOut := ruche(t, "", "import", "--data", data, "--quiet", in); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if code, _, errOut := ruche(t, "", "reindex", "--data", data); code != 2 || !strings.Contains(errOut, "--base") {
		t.Errorf("reindex without a base: exit %d: %s", code, errOut)
	}
	code, _, errOut := ruche(t, "", "reindex", "--data", data, "--base", "http://ruche.test/")
	if code != 0 || !strings.Contains(errOut, "reindexed 2 documents") {
		t.Fatalf("reindex: exit %d: %s", code, errOut)
	}
	// The store still opens beside its index folder, and the index is current.
	st, err := store.Open(data, storeOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := search.Open(searchDir(data), "http://ruche.test/")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if rebuilt, err := ix.Sync(context.Background(), st); err != nil || rebuilt {
		t.Errorf("index not current after reindex: %v %v", rebuilt, err)
	}
	res, err := ix.Search(context.Background(), search.Query{Text: "vitrail"})
	if err != nil || res.Total != 1 {
		t.Errorf("search after reindex: %v %+v", err, res)
	}
}
