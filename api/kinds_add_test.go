package api

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/vocab"
)

// TestAddAKind: a kind added as one row of the table (here a test-only
// class) is routed, minted, stored and served without another edit: its
// collection takes a POST, the new resource gets a slug IRI and a
// document, and a PUT on it goes through the same write path.
func TestAddAKind(t *testing.T) {
	const class = "http://ruche.test/vocab#Essai"
	row := &vocab.Kind{Name: "essai", Class: class, Segment: "essais", Title: [2]string{"Essais", "Trials"}, Mint: vocab.MintSlug}
	saved := vocab.Kinds
	vocab.Kinds = append(slices.Clone(saved), row)
	t.Cleanup(func() { vocab.Kinds = saved })

	e := newWriteEnv(t)
	tg, err := e.srv.parseTarget("/essais")
	if err != nil || tg.Kind != row || !tg.collection {
		t.Fatalf("collection /id/essais: %+v %v", tg, err)
	}
	loc := e.create("/id/essais", e.coord, `<> schema:name "Premier essai"@fr .`)
	if loc != "/id/essais/premier-essai" {
		t.Fatalf("Location %q", loc)
	}
	doc := turtleOf(t, e.srv, loc)
	if !strings.Contains(doc, "<"+class+">") || !strings.Contains(doc, "Premier essai") {
		t.Fatalf("document lacks its class or name:\n%s", doc)
	}
	// A second one with the same name gets the next slug.
	if loc2 := e.create("/id/essais", e.coord, `<> schema:name "Premier essai"@fr .`); loc2 != "/id/essais/premier-essai-2" {
		t.Errorf("second Location %q", loc2)
	}
	// A body typed with another kind's class is refused in this collection.
	r := e.send(http.MethodPost, "/id/essais", e.coord, "text/turtle", ttlPrefixes+`<> a radn:Chantier ; schema:name "Autre"@fr .`)
	if r.code != http.StatusUnprocessableEntity {
		t.Errorf("POST of a chantier into /id/essais: %d %s", r.code, r.body)
	}
}
