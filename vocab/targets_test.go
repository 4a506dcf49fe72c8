package vocab

import (
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// TestTargets pins the SHACL targets other than sh:targetClass and class
// membership through rdfs:subClassOf in the data graph, without the W3C
// suite: each shape requires ex:name, and the focus nodes missing it are
// exactly the ones its target selects.
func TestTargets(t *testing.T) {
	const shapes = `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://ex/> .
ex:ByNode a sh:NodeShape ; sh:targetNode ex:n1 ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:BySubjects a sh:NodeShape ; sh:targetSubjectsOf ex:knows ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:ByObjects a sh:NodeShape ; sh:targetObjectsOf ex:knows ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Animal a sh:NodeShape, rdfs:Class ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ] .
`
	const data = `@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://ex/> .
ex:n1 ex:other 1 .
ex:a ex:knows ex:b .
ex:Dog rdfs:subClassOf ex:Mammal . ex:Mammal rdfs:subClassOf ex:Animal .
ex:rex a ex:Dog .
ex:named a ex:Dog ; ex:name "x" .
`
	sq, err := parseTurtle("shapes.ttl", []byte(shapes), "http://ex/", rdf.Term{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := newValidatorFromQuads(sq)
	if err != nil {
		t.Fatal(err)
	}
	dq, err := parseTurtle("data.ttl", []byte(data), "http://ex/", rdf.Term{})
	if err != nil {
		t.Fatal(err)
	}
	var focus []string
	for _, vi := range v.Validate(dq) {
		if vi.Constraint != MinCountComponent {
			t.Errorf("unexpected violation %v", vi)
			continue
		}
		focus = append(focus, vi.FocusNode.Value)
	}
	slices.Sort(focus)
	// One violation per focus node: each is selected by exactly one target.
	want := []string{"http://ex/a", "http://ex/b", "http://ex/n1", "http://ex/rex"}
	if !slices.Equal(focus, want) {
		t.Errorf("focus nodes with violations = %v, want %v", focus, want)
	}
}
