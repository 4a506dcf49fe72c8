package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/harvest"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

func TestVoID(t *testing.T) {
	srv, st := newTestServer(t)
	r := get(t, srv, "/.well-known/void", "")
	if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/turtle") {
		t.Fatalf("%d %s", r.code, r.header.Get("Content-Type"))
	}
	quads := decodeAll(t, rdfio.Turtle, r.body, testBase, nil)
	ds := testBase + "dataset"
	snap := st.Snapshot()
	defer snap.Close()
	stats := snap.Stats()
	checks := []struct {
		name string
		p    string
		o    rdf.Term
	}{
		{"void type", rdf.RDFType, rdf.IRI(voidNS + "Dataset")},
		{"dcat type", rdf.RDFType, rdf.IRI(dcatNS + "Dataset")},
		{"schema type", rdf.RDFType, rdf.IRI(schemaNS + "Dataset")},
		{"title fr", dctermsNS + "title", rdf.LangString("Chantiers du Réseau ADN", "fr")},
		{"title en", dctermsNS + "title", rdf.LangString("Réseau ADN chantiers", "en")},
		{"licence", dctermsNS + "license", rdf.IRI(licenceCC0)},
		{"publisher", dctermsNS + "publisher", rdf.IRI(testBase + "id/organisations/reseau-adn")},
		{"sparql", voidNS + "sparqlEndpoint", rdf.IRI(testBase + "sparql")},
		{"dump nq", voidNS + "dataDump", rdf.IRI(testBase + "dumps/latest.nq.gz")},
		{"dump jsonld", voidNS + "dataDump", rdf.IRI(testBase + "dumps/latest.jsonld")},
		{"distribution", dcatNS + "distribution", rdf.IRI(testBase + "dumps/latest.nq.gz")},
		{"uri space", voidNS + "uriSpace", rdf.String(testBase + "id/")},
		{"triples", voidNS + "triples", door.Integer(int(stats.Quads))},
		{"vocabulary", voidNS + "vocabulary", rdf.IRI("http://schema.org/")},
		{"wiki subset", voidNS + "subset", rdf.IRI(testBase + "graph/wiki-cc-by-nc-sa")},
		{"event stream", dcatNS + "accessService", rdf.IRI(testBase + "ldes")},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !hasTriple(quads, ds, c.p, c.o) {
				t.Errorf("no %s %s; has %v", c.p, c.o, objects(quads, ds, c.p))
			}
		})
	}
	t.Run("licences of subsets", func(t *testing.T) {
		if !hasTriple(quads, testBase+"graph/wiki-cc-by-nc-sa", dctermsNS+"license", rdf.IRI(licenceByNcSa40)) ||
			!hasTriple(quads, testBase+"graph/public-cc0", dctermsNS+"license", rdf.IRI(licenceCC0)) {
			t.Error("subset licences missing")
		}
	})
	t.Run("stream typed", func(t *testing.T) {
		if !hasTriple(quads, testBase+"ldes", rdf.RDFType, rdf.IRI(ldesNS+"EventStream")) {
			t.Error("the event stream is not an ldes:EventStream")
		}
	})
	t.Run("partitions", func(t *testing.T) {
		var chantiers rdf.Term
		for _, part := range objects(quads, ds, voidNS+"classPartition") {
			if hasTriple(quads, part.Value, voidNS+"class", rdf.IRI(vocab.RadnChantier)) {
				chantiers = objects(quads, part.Value, voidNS+"entities")[0]
			}
		}
		if chantiers != door.Integer(8) {
			t.Errorf("chantier partition entities %v, want 8", chantiers)
		}
		if n := len(objects(quads, ds, voidNS+"propertyPartition")); n != len(stats.Predicates) {
			t.Errorf("%d property partitions, want %d", n, len(stats.Predicates))
		}
	})
	t.Run("JSON-LD and the landing page", func(t *testing.T) {
		ld := get(t, srv, "/.well-known/void", "application/ld+json")
		if got := decodeAll(t, rdfio.JSONLD, ld.body, testBase, nil); len(got) != len(triplesOf(quads)) {
			t.Errorf("JSON-LD %d triples, Turtle %d", len(got), len(quads))
		}
		page := get(t, srv, "/donnees", "text/html")
		if page.code != 200 || !bytes.Contains(page.body, []byte(`"@type":"Dataset"`)) {
			t.Errorf("landing page: %d", page.code)
		}
		if r := get(t, srv, "/donnees", "application/n-triples"); r.header.Get("Content-Location") != "/.well-known/void.nt" {
			t.Errorf("Content-Location %q", r.header.Get("Content-Location"))
		}
		if r := get(t, srv, "/.well-known/void.jsonld", "text/turtle"); !strings.HasPrefix(r.header.Get("Content-Type"), "application/ld+json") {
			t.Errorf("void.jsonld served as %s", r.header.Get("Content-Type"))
		}
		if r := get(t, srv, "/dataset", ""); r.code != http.StatusSeeOther || r.header.Get("Location") != "/.well-known/void" {
			t.Errorf("/dataset: %d %s", r.code, r.header.Get("Location"))
		}
	})
}

