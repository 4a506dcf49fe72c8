package graphstore

import (
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

func TestReserved(t *testing.T) {
	c := &Core{Base: "http://ruche.test/"}
	for _, tt := range []struct {
		g                  string
		reserved, writable bool
	}{
		{"http://ruche.test/graph/public-cc0", true, true},
		{"http://ruche.test/graph/wiki-cc-by-nc-sa", true, false},
		{"http://ruche.test/id/chantiers/x", true, false},
		{"http://ruche.test/graph/atelier-2027-03", false, true},
		{"http://example.org/g", false, true},
	} {
		g := rdf.IRI(tt.g)
		if c.Reserved(g) != tt.reserved || c.writable(g) != tt.writable {
			t.Errorf("%s: reserved %v writable %v, want %v %v", tt.g, c.Reserved(g), c.writable(g), tt.reserved, tt.writable)
		}
	}
	if !c.Reserved(rdf.Term{}) || c.writable(rdf.Term{}) {
		t.Errorf("the store's own default graph must be reserved")
	}
}

func TestNegotiate(t *testing.T) {
	for accept, want := range map[string]rdfio.Format{
		"":                                       rdfio.Turtle,
		"application/n-triples":                  rdfio.NTriples,
		"text/turtle;q=0.5, application/ld+json": rdfio.JSONLD,
		"image/png":                              rdfio.Turtle,
		"application/rdf+xml;q=0, text/turtle":   rdfio.Turtle,
	} {
		if got := negotiate(accept); got != want {
			t.Errorf("negotiate(%q) = %v, want %v", accept, got, want)
		}
	}
}
