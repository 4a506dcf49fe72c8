package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
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

// versionClock dates data versions for Last-Modified: the time this
// process first saw each version, in whole seconds (HTTP dates have no
// finer resolution), and strictly later than every older version's date.
// Two versions seen within the same second would otherwise share a
// Last-Modified, and a client revalidating with If-Modified-Since would get
// 304 for a page that changed, keeping, say, the name of a person who has
// since withdrawn their consent. A burst of writes can push the dates a few
// seconds ahead of the clock; they never go back.
type versionClock struct {
	mu     sync.Mutex
	times  map[uint64]time.Time
	newest uint64    // the highest version dated
	last   time.Time // its date
	// source, when set, gives the time recorded in the data for a version
	// (UseCommitTimes in replication.go); those stamps are already whole
	// seconds, strictly later than the version before (store.StampCommits).
	source func(version uint64) (time.Time, bool)
}

func (vc *versionClock) at(version uint64) time.Time {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if vc.times == nil {
		vc.times = map[uint64]time.Time{}
	}
	t, ok := vc.times[version]
	if ok {
		return t
	}
	if vc.source != nil {
		if t, ok := vc.source(version); ok {
			if len(vc.times) > 1024 {
				clear(vc.times)
			}
			vc.times[version] = t
			return t
		}
	}
	if len(vc.times) > 1024 {
		clear(vc.times)
	}
	now := time.Now().UTC().Truncate(time.Second)
	switch {
	case vc.last.IsZero() || version > vc.newest:
		t = now
		if !vc.last.IsZero() && !t.After(vc.last) {
			t = vc.last.Add(time.Second)
		}
		vc.newest, vc.last = version, t
	default:
		// An older version seen late (a long-lived snapshot): it changed
		// before the newest one, so it is dated before it.
		t = vc.last.Add(-time.Second)
	}
	vc.times[version] = t
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
	if list := listedCollection(resPath); list != "" {
		// The write collection /id/chantiers is listed at /chantiers.
		c.Redirect(http.StatusSeeOther, list)
		return nil
	}
	iri := s.iriOf(resPath)
	if done, err := s.privateRead(c, st, iri, f); done || err != nil {
		return err
	}
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

// renderDocument serialises a resource's quads in format f. The document
// is the description of the resource: its triples, in the default graph of
// every RDF format (N-Quads and TriG included), so that every format
// carries the same graph and a Linked Data client querying the default
// graph (Comunica) finds them.
func (s *Server) renderDocument(ctx context.Context, snap *store.Snapshot, iri string, quads []rdf.Quad, f docFormat, lang string) ([]byte, error) {
	switch {
	case f == fmtHTML:
		return s.renderResourceHTML(ctx, snap, iri, triplesOf(quads), lang)
	case f == fmtJSONLD:
		return s.renderJSONLD(iri, triplesOf(quads))
	case f.rdf != rdfio.FormatUnknown:
		return renderRDF(f, sortForSubject(triplesOf(quads), iri))
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

// renderRDF writes quads in an RDF format of the table with the rdfio
// encoders and the document prefixes.
func renderRDF(f docFormat, quads []rdf.Quad) ([]byte, error) {
	return encodeRDF(f, quads, turtlePrefixes)
}

// encodeRDF is the one render path of the non-JSON-LD RDF formats. Quads
// that the format cannot write (RDF/XML and a predicate with no NCName
// end) make a 406 naming the door's other formats rather than a broken
// document.
func encodeRDF(f docFormat, quads []rdf.Quad, prefixes map[string]string) ([]byte, error) {
	var buf bytes.Buffer
	enc, err := rdfio.NewEncoder(f.rdf, &buf, rdfio.EncodeOptions{Prefixes: prefixes})
	if err != nil {
		return nil, err
	}
	for _, q := range quads {
		if err := enc.Encode(q); err != nil {
			if errors.Is(err, rdfio.ErrNotRepresentable) {
				var others []docFormat
				for _, g := range graphFormats {
					if g != f {
						others = append(others, g)
					}
				}
				p := notAcceptable(offersOf(others))
				p.Detail = err.Error() + "; ask for another format"
				return nil, p
			}
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
