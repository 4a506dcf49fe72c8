package openapi

import (
	"encoding/json"
	"strings"

	"github.com/ruche-lod/ruche/vocab"
)

// Request bodies of the write operations: a schema and an example for
// every media type a POST, PUT or PATCH accepts. The kinds come from
// vocab.Kinds; what a client may send is documented by hand for today's
// kinds (kindDocs: the examples of api/docs/writing.md, written for the
// server's base) and derived from the kind's SHACL shape for a kind that
// has no such documentation (shapes.go). TestOpenAPIRequestBodies checks
// that every write has them and that the examples are accepted.

// kindDoc is the hand-written documentation of a kind's write body.
type kindDoc struct {
	component string // components.schemas name; "" means {class local name}Body
	summary   string
	schema    map[string]any // properties, each with its description
	required  []string
	jsonld    string // with {B} for the base (no trailing slash)
	turtle    string
	ntriples  string // "" means one made of the required properties
}

func str(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }

func langMap(desc string) map[string]any {
	return map[string]any{
		"description": desc + " A language map ({\"fr\": …, \"en\": …}); a plain string is taken as French.",
		"oneOf": []any{
			map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
			map[string]any{"type": "string"},
		},
	}
}

func iriRef(desc string) map[string]any {
	return map[string]any{"type": "string", "format": "iri", "description": desc}
}

func iris(desc string) map[string]any {
	return map[string]any{"description": desc, "oneOf": []any{iriRef(""), map[string]any{"type": "array", "items": iriRef("")}}}
}

func date(desc string) map[string]any {
	return map[string]any{"type": "string", "description": desc + " (xsd:date, YYYY-MM-DD)", "pattern": `^\d{4}-\d{2}-\d{2}$`}
}

