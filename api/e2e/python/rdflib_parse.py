"""Reads URLs with rdflib exactly as its users do, Graph().parse(url) with
rdflib's own Accept header, and prints one JSON line per URL with the graph
as N-Triples (N-Quads for a dump), or the error rdflib raised.

Usage: python3 rdflib_parse.py URL...  (a URL ending in .nq.gz is read
into a ConjunctiveGraph with format="nquads", as a dump is.)
"""
import json
import sys

import rdflib


def main():
    for url in sys.argv[1:]:
        out = {"url": url, "rdflib": rdflib.__version__}
        try:
            if url.endswith(".nq.gz"):
                g = rdflib.ConjunctiveGraph()
                g.parse(url, format="nquads")
                out["nquads"] = g.serialize(format="nquads")
            else:
                g = rdflib.Graph()
                g.parse(url)
                out["nquads"] = g.serialize(format="nt")
        except Exception as e:  # reported to the Go test, which fails
            out["error"] = "%s: %s" % (type(e).__name__, e)
        if isinstance(out.get("nquads"), bytes):
            out["nquads"] = out["nquads"].decode("utf-8")
        print(json.dumps(out))


if __name__ == "__main__":
    main()
