package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// The event stream (LDES 2.0 / TREE) publishes versions of the public
// chantier aggregates. Each version is a member: an IRI
// {chantier}/versions/{yyyymmddThhmmssZ} whose quads (the chantier's own
// public triples, its subject replaced by the version IRI, plus short
// summaries of its objectives, deliverables, legacies and support needs;
// never persons or participations) sit in the Archive space, in the named
// graph of the member IRI, so they never appear in SPARQL or in the dumps.
//
// Members are numbered in the order they were recorded; timestamps never go
// back. Page n (from 1) holds members (n-1)·100 … n·100-1, so the meta key
// of a member, ldes/m/{seq:%012d}, starts with the page's prefix and a page
// is one prefix scan. A full page links to the next with a
// tree:GreaterThanOrEqualToRelation on dcterms:created whose value is its
// own last timestamp; it never changes again and is served as immutable.
//
// Seeding: the first request to /ldes or a page records a first version of
// every public chantier that has none yet (lazily, once, marked by the meta
// key ldes/seeded). The write API calls recordVersions after each write
// touching a chantier; a call that finds a chantier unchanged since its
// last version mints nothing.
const (
	ldesPageSize   = 100 // must be a power of ten (page prefixes)
	ldesPageDigits = 10  // 12 sequence digits minus log10(ldesPageSize)

	metaLDESMember = "ldes/m/"    // + seq %012d → memberEntry JSON
	metaLDESCount  = "ldes/count" // number of members
	metaLDESLastTS = "ldes/lastts"
	metaLDESLast   = "ldes/last/" // + chantier IRI → lastVersion JSON
	metaLDESSeeded = "ldes/seeded"

	ldesStamp = "20060102T150405Z"
)

// memberEntry indexes one member.
type memberEntry struct {
	Member  string `json:"member"`
	Of      string `json:"of"`
	Created string `json:"created"` // RFC 3339, UTC, seconds
}

// lastVersion is the latest version of one chantier.
type lastVersion struct {
	Member  string `json:"member"`
	Hash    string `json:"hash"`
	Deleted bool   `json:"deleted,omitempty"`
}

// Predicates summarised for the dependents of a chantier in a version.
var (
	versionDependents = []string{vocab.RadnObjectiveProp, vocab.RadnDeliverableProp, vocab.RadnHasLegacy, vocab.RadnSupportNeedProp}
	dependentSummary  = []string{rdf.RDFType, schemaNS + "name", skosNS + "prefLabel", rdfsLabel, vocab.RadnStatus, schemaNS + "description"}
)

// ldesIRI is the event stream; it is also the root document's URL.
func (s *Server) ldesIRI() string { return s.cfg.Base + "ldes" }

func (s *Server) ldesPageIRI(n int) string { return s.cfg.Base + "ldes/pages/" + strconv.Itoa(n) }

// ldesStreamTriples describe the event stream.
func (s *Server) ldesStreamTriples(g *graphBuilder) {
	stream := s.ldesIRI()
	g.iri(stream, rdf.RDFType, ldesNS+"EventStream")
	g.iri(stream, ldesNS+"timestampPath", dctermsNS+"created")
	g.iri(stream, ldesNS+"versionOfPath", dctermsNS+"isVersionOf")
	g.iri(stream, ldesNS+"versionDeleteObject", asNS+"Delete")
	g.add(rdf.IRI(stream), ldesNS+"pollingInterval", xsdInt(60))
	g.iri(stream, treeNS+"view", s.ldesPageIRI(1))
	g.iri(stream, dctermsNS+"isPartOf", s.datasetIRI())
}

