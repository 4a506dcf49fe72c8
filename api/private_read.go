package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
)

// privateRead serves a resource kept in the private space (a person, a
// membership) to a coordination token, so that the team can read what it
// writes and send its ETag back with a PUT. It answers handled=false when
// the request carries no Authorization header or the resource has no
// private record, and the public document is served as usual. The answer
// is never cached by anyone but the client (private, no-store) and its
// ETag is the resource's write ETag (If-Match takes it as is).
func (s *Server) privateRead(c *gin.Context, st *store.Store, iri string, f docFormat) (bool, error) {
	if !strings.HasPrefix(strings.ToLower(c.GetHeader("Authorization")), "bearer ") || f == fmtHTML {
		return false, nil
	}
	who, err := s.authenticate(c, st)
	if err != nil {
		return false, err
	}
	if who.Role != RoleCoordination {
		return false, nil
	}
	snap := st.Snapshot()
	defer snap.Close()
	ctx := c.Request.Context()
	priv, err := describe(ctx, snap.In(store.Private), iri)
	if err != nil || len(priv) == 0 {
		return false, err
	}
	h, _, err := records.HashIn(ctx, snap.In(store.Public), snap.In(store.Private), iri)
	if err != nil {
		return false, err
	}
	body, err := s.renderDocument(ctx, snap, iri, priv, f, "")
	if err != nil {
		return false, err
	}
	doc := newRendered(body, s.clock.at(snap.Version()))
	doc.etag = h
	return true, sendDocument(c, doc, f.mediaType, "", "private, no-store")
}
