// Package e2e holds ruche's end-to-end checks with real clients: the
// server runs in-process on a loopback port over an in-memory store seeded
// like `ruche serve` seeds a new data folder, and outside programs talk to
// it over HTTP as they would in production:
//
//   - headless Chromium (Debian's package, driven with chromedp) opens the
//     home page, a chantier page and the SPARQL page, and a partner page on
//     another origin that embeds the widget, the iframe card and the pasted
//     JSON-LD snippet;
//   - the reference JSON-LD processor (npm jsonld) turns the JSON-LD of
//     every seeded resource into N-Quads, which must be isomorphic to the
//     resource's Turtle;
//   - the LDES client (npm ldes-client) replicates /ldes, which must give
//     every public chantier version, and, resumed from its saved state,
//     exactly the versions recorded since;
//   - the standard RDF clients, each sending its own Accept header, read
//     ruche as their users do and must get the graph ruche's Turtle holds:
//     rdflib's Graph().parse(url) on a resource, a concept, the dataset
//     description, a collection and the dump (python/rdflib_parse.py);
//     SPARQLWrapper with its defaults, SELECT and CONSTRUCT
//     (python/sparqlwrapper_query.py); Jena's RDFParser from a URL and
//     rsparql (Debian's libapache-jena-java); Comunica
//     (@comunica/query-sparql) on a resource and following links from a
//     participation to its person, chantier and concepts. Every exchange
//     is in the test log: what each client sent and what it got.
//   - real clients write with a coordination token: rdflib's
//     SPARQLUpdateStore sends INSERT DATA to /sparql, on a chantier and
//     into a graph of one's own (python/rdflib_update.py), and curl -T
//     PUTs a Turtle file to /graph-store with a licence; the chantier's
//     document, the graph, the dataset description and Jena's rsparql read
//     it back (Debian's Jena 4.5 rupdate sends no Bearer token).
//
// The Node programs and their pinned dependencies live in node/ (install
// them with `npm ci --prefix api/e2e/node`), the Python ones in python/
// (Debian's python3-rdflib and python3-sparqlwrapper). On a machine
// without Chromium, Node, Python's rdflib or Jena the tests skip with a
// message; with CI=true a missing tool fails them instead. RUCHE_CHROMIUM names another Chromium binary,
// RUCHE_E2E_SCREENSHOTS a folder where the screenshots are also saved, and
// RUCHE_E2E_HTTPLOG=1 logs every request the server answers.
//
// The package has no exported API: everything is in its tests.
package e2e
