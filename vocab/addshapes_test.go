package vocab

import (
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// TestAddShapes: shapes added after shapes.ttl validate with the others
// (a validator compiled before is dropped), and stop once removed.
func TestAddShapes(t *testing.T) {
	const class = "http://ruche.test/vocab#Essai"
	data := []rdf.Quad{{S: rdf.IRI(DefaultBase + "id/essais/x"), P: rdf.IRI(RDFType), O: rdf.IRI(class)}}
	check := func(want int) {
		t.Helper()
		vs, err := Validate(DefaultBase, data)
		if err != nil || len(vs) != want {
			t.Fatalf("violations %v (%v), want %d", vs, err, want)
		}
	}
	check(0) // compiles and caches a validator without the shape
	remove := AddShapes([]byte(`@prefix sh: <http://www.w3.org/ns/shacl#> .
<shapes#EssaiShape> a sh:NodeShape ; sh:targetClass <` + class + `> ;
    sh:property [ sh:path <http://schema.org/name> ; sh:minCount 1 ] .`))
	check(1)
	remove()
	check(0)
	if remove := AddShapes(nil); remove == nil {
		t.Fatal("AddShapes(nil) returned no remover")
	}
}
