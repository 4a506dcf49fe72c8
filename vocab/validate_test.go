package vocab

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ruche-lod/ruche/store/rdf"
)

var testPrefixes = map[string]string{
	"schema:": SchemaNS, "radn:": RadnNS, "org:": OrgNS, "prov:": ProvNS,
}

// brief renders a violation as "focus path component", the format of the
// testdata/shapes/*.violations files: focus relative to DefaultBase ("_:" for
// a blank node), path as a prefixed name ("-" for none), component without
// the SHACL namespace.
func brief(v Violation) string {
	focus := strings.TrimPrefix(v.FocusNode.Value, DefaultBase)
	if v.FocusNode.IsBlank() {
		focus = "_:"
	}
	path := "-"
	if !v.Path.IsZero() {
		path = v.Path.Value
		for p, ns := range testPrefixes {
			if rest, ok := strings.CutPrefix(path, ns); ok {
				path = p + rest
			}
		}
	}
	return focus + " " + path + " " + strings.TrimPrefix(v.Constraint, SHNS)
}

// TestShapes validates every testdata/shapes/*.ttl file and compares the
// violations with the .violations file next to it (none when absent).
func TestShapes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "shapes", "*.ttl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	var ok, failing int
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			var want []string
			if b, err := os.ReadFile(strings.TrimSuffix(file, ".ttl") + ".violations"); err == nil {
				want = strings.Split(strings.TrimSpace(string(b)), "\n")
				failing++
			} else {
				ok++
			}
			vs, err := ValidateFile(file, "")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range vs {
				got = append(got, brief(v))
				if v.Message.FR == "" || v.Message.EN == "" || v.Shape.IsZero() {
					t.Errorf("%s: message or shape missing: %+v", brief(v), v)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
	// Each shape of shapes.ttl has at least one passing and one failing
	// file (checked only when no -run filter skipped some).
	if ok+failing == len(files) && (ok < 13 || failing < 13) {
		t.Errorf("%d passing and %d failing files, want at least one of each per shape", ok, failing)
	}
}

func TestEveryShapeTested(t *testing.T) {
	v, err := NewValidator(DefaultBase)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "shapes", "*.ttl"))
	var data []rdf.Quad
	for _, f := range files {
		qs, err := parseTurtle(f, []byte(readFile(t, f)), DefaultBase, rdf.Term{})
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, qs...)
	}
	g := newGraph(data)
	for _, sh := range v.shapes {
		for _, class := range sh.targets {
			if len(g.instances(class)) < 2 {
				t.Errorf("shape %s: fewer than two test resources of class %s", sh.id.Value, class)
			}
		}
	}
	if len(v.shapes) != 13 {
		t.Errorf("%d shapes compiled, want 13", len(v.shapes))
	}
}

func TestViolationMessages(t *testing.T) {
	vs, err := ValidateFile(filepath.Join("testdata", "shapes", "chantier-no-name.ttl"), "")
	if err != nil || len(vs) == 0 {
		t.Fatalf("%v %v", vs, err)
	}
	v := vs[0]
	if v.Message.FR != "Un chantier a un nom (schema:name) d’au plus 200 caractères, un seul par langue, en français ou en anglais." ||
		!strings.HasPrefix(v.Message.EN, "A chantier has a name") {
		t.Errorf("messages: %+v", v.Message)
	}
	if got := v.String(); !strings.Contains(got, "MinCountConstraintComponent") || !strings.Contains(got, "<http://schema.org/name>") {
		t.Errorf("String() = %q", got)
	}
}

