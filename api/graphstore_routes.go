package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/vocab"
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
	ix := s.searchIx.Load()
	st, err := s.ready()
	if ix == nil || err != nil {
		return
	}
	ix.Begin()
	if err := ix.Apply(ctx, st, iris...); err != nil {
		s.log.Error("search index: reindex after an update (repaired at the next start)", "err", err)
	}
}

// graphStoreProblem maps the package's errors to problems.
func graphStoreProblem(err error) error {
	var ge *graphstore.Error
	if !errors.As(err, &ge) {
		return err
	}
	p := newProblem(graphstore.Status(ge.Kind), ge.Code, ge.Detail)
	if len(ge.Violations) > 0 {
		out := make([]violationJSON, 0, len(ge.Violations))
		for _, v := range ge.Violations {
			j := violationJSON{FocusNode: v.FocusNode.String(), Constraint: strings.TrimPrefix(v.Constraint, vocab.SHNS),
				Message: map[string]string{"fr": v.Message.FR, "en": v.Message.EN}}
			if !v.Path.IsZero() {
				j.Path = v.Path.Value
			}
			if !v.Value.IsZero() {
				j.Value = v.Value.String()
			}
			out = append(out, j)
		}
		p.Violations = out
	}
	return p
}

// sparqlUpdate answers an update POSTed to /sparql.
func (s *Server) sparqlUpdate(c *gin.Context) error {
	return graphStoreProblem(s.graphStoreDoor(c).ServeUpdate(c.Writer, c.Request))
}

// graphStoreRoutes registers /graph-store (GET and HEAD open to all,
// writes with a coordination token).
func (s *Server) graphStoreRoutes(r *gin.Engine, read *gin.RouterGroup) {
	h := s.handler(func(c *gin.Context) error {
		return graphStoreProblem(s.graphStoreDoor(c).ServeGraphStore(c.Writer, c.Request))
	})
	read.GET("/graph-store", h)
	read.HEAD("/graph-store", h)
	for _, m := range []string{http.MethodPut, http.MethodPost, http.MethodDelete} {
		r.Handle(m, "/graph-store", h)
	}
}

// UpdateCore is the core of SPARQL Update with this server's rules (event
// stream included), for the command line's `ruche update`.
func (s *Server) UpdateCore() *graphstore.Core { return s.graphStoreWiring().Core() }