// kindDocs document the write bodies of the kinds, by class.
var kindDocs = map[string]kindDoc{
	vocab.RadnChantier: {
		summary: "A chantier (POST /chantiers or /id/chantiers; PUT on /id/chantiers/{slug})",
		schema: map[string]any{
			"type":              str("Chantier"),
			"name":              langMap("Name; a French name is required."),
			"description":       langMap("Current description."),
			"foundingDate":      str("Founding date as stated (date, year-month or year); without one, the chantier has none and its evaluations and memberships are not bounded."),
			"kind":              iris("Kinds: concept/type-chantier/{collaboration|mutualisation|expertise}."),
			"theme":             iris("Themes: concept/theme/{code}."),
			"wasDerivedFrom":    iris("prov:wasDerivedFrom: the chantiers it emerged from (existing chantiers)."),
			"alternateName":     langMap("Other names."),
			"initialDefinition": langMap("Initial definition."),
		},
		required: []string{"name"},
		jsonld:   `{"@context": "{B}/context/v1", "type": "Chantier", "name": {"fr": "Archives sonores partagées", "en": "Shared sound archives"}, "foundingDate": "2026-09-01", "kind": "{B}/concept/type-chantier/mutualisation", "theme": ["{B}/concept/theme/ressources-numeriques"]}`,
		turtle:   "@prefix radn: <https://w3id.org/radn/vocab#> .\n@prefix schema: <http://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<> a radn:Chantier ; schema:name \"Archives sonores partagées\"@fr ;\n  schema:foundingDate \"2026-09-01\"^^xsd:date ;\n  radn:kind <{B}/concept/type-chantier/mutualisation> .\n",
		ntriples: "_:c <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/radn/vocab#Chantier> .\n_:c <http://schema.org/name> \"Veille partagée\"@fr .\n",
	},
	vocab.RadnLegacy: {
		summary: "A legacy (POST /legs or /id/legs)",
		schema: map[string]any{
			"type": str("Legacy"), "name": langMap("Name."), "creator": iris("The chantiers that made it (existing chantiers)."),
			"description": langMap("Description."), "url": iriRef("Where it lives."),
		},
		required: []string{"name", "creator"},
		jsonld:   `{"type": "Legacy", "name": {"fr": "Guide des archives sonores"}, "creator": "{B}/id/chantiers/almanach-culturel"}`,
		turtle:   "@prefix radn: <https://w3id.org/radn/vocab#> .\n@prefix schema: <http://schema.org/> .\n<> a radn:Legacy ; schema:name \"Guide des archives sonores\"@fr ;\n  schema:creator <{B}/id/chantiers/almanach-culturel> .\n",
	},
	vocab.RadnHostOrganization: {
		component: "OrganisationBody", summary: "A host organisation (POST /organisations or /id/organisations)",
		schema: map[string]any{
			"type": str("HostOrganization"), "name": langMap("Name."), "areaServed": iriRef("Its region: concept/region/{01…17}."),
			"sector": iris("Sectors: concept/secteur/{code}."), "url": iriRef("Web site."),
		},
		required: []string{"name", "areaServed", "sector"},
		jsonld:   `{"type": "HostOrganization", "name": {"fr": "Maison de la culture"}, "areaServed": {"id": "{B}/concept/region/06"}, "sector": "{B}/concept/secteur/musique"}`,
		turtle:   "@prefix radn: <https://w3id.org/radn/vocab#> .\n@prefix schema: <http://schema.org/> .\n<> a radn:HostOrganization ; schema:name \"Maison de la culture\"@fr ;\n  schema:areaServed <{B}/concept/region/06> ; radn:sector <{B}/concept/secteur/musique> .\n",
	},
	vocab.SchemaPerson: {
		summary: "A person (POST /id/personnes; private until consent)",
		schema: map[string]any{
			"type": str("Person"), "name": str("Name, a plain string (no language)."), "jobTitle": langMap("Job title."),
			"worksFor": iriRef("Host organisation: id/organisations/{slug}."), "sameAs": iris("Other profiles (published only with the linkProfiles consent)."),
		},
		required: []string{"name"},
		jsonld:   `{"type": "Person", "name": "Camille Tremblay", "jobTitle": {"fr": "agente de développement culturel numérique"}}`,
		turtle:   "@prefix schema: <http://schema.org/> .\n<> a schema:Person ; schema:name \"Camille Tremblay\" .\n",
	},
	vocab.OrgMembership: {
		summary: "A membership (POST /id/participations; private)",
		schema: map[string]any{
			"type":         str("Membership"),
			"org:member":   map[string]any{"description": "The person ({\"id\": IRI}); \"member\" (schema:member in the API context) is accepted too in a membership."},
			"organization": iriRef("The chantier."),
			"role":         iriRef("concept/role/{participant|animation|personne-ressource}."),
			"startDate":    date("Start (default: today; not before the chantier's stated founding date)"),
			"endDate":      date("End"),
		},
		required: []string{"org:member", "organization", "role"},
		jsonld:   `{"type": "Membership", "org:member": {"id": "{B}/id/personnes/k2sdb0h847"}, "organization": "{B}/id/chantiers/almanach-culturel", "role": "{B}/concept/role/animation", "startDate": "2026-09-15"}`,
		turtle:   "@prefix org: <http://www.w3.org/ns/org#> .\n@prefix schema: <http://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n[] a org:Membership ; org:member <{B}/id/personnes/k2sdb0h847> ;\n  org:organization <{B}/id/chantiers/almanach-culturel> ; org:role <{B}/concept/role/animation> ;\n  schema:startDate \"2026-09-15\"^^xsd:date .\n",
	},
	vocab.RadnObjective: {
		summary: "An objective (POST /id/chantiers/{slug}/objectifs)",
		schema: map[string]any{
			"type": str("Objective or SmartObjective"), "name": langMap("Short label."),
			"specific": langMap("S."), "measurable": langMap("M."), "achievable": langMap("A."), "realistic": langMap("R."),
			"timeBound": date("Deadline"), "status": iriRef("concept/statut/{code}."),
		},
		required: []string{"name"},
		jsonld:   `{"type": "Objective", "name": "Un inventaire commun", "measurable": "Dix inventaires déposés.", "timeBound": "2027-06-30"}`,
		turtle:   "@prefix radn: <https://w3id.org/radn/vocab#> .\n@prefix schema: <http://schema.org/> .\n<> a radn:Objective ; schema:name \"Un inventaire commun\"@fr .\n",
	},
	vocab.RadnDeliverable: {
		summary:  "A deliverable (POST /id/chantiers/{slug}/livrables)",
		schema:   map[string]any{"type": str("Deliverable"), "name": langMap("Name."), "url": iriRef("Where it lives."), "license": iriRef("Licence."), "datePublished": date("Publication")},
		required: []string{"name"},
		jsonld:   `{"type": "Deliverable", "name": {"fr": "Gabarit d’inventaire"}, "url": "https://example.org/gabarit"}`,
		turtle:   "@prefix radn: <https://w3id.org/radn/vocab#> .\n@prefix schema: <http://schema.org/> .\n<> a radn:Deliverable ; schema:name \"Gabarit d’inventaire\"@fr .\n",
	},
	vocab.RadnSupportNeed: {
		summary:  "A support need (POST /id/chantiers/{slug}/besoins)",
		schema:   map[string]any{"type": str("SupportNeed"), "description": langMap("The need."), "needType": iriRef("concept/type-besoin/{experts|financement|technique|ressources}."), "addressedTo": iriRef("Usually the coordination team.")},
		required: []string{"description", "needType"},
		jsonld:   `{"type": "SupportNeed", "description": "Un ou une archiviste pour deux séances.", "needType": "{B}/concept/type-besoin/experts"}`,
		turtle:   "@prefix radn: <https://w3id.org/radn/vocab#> .\n@prefix schema: <http://schema.org/> .\n<> a radn:SupportNeed ; schema:description \"Un ou une archiviste pour deux séances.\"@fr ;\n  radn:needType <{B}/concept/type-besoin/experts> .\n",
	},
	vocab.RadnContinuityEvaluation: {
		component: "EvaluationBody", summary: "A continuity evaluation (POST /id/chantiers/{slug}/evaluations); decision fermer closes the chantier",
		schema: map[string]any{
			"type": str("ContinuityEvaluation"), "dateCreated": date("Date (names the evaluation; not before the chantier's stated founding date)"),
			"decision":   iriRef("concept/decision/{poursuivre|reorienter|fermer}."),
			"assessment": map[string]any{"type": "array", "minItems": 4, "maxItems": 4, "description": "One per criterion concept/grille-continuite/{1…4}: criterion, ratingValue, ratingExplanation (private).", "items": map[string]any{"type": "object"}},
		},
		required: []string{"dateCreated", "decision", "assessment"},
		jsonld:   `{"type": "ContinuityEvaluation", "dateCreated": "2027-06-30", "decision": "{B}/concept/decision/fermer", "assessment": [{"type": "CriterionAssessment", "criterion": "{B}/concept/grille-continuite/1", "ratingValue": 3}, {"type": "CriterionAssessment", "criterion": "{B}/concept/grille-continuite/2", "ratingValue": 2}, {"type": "CriterionAssessment", "criterion": "{B}/concept/grille-continuite/3", "ratingValue": 1}, {"type": "CriterionAssessment", "criterion": "{B}/concept/grille-continuite/4", "ratingValue": 2}]}`,
		turtle:   "@prefix radn: <https://w3id.org/radn/vocab#> .\n@prefix schema: <http://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n[] a radn:ContinuityEvaluation ; schema:dateCreated \"2027-06-30\"^^xsd:date ;\n  radn:decision <{B}/concept/decision/fermer> ;\n  radn:assessment [ radn:criterion <{B}/concept/grille-continuite/1> ; schema:ratingValue 3 ],\n    [ radn:criterion <{B}/concept/grille-continuite/2> ; schema:ratingValue 2 ],\n    [ radn:criterion <{B}/concept/grille-continuite/3> ; schema:ratingValue 1 ],\n    [ radn:criterion <{B}/concept/grille-continuite/4> ; schema:ratingValue 2 ] .\n",
	},
}

