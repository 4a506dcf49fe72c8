package api

// The search door (package searchdoor) keeps the full-text index in step
// with the store, serves /recherche, /en/search and /reconcile and
// describes them (searchdoor.Ops); its routes are in routes.go.

// CloseSearch closes the search index (serve calls it before closing the
// store).
func (s *Server) CloseSearch() error { return s.search.Close() }

// searchAction is the schema:SearchAction of the home page.
func (s *Server) searchAction(lang string) map[string]any { return s.search.Action(lang) }
