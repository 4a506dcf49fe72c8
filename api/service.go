package api

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

const sdNS = vocab.SDNS

// serviceDescriptionQuads describes the endpoint (SPARQL 1.1 Service
// Description), with its limits published as radn: properties.
func (s *Server) serviceDescriptionQuads() []rdf.Quad {
	endpoint := rdf.IRI(s.cfg.Base + "sparql")
	svc := rdf.IRI(s.cfg.Base + "sparql#service")
	dataset := rdf.Blank("dataset")
	add := func(out *[]rdf.Quad, sub rdf.Term, p string, o rdf.Term) {
		*out = append(*out, rdf.Quad{S: sub, P: rdf.IRI(p), O: o})
	}
	var q []rdf.Quad
	add(&q, svc, rdf.RDFType, rdf.IRI(sdNS+"Service"))
	add(&q, svc, sdNS+"endpoint", endpoint)
	add(&q, svc, sdNS+"supportedLanguage", rdf.IRI(sdNS+"SPARQL11Query"))
	add(&q, svc, sdNS+"supportedLanguage", rdf.IRI(sdNS+"SPARQL11Update"))
	add(&q, svc, sdNS+"feature", rdf.IRI(sdNS+"UnionDefaultGraph"))
	add(&q, svc, sdNS+"feature", rdf.IRI(sdNS+"BasicFederatedQuery"))
	for _, f := range []string{
		"http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
		"http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
		"http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
		"http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/N-Quads",
	} {
		add(&q, svc, sdNS+"resultFormat", rdf.IRI(f))
	}
	add(&q, svc, sdNS+"defaultDataset", dataset)
	add(&q, dataset, rdf.RDFType, rdf.IRI(sdNS+"Dataset"))
	add(&q, dataset, vocab.RDFSComment, rdf.LangString(
		"Le graphe par défaut est l’union de tous les graphes publics ; GRAPH atteint chacun d’eux.", "fr"))
	add(&q, dataset, vocab.RDFSComment, rdf.LangString(
		"The default graph is the union of all public graphs; GRAPH reaches each of them.", "en"))
	// The limits, as schema.org property values that any client can read.
	lim := func(id, name string, v int64, unit string) {
		node := rdf.IRI(s.cfg.Base + "sparql#limit-" + id)
		add(&q, svc, schemaNS+"additionalProperty", node)
		add(&q, node, rdf.RDFType, rdf.IRI(schemaNS+"PropertyValue"))
		add(&q, node, schemaNS+"propertyID", rdf.String(id))
		add(&q, node, schemaNS+"name", rdf.LangString(name, "en"))
		add(&q, node, schemaNS+"value", rdf.Literal(fmt.Sprint(v), rdf.XSDInteger))
		if unit != "" {
			add(&q, node, schemaNS+"unitCode", rdf.String(unit))
		}
	}
	lim("query-timeout", "time limit of one query (503 beyond)", int64(s.cfg.QueryTimeout.Seconds()), "SEC")
	lim("max-result-rows", "rows or triples of one result (503 beyond)", s.cfg.MaxResults, "")
	lim("max-memory-rows", "rows one query may hold in memory for sorts, groups, DISTINCT and joins (503 beyond)", s.cfg.MaxMemoryRows, "")
	lim("client-time-budget", "query time per client per minute (429 with Retry-After beyond)", int64(s.cfg.QueryBudget.Seconds()), "SEC")
	lim("concurrent-queries", "queries running at once (503 after a 10 s wait)", int64(s.cfg.ConcurrentQueries), "")
	add(&q, svc, vocab.RDFSComment, rdf.LangString(fmt.Sprintf(
		"Limits: %s per query (503 beyond), %d result rows, %d rows in memory per query, %s of query time per client per minute (429 with Retry-After beyond).",
		s.cfg.QueryTimeout, s.cfg.MaxResults, s.cfg.MaxMemoryRows, s.cfg.QueryBudget), "en"))
	return q
}

// serviceDescription answers a /sparql request without a query.
func (s *Server) serviceDescription(c *gin.Context) error {
	f, err := chooseFormat(c.GetHeader("Accept"), graphFormats)
	if err != nil {
		return err
	}
	doc, err := s.docs.get("service-description|"+f.name, func() (*rendered, error) {
		quads := s.serviceDescriptionQuads()
		var body []byte
		var err error
		if f == fmtJSONLD {
			body, err = s.renderJSONLDGraph("", quads)
		} else {
			body, err = renderRDF(f, sortForSubject(quads, ""))
		}
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.started), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, f.mediaType, "", "public, max-age=3600")
}
