// Package rdfio owns ruche's RDF syntaxes: streaming decoders and encoders
// for N-Triples, N-Quads, Turtle, TriG, JSON-LD and RDF/XML, the
// [Format] table that maps names, media types and file extensions to them,
// and the positioned [SyntaxError] every decoder returns.
//
// No input can exhaust a decoder's stack: Turtle and TriG bound the nesting
// of "[ … ]" and "( … )", JSON-LD the nesting of arrays and objects (checked
// without recursion before json-gold, which recurses, sees the document);
// deeper input is a positioned [LimitError]. Decoding is linear in the
// input: prefix declarations, and the long value lists json-gold's node map
// would compare pairwise (held out and merged back with a hash set).
//
// Decoders stream: memory stays bounded by the largest statement. JSON-LD,
// a tree format, is the exception: it is read whole, so callers bound the
// reader (the HTTP layer caps request bodies); so is RDF/XML, read whole
// before knakk/rdf parses it. No decoder fetches anything
// from the network. Blank node labels are those of the document: callers
// that merge several documents into one store scope them per document.
//
// [NewParallelDecoder] parses N-Triples and N-Quads on several goroutines:
// the input is cut at line ends into chunks of 4 MiB, each parsed with its
// first line number, and the quads come out in input order, so the quads
// and the first syntax error (file:line:column) are those of the
// sequential decoder; other formats stay sequential.
//
// Encoders are deterministic: the same quads in the same order give the
// same bytes. N-Triples and N-Quads are canonical and written as they come.
// Turtle and TriG hold back up to 10 000 quads to write blank nodes in
// place ("[ … ]", "( … )") and group statements by graph and subject; a
// longer input is written flat, as it comes. RDF/XML holds back up to 4 096
// quads to declare their namespaces on rdf:RDF, and refuses, with
// ErrNotRepresentable, what XML cannot carry (a predicate with no NCName
// end, a character XML 1.0 forbids). Output is complete only after Close.
package rdfio
