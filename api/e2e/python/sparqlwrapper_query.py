"""Queries a SPARQL endpoint with SPARQLWrapper and its defaults (GET,
return format XML: format=xml&output=xml&results=xml and the matching
Accept), as its users do, and prints one JSON object: the number of SELECT
rows, and the CONSTRUCT graph (parsed by SPARQLWrapper through rdflib) as
N-Triples, or the errors.

Usage: python3 sparqlwrapper_query.py ENDPOINT SELECT-QUERY CONSTRUCT-QUERY
"""
import json
import sys

import SPARQLWrapper
from SPARQLWrapper import SPARQLWrapper as Wrapper


def main():
    endpoint, select, construct = sys.argv[1:4]
    out = {"sparqlwrapper": SPARQLWrapper.__version__}
    try:
        w = Wrapper(endpoint)
        w.setQuery(select)
        doc = w.query().convert()  # XML results: an xml.dom.minidom document
        out["select_rows"] = len(doc.getElementsByTagName("result"))
    except Exception as e:
        out["select_error"] = "%s: %s" % (type(e).__name__, e)
    try:
        w = Wrapper(endpoint)
        w.setQuery(construct)
        g = w.query().convert()  # RDF/XML read by rdflib: a graph
        nt = g.serialize(format="nt")
        out["construct_ntriples"] = nt.decode("utf-8") if isinstance(nt, bytes) else nt
    except Exception as e:
        out["construct_error"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
