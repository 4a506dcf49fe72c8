package vocab

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ruche-lod/ruche/store/rdf"
)

func q(s, p string, o rdf.Term) rdf.Quad {
	return rdf.Quad{S: rdf.IRI(s), P: rdf.IRI(p), O: o, G: rdf.IRI("http://g/")}
}

func TestMaterialiseRules(t *testing.T) {
	const (
		c   = "http://x/c"
		k   = "http://x/k"
		m   = "http://x/m"
		p   = "http://x/p"
		n   = "http://x/n"
		e   = "http://x/e"
		d   = "http://x/d"
		sch = "http://x/scheme"
	)
	iri := rdf.IRI
	date := func(s string) rdf.Term { return rdf.Literal(s, XSDDate) }
	for _, tc := range []struct {
		name string
		in   []rdf.Quad
		want []rdf.Quad // the added quads, in any order
	}{
		{
			name: "chantier types",
			in:   []rdf.Quad{q(c, RDFType, iri(RadnChantier))},
			want: []rdf.Quad{
				q(c, RDFType, iri(SchemaOrganization)), q(c, RDFType, iri(SchemaProject)), q(c, RDFType, iri(OrgOrganization)),
			},
		},
		{
			name: "legacy types through deliverable",
			in:   []rdf.Quad{q(d, RDFType, iri(RadnLegacy))},
			want: []rdf.Quad{
				q(d, RDFType, iri(SchemaCreativeWork)), q(d, RDFType, iri(RadnDeliverable)), q(d, RDFType, iri(ProvEntity)),
			},
		},
		{
			name: "kind super-properties",
			in:   []rdf.Quad{q(c, RadnKind, iri(k))},
			want: []rdf.Quad{q(c, SchemaAdditionalType, iri(k)), q(c, OrgClassification, iri(k))},
		},
		{
			name: "initial definition is a description",
			in:   []rdf.Quad{q(c, RadnInitialDefinition, rdf.LangString("Déf.", "fr"))},
			want: []rdf.Quad{q(c, SchemaDescription, rdf.LangString("Déf.", "fr"))},
		},
		{
			name: "legacy is a deliverable, inverse creator",
			in:   []rdf.Quad{q(c, RadnHasLegacy, iri(d))},
			want: []rdf.Quad{
				q(c, DCTermsRelation, iri(d)), q(c, RadnDeliverableProp, iri(d)), q(d, SchemaCreator, iri(c)),
			},
		},
		{
			name: "sub-organisation both ways",
			in:   []rdf.Quad{q(c, OrgSubOrganizationOf, iri(n))},
			want: []rdf.Quad{q(c, SchemaParentOrganization, iri(n)), q(n, SchemaSubOrganization, iri(c))},
		},
		{
			name: "review inverse",
			in:   []rdf.Quad{q(e, SchemaItemReviewed, iri(c))},
			want: []rdf.Quad{q(c, SchemaReviewProp, iri(e))},
		},
		{
			name: "SKOS concept to DefinedTerm",
			in: []rdf.Quad{
				q(k, RDFType, iri(SKOSConcept)),
				q(k, SKOSTopConceptOf, iri(sch)),
				q(k, SKOSPrefLabel, rdf.LangString("expertise", "fr")),
				q(k, SKOSNotation, rdf.Literal("E", "http://x/dt")),
				q(sch, RDFType, iri(SKOSConceptScheme)),
			},
			want: []rdf.Quad{
				q(k, RDFType, iri(SchemaDefinedTerm)),
				q(k, SchemaInDefinedTermSet, iri(sch)),
				q(k, SKOSInScheme, iri(sch)),
				q(k, SchemaName, rdf.LangString("expertise", "fr")),
				q(k, SchemaTermCode, rdf.String("E")),
				q(sch, RDFType, iri(SchemaDefinedTermSet)),
			},
		},
		{
			name: "literal objects get no inverse",
			in:   []rdf.Quad{q(e, SchemaItemReviewed, rdf.String("x"))},
			want: nil,
		},
		{
			name: "membership",
			in: []rdf.Quad{
				q(m, RDFType, iri(OrgMembership)),
				q(m, OrgOrganizationProp, iri(c)),
				q(m, OrgMember, iri(p)),
				q(m, SchemaStartDate, date("2099-01-15")),
				q(m, SchemaEndDate, date("2099-06-30")),
			},
			want: []rdf.Quad{
				q(m, RDFType, iri(SchemaOrganizationRole)),
				q(c, SchemaMember, iri(m)),
				q(m, SchemaMember, iri(p)),
				q(m, OrgMemberDuring, iri(m+"#periode")),
				q(m+"#periode", RDFType, iri(TimeProperInterval)),
				q(m+"#periode", TimeHasBeginning, iri(m+"#debut")),
				q(m+"#debut", RDFType, iri(TimeInstant)),
				q(m+"#debut", TimeInXSDDate, date("2099-01-15")),
				q(m+"#periode", TimeHasEnd, iri(m+"#fin")),
				q(m+"#fin", RDFType, iri(TimeInstant)),
				q(m+"#fin", TimeInXSDDate, date("2099-06-30")),
			},
		},
		{
			name: "not a membership: no schema:member",
			in:   []rdf.Quad{q(m, OrgOrganizationProp, iri(c)), q(m, OrgMember, iri(p))},
			want: nil,
		},
		{
			name: "unknown terms untouched",
			in:   []rdf.Quad{q(c, RDFType, iri("http://x/Other")), q(c, "http://x/prop", iri(k))},
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Materialise(tc.in)
			if !slices.Equal(got[:len(tc.in)], tc.in) {
				t.Fatalf("the input is not kept first and unchanged")
			}
			byQuad := cmpopts.SortSlices(func(a, b rdf.Quad) bool { return rdf.CompareQuads(a, b) < 0 })
			if diff := cmp.Diff(tc.want, got[len(tc.in):], byQuad, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("added quads (-want +got):\n%s", diff)
			}
			again := Materialise(got)
			if len(again) != len(got) {
				t.Errorf("not a fixpoint: a second run added %v", again[len(got):])
			}
		})
	}
}

