package web

import (
	"encoding/json"
	"time"

	"github.com/ruche-lod/ruche/api/web/svg"
)

const host = "https://data.example.org"

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func chantierPageJSONLD(name string) []byte {
	return mustJSON(map[string]any{
		"@context":    "https://schema.org",
		"@type":       []string{"Project", "Organization"},
		"@id":         "https://w3id.org/radn/id/chantiers/culture-des-donnees",
		"name":        name,
		"description": "S’approprier les concepts liés aux données et transmettre ces connaissances pour favoriser la découvrabilité des contenus culturels québécois.",
		"url":         host + "/chantiers/culture-des-donnees",
		"keywords":    []string{"données", "découvrabilité"},
		"mainEntityOfPage": map[string]any{
			"@type": "WebPage", "@id": host + "/chantiers/culture-des-donnees", "inLanguage": "fr",
		},
	})
}

func chantierPage(lang string) Page {
	p := Page{
		Lang:        lang,
		Title:       "Culture des données",
		Description: "Chantier du Réseau ADN",
		Canonical:   host + "/chantiers/culture-des-donnees",
		Alternates: Alternates{
			JSONLD:   "/chantiers/culture-des-donnees.jsonld",
			Turtle:   "/chantiers/culture-des-donnees.ttl",
			NTriples: "/chantiers/culture-des-donnees.nt",
		},
		Translations: []Translation{{Lang: "en", Href: "/en/chantiers/culture-des-donnees"}},
		OEmbed:       true,
		JSONLD:       chantierPageJSONLD("Culture des données"),
		Nav:          "chantiers",
		Modified:     day("2026-07-01"),
	}
	if lang == "en" {
		p.Canonical = host + "/en/chantiers/culture-des-donnees"
		p.Translations = []Translation{{Lang: "fr", Href: "/chantiers/culture-des-donnees"}}
	}
	return p
}

