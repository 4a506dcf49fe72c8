package api

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// ldesPageQuads fetches a page in N-Quads and decodes it.
func ldesPageQuads(t *testing.T, srv *Server, n string) (response, []rdf.Quad) {
	t.Helper()
	r := get(t, srv, "/ldes/pages/"+n, "application/n-quads, application/trig;q=0.9, text/turtle;q=0.5")
	if r.code != 200 {
		t.Fatalf("page %s: %d %s", n, r.code, r.body)
	}
	return r, decodeAll(t, rdfio.NQuads, r.body, testBase, nil)
}

func TestLDESRootAndSeed(t *testing.T) {
	srv, _ := newTestServer(t)
	stream := testBase + "ldes"
	for _, accept := range []string{"text/turtle", "application/ld+json", "application/n-quads"} {
		t.Run(accept, func(t *testing.T) {
			r := get(t, srv, "/ldes", accept)
			if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), accept) {
				t.Fatalf("%d %s", r.code, r.header.Get("Content-Type"))
			}
			f, err := rdfio.ParseFormat(accept)
			if err != nil {
				t.Fatal(err)
			}
			quads := decodeAll(t, f, r.body, testBase, nil)
			for _, want := range []struct {
				p string
				o rdf.Term
			}{
				{rdf.RDFType, rdf.IRI(ldesNS + "EventStream")},
				{ldesNS + "timestampPath", rdf.IRI(dctermsNS + "created")},
				{ldesNS + "versionOfPath", rdf.IRI(dctermsNS + "isVersionOf")},
				{treeNS + "view", rdf.IRI(testBase + "ldes/pages/1")},
			} {
				if !hasTriple(quads, stream, want.p, want.o) {
					t.Errorf("root lacks %s %s", want.p, want.o)
				}
			}
			if cc := r.header.Get("Cache-Control"); cc != "public, max-age=60" {
				t.Errorf("Cache-Control %q", cc)
			}
		})
	}
	t.Run("seeded chantiers are the first members", func(t *testing.T) {
		r, quads := ldesPageQuads(t, srv, "1")
		members := objects(quads, stream, treeNS+"member")
		if len(members) != 8 {
			t.Fatalf("%d members, want 8", len(members))
		}
		for _, m := range members {
			of := objects(quads, m.Value, dctermsNS+"isVersionOf")
			if len(of) != 1 || !strings.HasPrefix(m.Value, of[0].Value+"/versions/") {
				t.Errorf("member %s is a version of %v", m, of)
			}
			created := objects(quads, m.Value, dctermsNS+"created")
			if len(created) != 1 || created[0].Datatype != xsdNS+"dateTime" || !strings.HasSuffix(created[0].Value, "Z") {
				t.Errorf("member %s created %v", m, created)
			}
			inGraph := 0
			for _, q := range quads {
				if q.G == m {
					inGraph++
				}
			}
			if inGraph < 4 {
				t.Errorf("member %s has %d quads in its graph", m, inGraph)
			}
		}
		if cc := r.header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
			t.Errorf("open page served as %q", cc)
		}
		if len(objects(quads, testBase+"ldes/pages/1", treeNS+"relation")) != 0 {
			t.Error("open page has a relation")
		}
	})
	t.Run("JSON-LD page names the members", func(t *testing.T) {
		r := get(t, srv, "/ldes/pages/1", "application/ld+json")
		var doc map[string]any
		if err := json.Unmarshal(r.body, &doc); err != nil {
			t.Fatal(err)
		}
		ctx, _ := doc["@context"].(map[string]any)
		if ctx["tree"] != treeNS || ctx["ldes"] != ldesNS {
			t.Errorf("context lacks tree:/ldes: %v", ctx)
		}
		quads := decodeAll(t, rdfio.JSONLD, r.body, testBase, nil)
		if n := len(objects(quads, stream, treeNS+"member")); n != 8 {
			t.Errorf("%d members in JSON-LD", n)
		}
	})
	t.Run("bad page numbers", func(t *testing.T) {
		for _, p := range []string{"0", "2", "x", "-1", "99999999999999999999"} {
			if r := get(t, srv, "/ldes/pages/"+p, ""); r.code != 404 {
				t.Errorf("page %s: %d", p, r.code)
			}
		}
	})
}

