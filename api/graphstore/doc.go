// Package graphstore is the write side of SPARQL for ruche: SPARQL 1.1
// Update (POST /sparql with application/sparql-update or a form update=)
// and the SPARQL 1.1 Graph Store HTTP Protocol (/graph-store?graph=IRI and
// /graph-store?default). It imports neither gin nor package api: the HTTP
// layer wires [Door] with a few lines, and the command line (`ruche
// update`) goes through the same [Core], so an update obeys one set of
// rules wherever it comes from.
//
// # Graphs
//
// The update's default graph (and /graph-store?default) is the public data
// graph, base + "graph/public-cc0", where the write API's triples land.
// ruche reserves it, the wiki graph and every IRI under the base outside
// base + "graph/". Any other IRI is a graph of one's own: it holds any RDF
// (checked for syntax only), is public, and can be created, replaced and
// deleted whole. Its writer states its licence on PUT or POST
// (?license=IRI or ?licence=IRI), kept as the graph's meta value (see
// [Licence]); none stated is CC0. The dataset description lists it as a
// subset with that licence, and the dumps hold its quads. Reserved graphs other than the public data graph cannot
// be written (403). CLEAR/DROP ALL and NAMED empty every graph of one's
// own and keep ruche's graphs, the public data graph included (2xx);
// CLEAR DEFAULT, DROP DEFAULT, MOVE DEFAULT and COPY/MOVE … TO DEFAULT are
// refused (403): they would empty every chantier.
//
// # Rules of the public data graph
//
// A change of the public data graph is checked, in the update's own
// transaction, before anything is committed:
//
//   - its subjects are existing resources under base + "id/chantiers/"
//     (chantiers and their parts); people, participations and everything
//     derived from consent are written only through the write API (403),
//     as are continuity evaluations (a chantier closes only through one);
//   - a change of a chantier's status to closed, or of its dissolution
//     date, is refused (422 closure-refused);
//   - a change whose triple ruche materialises into others (rdf:type with
//     super-classes, properties with super-properties or inverses) is
//     refused (422 derived): derived triples are recomputed by the write
//     API, never edited by hand;
//   - every touched resource is validated against vocab's shapes after the
//     change; any violation is a 422 listing every violation, nothing
//     written;
//   - each touched resource gets an audit record and, through
//     [Core.Versions], a new event-stream version of its chantier; the
//     store's data version moves, so ETags change.
//
// The WHERE clause reads the public space only (what a public query sees):
// private data and the archive are out of reach. LOAD reads only the
// server's own documents (IRIs under the base, from the public space);
// any other IRI is refused (403): ruche fetches nothing from the network.
//
// # Size
//
// A request is bounded by [Door.MaxBytes] and [Core.MaxChanges] (the
// server's Config.MaxUpdateBytes and MaxUpdateTriples: 413, nothing
// written). Every write goes through store.UpdateStaged: one larger than
// a store transaction is committed in chunks with an undo journal while
// new snapshots wait, so it stays all or nothing and becomes visible at
// once. Code running inside a write reads through its transaction (LOAD
// included), never through a new snapshot, which would wait for the write.
//
// Only coordination tokens may write. Agent tokens are refused (403): an
// agent may write its own person record and memberships, and an update's
// reach is only known once it ran; rather than half-apply the agent rules
// the door keeps updates to the coordination role.
package graphstore
