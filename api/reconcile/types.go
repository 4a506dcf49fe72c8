package reconcile

import (
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/vocab"
)

// kindInfo names a kind as a reconciliation type.
type kindInfo struct {
	name  string // French name (the site's language)
	en    string
	class string // the class IRI, accepted as a type id too
}

var kinds = map[search.Kind]kindInfo{
	search.KindChantier:     {"Chantier", "Chantier", vocab.RadnChantier},
	search.KindLegacy:       {"Legs", "Legacy", vocab.RadnLegacy},
	search.KindOrganisation: {"Organisation", "Organisation", vocab.RadnHostOrganization},
	search.KindTheme:        {"Thème", "Theme", vocab.SKOSConcept},
	search.KindPerson:       {"Personne", "Person", vocab.SchemaPerson},
	search.KindObjective:    {"Objectif", "Objective", vocab.RadnObjective},
	search.KindDeliverable:  {"Livrable", "Deliverable", vocab.RadnDeliverable},
	search.KindNeed:         {"Besoin de soutien", "Support need", vocab.RadnSupportNeed},
	search.KindDefinition:   {"Définition", "Definition", vocab.SchemaCreativeWork},
}

// defaultKinds are the manifest's defaultTypes.
var defaultKinds = []search.Kind{search.KindChantier, search.KindLegacy, search.KindOrganisation, search.KindTheme, search.KindPerson}

func typeRef(k search.Kind) map[string]string {
	return map[string]string{"id": string(k), "name": kinds[k].name}
}

// kindOf resolves a type id: a kind code, its class IRI or the class's
// local name (Chantier, Legacy, HostOrganization…), case-insensitive.
func kindOf(id string) (search.Kind, bool) {
	if k, ok := search.ParseKind(strings.ToLower(id)); ok {
		return k, true
	}
	for k, info := range kinds {
		local := info.class[strings.LastIndexAny(info.class, "/#")+1:]
		if id == info.class || strings.EqualFold(id, local) || strings.EqualFold(id, info.en) || strings.EqualFold(search.Fold(id), search.Fold(info.name)) {
			return k, true
		}
	}
	return "", false
}

// property is a property of the schema space that queries may use and
// data extension may fetch.
type property struct {
	id, name, description string
	iri                   string
	kinds                 []search.Kind // the kinds that have it (nil: all)
}

var properties = []property{
	{"name", "nom", "Nom préféré", vocab.SchemaName, nil},
	{"alternateName", "autre nom", "Autres noms et sigles", vocab.SchemaAlternateName, nil},
	{"description", "description", "Définition ou description", vocab.SchemaDescription, nil},
	{"theme", "thème", "Thème (code, IRI ou libellé)", vocab.RadnTheme, []search.Kind{search.KindChantier, search.KindLegacy}},
	{"region", "région", "Région desservie (code, IRI ou libellé)", vocab.SchemaAreaServed, []search.Kind{search.KindOrganisation}},
	{"status", "statut", "Statut du chantier", vocab.RadnStatus, []search.Kind{search.KindChantier}},
	{"chantier", "chantier", "Le chantier d’un objectif, d’un livrable ou d’un besoin", vocab.SchemaNS + "isPartOf", []search.Kind{search.KindObjective, search.KindDeliverable, search.KindNeed}},
}

// propertyOf resolves a property id (its code, IRI, or local name).
func propertyOf(id string) (property, bool) {
	for _, p := range properties {
		local := p.iri[strings.LastIndexAny(p.iri, "/#")+1:]
		if id == p.id || id == p.iri || strings.EqualFold(id, local) || strings.EqualFold(search.Fold(id), search.Fold(p.name)) {
			return p, true
		}
	}
	return property{}, false
}

func (p property) appliesTo(k search.Kind) bool { return p.kinds == nil || slices.Contains(p.kinds, k) }
