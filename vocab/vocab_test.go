package vocab

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ruche-lod/ruche/store/rdf"
)

// radnTermsInFile returns the radn classes and properties declared in
// radn.ttl, sorted.
func radnTermsInFile(t *testing.T) (classes, props []string) {
	ix := indexOf(mustVocabulary(t))
	for s := range ix {
		if !s.IsIRI() || !strings.HasPrefix(s.Value, RadnNS) {
			continue
		}
		switch {
		case ix.has(s, RDFType, rdf.IRI(OWLClass)):
			classes = append(classes, s.Value)
		case ix.has(s, RDFType, rdf.IRI(RDFProperty)):
			props = append(props, s.Value)
		default:
			t.Errorf("%s is in the radn namespace but neither a class nor a property", s.Value)
		}
	}
	slices.Sort(classes)
	slices.Sort(props)
	return classes, props
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestVocabularyParses(t *testing.T) {
	qs := mustVocabulary(t)
	if len(qs) < 300 {
		t.Errorf("radn.ttl gave %d triples, want the whole vocabulary", len(qs))
	}
	for _, q := range qs {
		if !q.G.IsZero() {
			t.Fatalf("vocabulary quad in a named graph: %v", q)
		}
	}
	ix := indexOf(qs)
	if !ix.has(rdf.IRI(RadnOntology), RDFType, rdf.IRI(OWLOntology)) {
		t.Errorf("%s is not typed owl:Ontology", RadnOntology)
	}
	if string(VocabularyTurtle()) != string(radnTTL) {
		t.Error("VocabularyTurtle does not return radn.ttl")
	}
}

// TestTermsMatchFile: every radn term of radn.ttl has a Go constant and
// vice versa.
func TestTermsMatchFile(t *testing.T) {
	classes, props := radnTermsInFile(t)
	if diff := cmp.Diff(classes, sorted(RadnClasses)); diff != "" {
		t.Errorf("RadnClasses vs radn.ttl (-file +Go):\n%s", diff)
	}
	if diff := cmp.Diff(props, sorted(RadnProperties)); diff != "" {
		t.Errorf("RadnProperties vs radn.ttl (-file +Go):\n%s", diff)
	}
	// Every constant declared in terms.go as RadnNS + "…" is in the lists.
	src := readFile(t, "terms.go")
	re := regexp.MustCompile(`(?m)^\s*(Radn\w+)\s*=\s*RadnNS \+ "(\w+)"`)
	var declared []string
	for _, m := range re.FindAllStringSubmatch(src, -1) {
		declared = append(declared, RadnNS+m[2])
	}
	slices.Sort(declared)
	all := sorted(append(slices.Clone(RadnClasses), RadnProperties...))
	if diff := cmp.Diff(all, declared); diff != "" {
		t.Errorf("constants in terms.go vs RadnClasses+RadnProperties (-lists +terms.go):\n%s", diff)
	}
	if len(declared) != len(classes)+len(props) {
		t.Errorf("terms.go declares %d radn constants, radn.ttl has %d terms", len(declared), len(classes)+len(props))
	}
}

// TestEveryTermDocumented: labels and comments in French and English, a
// direct super-term in a standard vocabulary, rdfs:isDefinedBy.
func TestEveryTermDocumented(t *testing.T) {
	ix := indexOf(mustVocabulary(t))
	standard := []string{SchemaNS, OrgNS, ProvNS, DCTermsNS, SKOSNS, ADMSNS}
	// The reach counts have no standard super-property: dcterms:extent is
	// the participant count alone, so that a chantier has one extent.
	noSuper := map[string]bool{RadnRegionCount: true, RadnSectorCount: true}
	for _, term := range append(slices.Clone(RadnClasses), RadnProperties...) {
		t.Run(strings.TrimPrefix(term, RadnNS), func(t *testing.T) {
			s := rdf.IRI(term)
			for _, p := range []string{RDFSLabel, RDFSComment} {
				for _, lang := range []string{"fr", "en"} {
					if ix.langValue(s, p, lang) == "" {
						t.Errorf("no %s@%s", p, lang)
					}
				}
			}
			super := RDFSSubClassOf
			if slices.Contains(RadnProperties, term) {
				super = RDFSSubPropertyOf
			}
			var std bool
			for _, o := range ix[s][super] {
				for _, ns := range standard {
					std = std || strings.HasPrefix(o.Value, ns)
				}
			}
			if !std && !noSuper[term] {
				t.Errorf("no direct %s to schema.org, ORG, PROV, DCTERMS, SKOS or ADMS: %v", super, ix[s][super])
			}
			if !ix.has(s, RDFSIsDefinedBy, rdf.IRI(RadnOntology)) {
				t.Error("no rdfs:isDefinedBy")
			}
		})
	}
}

// TestMaterialisationTablesMatchFile: the direct super-class and
// super-property tables of materialise.go are exactly radn.ttl's.
func TestMaterialisationTablesMatchFile(t *testing.T) {
	ix := indexOf(mustVocabulary(t))
	for _, tc := range []struct {
		name  string
		pred  string
		terms []string
		table map[string][]string
	}{
		{"classes", RDFSSubClassOf, RadnClasses, radnSuperClasses},
		{"properties", RDFSSubPropertyOf, RadnProperties, radnSuperProperties},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fromFile := map[string][]string{}
			for _, term := range tc.terms {
				for _, o := range ix[rdf.IRI(term)][tc.pred] {
					fromFile[term] = append(fromFile[term], o.Value)
				}
				slices.Sort(fromFile[term])
			}
			table := map[string][]string{}
			for k, v := range tc.table {
				table[k] = sorted(v)
			}
			if diff := cmp.Diff(fromFile, table); diff != "" {
				t.Errorf("radn.ttl vs materialise.go (-file +Go):\n%s", diff)
			}
		})
	}
}

