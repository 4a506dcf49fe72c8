package vocab

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

// ClosureIRI returns the IRI of the closure event of the chantier slug:
// base + "id/changements/fermeture-" + slug.
func ClosureIRI(base, slug string) string { return ChangeIRI(base, "fermeture-"+slug) }