// getLDESRoot serves /ldes: the event stream and its view.
func (s *Server) getLDESRoot(c *gin.Context) error {
	ctx := c.Request.Context()
	if err := s.seedLDES(ctx); err != nil {
		return err
	}
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	f, err := chooseFormat(c.GetHeader("Accept"), ldesFormats)
	if err != nil {
		return err
	}
	version := snap.Version()
	doc, err := s.docs.get(cacheKey("ldes|root|", f.name, "|", version), func() (*rendered, error) {
		var g graphBuilder
		s.ldesStreamTriples(&g)
		g.iri(s.ldesPageIRI(1), rdf.RDFType, treeNS+"Node")
		body, err := renderQuads(f, g.quads, "", ldesContext)
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	s.describedBy(c, f)
	return sendDocument(c, doc, f.mediaType, "", "public, max-age=60")
}

// getLDESPage serves /ldes/pages/{n}.
func (s *Server) getLDESPage(c *gin.Context) error {
	n, err := strconv.Atoi(c.Param("page"))
	if err != nil || n < 1 || n > 1<<30 {
		return notFound("no event stream page " + c.Param("page"))
	}
	ctx := c.Request.Context()
	if err := s.seedLDES(ctx); err != nil {
		return err
	}
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	f, err := chooseFormat(c.GetHeader("Accept"), ldesFormats)
	if err != nil {
		return err
	}
	version := snap.Version()
	full := false
	doc, err := s.docs.get(cacheKey("ldes|page|", n, "|", f.name, "|", version), func() (*rendered, error) {
		quads, isFull, err := s.ldesPage(ctx, snap, n)
		if err != nil {
			return nil, err
		}
		full = isFull
		body, err := renderQuads(f, quads, "", ldesContext)
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	total, err := metaInt(snap, metaLDESCount)
	if err != nil {
		return err
	}
	full = full || total >= n*ldesPageSize
	cache := "public, max-age=60"
	if full {
		cache = "public, max-age=31536000, immutable"
	}
	s.describedBy(c, f)
	return sendDocument(c, doc, f.mediaType, "", cache)
}

// ldesPage builds page n: the node, its relation to the next page when
// full, the stream's tree:member links and the members' quads.
func (s *Server) ldesPage(ctx context.Context, snap *store.Snapshot, n int) ([]rdf.Quad, bool, error) {
	total, err := metaInt(snap, metaLDESCount)
	if err != nil {
		return nil, false, err
	}
	if n > 1 && (n-1)*ldesPageSize >= total {
		return nil, false, notFound(fmt.Sprintf("no event stream page %d", n))
	}
	var entries []memberEntry
	prefix := fmt.Sprintf("%s%0*d", metaLDESMember, ldesPageDigits, n-1)
	for e, err := range snap.ScanMeta(ctx, prefix) {
		if err != nil {
			return nil, false, err
		}
		var m memberEntry
		if err := json.Unmarshal(e.Value, &m); err != nil {
			return nil, false, fmt.Errorf("ldes: member entry %s: %w", e.Key, err)
		}
		entries = append(entries, m)
	}
	full := len(entries) >= ldesPageSize
	page := s.ldesPageIRI(n)
	var g graphBuilder
	s.ldesStreamTriples(&g)
	g.iri(page, rdf.RDFType, treeNS+"Node")
	if full {
		g.add(rdf.IRI(page), ldesNS+"immutable", rdf.Literal("true", xsdNS+"boolean"))
		rel := rdf.Blank("next")
		g.add(rdf.IRI(page), treeNS+"relation", rel)
		g.add(rel, rdf.RDFType, rdf.IRI(treeNS+"GreaterThanOrEqualToRelation"))
		g.add(rel, treeNS+"path", rdf.IRI(dctermsNS+"created"))
		g.add(rel, treeNS+"value", xsdDateTime(entries[len(entries)-1].Created))
		g.add(rel, treeNS+"node", rdf.IRI(s.ldesPageIRI(n+1)))
	}
	arc := snap.In(store.Archive)
	for _, e := range entries {
		g.iri(s.ldesIRI(), treeNS+"member", e.Member)
		for q, err := range arc.Match(ctx, store.Pattern{G: rdf.IRI(e.Member)}) {
			if err != nil {
				return nil, false, err
			}
			g.quads = append(g.quads, q)
		}
	}
	return g.quads, full, nil
}
