package harvest

import (
	"context"
	"time"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Door serves the harvesting documents. Package api injects what they
// depend on.
type Door struct {
	Base string
	// Dataset is the IRI of the dataset described at /.well-known/void.
	Dataset string
	// Snapshot returns a snapshot of the open store (closed by the
	// caller), or the error to answer while there is none.
	Snapshot func() (*store.Snapshot, error)
	// Modified is the date of a data version (Last-Modified).
	Modified func(version uint64) time.Time
	// Documents caches rendered documents and sends them.
	Documents door.Documents
	// Started dates the documents that do not depend on the data
	// (robots.txt): the process start, or zero.
	Started func() time.Time
	// Pages are the site paths listed in the sitemap before the resources
	// (home, dataset, collections), French; LangPath gives a path's page in
	// a language; Href the site path of an IRI; Date reads a date.
	Pages    func() []string
	LangPath func(lang, path string) string
	Href     func(iri string) string
	Date     func(terms []rdf.Term) time.Time
	// Chantiers lists the public chantiers; Lookup the objects of (s, p);
	// Reserved reports whether a graph is one of ruche's own (not a graph
	// of one's own, whose licence its writer stated).
	Chantiers func(ctx context.Context, snap *store.Snapshot) []string
	Lookup    func(ctx context.Context, snap *store.Snapshot, s rdf.Term, p string) []rdf.Term
	Reserved  func(graph rdf.Term) bool
	// LDES is the event stream's storage and formats.
	LDES LDES
}
