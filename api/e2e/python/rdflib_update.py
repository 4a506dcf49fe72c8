"""Writes to a SPARQL 1.1 Update endpoint with rdflib's SPARQLUpdateStore,
as its users do: an INSERT DATA sent by store.update() and a triple added
to a named graph (rdflib sends INSERT DATA { GRAPH … }), with the token in
an Authorization header; then reads both back with a SELECT through the
same store. Prints one JSON object: the rows read back, or the error.

Usage: python3 rdflib_update.py ENDPOINT TOKEN UPDATE GRAPH S P O SELECT
"""
import json
import sys

import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore


def main():
    endpoint, token, update, graph, s, p, o, select = sys.argv[1:9]
    out = {"rdflib": rdflib.__version__}
    try:
        store = SPARQLUpdateStore(
            query_endpoint=endpoint,
            update_endpoint=endpoint,
            headers={"Authorization": "Bearer " + token},
        )
        store.update(update)
        store.add((URIRef(s), URIRef(p), Literal(o, lang="fr")), context=Graph(identifier=URIRef(graph)))
        out["rows"] = [[str(v) for v in row] for row in store.query(select)]
    except Exception as e:
        out["error"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
