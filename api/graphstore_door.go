package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/store"
)

// graphStoreWiring is what package graphstore (SPARQL Update and the Graph
// Store Protocol) takes from the server: its store, event stream, limits
// and search index.
func (s *Server) graphStoreWiring() *graphstore.Wiring {
	return &graphstore.Wiring{
		Base:       s.cfg.Base,
		Store:      s.ready,
		Versions:   s.recordVersions,
		Limits:     s.limits(),
		MaxBytes:   s.cfg.MaxUpdateBytes,
		MaxTriples: s.cfg.MaxUpdateTriples,
		Timeout:    s.cfg.QueryTimeout,
		Reindex:    s.reindexUpdate,
	}
}

// graphStoreDoor is the door of one request, authenticated by the
// server's tokens (coordination only).
func (s *Server) graphStoreDoor(c *gin.Context) *graphstore.Door {
	return s.graphStoreWiring().Door(c.Request.Context(), func(w http.ResponseWriter, r *http.Request, st *store.Store) (graphstore.Actor, error) {
		who, err := s.authenticateThrottled(c, st)
		if err != nil {
			return graphstore.Actor{}, err
		}
		if who.Role != RoleCoordination {
			return graphstore.Actor{}, forbidden("SPARQL Update and graph writes need a coordination token; agents write through /id/…")
		}
		return graphstore.Actor{TokenID: who.ID, TokenName: who.Name, Role: who.Role}, nil
	})
}

// reindexUpdate refreshes the search index for the resources a write
// changed.
func (s *Server) reindexUpdate(ctx context.Context, iris []string) {
	if st, err := s.ready(); err == nil {
		s.search.Reindex(ctx, st, iris)
	}
}

// sparqlUpdate answers an update POSTed to /sparql.
func (s *Server) sparqlUpdate(c *gin.Context) error {
	return graphStoreProblem(s.graphStoreDoor(c).ServeUpdate(c.Writer, c.Request))
}

// UpdateCore is the core of SPARQL Update with this server's rules (event
// stream included), for the command line's `ruche update`.
func (s *Server) UpdateCore() *graphstore.Core { return s.graphStoreWiring().Core() }
