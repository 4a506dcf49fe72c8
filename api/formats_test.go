package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// The Accept headers real clients send on their first request.
const (
	acceptRDFLib   = "application/rdf+xml,text/rdf+n3;q=0.9,application/xhtml+xml;q=0.5,*/*;q=0.1"
	acceptJena     = "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.3"
	acceptComunica = "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,application/n-triples;q=0.8,text/turtle;q=0.6,application/rdf+xml;q=0.5,text/n3;q=0.35,application/xml;q=0.3,image/svg+xml;q=0.3,text/xml;q=0.3,text/html;q=0.2,application/xhtml+xml;q=0.18,application/json;q=0.135,text/shaclc;q=0.1,text/shaclc-ext;q=0.05"
	acceptBrowser  = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
)

// TestRDFClientsGetRDF: a client whose Accept names an RDF format gets RDF
// from every door, whatever XHTML's q-value; N3 is answered with Turtle.
func TestRDFClientsGetRDF(t *testing.T) {
	srv, _ := newTestServer(t)
	doors := []string{chantierPath, "/.well-known/void", "/chantiers", "/concept/type-chantier/expertise"}
	tests := []struct {
		name, accept, want string
	}{
		{"rdflib", acceptRDFLib, "application/rdf+xml"},
		{"rdflib without RDF/XML", "text/rdf+n3;q=0.9,application/xhtml+xml;q=0.5,*/*;q=0.1", "text/turtle"},
		{"text/n3", "text/n3", "text/turtle"},
		{"Jena", acceptJena, "text/turtle"},
		{"Comunica", acceptComunica, "application/n-quads"},
		{"browser", acceptBrowser, "text/html"},
		{"XHTML alone is a browser", "application/xhtml+xml", "text/html"},
	}
	for _, door := range doors {
		for _, tt := range tests {
			t.Run(door+"/"+tt.name, func(t *testing.T) {
				r := get(t, srv, door, tt.accept)
				if r.code != 200 {
					t.Fatalf("status %d: %s", r.code, r.body)
				}
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, tt.want) {
					t.Fatalf("Content-Type %q, want %s", ct, tt.want)
				}
				f, err := rdfio.ParseFormat(tt.want)
				if err != nil {
					return // HTML
				}
				if got := decodeAll(t, f, r.body, testBase+strings.TrimPrefix(door, "/"), vocab.Contexts(testBase)); len(got) == 0 {
					t.Errorf("no triples in %s", r.body)
				}
			})
		}
	}
}

// TestDocumentFormatsSameGraph: every RDF format of a resource document
// carries the same triples as its Turtle, all in the default graph (Comunica
// queries the default graph of the N-Quads it asks for first).
func TestDocumentFormatsSameGraph(t *testing.T) {
	srv, st := newTestServer(t)
	snap := st.Snapshot()
	defer snap.Close()
	subjects := map[string]bool{}
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if q.S.IsIRI() && strings.HasPrefix(q.S.Value, testBase) && !strings.Contains(q.S.Value, "#") {
			subjects[q.S.Value] = true
		}
	}
	for iri := range subjects {
		path := strings.TrimPrefix(iri, testBase[:len(testBase)-1])
		ttl := get(t, srv, path, "text/turtle")
		want := decodeAll(t, rdfio.Turtle, ttl.body, iri, nil)
		for _, f := range rdfDocFormats {
			if f.rdf == rdfio.FormatUnknown || f.rdf == rdfio.Turtle {
				continue
			}
			r := get(t, srv, path, f.mediaType)
			if r.code != 200 {
				t.Errorf("%s as %s: status %d", path, f.name, r.code)
				continue
			}
			got := decodeAll(t, f.rdf, r.body, iri, vocab.Contexts(testBase))
			for _, q := range got {
				if !q.G.IsZero() {
					t.Errorf("%s as %s: quad in graph %s, want the default graph: %s", path, f.name, q.G, q)
					break
				}
			}
			if !rdf.Isomorphic(got, want) {
				t.Errorf("%s as %s: %d triples, Turtle has %d, not the same graph", path, f.name, len(got), len(want))
			}
		}
	}
}

