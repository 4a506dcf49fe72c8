package harvest

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// LDES is what the event stream door needs of api: the seeding of the
// stream (its storage, the ldes/ meta keys, is package records') and api's
// formats.
type LDES struct {
	// Seed records the first versions if that was not done yet.
	Seed func(ctx context.Context) error
	// Format picks the format of a document of the stream by the Accept
	// header; DescribedBy links a response to the dataset description.
	Format      func(accept string) (Format, error)
	DescribedBy func(c *gin.Context)
}

// Format is a format of a generated document: its name (in cache keys),
// its media type, and how it renders quads.
type Format struct {
	Name, MediaType string
	Render          func(quads []rdf.Quad) ([]byte, error)
}

// ldesIRI is the event stream; it is also the root document's URL.
func (s *Door) ldesIRI() string { return s.Base + "ldes" }

func (s *Door) ldesPageIRI(n int) string { return s.Base + "ldes/pages/" + strconv.Itoa(n) }

// ldesStreamTriples describe the event stream.
func (s *Door) ldesStreamTriples(g *door.Graph) {
	stream := s.ldesIRI()
	g.IRI(stream, rdf.RDFType, vocab.LDESNS+"EventStream")
	g.IRI(stream, vocab.LDESNS+"timestampPath", vocab.DCTermsNS+"created")
	g.IRI(stream, vocab.LDESNS+"versionOfPath", vocab.DCTermsNS+"isVersionOf")
	g.IRI(stream, vocab.LDESNS+"versionDeleteObject", vocab.ASNS+"Delete")
	g.Add(rdf.IRI(stream), vocab.LDESNS+"pollingInterval", door.Integer(60))
	g.IRI(stream, vocab.TreeNS+"view", s.ldesPageIRI(1))
	g.IRI(stream, vocab.DCTermsNS+"isPartOf", s.Dataset)
}

// openStream seeds the stream if it is new, then opens a snapshot and
// picks the format the request accepts.
func (s *Door) openStream(c *gin.Context) (*store.Snapshot, Format, error) {
	if err := s.LDES.Seed(c.Request.Context()); err != nil {
		return nil, Format{}, err
	}
	f, err := s.LDES.Format(c.GetHeader("Accept"))
	if err != nil {
		return nil, Format{}, err
	}
	snap, err := s.Snapshot()
	return snap, f, err
}

// LDESRoot serves /ldes: the event stream and its view.
func (s *Door) LDESRoot(c *gin.Context) error {
	snap, f, err := s.openStream(c)
	if err != nil {
		return err
	}
	defer snap.Close()
	version := snap.Version()
	doc, err := s.Documents.Get(fmt.Sprint("ldes|root|", f.Name, "|", version), func() (door.Document, error) {
		var g door.Graph
		s.ldesStreamTriples(&g)
		g.IRI(s.ldesPageIRI(1), rdf.RDFType, vocab.TreeNS+"Node")
		body, err := f.Render(g.Quads)
		if err != nil {
			return nil, err
		}
		return s.Documents.New(body, s.Modified(version)), nil
	})
	if err != nil {
		return err
	}
	s.LDES.DescribedBy(c)
	return s.Documents.Send(c, doc, f.MediaType, "", "public, max-age=60")
}

// LDESPage serves /ldes/pages/{n}.
func (s *Door) LDESPage(c *gin.Context) error {
	n, err := strconv.Atoi(c.Param("page"))
	if err != nil || n < 1 || n > 1<<30 {
		return door.NotFound("no event stream page " + c.Param("page"))
	}
	ctx := c.Request.Context()
	snap, f, err := s.openStream(c)
	if err != nil {
		return err
	}
	defer snap.Close()
	version := snap.Version()
	full := false
	doc, err := s.Documents.Get(fmt.Sprint("ldes|page|", n, "|", f.Name, "|", version), func() (door.Document, error) {
		quads, isFull, err := s.ldesPage(ctx, snap, n)
		if err != nil {
			return nil, err
		}
		full = isFull
		body, err := f.Render(quads)
		if err != nil {
			return nil, err
		}
		return s.Documents.New(body, s.Modified(version)), nil
	})
	if err != nil {
		return err
	}
	total, err := records.MemberCount(snap)
	if err != nil {
		return err
	}
	full = full || total >= n*records.LDESPageSize
	cache := "public, max-age=60"
	if full {
		cache = "public, max-age=31536000, immutable"
	}
	s.LDES.DescribedBy(c)
	return s.Documents.Send(c, doc, f.MediaType, "", cache)
}

// ldesPage builds page n: the node, its relation to the next page when
// full, the stream's tree:member links and the members' quads.
func (s *Door) ldesPage(ctx context.Context, snap *store.Snapshot, n int) ([]rdf.Quad, bool, error) {
	total, err := records.MemberCount(snap)
	if err != nil {
		return nil, false, err
	}
	if n > 1 && (n-1)*records.LDESPageSize >= total {
		return nil, false, door.NotFound(fmt.Sprintf("no event stream page %d", n))
	}
	entries, err := records.Members(ctx, snap, n)
	if err != nil {
		return nil, false, err
	}
	full := len(entries) >= records.LDESPageSize
	page := s.ldesPageIRI(n)
	var g door.Graph
	s.ldesStreamTriples(&g)
	g.IRI(page, rdf.RDFType, vocab.TreeNS+"Node")
	if full {
		g.Add(rdf.IRI(page), vocab.LDESNS+"immutable", rdf.Literal("true", vocab.XSDNS+"boolean"))
		rel := rdf.Blank("next")
		g.Add(rdf.IRI(page), vocab.TreeNS+"relation", rel)
		g.Add(rel, rdf.RDFType, rdf.IRI(vocab.TreeNS+"GreaterThanOrEqualToRelation"))
		g.Add(rel, vocab.TreeNS+"path", rdf.IRI(vocab.DCTermsNS+"created"))
		g.Add(rel, vocab.TreeNS+"value", door.DateTime(entries[len(entries)-1].Created))
		g.Add(rel, vocab.TreeNS+"node", rdf.IRI(s.ldesPageIRI(n+1)))
	}
	arc := snap.In(store.Archive)
	for _, e := range entries {
		g.IRI(s.ldesIRI(), vocab.TreeNS+"member", e.Member)
		for q, err := range arc.Match(ctx, store.Pattern{G: rdf.IRI(e.Member)}) {
			if err != nil {
				return nil, false, err
			}
			g.Quads = append(g.Quads, q)
		}
	}
	return g.Quads, full, nil
}
