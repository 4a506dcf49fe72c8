package api

import (
	"context"
	"net/http"
	"time"
)

// Hooks for replication (api/replica): a primary that publishes and the
// replicas that follow it serve the same documents for the same data
// version, so nothing they send may depend on the process's own clock.

// Wrap installs middleware around the router: Handler and ListenAndServe
// serve mw(router). Call it before serving.
func (s *Server) Wrap(mw func(http.Handler) http.Handler) {
	s.outer = mw(s.engine)
}

// UseCommitTimes dates every document (Last-Modified, dcterms:modified) by
// the commit time the store recorded for its data version
// (store.Store.StampCommits) instead of the time this process first saw
// the version, and drops the process start time from the documents that do
// not depend on the data: with it, the same data version gives the same
// bytes and validators on every copy of the store. Call it before serving.
func (s *Server) UseCommitTimes() {
	s.started = time.Time{}
	s.clock.mu.Lock()
	defer s.clock.mu.Unlock()
	s.clock.source = func(version uint64) (time.Time, bool) {
		st := s.store.Load()
		if st == nil {
			return time.Time{}, false
		}
		snap := st.Snapshot()
		defer snap.Close()
		return snap.CommitTime(version)
	}
}

// SeedEventStream records the first version of every chantier in the event
// stream now, if that was not done yet, instead of on the first request to
// the stream (a replica never writes, so the primary must do it).
func (s *Server) SeedEventStream(ctx context.Context) error { return s.seedLDES(ctx) }