func TestSuperTermsClosure(t *testing.T) {
	for _, tc := range []struct {
		term string
		got  func(string) []string
		want []string
	}{
		{RadnChantier, SuperClasses, []string{SchemaOrganization, SchemaProject, OrgOrganization}},
		{RadnLegacy, SuperClasses, []string{SchemaCreativeWork, RadnDeliverable, ProvEntity}},
		{RadnContinuityEvaluation, SuperClasses, []string{SchemaCreativeWork, SchemaReview, ProvEntity}},
		{RadnChantierKind, SuperClasses, []string{SchemaDefinedTerm, SKOSConcept}},
		{RadnChantierOpening, SuperClasses, []string{OrgChangeEvent, ProvActivity}},
		{OrgRole, SuperClasses, []string{SchemaDefinedTerm, SKOSConcept}},
		{RadnHasLegacy, SuperProperties, []string{DCTermsRelation, RadnDeliverableProp}},
		{RadnKind, SuperProperties, []string{SchemaAdditionalType, OrgClassification}},
		{SKOSTopConceptOf, SuperProperties, []string{SchemaInDefinedTermSet, SKOSInScheme}},
		{SchemaName, SuperProperties, nil},
	} {
		t.Run(tc.term, func(t *testing.T) {
			if diff := cmp.Diff(sorted(tc.want), tc.got(tc.term)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestConstantsCoverFiles: every predicate and class used in the embedded
// Turtle files (outside the base) has a constant in terms.go.
func TestConstantsCoverFiles(t *testing.T) {
	namespaces := map[string]string{
		"RadnNS": RadnNS, "SchemaNS": SchemaNS, "OrgNS": OrgNS, "SKOSNS": SKOSNS, "ProvNS": ProvNS,
		"DCTermsNS": DCTermsNS, "TimeNS": TimeNS, "FOAFNS": FOAFNS, "ADMSNS": ADMSNS, "RDFNS": RDFNS,
		"RDFSNS": RDFSNS, "OWLNS": OWLNS, "XSDNS": XSDNS, "SHNS": SHNS, "VANNNS": VANNNS, "VoIDNS": VoIDNS, "DCATNS": DCATNS,
	}
	declared := map[string]bool{}
	re := regexp.MustCompile(`=\s*(\w+NS) \+ "(\w+)"`)
	for _, m := range re.FindAllStringSubmatch(readFile(t, "terms.go"), -1) {
		ns, ok := namespaces[m[1]]
		if !ok {
			t.Fatalf("terms.go uses namespace %s unknown to this test", m[1])
		}
		declared[ns+m[2]] = true
	}
	var used []rdf.Quad
	used = append(used, mustVocabulary(t)...)
	used = append(used, mustSeed(t, testBase)...)
	v, err := NewValidator(testBase)
	if err != nil || len(v.shapes) == 0 {
		t.Fatal(err)
	}
	shapes, err := Shapes(testBase)
	if err != nil {
		t.Fatal(err)
	}
	used = append(used, shapes...)
	missing := map[string]bool{}
	for _, q := range used {
		terms := []rdf.Term{q.P}
		if q.P.Value == RDFType || q.P.Value == SHTargetClass || q.P.Value == SHPath || q.P.Value == SHDatatype {
			terms = append(terms, q.O)
		}
		for _, term := range terms {
			if !term.IsIRI() || strings.HasPrefix(term.Value, testBase) || declared[term.Value] {
				continue
			}
			missing[term.Value] = true
		}
	}
	for iri := range missing {
		t.Errorf("no constant in terms.go for %s", iri)
	}
}

func TestVocabularyVersion(t *testing.T) {
	ix := indexOf(mustVocabulary(t))
	o := rdf.IRI(RadnOntology)
	if !ix.has(o, OWLVersionInfo, rdf.String(RadnVersion)) || !ix.has(o, OWLVersionIRI, rdf.IRI(RadnOntology+"/"+RadnVersion)) {
		t.Errorf("radn.ttl version is %v %v, RadnVersion %s", ix[o][OWLVersionInfo], ix[o][OWLVersionIRI], RadnVersion)
	}
}