func TestLDESVersions(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	stream := testBase + "ldes"
	chantier := testBase + "id/chantiers/culture-des-donnees"
	get(t, srv, "/ldes", "") // seeds

	t.Run("no change, no member", func(t *testing.T) {
		if err := srv.RecordVersions(ctx, chantier); err != nil {
			t.Fatal(err)
		}
		if _, quads := ldesPageQuads(t, srv, "1"); len(objects(quads, stream, treeNS+"member")) != 8 {
			t.Errorf("an unchanged chantier got a new version")
		}
	})
	t.Run("a change mints a member without persons", func(t *testing.T) {
		objective := chantier + "/objectifs/1"
		addQuads(t, st,
			litQ(chantier, schemaNS+"alternateName", rdf.LangString("CdD", "fr")),
			iriQ(chantier, schemaNS+"member", testBase+"id/personnes/p7q2k9xw"),
			iriQ(chantier, vocab.RadnObjectiveProp, objective),
			litQ(objective, schemaNS+"name", rdf.LangString("Former", "fr")),
		)
		err := st.Update(ctx, func(tx *store.Txn) error { return srv.recordVersions(ctx, tx, chantier) })
		if err != nil {
			t.Fatal(err)
		}
		_, quads := ldesPageQuads(t, srv, "1")
		members := objects(quads, stream, treeNS+"member")
		if len(members) != 9 {
			t.Fatalf("%d members, want 9", len(members))
		}
		latest := members[len(members)-1].Value
		if !hasTriple(quads, latest, schemaNS+"alternateName", rdf.LangString("CdD", "fr")) {
			t.Error("the new version lacks the change")
		}
		if !hasTriple(quads, objective, schemaNS+"name", rdf.LangString("Former", "fr")) {
			t.Error("the objective summary is missing")
		}
		if strings.Contains(string(renderNQ(t, quads)), "/personnes/") {
			t.Error("a version carries a person")
		}
	})
	t.Run("versions stay out of SPARQL and of the lists", func(t *testing.T) {
		q := url.QueryEscape("SELECT (COUNT(*) AS ?n) WHERE { ?v <" + dctermsNS + "isVersionOf> ?c . ?c a <" + vocab.RadnNS + "Chantier> }")
		r := get(t, srv, "/sparql?query="+q, "application/sparql-results+json")
		if r.code != 200 || !strings.Contains(string(r.body), `"value":"0"`) {
			t.Errorf("SPARQL sees versions: %d %s", r.code, r.body)
		}
		if c := get(t, srv, "/chantiers", "text/turtle"); !strings.Contains(string(c.body), "hydra:totalItems 8") {
			t.Errorf("versions listed as chantiers")
		}
	})
	t.Run("a withdrawn chantier gets a delete member, once", func(t *testing.T) {
		err := st.Update(ctx, func(tx *store.Txn) error {
			if _, err := tx.DeleteMatching(ctx, store.Pattern{S: rdf.IRI(chantier), AnyGraph: true}); err != nil {
				return err
			}
			return srv.recordVersions(ctx, tx, chantier)
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.RecordVersions(ctx, chantier); err != nil {
			t.Fatal(err)
		}
		_, quads := ldesPageQuads(t, srv, "1")
		members := objects(quads, stream, treeNS+"member")
		if len(members) != 10 {
			t.Fatalf("%d members, want 10", len(members))
		}
		if !hasTriple(quads, members[9].Value, rdf.RDFType, rdf.IRI(asNS+"Delete")) {
			t.Error("no as:Delete member")
		}
	})
}

func TestLDESPaging(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	stream := testBase + "ldes"
	chantier := testBase + "id/chantiers/codeveloppement"
	get(t, srv, "/ldes", "")
	// Members 9 … 101: one change after the other, ten per transaction.
	for from := 8; from <= records.LDESPageSize; from += 10 {
		err := st.Update(ctx, func(tx *store.Txn) error {
			for i := from; i < from+10 && i <= records.LDESPageSize; i++ {
				if _, err := tx.DeleteMatching(ctx, store.Pattern{S: rdf.IRI(chantier), P: rdf.IRI(schemaNS + "alternateName"), AnyGraph: true}); err != nil {
					return err
				}
				q := litQ(chantier, schemaNS+"alternateName", rdf.String("v"+itoa(i)))
				q.G = rdf.IRI(testBase + "graph/public-cc0")
				if err := tx.Add(q); err != nil {
					return err
				}
				if err := srv.recordVersions(ctx, tx, chantier); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	r1, page1 := ldesPageQuads(t, srv, "1")
	if n := len(objects(page1, stream, treeNS+"member")); n != records.LDESPageSize {
		t.Fatalf("page 1 has %d members", n)
	}
	if cc := r1.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("full page Cache-Control %q", cc)
	}
	if !hasTriple(page1, testBase+"ldes/pages/1", ldesNS+"immutable", rdf.Literal("true", xsdNS+"boolean")) {
		t.Error("full page not marked immutable")
	}
	rels := objects(page1, testBase+"ldes/pages/1", treeNS+"relation")
	if len(rels) != 1 {
		t.Fatalf("%d relations", len(rels))
	}
	rel := rels[0]
	relation := map[string][]rdf.Term{}
	for _, q := range page1 {
		if q.S == rel {
			relation[q.P.Value] = append(relation[q.P.Value], q.O)
		}
	}
	for p, want := range map[string]rdf.Term{
		rdf.RDFType:     rdf.IRI(treeNS + "GreaterThanOrEqualToRelation"),
		treeNS + "path": rdf.IRI(dctermsNS + "created"),
		treeNS + "node": rdf.IRI(testBase + "ldes/pages/2"),
	} {
		if len(relation[p]) != 1 || relation[p][0] != want {
			t.Errorf("relation %s: %v, want %s", p, relation[p], want)
		}
	}
	value := relation[treeNS+"value"]
	r2, page2 := ldesPageQuads(t, srv, "2")
	members2 := objects(page2, stream, treeNS+"member")
	if len(members2) != 1 {
		t.Fatalf("page 2 has %d members", len(members2))
	}
	created := objects(page2, members2[0].Value, dctermsNS+"created")
	if len(value) != 1 || len(created) != 1 || created[0].Value < value[0].Value {
		t.Errorf("relation value %v above the next member's timestamp %v", value, created)
	}
	if cc := r2.header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("open page Cache-Control %q", cc)
	}
	// The closed page does not change when the stream grows.
	addQuads(t, st, litQ(chantier, schemaNS+"alternateName", rdf.String("later")))
	if err := srv.RecordVersions(ctx, chantier); err != nil {
		t.Fatal(err)
	}
	if again, _ := ldesPageQuads(t, srv, "1"); string(again.body) != string(r1.body) {
		t.Error("a closed page changed")
	}
}

func renderNQ(t *testing.T, quads []rdf.Quad) []byte {
	t.Helper()
	b, err := renderRDF(fmtNQuads, quads)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
