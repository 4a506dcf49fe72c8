package rdfio

import (
	"github.com/ruche-lod/ruche/store/rdf"
)

// preFromRDF rewrites quads before json-gold's FromRDF.
func preFromRDF(quads []rdf.Quad, o fromRDFOptions) []rdf.Quad { return quads }

// postFromRDF fixes json-gold's FromRDF output in place.
func postFromRDF(out []any, o fromRDFOptions) {}
