package api

// The dataset description (package harvest builds it): its handler and its
// page; and the pages of resources in a language.

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/harvest"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// Licences of the dataset's subsets.
const (
	licenceCC0      = harvest.LicenceCC0
	licenceByNcSa40 = harvest.LicenceByNcSa40
)

func itoa(n int) string { return strconv.Itoa(n) }

// getVoID serves the dataset description at /.well-known/void and the
// dataset landing page /donnees (same description, HTML for browsers).
func (s *Server) getVoID(c *gin.Context) error {
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	_, f, explicit, err := pickFormat(c, c.Request.URL.Path, voidFormats)
	if err != nil {
		return err
	}
	lang := ""
	if f == fmtHTML {
		lang = pageLang(c)
	}
	version := snap.Version()
	ctx := c.Request.Context()
	doc, err := s.docs.get(cacheKey("void|", f.name, "|", lang, "|", version), func() (*rendered, error) {
		quads, err := s.harvest.VoID(ctx, snap)
		if err != nil {
			return nil, err
		}
		var body []byte
		if f == fmtHTML {
			body, err = s.renderDatasetPage(ctx, snap, quads, lang)
		} else {
			body, err = renderQuads(f, quads, s.datasetIRI(), prefixContext)
		}
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	// Content-Location names the format-specific URL under /.well-known/.
	return sendNegotiated(c, doc, f, "/.well-known/void", explicit, "public, max-age=3600")
}

// renderDatasetPage renders /donnees: the dataset description as a
// resource page, with schema:Dataset page-profile JSON-LD.
func (s *Server) renderDatasetPage(ctx context.Context, snap *store.Snapshot, quads []rdf.Quad, lang string) ([]byte, error) {
	jsonld, err := s.harvest.DatasetJSONLD(quads, lang, newLabeler(ctx, snap, lang).labelOr(s.networkIRI()))
	if err != nil {
		return nil, err
	}
	return s.renderDatasetArticle(ctx, snap, quads, lang, jsonld)
}

// getEnglishResource serves the HTML page of a resource in the language its
// prefix names (/en/id/…, /fr/id/…, /en/concept/…, …).
func (s *Server) getEnglishResource(c *gin.Context) error {
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	lang := pageLang(c)
	path := strings.TrimSuffix(c.Request.URL.Path[len("/"+lang):], fmtHTML.ext)
	iri := s.iriOf(path)
	version := snap.Version()
	ctx := c.Request.Context()
	doc, err := s.docs.get(cacheKey(iri, "|html|", lang, "|", version), func() (*rendered, error) {
		quads, err := resourceQuads(ctx, snap, iri)
		if err != nil {
			return nil, err
		}
		body, err := s.renderResourceHTML(ctx, snap, iri, triplesOf(quads), lang)
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, fmtHTML.mediaType, "", "")
}
