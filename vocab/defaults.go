package vocab

import (
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Slugs of the two organisations of the seed.
const (
	NetworkSlug      = "reseau-adn"
	CoordinationSlug = "equipe-coordination"
)

// NetworkIRI returns the IRI of the Réseau ADN under base.
func NetworkIRI(base string) string { return OrganisationIRI(base, NetworkSlug) }

// CoordinationIRI returns the IRI of the network's coordination team.
func CoordinationIRI(base string) string { return OrganisationIRI(base, CoordinationSlug) }

// OpeningIRI returns the IRI of the opening event of the chantier slug:
// base + "id/changements/ouverture-" + slug.
func OpeningIRI(base, slug string) string { return ChangeIRI(base, "ouverture-"+slug) }

// ChantierDefaults returns what the server adds to a chantier written by a
// client (which needs to send only its type and a French name), for the
// chantier IRI under base, given the quads written and the time of writing:
//
//   - org:subOrganizationOf the network, unless the chantier has a parent;
//   - radn:status active, unless it has a status;
//   - schema:foundingDate (the date of now, UTC), unless it has one;
//   - an opening event (OpeningIRI) typed radn:ChantierOpening with
//     org:resultingOrganization the chantier and prov:endedAtTime now, and
//     org:resultedFrom from the chantier to it, unless the chantier already
//     has an org:resultedFrom.
//
// The quads are in the default graph (the caller puts them in the
// document's graph) and are not materialised.
func ChantierDefaults(base string, chantier rdf.Term, quads []rdf.Quad, now time.Time) []rdf.Quad {
	has := map[string]bool{}
	for _, q := range quads {
		if q.S == chantier {
			has[q.P.Value] = true
		}
	}
	var out []rdf.Quad
	add := func(s rdf.Term, p string, o rdf.Term) { out = append(out, rdf.Quad{S: s, P: rdf.IRI(p), O: o}) }
	if !has[OrgSubOrganizationOf] && !has[SchemaParentOrganization] {
		add(chantier, OrgSubOrganizationOf, rdf.IRI(NetworkIRI(base)))
	}
	if !has[RadnStatus] {
		add(chantier, RadnStatus, rdf.IRI(ConceptIRI(base, SchemeStatus, "actif")))
	}
	now = now.UTC()
	if !has[SchemaFoundingDate] {
		add(chantier, SchemaFoundingDate, rdf.Literal(now.Format(time.DateOnly), XSDDate))
	}
	if !has[OrgResultedFrom] {
		slug := strings.TrimPrefix(chantier.Value, base+PathChantiers)
		opening := rdf.IRI(OpeningIRI(base, slug))
		add(opening, RDFType, rdf.IRI(RadnChantierOpening))
		add(opening, OrgResultingOrganization, chantier)
		add(opening, ProvEndedAtTime, rdf.Literal(now.Format(time.RFC3339), XSDDateTime))
		add(chantier, OrgResultedFrom, opening)
	}
	return out
}
