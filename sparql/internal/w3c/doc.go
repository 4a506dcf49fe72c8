// Package w3c reads the W3C SPARQL test manifests of the shared test suite
// (../shared/w3c/rdf-tests next to the module) for every SPARQL conformance
// runner of ruche: it parses the Turtle manifests with store/rdfio, follows
// mf:include, and returns the test entries with their files, approval and
// requirements. Files are named by their published IRIs under [BaseURL]
// (stable across machines; the test IRIs themselves come from the
// manifests) and mapped to local paths by [Local].
//
// # Usage
//
//	suites, err := w3c.Denominator()
//	if errors.Is(err, w3c.ErrNoSuite) {
//		t.Skip(err)
//	}
//	for _, s := range suites {
//		for _, tc := range s.Tests {
//			path, err := w3c.Local(tc.Query) // the .rq/.ru file on disk
//			…
//		}
//	}
package w3c
