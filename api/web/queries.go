package web

import (
	"fmt"
	"net/url"
	"strings"
)

// prefixes are the PREFIX lines shared by the example queries.
const prefixes = `PREFIX radn:   <https://w3id.org/radn/vocab#>
PREFIX schema: <http://schema.org/>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX org:    <http://www.w3.org/ns/org#>
`

// examples are the example queries of the SPARQL page, written against the
// vocabulary of design/model.md (radn: = https://w3id.org/radn/vocab#,
// schema.org as http://schema.org/).
var examples = []Example{
	{"Les chantiers, leurs types et le chantier dont ils sont issus", prefixes + `
SELECT ?chantier ?nom (GROUP_CONCAT(DISTINCT ?type; separator=", ") AS ?types) ?issuDe
WHERE {
  ?chantier a radn:Chantier ; schema:name ?nom ; radn:kind ?k .
  ?k skos:prefLabel ?type . FILTER(lang(?type) = "fr")
  OPTIONAL { ?chantier prov:wasDerivedFrom/schema:name ?issuDe }
  FILTER(lang(?nom) = "fr")
}
GROUP BY ?chantier ?nom ?issuDe
ORDER BY ?nom
`},
	{"Les thèmes et le nombre de chantiers par thème", prefixes + `
SELECT ?theme ?libelle (COUNT(DISTINCT ?chantier) AS ?chantiers)
WHERE {
  ?chantier a radn:Chantier ; radn:theme ?theme .
  ?theme skos:prefLabel ?libelle . FILTER(lang(?libelle) = "fr")
}
GROUP BY ?theme ?libelle
ORDER BY DESC(?chantiers) ?libelle
`},
	{"La filiation : les chantiers issus d’un autre chantier", prefixes + `
SELECT ?origine ?nomOrigine ?chantier ?nom
WHERE {
  ?chantier a radn:Chantier ; prov:wasDerivedFrom ?origine ; schema:name ?nom .
  ?origine schema:name ?nomOrigine .
  FILTER(lang(?nom) = "fr" && lang(?nomOrigine) = "fr")
}
ORDER BY ?nomOrigine ?nom
`},
	{"Le nombre de participant·e·s par chantier", prefixes + `
SELECT ?chantier ?nom ?total (COUNT(DISTINCT ?participation) AS ?nommees)
WHERE {
  ?chantier a radn:Chantier ; schema:name ?nom .
  FILTER(lang(?nom) = "fr")
  OPTIONAL { ?chantier radn:participantCount ?total }
  OPTIONAL { ?participation a org:Membership ; org:organization ?chantier }
}
GROUP BY ?chantier ?nom ?total
ORDER BY DESC(?total) ?nom
`},
	{"Les legs des chantiers", prefixes + `
SELECT ?chantier ?nomChantier ?legs ?titre ?statut
WHERE {
  ?chantier a radn:Chantier ; schema:name ?nomChantier ; radn:hasLegacy ?legs .
  FILTER(lang(?nomChantier) = "fr")
  OPTIONAL { ?legs schema:name ?titre }
  OPTIONAL { ?legs schema:creativeWorkStatus ?statut }
}
ORDER BY ?nomChantier ?titre
`},
	{"La grille d’analyse de la continuité : critères et indicateurs", prefixes + `
SELECT ?numero ?critere ?indicateur
WHERE {
  ?c skos:topConceptOf <{BASE}concept/grille-continuite> ;
     skos:notation ?numero ; skos:prefLabel ?critere .
  OPTIONAL { ?i skos:broader ?c ; skos:prefLabel ?indicateur }
}
ORDER BY ?numero ?indicateur
`},
	{"Les appréciations publiées des critères de la grille", prefixes + `
SELECT ?chantier ?date ?critere ?note ?sur ?decision
WHERE {
  ?evaluation a radn:ContinuityEvaluation ; schema:itemReviewed ?chantier ; radn:assessment ?a .
  OPTIONAL { ?evaluation schema:dateCreated ?date }
  OPTIONAL { ?evaluation radn:decision/skos:prefLabel ?decision . FILTER(lang(?decision) = "fr") }
  ?a radn:criterion/skos:prefLabel ?critere .
  OPTIONAL { ?a schema:ratingValue ?note }
  OPTIONAL { ?a schema:bestRating ?sur }
}
ORDER BY ?chantier DESC(?date) ?critere
`},
	{"Les objectifs des chantiers et leurs échéances", prefixes + `
SELECT ?chantier ?objectif ?specifique ?echeance ?statut
WHERE {
  ?chantier radn:objective ?objectif .
  OPTIONAL { ?objectif radn:specific ?specifique }
  OPTIONAL { ?objectif radn:timeBound ?echeance }
  OPTIONAL { ?objectif radn:status/skos:prefLabel ?statut . FILTER(lang(?statut) = "fr") }
}
ORDER BY ?chantier ?echeance
`},
	{"Quels chantiers sont actifs ? Statut et date d’ouverture de chaque chantier", prefixes + `
SELECT ?chantier ?nom ?statut ?ouverture
WHERE {
  ?chantier a radn:Chantier ; schema:name ?nom .
  FILTER(lang(?nom) = "fr")
  OPTIONAL { ?chantier radn:status/skos:prefLabel ?statut . FILTER(lang(?statut) = "fr") }
  OPTIONAL { ?chantier schema:foundingDate ?ouverture }
}
ORDER BY ?statut ?nom
`},
	{"Les chantiers par statut", prefixes + `
SELECT ?statut (COUNT(?chantier) AS ?chantiers)
WHERE {
  ?chantier a radn:Chantier .
  OPTIONAL { ?chantier radn:status/skos:prefLabel ?statut . FILTER(lang(?statut) = "fr") }
}
GROUP BY ?statut
ORDER BY DESC(?chantiers)
`},
}

