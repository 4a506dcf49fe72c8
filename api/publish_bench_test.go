package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// benchServer is the seeded server plus n generated chantiers.
func benchServer(b *testing.B, n int) (*Server, *store.Store) {
	b.Helper()
	srv, st := newTestServer(b)
	g := rdf.IRI(testBase + "graph/public-cc0")
	for from := 0; from < n; from += 200 {
		err := st.Update(context.Background(), func(tx *store.Txn) error {
			for i := from; i < min(n, from+200); i++ {
				iri := rdf.IRI(testBase + "id/chantiers/gen-" + itoa(i))
				for _, q := range []rdf.Quad{
					{S: iri, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.RadnChantier), G: g},
					{S: iri, P: rdf.IRI(schemaNS + "name"), O: rdf.LangString("Chantier généré "+itoa(i), "fr"), G: g},
					{S: iri, P: rdf.IRI(vocab.RadnKind), O: rdf.IRI(testBase + "concept/type-chantier/expertise"), G: g},
					{S: iri, P: rdf.IRI(vocab.RadnTheme), O: rdf.IRI(testBase + "concept/theme/codeveloppement"), G: g},
					{S: iri, P: rdf.IRI(vocab.RadnInitialDefinition), O: rdf.LangString("Une définition assez longue pour peser dans le document.", "fr"), G: g},
				} {
					if err := tx.Add(q); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return srv, st
}

func serve(b *testing.B, srv *Server, target, accept string) int {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Accept", accept)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%s: %d %s", target, rec.Code, rec.Body.Bytes())
	}
	return rec.Body.Len()
}

// BenchmarkDumpNQuads streams the gzipped N-Quads dump of stores with 500
// and 4,000 extra chantiers (about 4,000 and 21,500 quads): allocations per
// dump do not grow with the store.
func BenchmarkDumpNQuads(b *testing.B) {
	for _, n := range []int{500, 4000} {
		b.Run(itoa(n), func(b *testing.B) {
			srv, _ := benchServer(b, n)
			b.ReportAllocs()
			for b.Loop() {
				b.SetBytes(int64(serve(b, srv, "/dumps/latest.nq.gz", "")))
			}
		})
	}
}

// BenchmarkDumpJSONLD streams the JSON-LD dump of the same stores.
func BenchmarkDumpJSONLD(b *testing.B) {
	for _, n := range []int{500, 4000} {
		b.Run(itoa(n), func(b *testing.B) {
			srv, _ := benchServer(b, n)
			b.ReportAllocs()
			for b.Loop() {
				b.SetBytes(int64(serve(b, srv, "/dumps/latest.jsonld", "")))
			}
		})
	}
}

// BenchmarkCollectionPage renders one filtered page of 2,000 chantiers:
// from the cache, and without it (each iteration clears the cache).
func BenchmarkCollectionPage(b *testing.B) {
	srv, _ := benchServer(b, 2000)
	const target = "/chantiers?kind=expertise&page=3&size=50"
	b.Run("cached", func(b *testing.B) {
		serve(b, srv, target, "text/turtle")
		b.ReportAllocs()
		for b.Loop() {
			serve(b, srv, target, "text/turtle")
		}
	})
	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			srv.docs.lru.Purge()
			serve(b, srv, target, "text/turtle")
		}
	})
}

// BenchmarkLDESPage renders the first page of the event stream (100
// versions) without the cache.
func BenchmarkLDESPage(b *testing.B) {
	srv, st := benchServer(b, 200)
	var ids []string
	for i := range 200 {
		ids = append(ids, testBase+"id/chantiers/gen-"+itoa(i))
	}
	if err := st.Update(context.Background(), func(tx *store.Txn) error { return srv.recordVersions(context.Background(), tx, ids...) }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		srv.docs.lru.Purge()
		serve(b, srv, "/ldes/pages/1", "application/n-quads")
	}
}
