package vocab

// Namespaces of the documents ruche generates about its data: collections
// (Hydra), the event stream (LDES, TREE, Activity Streams), the SPARQL
// service description, consent records (DPV) and dump checksums (SPDX).
// They are named here, beside the namespaces of the data, so that no
// other package spells a namespace IRI.
const (
	HydraNS = "http://www.w3.org/ns/hydra/core#"
	LDESNS  = "https://w3id.org/ldes#"
	TreeNS  = "https://w3id.org/tree#"
	ASNS    = "https://www.w3.org/ns/activitystreams#"
	SDNS    = "http://www.w3.org/ns/sparql-service-description#"
	DPVNS   = "https://w3id.org/dpv#"
	SPDXNS  = "http://spdx.org/rdf/terms#"
)
