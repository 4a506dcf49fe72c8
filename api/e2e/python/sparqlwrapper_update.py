"""Sends a SPARQL 1.1 Update with SPARQLWrapper as its users do when an
endpoint wants a user name and password: setCredentials (HTTP Basic, the
library's default) with an API token as the password, POST. Prints one JSON
object: the library's version and the HTTP status, or the error.

Usage: python3 sparqlwrapper_update.py ENDPOINT USER TOKEN UPDATE
"""
import json
import sys

import SPARQLWrapper
from SPARQLWrapper import POST, SPARQLWrapper as Wrapper


def main():
    endpoint, user, token, update = sys.argv[1:5]
    out = {"sparqlwrapper": SPARQLWrapper.__version__}
    try:
        w = Wrapper(endpoint)
        w.setCredentials(user, token)
        w.setMethod(POST)
        w.setQuery(update)
        out["status"] = w.query().response.getcode()
    except Exception as e:
        out["error"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