// productionBase is the base the examples are written for when no server
// base is given.
const productionBase = "https://w3id.org/radn/"

// ExampleQueries returns the example queries of the SPARQL page (French
// titles) for the production base, a fresh copy on each call.
func ExampleQueries() []Example {
	return ExamplesFor(productionBase)
}

// ExamplesFor returns the example queries with the IRIs of ruche's own
// resources under base (the server's base IRI), so that they find the
// data of any server, not only the production one.
func ExamplesFor(base string) []Example {
	out := make([]Example, len(examples))
	for i, e := range examples {
		out[i] = Example{Title: e.Title, Query: strings.ReplaceAll(e.Query, "{BASE}", base)}
	}
	return out
}

// ResourceQuery returns a SELECT query listing every property and value of
// the resource iri, for "Interroger en SPARQL" links. Characters that an
// IRIREF cannot hold (spaces, controls, <>"{}|^`\) are percent-encoded, so
// data cannot change the query's structure.
func ResourceQuery(iri string) string {
	ref := sparqlIRI(iri)
	return fmt.Sprintf("# Tout ce que les données disent de %s\nSELECT ?propriete ?valeur\nWHERE {\n  %s ?propriete ?valeur .\n}\nORDER BY ?propriete ?valeur\n", ref, ref)
}

// sparqlIRI writes iri as a SPARQL IRIREF.
func sparqlIRI(iri string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, c := range []byte(iri) {
		if c <= 0x20 || c == 0x7f || strings.IndexByte("<>\"{}|^`\\", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('>')
	return b.String()
}

// SPARQLHref returns the link to the SPARQL page with query filled in
// (endpoint "/sparql" when empty).
func SPARQLHref(endpoint, query string) string {
	if endpoint == "" {
		endpoint = "/sparql"
	}
	// %20 rather than '+' keeps the query readable in the address bar.
	return endpoint + "?query=" + strings.ReplaceAll(url.QueryEscape(query), "+", "%20")
}