// TestSPARQLFormatParam: format= picks a format when it names one the query
// form offers (aliases included), and falls back to Accept when unknown or
// repeated, as SPARQLWrapper sends it.
func TestSPARQLFormatParam(t *testing.T) {
	srv, _ := newTestServer(t)
	sel := "query=" + url.QueryEscape(`SELECT ?c WHERE { ?c a <https://w3id.org/radn/vocab#Chantier> }`)
	con := "query=" + url.QueryEscape(`CONSTRUCT WHERE { ?c a <https://w3id.org/radn/vocab#Chantier> }`)
	tests := []struct {
		name, query, accept, want string
	}{
		{"json", sel + "&format=json", "", "application/sparql-results+json"},
		{"xml", sel + "&format=xml", "", "application/sparql-results+xml"},
		{"csv", sel + "&format=csv", "", "text/csv"},
		{"tsv", sel + "&format=tsv", "", "text/tab-separated-values"},
		{"media type", sel + "&format=" + url.QueryEscape("application/sparql-results+json"), "", "application/sparql-results+json"},
		{"unknown falls back to Accept", sel + "&format=bogus", "text/csv", "text/csv"},
		{"SELECT with a graph format falls back", sel + "&format=turtle", "application/sparql-results+xml", "application/sparql-results+xml"},
		{"repeated falls back to Accept", sel + "&format=json-ld&format=" + url.QueryEscape("application/ld+json,application/x-json+ld"), "text/tab-separated-values", "text/tab-separated-values"},
		{"SPARQLWrapper SELECT default", sel + "&format=xml&output=xml&results=xml", "application/sparql-results+xml", "application/sparql-results+xml"},
		{"CONSTRUCT turtle", con + "&format=turtle", "", "text/turtle"},
		{"CONSTRUCT n3", con + "&format=n3", "", "text/turtle"},
		{"CONSTRUCT json-ld", con + "&format=json-ld", "", "application/ld+json"},
		{"CONSTRUCT ntriples", con + "&format=ntriples", "", "application/n-triples"},
		{"CONSTRUCT rdfxml", con + "&format=rdfxml", "", "application/rdf+xml"},
		{"SPARQLWrapper CONSTRUCT default", con + "&format=xml&output=xml&results=xml", "application/rdf+xml", "application/rdf+xml"},
		{"CONSTRUCT repeated", con + "&format=json-ld&format=" + url.QueryEscape("application/ld+json,application/x-json+ld"), "application/ld+json", "application/ld+json"},
		{"CONSTRUCT rdflib Accept", con, acceptRDFLib, "application/rdf+xml"},
		{"service description, rdflib", "", acceptRDFLib, "application/rdf+xml"},
		{"service description, n3", "", "text/rdf+n3", "text/turtle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, "/sparql?"+tt.query, tt.accept)
			if r.code != 200 {
				t.Fatalf("status %d: %s", r.code, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, tt.want) {
				t.Fatalf("Content-Type %q, want %s", ct, tt.want)
			}
			if f, err := rdfio.ParseFormat(tt.want); err == nil {
				if got := decodeAll(t, f, r.body, testBase, nil); len(got) == 0 {
					t.Errorf("no triples:\n%s", r.body)
				}
			}
		})
	}
}

// TestNotAcceptableNamesFormats: every door answers an Accept it cannot
// meet with one 406 naming its formats.
func TestNotAcceptableNamesFormats(t *testing.T) {
	srv, _ := newTestServer(t)
	sel := "/sparql?query=" + url.QueryEscape(`SELECT * WHERE { ?s ?p ?o } LIMIT 1`)
	con := "/sparql?query=" + url.QueryEscape(`CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1`)
	for _, tt := range []struct{ path, names string }{
		{chantierPath, "application/rdf+xml"},
		{"/chantiers", "application/rdf+xml"},
		{"/.well-known/void", "application/rdf+xml"},
		{"/ldes", "application/rdf+xml"},
		{sel, "application/sparql-results+json"},
		{con, "application/rdf+xml"},
		{"/sparql", "application/rdf+xml"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, srv, tt.path, "image/png")
			if r.code != 406 || !strings.Contains(string(r.body), tt.names) {
				t.Errorf("status %d, want 406 naming %s: %s", r.code, tt.names, r.body)
			}
		})
	}
}

// TestIfMatchAnyServedFormat: the ETag of any RDF format a GET served is a
// valid If-Match for a PUT of the same state.
func TestIfMatchAnyServedFormat(t *testing.T) {
	e := newWriteEnv(t)
	for _, f := range []docFormat{fmtRDFXML, fmtTriG, fmtNQuads} {
		t.Run(f.name, func(t *testing.T) {
			body := get(t, e.srv, chantierPath, "text/turtle").body
			g := get(t, e.srv, chantierPath, f.mediaType)
			r := e.send(http.MethodPut, chantierPath, e.coord, "text/turtle", string(body), "If-Match", g.header.Get("ETag"))
			if r.code != 200 {
				t.Fatalf("PUT with the ETag of %s: %d %s", f.name, r.code, r.body)
			}
		})
	}
}