func chantierView(lang string) ChantierView {
	return ChantierView{
		Page:           chantierPage(lang),
		IRI:            "https://w3id.org/radn/id/chantiers/culture-des-donnees",
		Name:           "Culture des données",
		AlternateNames: []string{"Données culturelles"},
		Definition:     "S’approprier les concepts liés aux données et transmettre ces connaissances pour favoriser la découvrabilité des contenus culturels québécois.",
		Source:         Link{Href: "https://wiki.reseauadn.ca/wiki/Chantiers", Label: "Wiki des ADN"},
		SourceLicence:  Link{Href: "https://creativecommons.org/licenses/by-nc-sa/4.0/", Label: "CC BY-NC-SA 4.0"},
		Kinds: []Link{
			{Href: "/concept/type-chantier/expertise", Label: "expertise"},
			{Href: "/concept/type-chantier/mutualisation", Label: "mutualisation"},
		},
		Themes: []Link{
			{Href: "/concept/theme/donnees", Label: "données"},
			{Href: "/concept/theme/decouvrabilite", Label: "découvrabilité des contenus culturels"},
		},
		Status: Link{Href: "/concept/statut/actif", Label: "actif"},
		Parent: Link{Href: "/organisations/reseau-adn", Label: "Réseau ADN"},
		Objectives: []Objective{{
			Link:       Link{Href: "/chantiers/culture-des-donnees/objectifs/1", Label: "Former 50 ADN aux données liées"},
			Status:     Link{Href: "/concept/statut/en-cours", Label: "en cours"},
			Specific:   "Ateliers sur les données liées",
			Measurable: "50 personnes formées",
			TimeBound:  "2027-06",
		}},
		Legacies:         []Link{{Href: "/legs/guide-des-donnees", Label: "Guide des données culturelles"}},
		Deliverables:     []Link{{Href: "/chantiers/culture-des-donnees/livrables/1", Label: "Notes d’atelier"}},
		ParticipantCount: 6,
		Members: []Member{{
			Link: Link{Href: "/personnes/p7q2k9xw", Label: "Alex Exemple (personne fictive)"},
			Role: "participant·e", Since: "2099-01-15",
		}},
		Participants: []svg.Point{{Date: day("2019-05-14"), Count: 4}, {Date: day("2020-04-01"), Count: 6}, {Date: day("2021-09-01"), Count: 5}},
		EmergedFrom:  []Link{{Href: "/chantiers/strategie-marketing-engagement", Label: "Stratégie marketing d’engagement"}},
		SupportNeeds: []SupportNeed{{
			Link: Link{Href: "/chantiers/culture-des-donnees/besoins/1", Label: "Expert·e en données liées"},
			Type: Link{Href: "/concept/type-besoin/experts", Label: "experts"}, Status: Link{Label: "transmis à l’équipe de coordination"},
		}},
		Evaluation: &Evaluation{
			Link:     Link{Href: "/chantiers/culture-des-donnees/evaluations/2026-06-15", Label: "Analyse de juin 2026"},
			Date:     "2026-06-15",
			Decision: Link{Href: "/concept/decision/poursuivre", Label: "poursuivre le chantier"},
			Criteria: []Criterion{
				{Notation: "1", Link: Link{Href: "/concept/grille-continuite/1", Label: "répond à un besoin collectif"}, Rating: 4, Worst: 1, Best: 5,
					Indicators: []Link{{Href: "/concept/grille-continuite/1.1", Label: "retombées potentielles pour le milieu, etc."}}},
				{Notation: "2", Link: Link{Href: "/concept/grille-continuite/2", Label: "propose des objectifs clairement définis (SMART)"}, Rating: 3, Worst: 1, Best: 5},
				{Notation: "3", Link: Link{Href: "/concept/grille-continuite/3", Label: "met en place un climat favorable à la collaboration (dynamique de groupe)"}, Rating: 5, Worst: 1, Best: 5, Explanation: "Bonne dynamique."},
				{Notation: "4", Link: Link{Href: "/concept/grille-continuite/4", Label: "met en place des conditions favorables à la poursuite du chantier"}},
			},
		},
		Embed: &EmbedPanel{
			SnippetJSONLD: chantierPageJSONLD("Culture des données"),
			CardURL:       host + "/embed/chantiers/culture-des-donnees?lang=fr",
			WidgetURL:     host + "/widget.js",
			Title:         "Culture des données",
		},
	}
}

func homeView() HomeView {
	return HomeView{
		Page: Page{Lang: "fr", Canonical: host + "/", Nav: "", JSONLD: mustJSON(map[string]any{
			"@context": "https://schema.org", "@type": "Dataset", "name": "Chantiers du Réseau ADN",
		}), Translations: []Translation{{Lang: "en", Href: "/en/"}}},
		Chantiers: []ChantierSummary{
			{Link: Link{Href: "/chantiers/culture-des-donnees", Label: "Culture des données"},
				Kinds:  []Link{{Label: "expertise"}, {Label: "mutualisation"}},
				Status: Link{Href: "/concept/statut/actif", Label: "actif"}, Definition: "S’approprier les concepts liés aux données…"},
			{Link: Link{Href: "/chantiers/engagement-des-publics-minoritaires", Label: "Engagement des publics minoritaires"},
				Kinds: []Link{{Label: "collaboration"}}},
		},
		KindStatus: []svg.KindStatusCount{{Kind: "expertise", Status: "actif", Count: 4}, {Kind: "collaboration", Status: "actif", Count: 3}, {Kind: "mutualisation", Status: "fermé", Count: 1}},
		Lineage: Lineage{
			Nodes: []svg.Node{{ID: "a", Label: "Stratégie marketing d’engagement", Href: "/chantiers/strategie-marketing-engagement"},
				{ID: "b", Label: "Engagement des publics minoritaires", Href: "/chantiers/engagement-des-publics-minoritaires"}},
			Edges: []svg.Edge{{From: "a", To: "b"}},
		},
	}
}

