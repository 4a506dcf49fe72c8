package api

import (
	"context"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/harvest"
	"github.com/ruche-lod/ruche/api/partner"
	"github.com/ruche-lod/ruche/api/reconcile"
	"github.com/ruche-lod/ruche/api/searchdoor"
	"github.com/ruche-lod/ruche/api/sparqlhttp"
	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// sparqlFormat picks the format of a result: the format= parameter when it
// names one of the offered formats (by name, alias or media type), the
// Accept header otherwise; an unknown format= falls back to Accept.
func sparqlFormat(accept, format string, formats []docFormat) (docFormat, error) {
	if f, ok := formatByName(format, formats); ok && format != "" {
		return f, nil
	}
	return chooseFormat(accept, formats)
}

// wantsHTML reports whether a browser asked for a page rather than data:
// no format= naming a data format, and text/html preferred to every result
// format.
func wantsHTML(accept, format string) bool {
	if _, ok := formatByName(format, selectFormats); ok {
		return false
	}
	if _, ok := formatByName(format, graphFormats); ok {
		return false
	}
	f, err := chooseFormat(accept, append([]docFormat{fmtHTML}, selectFormats...))
	return err == nil && f == fmtHTML && strings.Contains(accept, "text/html")
}

func (s *Server) limits() sparql.Limits {
	return sparql.Limits{MaxResults: s.cfg.MaxResults, MaxMemoryRows: s.cfg.MaxMemoryRows, MaxMemoryBytes: s.cfg.MaxMemoryBytes}
}

// newSPARQLDoor wires package sparqlhttp (the SPARQL protocol's queries)
// to the server: its store, limits, formats, pages and metrics.
func (s *Server) newSPARQLDoor() *sparqlhttp.Door {
	asFormat := func(f docFormat) sparqlhttp.Format {
		return sparqlhttp.Format{Name: f.name, MediaType: f.mediaType, RDF: f.rdf, Results: f.results}
	}
	return &sparqlhttp.Door{
		Base: s.cfg.Base, Store: s.ready, Log: s.log,
		Limits: s.limits(), Timeout: s.cfg.QueryTimeout, MaxQueryBytes: s.cfg.MaxQueryBytes, MaxResultBytes: s.cfg.MaxResultBytes,
		Budget: s.budget, Slots: s.querySlots, Prefixes: turtlePrefixes,
		Choose: func(accept, param string, graph bool) (sparqlhttp.Format, error) {
			formats := selectFormats
			if graph {
				formats = graphFormats
			}
			f, err := sparqlFormat(accept, param, formats)
			return asFormat(f), err
		},
		GraphOffers: offersOf(graphFormats),
		WantsHTML:   wantsHTML,
		Web:         s.web, Lang: pageLang, Translations: s.translations,
		Describe: s.serviceDescription, Update: s.sparqlUpdate,
		Reject:  s.reject,
		IsLimit: func(err error) bool { _, ok := limitProblem(err); return ok },
		Counted: func(form string) { s.metrics.queries.WithLabelValues(form).Inc() },
	}
}

// door adapts the handler of a door: its errors pass through doorProblem,
// then handler.
func (s *Server) door(fn func(*gin.Context) error) gin.HandlerFunc {
	return s.handler(func(c *gin.Context) error { return doorProblem(fn(c)) })
}

// newDoors builds the doors below api.
func (s *Server) newDoors() {
	s.sparql = s.newSPARQLDoor()
	s.harvest = &harvest.Door{
		Base: s.cfg.Base, Snapshot: s.snapshot, Modified: s.clock.at,
		Documents: documents{s.docs}, Started: func() time.Time { return s.started },
		Pages: s.sitemapPages, LangPath: langPath, Href: s.hrefOf, Date: dateOf,
		Dataset:   s.datasetIRI(),
		Chantiers: func(ctx context.Context, snap *store.Snapshot) []string { return chantierIRIs(ctx, snap) },
		Lookup:    lookup,
		Reserved:  func(g rdf.Term) bool { return s.UpdateCore().Reserved(g) },
		LDES: harvest.LDES{
			Seed: s.seedLDES,
			Format: func(accept string) (harvest.Format, error) {
				f, err := chooseFormat(accept, ldesFormats)
				return harvest.Format{Name: f.name, MediaType: f.mediaType, Render: func(quads []rdf.Quad) ([]byte, error) {
					return renderQuads(f, quads, "", ldesContext)
				}}, err
			},
			DescribedBy: func(c *gin.Context) { s.describedBy(c, fmtTurtle) }, // every format of the stream is RDF
		},
	}
	s.partner = &partner.Door{
		Base: s.cfg.Base, Snapshot: s.snapshot, Documents: documents{s.docs},
		Modified: s.clock.at, Started: func() time.Time { return s.started },
		StripFormat: func(path string) string {
			path, _, _ = formatFromPath(path, rdfDocFormats)
			return path
		},
		IntParam: intParam,
		Exists:   func(ctx context.Context, snap *store.Snapshot, iri string) bool { return exists(ctx, snap, iri) },
		HasType: func(ctx context.Context, snap *store.Snapshot, iri, class string) bool {
			return hasType(ctx, snap, iri, class)
		},
		Label: labelsIn,
	}
	s.search = &searchdoor.Door{
		Base: s.cfg.Base, Log: s.log, Dir: s.cfg.SearchDir,
		Timeout: s.cfg.QueryTimeout, Budget: s.budget, Reject: s.reject, Snapshot: s.snapshot,
		Choose: func(accept string) (string, bool, error) {
			f, err := chooseFormat(accept, searchFormats)
			return f.mediaType, f == fmtHTML, err
		},
		Web:   s.web,
		Label: labelsIn,
		Subjects: func(ctx context.Context, snap *store.Snapshot, p string, o rdf.Term) []rdf.Term {
			return distinctSubjects(ctx, snap, p, o)
		},
		Compare: compareFold, Href: s.pageHref,
		IntParam: intParam, PageSize: defaultPageSize, MaxPageSize: maxPageSize,
		MarshalJSON: marshalJSON,
	}
	s.search.Reconciler = reconcile.New(reconcile.Config{
		Base: s.cfg.Base, Path: "/reconcile", MaxBatch: s.cfg.ReconcileBatch, Timeout: s.cfg.QueryTimeout, MaxBody: s.cfg.MaxBodyBytes,
	}, s.search.Ready)
}

// sitemapPages are the pages the sitemap lists before the resources: home,
// dataset, collections.
func (s *Server) sitemapPages() []string {
	pages := []string{"/", "/donnees"}
	for _, d := range collections {
		pages = append(pages, d.path)
	}
	return pages
}

// labelsIn names IRIs in a language (labeler.labelOr).
func labelsIn(ctx context.Context, snap *store.Snapshot, lang string) func(string) string {
	return newLabeler(ctx, snap, lang).labelOr
}

// searchFormats: the search page, or its results in JSON-LD.
var searchFormats = []docFormat{fmtHTML, fmtJSONLD}

// reject answers at once with the problem of err.
func (s *Server) reject(c *gin.Context, err error) { writeProblem(c, asProblem(doorProblem(err))) }

// documents lends the doors the cache of rendered documents (document.go)
// as a door.Documents.
type documents struct{ dc *docCache }

func (r *rendered) Body() []byte { return r.body }

func (d documents) New(body []byte, modified time.Time) door.Document {
	return newRendered(body, modified)
}

func (d documents) Get(key string, render func() (door.Document, error)) (door.Document, error) {
	return d.dc.get(key, func() (*rendered, error) {
		doc, err := render()
		if err != nil {
			return nil, err
		}
		return doc.(*rendered), nil
	})
}

func (d documents) Put(key string, body []byte, modified time.Time) {
	d.dc.lru.Add(key, newRendered(body, modified))
}

func (d documents) Cached(key string) (door.Document, bool) {
	r, ok := d.dc.lru.Get(key)
	if !ok {
		return nil, false
	}
	return r, true
}

func (d documents) Send(c *gin.Context, doc door.Document, mediaType, contentLocation, cacheControl string) error {
	return sendDocument(c, doc.(*rendered), mediaType, contentLocation, cacheControl)
}
