package vocab

import (
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestChantierDefaults(t *testing.T) {
	now := time.Date(2099, 3, 4, 5, 6, 7, 0, time.FixedZone("EST", -5*3600))
	c := rdf.IRI(ChantierIRI(testBase, "nouveau-chantier"))
	minimal := []rdf.Quad{
		{S: c, P: rdf.IRI(RDFType), O: rdf.IRI(RadnChantier)},
		{S: c, P: rdf.IRI(SchemaName), O: rdf.LangString("Nouveau chantier", "fr")},
	}
	t.Run("minimal", func(t *testing.T) {
		added := ChantierDefaults(testBase, c, minimal, now)
		all := append(append([]rdf.Quad(nil), minimal...), added...)
		ix := indexOf(all)
		opening := rdf.IRI(testBase + "id/changements/ouverture-nouveau-chantier")
		for _, want := range []struct {
			s rdf.Term
			p string
			o rdf.Term
		}{
			{c, OrgSubOrganizationOf, rdf.IRI(NetworkIRI(testBase))},
			{c, RadnStatus, rdf.IRI(testBase + "concept/statut/actif")},
			{c, SchemaFoundingDate, rdf.Literal("2099-03-04", XSDDate)},
			{c, OrgResultedFrom, opening},
			{opening, RDFType, rdf.IRI(RadnChantierOpening)},
			{opening, OrgResultingOrganization, c},
			{opening, ProvEndedAtTime, rdf.Literal("2099-03-04T10:06:07Z", XSDDateTime)},
		} {
			if !ix.has(want.s, want.p, want.o) {
				t.Errorf("missing %v %s %v", want.s, want.p, want.o)
			}
		}
		vs, err := Validate(testBase, Materialise(all))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			t.Errorf("violation: %v", v)
		}
	})
	t.Run("client values kept", func(t *testing.T) {
		given := append(append([]rdf.Quad(nil), minimal...),
			rdf.Quad{S: c, P: rdf.IRI(RadnStatus), O: rdf.IRI(testBase + "concept/statut/ferme")},
			rdf.Quad{S: c, P: rdf.IRI(SchemaParentOrganization), O: rdf.IRI(NetworkIRI(testBase))},
			rdf.Quad{S: c, P: rdf.IRI(SchemaFoundingDate), O: rdf.Literal("2019-05", XSDGYearMonth)},
			rdf.Quad{S: c, P: rdf.IRI(OrgResultedFrom), O: rdf.IRI(ChangeIRI(testBase, "x"))},
		)
		if added := ChantierDefaults(testBase, c, given, now); len(added) != 0 {
			t.Errorf("added %v to a complete chantier", added)
		}
	})
}
