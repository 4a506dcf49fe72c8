package sparqlhttp

import (
	"fmt"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Description describes the endpoint (SPARQL 1.1 Service
// Description), with its limits published as radn: properties.
func (s *Door) Description() []rdf.Quad {
	perWindow, window := s.Budget.Window()
	perMinute := time.Duration(float64(perWindow) * float64(time.Minute) / float64(window))
	endpoint := rdf.IRI(s.Base + "sparql")
	svc := rdf.IRI(s.Base + "sparql#service")
	dataset := rdf.Blank("dataset")
	add := func(out *[]rdf.Quad, sub rdf.Term, p string, o rdf.Term) {
		*out = append(*out, rdf.Quad{S: sub, P: rdf.IRI(p), O: o})
	}
	var q []rdf.Quad
	add(&q, svc, rdf.RDFType, rdf.IRI(vocab.SDNS+"Service"))
	add(&q, svc, vocab.SDNS+"endpoint", endpoint)
	add(&q, svc, vocab.SDNS+"supportedLanguage", rdf.IRI(vocab.SDNS+"SPARQL11Query"))
	add(&q, svc, vocab.SDNS+"supportedLanguage", rdf.IRI(vocab.SDNS+"SPARQL11Update"))
	add(&q, svc, vocab.SDNS+"feature", rdf.IRI(vocab.SDNS+"UnionDefaultGraph"))
	add(&q, svc, vocab.SDNS+"feature", rdf.IRI(vocab.SDNS+"BasicFederatedQuery"))
	for _, f := range []string{
		"http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
		"http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
		"http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
		"http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/N-Quads",
	} {
		add(&q, svc, vocab.SDNS+"resultFormat", rdf.IRI(f))
	}
	add(&q, svc, vocab.SDNS+"defaultDataset", dataset)
	add(&q, dataset, rdf.RDFType, rdf.IRI(vocab.SDNS+"Dataset"))
	add(&q, dataset, vocab.RDFSComment, rdf.LangString(
		"Le graphe par défaut est l’union de tous les graphes publics ; GRAPH atteint chacun d’eux.", "fr"))
	add(&q, dataset, vocab.RDFSComment, rdf.LangString(
		"The default graph is the union of all public graphs; GRAPH reaches each of them.", "en"))
	// The limits, as schema.org property values that any client can read.
	lim := func(id, name string, v int64, unit string) {
		node := rdf.IRI(s.Base + "sparql#limit-" + id)
		add(&q, svc, vocab.SchemaNS+"additionalProperty", node)
		add(&q, node, rdf.RDFType, rdf.IRI(vocab.SchemaNS+"PropertyValue"))
		add(&q, node, vocab.SchemaNS+"propertyID", rdf.String(id))
		add(&q, node, vocab.SchemaNS+"name", rdf.LangString(name, "en"))
		add(&q, node, vocab.SchemaNS+"value", rdf.Literal(fmt.Sprint(v), rdf.XSDInteger))
		if unit != "" {
			add(&q, node, vocab.SchemaNS+"unitCode", rdf.String(unit))
		}
	}
	lim("query-timeout", "time limit of one query (503 beyond)", int64(s.Timeout.Seconds()), "SEC")
	lim("max-result-rows", "rows or triples of one result (503 beyond)", s.Limits.MaxResults, "")
	lim("max-memory-rows", "rows one query may hold in memory for sorts, groups, DISTINCT and joins (503 beyond)", s.Limits.MaxMemoryRows, "")
	lim("client-time-budget", "query time per client per minute (429 with Retry-After beyond)", int64(perMinute.Seconds()), "SEC")
	lim("concurrent-queries", "queries running at once (503 after a 10 s wait)", int64(s.Slots.total), "")
	add(&q, svc, vocab.RDFSComment, rdf.LangString(fmt.Sprintf(
		"Limits: %s per query (503 beyond), %d result rows, %d rows in memory per query, %s of query time per client per minute (429 with Retry-After beyond).",
		s.Timeout, s.Limits.MaxResults, s.Limits.MaxMemoryRows, perMinute), "en"))
	return q
}