// storeQuads lists the public space, sorted.
func storeQuads(t *testing.T, st *store.Store) []rdf.Quad {
	t.Helper()
	snap := st.Snapshot()
	defer snap.Close()
	var out []rdf.Quad
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	slices.SortFunc(out, rdf.CompareQuads)
	return out
}

func TestDumps(t *testing.T) {
	srv, st := newTestServer(t)
	// An archived version never reaches the dumps.
	if err := srv.RecordVersions(context.Background(), testBase+"id/chantiers/culture-des-donnees"); err != nil {
		t.Fatal(err)
	}
	want := storeQuads(t, st)
	t.Run("N-Quads", func(t *testing.T) {
		r := get(t, srv, "/dumps/latest.nq.gz", "")
		if r.code != 200 || r.header.Get("Content-Type") != "application/n-quads" || r.header.Get("ETag") == "" || r.header.Get("Last-Modified") == "" {
			t.Fatalf("%d %v", r.code, r.header)
		}
		zr, err := gzip.NewReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		got := decodeAll(t, rdfio.NQuads, plain, testBase, nil)
		for _, q := range got {
			if strings.Contains(q.S.Value, "/versions/") || strings.Contains(q.G.Value, "/versions/") {
				t.Fatalf("an archived version reached the dump: %v", q)
			}
		}
		slices.SortFunc(got, rdf.CompareQuads)
		if !slices.Equal(got, want) {
			t.Errorf("dump has %d quads, store %d", len(got), len(want))
		}
		again := do(t, srv, http.MethodGet, "/dumps/latest.nq.gz", map[string]string{"If-None-Match": r.header.Get("ETag")}, nil)
		if again.code != http.StatusNotModified || len(again.body) != 0 {
			t.Errorf("revalidation: %d", again.code)
		}
		head := do(t, srv, http.MethodHead, "/dumps/latest.nq.gz", nil, nil)
		if head.code != 200 || len(head.body) != 0 || head.header.Get("ETag") != r.header.Get("ETag") {
			t.Errorf("HEAD: %d %d bytes", head.code, len(head.body))
		}
	})
	t.Run("JSON-LD", func(t *testing.T) {
		r := get(t, srv, "/dumps/latest.jsonld", "")
		if r.code != 200 || r.header.Get("Content-Type") != "application/ld+json" {
			t.Fatalf("%d %v", r.code, r.header)
		}
		got := decodeAll(t, rdfio.JSONLD, r.body, testBase, nil)
		slices.SortFunc(got, rdf.CompareQuads)
		got = slices.Compact(got)
		if !slices.Equal(got, want) {
			t.Errorf("JSON-LD dump has %d quads, store %d", len(got), len(want))
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("first difference: %v vs %v", got[i], want[i])
				}
			}
		}
	})
	t.Run("a write changes the validators", func(t *testing.T) {
		before := get(t, srv, "/dumps/latest.nq.gz", "").header.Get("ETag")
		addQuads(t, st, iriQ(testBase+"id/chantiers/nouveau", rdf.RDFType, vocab.RadnChantier))
		if after := get(t, srv, "/dumps/latest.nq.gz", "").header.Get("ETag"); after == before {
			t.Errorf("ETag unchanged: %s", after)
		}
	})
}

