// Package rdfio owns ruche's RDF syntaxes: streaming decoders and encoders
// for N-Triples, N-Quads, Turtle, TriG, JSON-LD (and RDF/XML input), the
// [Format] table that maps names, media types and file extensions to them,
// and the positioned [SyntaxError] every decoder returns.
//
// Decoders stream: memory stays bounded by the largest statement. JSON-LD,
// a tree format, is the exception: it is read whole, so callers bound the
// reader (the HTTP layer caps request bodies). No decoder fetches anything
// from the network. Blank node labels are those of the document: callers
// that merge several documents into one store scope them per document.
package rdfio
