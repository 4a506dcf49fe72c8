package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// getVocab serves the ruche vocabulary directly (200, never a redirect),
// as Turtle, JSON-LD or N-Triples by Accept or by extension.
func (s *Server) getVocab(c *gin.Context) error {
	_, f, explicit := formatFromPath(c.Request.URL.Path, vocabFormats)
	if !explicit {
		var err error
		if f, err = chooseFormat(c.GetHeader("Accept"), vocabFormats); err != nil {
			return err
		}
	}
	doc, err := s.docs.get(cacheKey("vocab|", f.name), func() (*rendered, error) {
		var body []byte
		switch f {
		case fmtTurtle:
			body = vocab.VocabularyTurtle()
		default:
			quads, err := vocab.Vocabulary()
			if err != nil {
				return nil, err
			}
			if f == fmtJSONLD {
				ontology := strings.TrimSuffix(vocab.RadnNS, "#")
				body, err = s.renderJSONLDGraph(ontology, quads)
			} else {
				body, err = renderRDF(f, sortForSubject(quads, ""))
			}
			if err != nil {
				return nil, err
			}
		}
		return newRendered(body, s.started), nil
	})
	if err != nil {
		return err
	}
	location := ""
	if !explicit {
		location = "/vocab" + f.ext
	}
	return sendDocument(c, doc, f.mediaType, location, "public, max-age=3600")
}

// renderJSONLDGraph compacts a whole graph (not framed on one node).
func (s *Server) renderJSONLDGraph(_ string, quads []rdf.Quad) ([]byte, error) {
	doc, err := rdfio.CompactJSONLD(quads, map[string]any{"@context": s.apiContext}, s.contextIRI)
	if err != nil {
		return nil, err
	}
	return marshalJSON(doc)
}

// getContext serves the API JSON-LD context at its versioned IRI; a
// published version never changes, so it is cached as immutable.
func (s *Server) getContext(c *gin.Context) error {
	version := strings.TrimSuffix(c.Param("version"), ".jsonld")
	if version != vocab.ContextVersion {
		return notFound("no JSON-LD context version " + version)
	}
	doc, err := s.docs.get("context|"+version, func() (*rendered, error) {
		return newRendered(vocab.ContextDocument(s.cfg.Base), s.started), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, "application/ld+json", "", "public, max-age=31536000, immutable")
}
