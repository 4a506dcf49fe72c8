package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/negotiate"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// turtlePrefixes are the namespaces abbreviated in Turtle documents.
var turtlePrefixes = vocab.Prefixes()

// Meta key prefix of withdrawn resources: their IRIs answer 410.
const metaGone = "gone/"

// versionClock remembers when this process first saw each data version; it
// dates documents for Last-Modified.
type versionClock struct {
	mu    sync.Mutex
	times map[uint64]time.Time
	// source, when set, gives the time recorded in the data for a version
	// (UseCommitTimes in replication.go).
	source func(version uint64) (time.Time, bool)
}

func (vc *versionClock) at(version uint64) time.Time {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if vc.times == nil {
		vc.times = map[uint64]time.Time{}
	}
	t, ok := vc.times[version]
	if !ok {
		if len(vc.times) > 1024 {
			clear(vc.times)
		}
		if vc.source != nil {
			t, ok = vc.source(version)
		}
		if !ok {
			t = time.Now()
		}
		vc.times[version] = t
	}
	return t
}

// getResource serves the document of any resource IRI under the base, in
// the negotiated format, or in the format its extension names.
func (s *Server) getResource(c *gin.Context) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	resPath, f, explicit := formatFromPath(c.Request.URL.Path, rdfDocFormats)
	if !explicit {
		if f, err = chooseFormat(c.GetHeader("Accept"), rdfDocFormats); err != nil {
			return err
		}
	}
	iri := s.iriOf(resPath)
	lang := ""
	if f == fmtHTML {
		lang = negotiate.Language(c.GetHeader("Accept-Language"), []string{"fr", "en"})
	}
	snap := st.Snapshot()
	defer snap.Close()
	version := snap.Version()
	ctx := c.Request.Context()
	doc, err := s.docs.get(cacheKey(iri, "|", f.name, "|", lang, "|", version), func() (*rendered, error) {
		quads, err := resourceQuads(ctx, snap, iri)
		if err != nil {
			return nil, err
		}
		body, err := s.renderDocument(ctx, snap, iri, quads, f, lang)
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	location := ""
	if !explicit {
		location = resPath + f.ext
	}
	return sendDocument(c, doc, f.mediaType, location, "")
}

// iriOf maps a request path to the IRI it names under the base.
func (s *Server) iriOf(path string) string {
	return s.cfg.Base + strings.TrimPrefix(path, "/")
}

// renderDocument serialises a resource's quads in format f.
func (s *Server) renderDocument(ctx context.Context, snap *store.Snapshot, iri string, quads []rdf.Quad, f docFormat, lang string) ([]byte, error) {
	switch f {
	case fmtJSONLD:
		return s.renderJSONLD(iri, triplesOf(quads))
	case fmtTurtle:
		return renderRDF(rdfio.Turtle, sortForSubject(triplesOf(quads), iri))
	case fmtNTriples:
		return renderRDF(rdfio.NTriples, sortForSubject(triplesOf(quads), iri))
	case fmtNQuads:
		return renderRDF(rdfio.NQuads, sortForSubject(quads, iri))
	case fmtHTML:
		return s.renderResourceHTML(ctx, snap, iri, triplesOf(quads), lang)
	}
	return nil, notAcceptable(offersOf(rdfDocFormats))
}

// renderJSONLD frames the triples around iri with the API context, named by
// its IRI under the base.
func (s *Server) renderJSONLD(iri string, triples []rdf.Quad) ([]byte, error) {
	frame := map[string]any{"@context": s.apiContext, "@id": iri}
	doc, err := rdfio.FrameJSONLD(triples, frame, rdfio.FrameOptions{ContextIRI: s.contextIRI})
	if err != nil {
		return nil, fmt.Errorf("json-ld of %s: %w", iri, err)
	}
	return marshalJSON(doc)
}

// marshalJSON writes v as indented JSON without HTML escaping (documents are
// served as JSON, not embedded in HTML), with a final newline.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderRDF writes quads with one of the rdfio encoders.
func renderRDF(f rdfio.Format, quads []rdf.Quad) ([]byte, error) {
	var buf bytes.Buffer
	enc, err := rdfio.NewEncoder(f, &buf, rdfio.EncodeOptions{Prefixes: turtlePrefixes})
	if err != nil {
		return nil, err
	}
	for _, q := range quads {
		if err := enc.Encode(q); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sortForSubject orders quads deterministically: the main resource's first,
// then by subject, predicate, object and graph.
func sortForSubject(quads []rdf.Quad, iri string) []rdf.Quad {
	main := rdf.IRI(iri)
	out := slices.Clone(quads)
	slices.SortFunc(out, func(a, b rdf.Quad) int {
		am, bm := a.S == main, b.S == main
		switch {
		case am && !bm:
			return -1
		case bm && !am:
			return 1
		}
		if c := rdf.Compare(a.S, b.S); c != 0 {
			return c
		}
		if c := rdf.Compare(a.P, b.P); c != 0 {
			return c
		}
		if c := rdf.Compare(a.O, b.O); c != 0 {
			return c
		}
		return rdf.Compare(a.G, b.G)
	})
	return out
}

// rdfRDFFormat maps a document format to its rdfio syntax.
func rdfRDFFormat(f docFormat) rdfio.Format {
	switch f {
	case fmtJSONLD:
		return rdfio.JSONLD
	case fmtTurtle:
		return rdfio.Turtle
	case fmtNQuads:
		return rdfio.NQuads
	default:
		return rdfio.NTriples
	}
}
