package vocab

import "maps"

// prefixes are the namespaces ruche abbreviates in Turtle, TriG and SPARQL
// Update bodies, by their usual prefix names.
var prefixes = map[string]string{
	"rdf":     "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"rdfs":    "http://www.w3.org/2000/01/rdf-schema#",
	"xsd":     "http://www.w3.org/2001/XMLSchema#",
	"owl":     "http://www.w3.org/2002/07/owl#",
	"schema":  SchemaNS,
	"org":     OrgNS,
	"skos":    SKOSNS,
	"prov":    "http://www.w3.org/ns/prov#",
	"dcterms": "http://purl.org/dc/terms/",
	"foaf":    "http://xmlns.com/foaf/0.1/",
	"time":    "http://www.w3.org/2006/time#",
	"radn":    RadnNS,
	"dcat":    "http://www.w3.org/ns/dcat#",
	"void":    "http://rdfs.org/ns/void#",
	"hydra":   "http://www.w3.org/ns/hydra/core#",
	"sd":      "http://www.w3.org/ns/sparql-service-description#",
}

// Prefixes returns a copy of the prefix table (prefix name → namespace IRI).
func Prefixes() map[string]string { return maps.Clone(prefixes) }