// TestCompileRejects: a shapes file using SHACL the validator does not
// implement, or malformed, fails to compile instead of being ignored.
func TestCompileRejects(t *testing.T) {
	const head = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .\n"
	for name, src := range map[string]string{
		"unsupported":    `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:hasValue ex:v ] .`,
		"no path":        `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:minCount 1 ] .`,
		"bad count":      `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount "un" ] .`,
		"bad regexp":     `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern "(" ] .`,
		"bad list":       `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:in ex:notAList ] .`,
		"path sequence":  `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .`,
		"self reference": `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( ex:S ) .`,
		"bad node kind":  `ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind ex:Other .`,
	} {
		t.Run(name, func(t *testing.T) {
			qs, err := parseTurtle(name, []byte(head+src), "http://ex/", rdf.Term{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := newValidatorFromQuads(qs); err == nil {
				t.Error("compiled without error")
			}
		})
	}
}

func TestValidateErrors(t *testing.T) {
	if _, err := Validate("not a base", nil); err == nil {
		t.Error("Validate accepted a bad base")
	}
	if _, err := ValidateFile(filepath.Join("testdata", "missing.ttl"), ""); err == nil {
		t.Error("ValidateFile accepted a missing file")
	}
	if _, err := ValidateFile(filepath.Join("testdata", "shapes", "chantier-ok.violations-none.xyz"), ""); err == nil {
		t.Error("ValidateFile accepted an unknown extension")
	}
	vs, err := Validate(DefaultBase, nil)
	if err != nil || len(vs) != 0 {
		t.Errorf("empty data: %v, %v", vs, err)
	}
}

func BenchmarkValidateSeed(b *testing.B) {
	seed := mustSeed(b, DefaultBase)
	v, err := NewValidator(DefaultBase)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		v.Validate(seed)
	}
}

// TestShapesHoldAfterMaterialisation: the passing files still pass once
// materialised, as ruche stores them.
func TestShapesHoldAfterMaterialisation(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "shapes", "*-ok.ttl"))
	if len(files) == 0 {
		t.Fatal("no passing files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			qs, err := parseTurtle(f, []byte(readFile(t, f)), DefaultBase, rdf.Term{})
			if err != nil {
				t.Fatal(err)
			}
			vs, err := Validate(DefaultBase, Materialise(qs))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("after materialisation: %v", v)
			}
		})
	}
}

// TestValidateDeterministic: the same data gives the same violations in the
// same order, whatever the order of the quads.
func TestValidateDeterministic(t *testing.T) {
	f := filepath.Join("testdata", "shapes", "chantier-bad.ttl")
	qs, err := parseTurtle(f, []byte(readFile(t, f)), DefaultBase, rdf.Term{})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := Validate(DefaultBase, qs)
	reversed := slices.Clone(qs)
	slices.Reverse(reversed)
	for range 5 {
		again, _ := Validate(DefaultBase, qs)
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("second run differs:\n%s", diff)
		}
	}
	other, _ := Validate(DefaultBase, reversed)
	if diff := cmp.Diff(first, other); diff != "" {
		t.Errorf("quad order changes the violations:\n%s", diff)
	}
}

// FuzzValidate: no Turtle input makes materialisation or validation panic or
// hang. The seeds are small documents touching every shape.
func FuzzValidate(f *testing.F) {
	const p = "@prefix radn: <https://w3id.org/radn/vocab#> . @prefix schema: <http://schema.org/> . @prefix org: <http://www.w3.org/ns/org#> .\n"
	for _, s := range []string{
		`<id/chantiers/x> a radn:Chantier ; schema:name "X"@fr ; schema:foundingDate "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> .`,
		`<id/chantiers/X_> a radn:Chantier ; schema:name "X"@en, "Y"@en ; radn:participantCount -1 .`,
		`<o> a radn:SmartObjective ; radn:timeBound "2020-13" .`,
		`[] a org:Membership ; org:organization <c> ; org:member <p> ; schema:startDate "2099-01-02"^^<http://www.w3.org/2001/XMLSchema#date> ; schema:endDate "2099-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .`,
		`<e> a radn:ContinuityEvaluation ; radn:assessment <a>, [ a radn:CriterionAssessment ; radn:criterion <concept/grille-continuite/1> ] .`,
		`<p> a schema:Person ; schema:email "x" . <h> a radn:HostOrganization ; radn:sector <s> .`,
		`<l> a radn:Legacy ; schema:creator <c> . <n> a radn:SupportNeed ; radn:needType ( 1 2 ) .`,
	} {
		f.Add(p + s)
	}
	v, err := NewValidator(DefaultBase)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		qs, err := parseTurtle("fuzz.ttl", []byte(src), DefaultBase, rdf.Term{})
		if err != nil {
			return
		}
		m := Materialise(qs)
		if len(Materialise(m)) != len(m) {
			t.Fatal("materialisation is not a fixpoint")
		}
		for _, viol := range v.Validate(m) {
			if viol.Constraint == "" || viol.FocusNode.IsZero() {
				t.Fatalf("incomplete violation %+v", viol)
			}
		}
	})
}

func TestShapesDocument(t *testing.T) {
	qs, err := Shapes(testBase)
	if err != nil {
		t.Fatal(err)
	}
	ix := indexOf(qs)
	s := rdf.IRI(ShapesIRI(testBase) + "#ChantierShape")
	if !ix.has(s, RDFType, rdf.IRI(SHNodeShape)) || !ix.has(s, SHTargetClass, rdf.IRI(RadnChantier)) {
		t.Errorf("%s is not the chantier node shape", s)
	}
	if _, err := Shapes("relative/"); err == nil {
		t.Error("Shapes accepted a relative base")
	}
}