func TestMaterialiseKeepsGraph(t *testing.T) {
	in := []rdf.Quad{{S: rdf.IRI("http://x/c"), P: rdf.IRI(RDFType), O: rdf.IRI(RadnChantier), G: rdf.IRI("http://g/1")}}
	for _, qd := range Materialise(in) {
		if qd.G != rdf.IRI("http://g/1") {
			t.Errorf("%v is not in the graph of its source", qd)
		}
	}
}

func BenchmarkMaterialiseSeed(b *testing.B) {
	seed := mustSeed(b, testBase)
	b.ResetTimer()
	for b.Loop() {
		Materialise(seed)
	}
}

func TestNormaliseSchemaOrg(t *testing.T) {
	in := []rdf.Quad{
		{S: rdf.IRI("https://schema.org/x"), P: rdf.IRI("https://schema.org/name"), O: rdf.Literal("1", "https://schema.org/Number")},
		{S: rdf.IRI("http://x/c"), P: rdf.IRI(RDFType), O: rdf.IRI("https://schema.org/Project")},
		{S: rdf.IRI("http://x/c"), P: rdf.IRI(SchemaName), O: rdf.String("https://schema.org/ stays a string")},
	}
	orig := slices.Clone(in)
	got := NormaliseSchemaOrg(in)
	want := []rdf.Quad{
		{S: rdf.IRI("http://schema.org/x"), P: rdf.IRI(SchemaName), O: rdf.Literal("1", "http://schema.org/Number")},
		{S: rdf.IRI("http://x/c"), P: rdf.IRI(RDFType), O: rdf.IRI(SchemaProject)},
		in[2],
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !slices.Equal(in, orig) {
		t.Error("the input was modified")
	}
	if clean := in[2:]; &NormaliseSchemaOrg(clean)[0] != &clean[0] {
		t.Error("a clean input was copied")
	}
}
