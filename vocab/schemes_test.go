package vocab

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ruche-lod/ruche/store/rdf"
)

// conceptsOf returns the codes of the concepts of a scheme, sorted.
func conceptsOf(ix index, base, scheme string) []string {
	var out []string
	s := rdf.IRI(SchemeIRI(base, scheme))
	for n := range ix {
		if ix.has(n, SKOSInScheme, s) {
			out = append(out, strings.TrimPrefix(n.Value, SchemeIRI(base, scheme)+"/"))
		}
	}
	slices.Sort(out)
	return out
}

func TestSchemesAreDefinedTermSets(t *testing.T) {
	ix := indexOf(mustSeed(t, testBase))
	for _, scheme := range Schemes {
		t.Run(scheme, func(t *testing.T) {
			s := rdf.IRI(SchemeIRI(testBase, scheme))
			for _, c := range []string{SKOSConceptScheme, SchemaDefinedTermSet} {
				if !ix.has(s, RDFType, rdf.IRI(c)) {
					t.Errorf("scheme not typed %s", c)
				}
			}
			if ix.langValue(s, SchemaName, "fr") == "" || ix.langValue(s, SchemaName, "en") == "" {
				t.Error("scheme without a French and an English schema:name")
			}
			codes := conceptsOf(ix, testBase, scheme)
			if len(codes) == 0 {
				t.Fatal("no concepts")
			}
			for _, code := range codes {
				c := rdf.IRI(ConceptIRI(testBase, scheme, code))
				for _, class := range []string{SKOSConcept, SchemaDefinedTerm} {
					if !ix.has(c, RDFType, rdf.IRI(class)) {
						t.Errorf("%s not typed %s", code, class)
					}
				}
				if !ix.has(c, SchemaInDefinedTermSet, s) {
					t.Errorf("%s: no schema:inDefinedTermSet", code)
				}
				if ix.langValue(c, SchemaName, "fr") == "" {
					t.Errorf("%s: no schema:name@fr", code)
				}
				if len(ix[c][SchemaTermCode]) != 1 || ix[c][SchemaTermCode][0].Datatype != XSDString {
					t.Errorf("%s: schema:termCode = %v", code, ix[c][SchemaTermCode])
				}
			}
		})
	}
}

func TestSchemeContents(t *testing.T) {
	ix := indexOf(mustSeed(t, testBase))
	for _, tc := range []struct {
		scheme string
		codes  []string
	}{
		{SchemeChantierKind, []string{"collaboration", "expertise", "mutualisation"}},
		{SchemeDecision, []string{"fermer", "poursuivre", "reorienter"}},
		{SchemeNeedType, []string{"experts", "financement", "ressources", "technique"}},
		{SchemeSMART, []string{"atteignable", "mesurable", "realiste", "specifique", "temporellement-defini"}},
		{SchemeRole, []string{"animation", "participant", "personne-ressource"}},
		{SchemeGuidelines, []string{"b1", "b2", "b3", "b4", "b5", "b6", "o1", "o2", "o3", "o4"}},
		{SchemeGrid, []string{"1", "1.1", "1.2", "1.3", "1.4", "1.5", "2", "2.1", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "4", "4.1", "4.2", "4.3"}},
	} {
		t.Run(tc.scheme, func(t *testing.T) {
			if diff := cmp.Diff(tc.codes, conceptsOf(ix, testBase, tc.scheme)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, code := range []string{"collaboration", "mutualisation", "expertise"} {
		if !ix.has(rdf.IRI(ConceptIRI(testBase, SchemeChantierKind, code)), RDFType, rdf.IRI(RadnChantierKind)) {
			t.Errorf("kind %s not typed radn:ChantierKind", code)
		}
	}
	if n := len(conceptsOf(ix, testBase, SchemeRegion)); n != 17 {
		t.Errorf("%d regions, want the 17 administrative regions", n)
	}
}

// TestGridAndGuidelinesVerbatim reads the criteria, indicators and
// guidelines from the wiki text and finds them, byte for byte, in the
// wiki graph.
func TestGridAndGuidelinesVerbatim(t *testing.T) {
	src := readWikiSource(t)
	seed := mustSeed(t, testBase)
	wiki := graphIndex(seed, GraphIRI(testBase, GraphWiki))
	all := indexOf(seed)
	for i, label := range src.criteria {
		crit := rdf.IRI(ConceptIRI(testBase, SchemeGrid, string(rune('1'+i))))
		if got := wiki.langValue(crit, SKOSPrefLabel, "fr"); got != label {
			t.Errorf("criterion %d = %q, want %q", i+1, got, label)
		}
		if !all.has(crit, SKOSTopConceptOf, rdf.IRI(SchemeIRI(testBase, SchemeGrid))) {
			t.Errorf("criterion %d is not a top concept", i+1)
		}
		if len(all[crit][SKOSNarrower]) != len(src.indicators[i]) {
			t.Errorf("criterion %d has %d indicators, the wiki %d", i+1, len(all[crit][SKOSNarrower]), len(src.indicators[i]))
		}
		for j, ind := range src.indicators[i] {
			code := string(rune('1'+i)) + "." + string(rune('1'+j))
			c := rdf.IRI(ConceptIRI(testBase, SchemeGrid, code))
			if got := wiki.langValue(c, SKOSPrefLabel, "fr"); got != ind {
				t.Errorf("indicator %s = %q, want %q", code, got, ind)
			}
			if !all.has(c, SKOSBroader, crit) {
				t.Errorf("indicator %s not narrower than criterion %d", code, i+1)
			}
		}
	}
	codes := []string{"b1", "b2", "b3", "b4", "b5", "b6", "o1", "o2", "o3", "o4"}
	for i, def := range src.balises {
		c := rdf.IRI(ConceptIRI(testBase, SchemeGuidelines, codes[i]))
		if got := wiki.langValue(c, SKOSDefinition, "fr"); got != def {
			t.Errorf("guideline %s =\n%q\nwant\n%q", codes[i], got, def)
		}
	}
}
