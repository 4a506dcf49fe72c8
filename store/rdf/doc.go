// Package rdf owns ruche's RDF 1.1 data model: terms (IRIs, blank nodes,
// literals), quads, and their canonical N-Triples spelling.
//
// A [Term] is a small comparable value, so it can be a map key and be copied
// freely; the zero Term stands for the default graph in the graph position of
// a [Quad]. Lexical forms are kept byte for byte: ruche never normalises a
// literal it did not mint itself.
//
// The package imports nothing else of ruche; every other package may import it.
package rdf
