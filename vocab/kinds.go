package vocab

// Mint is how the IRI of a new resource of a kind is chosen.
type Mint int

const (
	// MintSlug: a slug of the resource's name, made unique (chantiers,
	// legacies, organisations).
	MintSlug Mint = iota + 1
	// MintOpaque: a random opaque id (persons, memberships), so that the
	// IRI reveals nothing about the person.
	MintOpaque
	// MintCounter: the next number of a counter per parent collection,
	// never reused (objectives, deliverables, needs).
	MintCounter
	// MintDate: the resource's schema:dateCreated, one per parent and day
	// (continuity evaluations).
	MintDate
)

// Kind is one row of the table of writable resource kinds: the one place a
// kind is declared besides its class and shape in radn.ttl and shapes.ttl.
// The write API (collections under /id/, minting, storage space), the
// listed collections of the site and its navigation (api/collections.go)
// and the OpenAPI description (api/openapi: paths and request bodies)
// derive from it; api.TestKindsTable checks every row against the shapes,
// the OpenAPI description, the listed collections and the write routes. A
// kind declared outside this package (an extension, a test) brings its
// shape with AddShapes (api.TestAddAKind does).
type Kind struct {
	Name    string    // what an error message calls a resource of the kind
	Class   string    // its rdf:type (the shapes' sh:targetClass)
	Segment string    // collection path segment: /id/{Segment} or …/{parent}/{Segment}
	Parent  string    // Segment of the parent kind; "" for a top collection under /id/
	Title   [2]string // collection title, fr and en
	Mint    Mint      // how a new IRI is chosen
	Private bool      // kept in the private space and projected (persons, memberships)
	Consent bool      // has a consent sub-resource ({iri}/consentements)
	Filters []string  // collection filters that apply to its instances
	// ParentLink is the predicate from the parent to a counted child
	// (radn:objective, …), stated by the server on every write.
	ParentLink string
	// List is the site path of the paged list of the kind's instances
	// (/chantiers, also under /en/ and /fr/), "" when the site lists them
	// nowhere. A top kind's list takes POST like its collection under /id/.
	List string
	// ListClass, when set, is the class the list shows instead of Class,
	// and ListExclude a class whose instances it leaves out (the
	// organisations list shows every org:Organization but the chantiers).
	ListClass, ListExclude string
	// Nav is the place of the kind's list in the main navigation of the
	// pages (from 1, among the places of api's other entries); 0 keeps
	// it out of the navigation. The list's pages and the pages of the
	// kind's resources mark the entry as current.
	Nav int
}

// Kinds is the table of writable kinds, parents before children. The
// order is that of the alternatives of the generic write bodies in the
// OpenAPI description and of the listed collections.
var Kinds = []*Kind{
	{Name: "chantier", Class: RadnChantier, Segment: "chantiers", Title: [2]string{"Chantiers", "Chantiers"}, Mint: MintSlug, Filters: []string{"status", "kind", "theme"}, List: "/chantiers", Nav: 1},
	{Name: "objective", Class: RadnObjective, Segment: "objectifs", Parent: "chantiers", Title: [2]string{"Objectifs", "Objectives"}, Mint: MintCounter, Filters: []string{"status"}, ParentLink: RadnObjectiveProp, List: "/objectifs"},
	{Name: "deliverable", Class: RadnDeliverable, Segment: "livrables", Parent: "chantiers", Title: [2]string{"Livrables", "Deliverables"}, Mint: MintCounter, Filters: []string{"status"}, ParentLink: RadnDeliverableProp, List: "/livrables"},
	{Name: "support need", Class: RadnSupportNeed, Segment: "besoins", Parent: "chantiers", Title: [2]string{"Besoins de soutien", "Support needs"}, Mint: MintCounter, Filters: []string{"status"}, ParentLink: RadnSupportNeedProp, List: "/besoins"},
	{Name: "legacy", Class: RadnLegacy, Segment: "legs", Title: [2]string{"Legs", "Legacies"}, Mint: MintSlug, Filters: []string{"status"}, List: "/legs", Nav: 3},
	{Name: "host organisation", Class: RadnHostOrganization, Segment: "organisations", Title: [2]string{"Organisations", "Organisations"}, Mint: MintSlug, List: "/organisations", ListClass: OrgNS + "Organization", ListExclude: RadnChantier},
	{Name: "person", Class: SchemaPerson, Segment: "personnes", Title: [2]string{"Personnes", "Persons"}, Mint: MintOpaque, Private: true, Consent: true},
	{Name: "membership", Class: OrgMembership, Segment: "participations", Title: [2]string{"Participations", "Memberships"}, Mint: MintOpaque, Private: true},
	{Name: "evaluation", Class: RadnContinuityEvaluation, Segment: "evaluations", Parent: "chantiers", Title: [2]string{"Évaluations de continuité", "Continuity evaluations"}, Mint: MintDate},
}

// KindOf returns the row of the kind whose collection is segment under
// parent ("" for /id/), or nil.
func KindOf(parent, segment string) *Kind {
	for _, k := range Kinds {
		if k.Parent == parent && k.Segment == segment {
			return k
		}
	}
	return nil
}

// KindOfClass returns the row of the kind of class, or nil.
func KindOfClass(class string) *Kind {
	for _, k := range Kinds {
		if k.Class == class {
			return k
		}
	}
	return nil
}

// SlugIRI returns the IRI of the resource of a top kind named by slug (or
// opaque id): base + "id/" + Segment + "/" + slug.
func (k *Kind) SlugIRI(base, slug string) string {
	return base + "id/" + k.Segment + "/" + slug
}
