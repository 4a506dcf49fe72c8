package api

import (
	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/openapi"
	"github.com/ruche-lod/ruche/api/searchdoor"
	"github.com/ruche-lod/ruche/vocab"
)

// The OpenAPI 3.1 description is built by api/openapi from vocab.Kinds, the
// listed collections and the format table; this file gives it what it
// needs from the server and serves it at /openapi.json.
// TestOpenAPIMatchesRoutes keeps the description and the route table
// equal: every route is described and every described operation is routed.

// openAPISite is what the description needs from the server: its base,
// the media types of its doors, its listed collections and the operations
// of its other doors.
func (s *Server) openAPISite() openapi.Site {
	site := openapi.Site{
		Base: s.cfg.Base,
		Media: openapi.Media{
			RDFPage:  offersOf(rdfDocFormats),
			SiteDesc: offersOf(homeFormats),
			Coll:     offersOf(collectionFormats),
			VoID:     offersOf(voidFormats),
			LDES:     offersOf(ldesFormats),
			SPARQL:   offersOf(append(append(append([]docFormat{}, selectFormats...), graphFormats...), fmtHTML)),
		},
		PageSize: defaultPageSize, MaxPageSize: maxPageSize,
	}
	for _, d := range collections {
		list := openapi.List{Path: d.path, Title: d.title}
		if d.writes != "" {
			list.Kind = vocab.KindOf("", d.writes)
		}
		site.Lists = append(site.Lists, list)
	}
	site.Extra = searchdoor.Ops()
	return site
}

// getOpenAPI serves the description, built once per server.
func (s *Server) getOpenAPI(c *gin.Context) error {
	doc, err := s.docs.get("openapi|"+s.cfg.Base, func() (*rendered, error) {
		d, err := openapi.Document(s.openAPISite())
		if err != nil {
			return nil, err
		}
		body, err := marshalJSON(d)
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.started), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, "application/json", "", "public, max-age=3600")
}
