// Package rdf owns ruche's RDF 1.1 data model: terms (IRIs, blank nodes,
// literals), quads, their canonical N-Triples spelling, their order, and
// dataset isomorphism.
//
// # Terms and quads
//
// A [Term] is a small comparable value, so it can be a map key and be copied
// freely; its [Kind] tells an IRI, a blank node and a literal apart, and the
// zero Term (KindNone, also [DefaultGraph]) stands for the default graph in
// the graph position of a [Quad]. [IRI], [Blank], [Literal], [String] and
// [LangString] build terms; a literal always carries its datatype
// ([XSDString] for a plain one, [RDFLangString] when it has a language tag).
// Lexical forms are kept byte for byte: ruche never normalises a literal it
// did not mint itself. A [Triple] is a quad without its graph
// ([Quad.Triple]). The constants RDFNS, XSDNS, [RDFType], [XSDInteger] and
// their kin name the vocabulary the model itself needs.
//
// # Canonical N-Triples
//
// [AppendTerm] and [AppendQuad] append the canonical N-Triples / N-Quads
// spelling (RDF 1.1 N-Triples §4: ECHAR for \t \b \n \r \f \" \\ in
// literals, UCHAR for other control characters and for the characters an
// IRIREF forbids, everything else as it is; a byte that is not UTF-8 in a
// literal becomes \uFFFD). They allocate nothing beyond growing dst and copy
// unescaped runs in bulk. [Term.String] and [Quad.String] return the same
// text.
//
// # Order
//
// [Compare] and [CompareQuads] give the order of canonical dumps: default
// graph, blank nodes, IRIs, literals, each by value, then datatype and
// language; quads by graph, subject, predicate, object. It is not SPARQL's
// ORDER BY.
//
// # Isomorphism
//
// [Isomorphic] reports whether two datasets are equal up to a renaming of
// blank nodes (RDF 1.1 Concepts §3.6, with blank graph names allowed).
// Duplicate quads are ignored. Its answer is exact: a true is only returned
// after a blank-node bijection has been checked quad by quad, and a false
// only after every candidate bijection the search allows has failed.
//
// Its cost: ground quads are compared through a map (linear); blank nodes
// are coloured by iterated neighbourhood hashing (each round is linear in
// the quads mentioning blank nodes, and there are at most as many rounds as
// blank nodes, few in practice); then nodes of equal colour are paired and
// the pairing checked. Only graphs whose blank nodes stay indistinguishable
// after refinement yet cannot be paired in order (highly symmetric shapes,
// such as regular graphs) make it backtrack, which is exponential in the
// worst case. It is meant for tests and for comparing documents, not for
// hot paths.
//
// [ResolveIRI] resolves IRI references (RFC 3986 §5.2) for every syntax and
// for SPARQL; [NormalizeDotSegments] and [HasScheme] go with it.
//
// The package imports nothing else of ruche; every other package may import it.
package rdf