// A subject whose literals hold JSON and HTML specials, and predicates that
// come back after others, still makes a valid JSON-LD dump.
func TestJSONLDDumpEscapes(t *testing.T) {
	srv, st := newTestServer(t)
	iri := testBase + "id/chantiers/x"
	addQuads(t, st,
		litQ(iri, schemaNS+"name", rdf.LangString("\"</script>\" \\ \u2028 é", "fr")),
		litQ(iri, schemaNS+"description", rdf.Literal("1", rdf.XSDInteger)),
		rdf.Quad{S: rdf.Blank("b1"), P: rdf.IRI(schemaNS + "name"), O: rdf.String("blank")},
		iriQ(iri, schemaNS+"about", "http://example.org/a"),
	)
	r := get(t, srv, "/dumps/latest.jsonld", "")
	got := decodeAll(t, rdfio.JSONLD, r.body, testBase, nil)
	if !hasTriple(got, iri, schemaNS+"name", rdf.LangString("\"</script>\" \\ \u2028 é", "fr")) {
		t.Error("special characters not round-tripped")
	}
	if !slices.ContainsFunc(got, func(q rdf.Quad) bool { return q.S.IsBlank() && q.O == rdf.String("blank") }) {
		t.Error("blank node subject lost")
	}
}

func TestSitemapAndRobots(t *testing.T) {
	srv, st := newTestServer(t)
	addQuads(t, st, litQ(testBase+"id/chantiers/culture-des-donnees", schemaNS+"dateModified", rdf.Literal("2026-07-01", "http://www.w3.org/2001/XMLSchema#date")))
	type urlset struct {
		URLs []harvest.SitemapURL `xml:"url"`
	}
	r := get(t, srv, "/sitemap.xml", "")
	if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/xml") {
		t.Fatalf("%d %s", r.code, r.header.Get("Content-Type"))
	}
	var set urlset
	if err := xml.Unmarshal(r.body, &set); err != nil {
		t.Fatal(err)
	}
	locs := map[string]string{}
	for _, u := range set.URLs {
		locs[u.Loc] = u.LastMod
	}
	for _, want := range []string{testBase, testBase + "en/", testBase + "chantiers", testBase + "id/chantiers/codeveloppement", testBase + "en/id/chantiers/codeveloppement", testBase + "id/organisations/reseau-adn", testBase + "concept/theme/codeveloppement"} {
		if _, ok := locs[want]; !ok {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if got := locs[testBase+"id/chantiers/culture-des-donnees"]; got != "2026-07-01" {
		t.Errorf("lastmod %q, want the data's dateModified", got)
	}
	for loc := range locs {
		if r := get(t, srv, strings.TrimPrefix(loc, testBase[:len(testBase)-1]), "text/html"); r.code != 200 {
			t.Errorf("%s answers %d", loc, r.code)
		}
	}

	t.Run("index above the limit", func(t *testing.T) {
		old := harvest.MaxSitemapURLs
		harvest.MaxSitemapURLs = 100
		defer func() { harvest.MaxSitemapURLs = old }()
		r := get(t, srv, "/sitemap.xml", "")
		var idx struct {
			Sitemaps []harvest.SitemapURL `xml:"sitemap"`
		}
		if err := xml.Unmarshal(r.body, &idx); err != nil || len(idx.Sitemaps) != (len(locs)+99)/100 {
			t.Fatalf("index: %v, %d parts for %d URLs", err, len(idx.Sitemaps), len(locs))
		}
		total := 0
		for _, part := range idx.Sitemaps {
			p := get(t, srv, strings.TrimPrefix(part.Loc, testBase[:len(testBase)-1]), "")
			var set urlset
			if err := xml.Unmarshal(p.body, &set); err != nil || p.code != 200 {
				t.Fatalf("%s: %d %v", part.Loc, p.code, err)
			}
			total += len(set.URLs)
		}
		if total != len(locs) {
			t.Errorf("parts hold %d URLs, want %d", total, len(locs))
		}
		if r := get(t, srv, "/sitemaps/99.xml", ""); r.code != 404 {
			t.Errorf("missing part: %d", r.code)
		}
	})

	robots := get(t, srv, "/robots.txt", "")
	for _, want := range []string{"User-agent: *", "Allow: /\n", "Disallow: /sparql?", "Sitemap: " + testBase + "sitemap.xml"} {
		if !strings.Contains(string(robots.body), want) {
			t.Errorf("robots.txt lacks %q", want)
		}
	}
}