func resourceView() ResourceView {
	return ResourceView{
		Page: Page{Lang: "fr", Title: "données", Canonical: host + "/concept/theme/donnees", Nav: "themes",
			Alternates: Alternates{JSONLD: "/concept/theme/donnees.jsonld", Turtle: "/concept/theme/donnees.ttl"}},
		IRI:   "https://w3id.org/radn/concept/theme/donnees",
		Label: "données",
		Types: []Link{{Href: "http://www.w3.org/2004/02/skos/core#Concept", Label: "skos:Concept"}},
		Properties: []Property{
			{Predicate: Link{Href: "http://www.w3.org/2004/02/skos/core#prefLabel", Label: "skos:prefLabel"},
				Values: []Value{{Link: Link{Label: "données"}, Lang: "fr"}, {Link: Link{Label: "data"}, Lang: "en"}}},
			{Predicate: Link{Href: "http://www.w3.org/2004/02/skos/core#topConceptOf", Label: "skos:topConceptOf"},
				Values: []Value{{Link: Link{Href: "/concept/theme", Label: "Thématiques des chantiers"}}}},
			{Predicate: Link{Href: "http://schema.org/dateModified", Label: "schema:dateModified"},
				Values: []Value{{Link: Link{Label: "2026-07-01T12:00:00Z"}, Datatype: "xsd:dateTime"}}},
		},
	}
}

func collectionView() CollectionView {
	return CollectionView{
		Page:   Page{Lang: "fr", Title: "Chantiers", Canonical: host + "/chantiers?page=2", Nav: "chantiers", Alternates: Alternates{JSONLD: "/chantiers.jsonld?page=2"}},
		Action: "/chantiers",
		Filters: []Filter{
			{Name: "status", Label: "Statut", Options: []Option{{Value: "actif", Label: "actif", Selected: true}, {Value: "ferme", Label: "fermé"}}},
			{Name: "kind", Label: "Type", Options: []Option{{Value: "expertise", Label: "expertise"}, {Value: "collaboration", Label: "collaboration"}}},
			{Name: "theme", Label: "Thème", Options: []Option{{Value: "donnees", Label: "données"}}},
		},
		Items:      homeView().Chantiers,
		TotalItems: 12, PageNumber: 2,
		First: "/chantiers?page=1&status=actif", Previous: "/chantiers?page=1&status=actif",
		Next: "/chantiers?page=3&status=actif", Last: "/chantiers?page=3&status=actif",
	}
}

func sparqlView() SPARQLView {
	return SPARQLView{
		Page:        Page{Lang: "fr", Title: "SPARQL", Canonical: host + "/sparql", Nav: "sparql"},
		Query:       "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2",
		FormatParam: "format",
		Examples:    ExampleQueries()[:2],
		Results: &Results{
			Vars: []string{"s", "label"},
			Rows: [][]Value{
				{{Link: Link{Href: "https://w3id.org/radn/id/chantiers/culture-des-donnees", Label: "https://w3id.org/radn/id/chantiers/culture-des-donnees"}}, {Link: Link{Label: "Culture des données"}, Lang: "fr"}},
				{{Link: Link{Href: "https://w3id.org/radn/id/chantiers/codeveloppement", Label: "https://w3id.org/radn/id/chantiers/codeveloppement"}}, {}},
			},
			Truncated: true,
		},
	}
}

func errorView() ErrorView {
	return ErrorView{Page: Page{Lang: "fr", Title: "Ressource introuvable"}, Status: 404,
		Detail: "Aucun chantier ne porte l’identifiant « inconnu ».", RequestID: "req-42"}
}

func cardView() CardView {
	return CardView{
		Lang: "fr", IRI: "https://w3id.org/radn/id/chantiers/culture-des-donnees",
		Href: host + "/chantiers/culture-des-donnees", Name: "Culture des données",
		Kinds: []string{"expertise", "mutualisation"}, Themes: []string{"données"},
		Definition: "S’approprier les concepts liés aux données et transmettre ces connaissances pour favoriser la découvrabilité des contenus culturels québécois.",
		JSONLD:     chantierPageJSONLD("Culture des données"),
	}
}
