package vocab

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// TestShapesNestingBound: shapes that refer to shapes deeper than
// maxShapeNesting fail to compile (the validator recurses along them),
// and shallower ones compile.
func TestShapesNestingBound(t *testing.T) {
	const head = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .\n"
	nest := func(n int) string {
		return "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property " +
			strings.Repeat("[ sh:path ex:p ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShape ", n) +
			"[ sh:path ex:p ]" + strings.Repeat(" ]", n) + " ."
	}
	for _, tc := range []struct {
		n  int
		ok bool
	}{{maxShapeNesting / 2, true}, {maxShapeNesting, false}, {400, false}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			qs, err := parseTurtle("nest", []byte(head+nest(tc.n)), "http://ex/", rdf.Term{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = newValidatorFromQuads(qs)
			if (err == nil) != tc.ok {
				t.Errorf("compile error %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// TestValidateLongSubClassChain validates 20,000 members whose class is
// at the end of a 20,000-long rdfs:subClassOf chain written in the data:
// the chain is walked once, not once per member (the test timeout bounds
// the work).
func TestValidateLongSubClassChain(t *testing.T) {
	const n = 20_000
	var qs []rdf.Quad
	class := func(i int) rdf.Term { return rdf.IRI(fmt.Sprintf("http://ex/C%d", i)) }
	for i := range n {
		qs = append(qs, rdf.Quad{S: class(i), P: rdf.IRI(RDFSSubClassOf), O: class(i + 1)})
		qs = append(qs, rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex/m%d", i)), P: rdf.IRI(RDFType), O: class(0)})
	}
	qs = append(qs, rdf.Quad{S: class(n), P: rdf.IRI(RDFSSubClassOf), O: rdf.IRI(RadnChantier)})
	vs, err := Validate(DefaultBase, qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) < n {
		t.Errorf("%d violations, want at least one per member (%d): they lack a chantier's required properties", len(vs), n)
	}
}