// requestBody builds the requestBody of a write operation: the body of
// op.Kind, or of every kind for the generic writes on /id/{path}.
func (d *docBuilder) requestBody(op Op) map[string]any {
	b := strings.TrimSuffix(d.site.Base, "/")
	sub := func(s string) string { return strings.ReplaceAll(s, "{B}", b) }
	bodies := d.bodies
	if op.Kind != nil {
		bodies = []body{d.bodyOf(op.Kind)}
	}
	content := map[string]any{}
	for _, m := range op.Body {
		var schema map[string]any
		examples := map[string]any{}
		switch m {
		case "application/ld+json", "application/json":
			var alts []any
			for _, bd := range bodies {
				alts = append(alts, map[string]any{"$ref": "#/components/schemas/" + bd.component})
				examples[bd.key] = map[string]any{"summary": bd.summary, "value": jsonValue(sub(bd.jsonld))}
			}
			if op.Method == "put" && op.Kind == nil {
				alts = append(alts, map[string]any{"$ref": "#/components/schemas/Consent"})
				examples["consent"] = map[string]any{"summary": "Consents of a person (PUT /id/personnes/{id}/consentements, application/json)", "value": map[string]any{"publish": true, "aggregators": false, "linkProfiles": false}}
			}
			schema = map[string]any{"oneOf": alts}
			if len(alts) == 1 {
				schema = alts[0].(map[string]any)
			}
		case "text/turtle":
			schema = map[string]any{"type": "string", "description": "Turtle describing <> (the resource) or one top-level blank node"}
			for _, bd := range bodies {
				examples[bd.key] = map[string]any{"summary": bd.summary, "value": sub(bd.turtle)}
			}
		case "application/n-triples":
			schema = map[string]any{"type": "string", "description": "N-Triples describing <> (relative to the resource) or one blank node"}
			bd := bodies[0]
			examples[bd.name] = map[string]any{"summary": bd.ntSummary, "value": sub(bd.ntriples)}
		case "application/sparql-update":
			schema = map[string]any{"type": "string", "description": "SPARQL 1.1 Update limited to the resource's own triples; <> is the resource"}
			examples["alternateName"] = map[string]any{"summary": "Add another name", "value": "PREFIX schema: <http://schema.org/>\nINSERT DATA { <> schema:alternateName \"Archives sonores\"@fr }\n"}
		case "application/sparql-query":
			schema = map[string]any{"type": "string", "description": "A SPARQL 1.1 query"}
			examples["count"] = map[string]any{"summary": "Chantiers by status", "value": "PREFIX radn: <https://w3id.org/radn/vocab#>\nSELECT ?status (COUNT(?c) AS ?n) WHERE { ?c a radn:Chantier ; radn:status ?status } GROUP BY ?status\n"}
		case "application/x-www-form-urlencoded":
			if op.Path == "/proposer" {
				schema = map[string]any{"type": "object", "required": []string{"token", "name"}, "properties": map[string]any{
					"token": str("A write token"), "name": str("French name of the chantier"), "definition": str("What it is about (optional)"),
					"confirm": str("Set to create despite look-alikes"),
				}}
				examples["propose"] = map[string]any{"summary": "Propose a chantier", "value": map[string]any{"token": "…", "name": "Archives sonores partagées", "definition": "Mettre en commun les archives sonores."}}
			} else {
				schema = map[string]any{"type": "object", "required": []string{"query"}, "properties": map[string]any{"query": str("SPARQL query"), "default-graph-uri": str("Default graph"), "named-graph-uri": str("Named graph")}}
				examples["query"] = map[string]any{"summary": "A query in a form", "value": map[string]any{"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}}
			}
		default:
			schema = map[string]any{"type": "string"}
		}
		content[m] = map[string]any{"schema": schema, "examples": examples}
	}
	return map[string]any{"required": true, "content": content}
}

// bodySchemas are the components.schemas of the write bodies.
func (d *docBuilder) bodySchemas() map[string]any {
	out := map[string]any{
		"Consent": map[string]any{
			"type": "object", "description": "Consents of a person: each purpose given (true) or withdrawn (false); a missing purpose is left as it is. aggregators and linkProfiles need publish.",
			"properties": map[string]any{
				"publish": map[string]any{"type": "boolean"}, "aggregators": map[string]any{"type": "boolean"}, "linkProfiles": map[string]any{"type": "boolean"},
			},
		},
	}
	for _, bd := range d.bodies {
		props := map[string]any{"@context": map[string]any{"description": "Optional: the API context (" + "/context/v1" + ") is the default"}}
		for p, v := range bd.props {
			props[p] = v
		}
		out[bd.component] = map[string]any{"type": "object", "description": bd.summary, "required": bd.required, "properties": props}
	}
	return out
}

// jsonValue decodes an example written as JSON text (a broken example is
// kept as text, and TestOpenAPIRequestBodies catches it).
func jsonValue(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}
