package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/reconcile"
	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// The search door: the full-text index (package search) kept in step with
// the store, the search pages /recherche and /en/search, and the
// reconciliation service (package reconcile) under /reconcile.
//
// The index is attached with the store (SetStore): it lives in
// Config.SearchDir (in memory when empty) and is rebuilt when the data
// version it records differs from the store's. Every write under /id/
// reindexes the resources it touched after its commit (indexWrite).

// attachSearch opens the index of st and brings it up to date: at once for
// an index in memory (tests), in the background for one on disk (searches
// answer from the old index meanwhile; writes wait for the rebuild).
func (s *Server) attachSearch(st *store.Store) {
	ix, err := search.Open(s.cfg.SearchDir, s.cfg.Base)
	if err != nil {
		s.log.Error("search index: open", "dir", s.cfg.SearchDir, "err", err)
		return
	}
	start := time.Now()
	report := func(rebuilt bool, err error) {
		switch {
		case errors.Is(err, context.Canceled):
		case err != nil:
			s.log.Error("search index: rebuild", "err", err)
		case rebuilt:
			n, _ := ix.Count()
			s.log.Info("search index rebuilt", "docs", n, "took", time.Since(start).Round(time.Millisecond))
		}
	}
	if old := s.searchIx.Swap(ix); old != nil {
		old.Close()
	}
	if s.cfg.SearchDir == "" {
		report(ix.Sync(context.Background(), st))
		return
	}
	ix.SyncInBackground(st, report)
}

// CloseSearch closes the search index (serve calls it before closing the
// store).
func (s *Server) CloseSearch() error {
	if ix := s.searchIx.Swap(nil); ix != nil {
		return ix.Close()
	}
	return nil
}

// searchIndex returns the index, or a 503 problem while there is none.
func (s *Server) searchIndex() (*search.Index, error) {
	if ix := s.searchIx.Load(); ix != nil {
		return ix, nil
	}
	return nil, unavailable("the search index is not ready; retry in a moment")
}

// indexWrite notes a write about to commit and returns the function that
// reindexes what it touched once it is done (committed or not: reindexing
// reads the store as it is). A write's resources are those of its audit
// records and the chantiers it touched.
func (s *Server) indexWrite(w *writeRequest) func() {
	ix := s.searchIx.Load()
	if ix == nil {
		return func() {}
	}
	ix.Begin()
	return func() {
		iris := append(slices.Clone(w.indexed), w.touched...)
		if !w.t.collection {
			iris = append(iris, w.t.iri)
		}
		if err := ix.Apply(w.ctx(), w.st, iris...); err != nil {
			s.log.Error("search index: reindex after a write (repaired at the next start)", "err", err)
		}
	}
}

// searchRoutes registers the search pages and the reconciliation service.
func (s *Server) searchRoutes(r *gin.Engine, read *gin.RouterGroup) {
	for _, p := range []string{"/recherche", "/en/search"} {
		read.GET(p, s.handler(s.getSearch))
		read.HEAD(p, s.handler(s.getSearch))
	}
	s.reconciler = reconcile.New(reconcile.Config{
		Base: s.cfg.Base, Path: "/reconcile", MaxBatch: s.cfg.ReconcileBatch, Timeout: s.cfg.QueryTimeout, MaxBody: s.cfg.MaxBodyBytes,
	}, s.searchIndex)
	for _, p := range []string{"/reconcile", "/reconcile/*path"} {
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions} {
			r.Handle(m, p, s.handler(s.reconcileDoor))
		}
	}
}

// admitClient applies the per-client time budget shared with SPARQL: it
// returns the function that records the time spent, or writes 429.
func (s *Server) admitClient(c *gin.Context) (func(), bool) {
	client := c.ClientIP()
	if wait, ok := s.budget.Admit(client); !ok {
		perWindow, window := s.budget.Window()
		p := newProblem(http.StatusTooManyRequests, "query-budget", fmt.Sprintf(
			"this client used its query time budget (%s of query time per %s); retry later",
			perWindow, window))
		p.Limit = "client-time-budget"
		c.Header("Access-Control-Allow-Origin", "*")
		c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		writeProblem(c, p)
		return nil, false
	}
	start := time.Now()
	return func() { s.budget.Spend(client, time.Since(start)) }, true
}

// reconcileDoor serves /reconcile through package reconcile, under the
// client time budget, its errors as this server's problem documents.
func (s *Server) reconcileDoor(c *gin.Context) error {
	if c.Request.Method != http.MethodOptions {
		done, ok := s.admitClient(c)
		if !ok {
			return nil
		}
		defer done()
	}
	err := s.reconciler.Handle(c.Writer, c.Request)
	var e *reconcile.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		p := newProblem(e.Status, e.Code, e.Detail)
		p.Limit = e.Limit
		return p
	}
	return err
}

// searchQuery is a parsed /recherche request.
type searchQuery struct {
	q             search.Query
	text, typ     string
	status, theme string
	page, size    int
	explicitPage  bool
}

// parseSearch reads the parameters of a search; a parameter that is not
// UTF-8 or a value out of range is a 400.
func parseSearch(raw string) (searchQuery, error) {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return searchQuery{}, badRequest("malformed query string: " + err.Error())
	}
	for k, vs := range v {
		for _, x := range append([]string{k}, vs...) {
			if !utf8.ValidString(x) {
				return searchQuery{}, badRequest("the parameters must be UTF-8")
			}
		}
	}
	sq := searchQuery{text: search.Clip(v.Get("q")), typ: v.Get("type"), status: v.Get("status"), theme: v.Get("theme")}
	if sq.page, err = intParam(v, "page", 1, 1, 1_000_000); err != nil {
		return sq, err
	}
	if sq.size, err = intParam(v, "size", defaultPageSize, 1, maxPageSize); err != nil {
		return sq, err
	}
	sq.explicitPage = v.Has("page")
	sq.q = search.Query{Text: sq.text, Status: sq.status, Theme: sq.theme, Size: sq.size, From: (sq.page - 1) * sq.size}
	if sq.typ != "" {
		k, ok := search.ParseKind(sq.typ)
		if !ok {
			return sq, badRequest("unknown type " + strconv.Quote(sq.typ) + " (chantier, legs, theme, organisation, personne, objectif, livrable, besoin, definition)")
		}
		sq.q.Kinds = []search.Kind{k}
	}
	for _, f := range []string{sq.status, sq.theme} {
		if strings.ContainsAny(f, " <>\"") {
			return sq, badRequest("a filter is a concept code or IRI")
		}
	}
	return sq, nil
}

// query is the query string of another page of the same search.
func (sq searchQuery) query(page int) string {
	v := url.Values{}
	if sq.text != "" {
		v.Set("q", sq.text)
	}
	for k, x := range map[string]string{"type": sq.typ, "status": sq.status, "theme": sq.theme} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if sq.size != defaultPageSize {
		v.Set("size", strconv.Itoa(sq.size))
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

var searchFormats = []docFormat{fmtHTML, fmtJSONLD}

// searchPath is the search page of a language.
func searchPath(lang string) string {
	if lang == "en" {
		return "/en/search"
	}
	return "/recherche"
}

// getSearch serves /recherche and /en/search: HTML, or the results as a
// JSON-LD schema:SearchResultsPage and Hydra collection.
func (s *Server) getSearch(c *gin.Context) error {
	sq, err := parseSearch(c.Request.URL.RawQuery)
	if err != nil {
		return err
	}
	f, err := chooseFormat(c.GetHeader("Accept"), searchFormats)
	if err != nil {
		return err
	}
	ix, err := s.searchIndex()
	if err != nil {
		return err
	}
	done, ok := s.admitClient(c)
	if !ok {
		return nil
	}
	defer done()
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.QueryTimeout)
	defer cancel()
	lang := "fr"
	if strings.HasPrefix(c.Request.URL.Path, "/en/") {
		lang = "en"
	}
	var res *search.Results
	if sq.text != "" || sq.typ != "" || sq.status != "" || sq.theme != "" {
		if res, err = ix.Search(ctx, sq.q); err != nil {
			return s.searchError(err)
		}
	} else {
		res = &search.Results{}
	}
	last := max(1, (int(res.Total)+sq.size-1)/sq.size)
	if sq.page > last && sq.explicitPage && res.Total > 0 {
		return notFound(fmt.Sprintf("page %d is past the last page (%d)", sq.page, last))
	}
	var closest []search.Scored
	if len(res.Hits) == 0 && sq.text != "" {
		if closest, err = ix.Closest(ctx, sq.text, 5); err != nil {
			return s.searchError(err)
		}
	}
	var body []byte
	if f == fmtHTML {
		body, err = s.renderSearchHTML(ctx, sq, res, closest, last, lang)
	} else {
		body, err = s.searchJSONLD(sq, res, last, lang)
	}
	if err != nil {
		return err
	}
	h := c.Writer.Header()
	h.Set("Vary", "Accept, Accept-Language")
	h.Set("Cache-Control", "no-store")
	c.Data(http.StatusOK, f.mediaType+"; charset=utf-8", body)
	return nil
}

func (s *Server) searchError(err error) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		p := newProblem(http.StatusServiceUnavailable, "query-timeout", "the search ran out of time")
		p.Limit = "query-timeout"
		return p
	case errors.Is(err, search.ErrTooDeep):
		return badRequest(err.Error())
	}
	return err
}

// kindLabels name the kinds of resources, [fr, en].
var kindLabels = map[search.Kind][2]string{
	search.KindChantier: {"Chantier", "Chantier"}, search.KindLegacy: {"Legs", "Legacy"},
	search.KindTheme: {"Thème", "Theme"}, search.KindOrganisation: {"Organisation", "Organisation"},
	search.KindPerson: {"Personne", "Person"}, search.KindObjective: {"Objectif", "Objective"},
	search.KindDeliverable: {"Livrable", "Deliverable"}, search.KindNeed: {"Besoin de soutien", "Support need"},
	search.KindDefinition: {"Définition", "Definition"},
}

func kindLabel(k search.Kind, lang string) string {
	if lang == "en" {
		return kindLabels[k][1]
	}
	return kindLabels[k][0]
}

func (s *Server) renderSearchHTML(ctx context.Context, sq searchQuery, res *search.Results, closest []search.Scored, last int, lang string) ([]byte, error) {
	path := searchPath(lang)
	v := web.SearchView{Action: path, Query: sq.text, Total: int(res.Total), PageNumber: sq.page, LastPage: last, StartAt: sq.q.From + 1}
	if sq.page > 1 {
		v.Previous = path + sq.query(sq.page-1)
	}
	if sq.page < last {
		v.Next = path + sq.query(sq.page+1)
	}
	snap, err := s.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	l := newLabeler(ctx, snap, lang)
	typeFilter := web.Filter{Name: "type", Label: web.T(lang, "search.kind")}
	for _, k := range search.Kinds {
		typeFilter.Options = append(typeFilter.Options, web.Option{Value: string(k), Label: kindLabel(k, lang), Selected: sq.typ == string(k)})
	}
	v.Filters = append(v.Filters, typeFilter)
	for _, fd := range []struct{ name, scheme, current string }{{"status", vocab.SchemeStatus, sq.status}, {"theme", vocab.SchemeTheme, sq.theme}} {
		f := web.Filter{Name: fd.name, Label: web.T(lang, "search."+fd.name)}
		for _, c := range distinctSubjects(ctx, snap, skosNS+"inScheme", rdf.IRI(vocab.SchemeIRI(s.cfg.Base, fd.scheme))) {
			if !c.IsIRI() {
				continue
			}
			slug := c.Value[strings.LastIndexByte(c.Value, '/')+1:]
			f.Options = append(f.Options, web.Option{Value: slug, Label: l.labelOr(c.Value), Selected: fd.current == slug || fd.current == c.Value})
		}
		slices.SortFunc(f.Options, func(a, b web.Option) int { return compareFold(a.Label, b.Label) })
		v.Filters = append(v.Filters, f)
	}
	for _, h := range res.Hits {
		r := web.SearchResult{Href: s.pageHref(h.Doc.ID, lang), Label: h.Doc.Label(lang), Kind: kindLabel(h.Doc.Kind, lang)}
		// Name and snippets are HTML escaped by the index, with <mark>.
		r.Name = template.HTML(h.Name)
		for _, sn := range h.Snippets {
			r.Snippets = append(r.Snippets, template.HTML(sn))
		}
		if h.Doc.Status != "" {
			r.Status = l.labelOr(h.Doc.Status)
		}
		v.Results = append(v.Results, r)
	}
	for _, sc := range closest {
		v.Suggestions = append(v.Suggestions, web.Link{Href: s.pageHref(sc.Doc.ID, lang), Label: sc.Doc.Label(lang)})
	}
	title := web.T(lang, "search.title")
	if sq.text != "" {
		title += " : " + sq.text
		if lang == "en" {
			title = "Search: " + sq.text
		}
	}
	jsonld, err := json.Marshal(map[string]any{
		"@context": "https://schema.org", "@type": "SearchResultsPage",
		"url": s.cfg.Base + path[1:] + sq.query(sq.page), "name": title, "inLanguage": lang,
	})
	if err != nil {
		return nil, err
	}
	v.Page = web.Page{
		Lang:      lang,
		Title:     title,
		Canonical: s.cfg.Base + path[1:] + sq.query(sq.page),
		Translations: []web.Translation{
			{Lang: "fr", Href: s.cfg.Base + "recherche" + sq.query(sq.page)},
			{Lang: "en", Href: s.cfg.Base + "en/search" + sq.query(sq.page)},
		},
		JSONLD: jsonld,
	}
	var buf bytes.Buffer
	if err := s.web.Search(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// searchJSONLD is a page of results as JSON-LD: a schema:SearchResultsPage
// that is also a Hydra partial collection, its members the resources found
// (with their score and snippets as plain text).
func (s *Server) searchJSONLD(sq searchQuery, res *search.Results, last int, lang string) ([]byte, error) {
	path := s.cfg.Base + searchPath(lang)[1:]
	var members []any
	for i, h := range res.Hits {
		m := map[string]any{
			"@id": h.Doc.ID, "@type": h.Doc.Kind.Class(), "name": h.Doc.Label(lang),
			"position": sq.q.From + i + 1, "radn:searchScore": map[string]any{"@value": h.Score, "@type": "xsd:double"},
		}
		if len(h.Snippets) > 0 {
			m["description"] = stripMarks(h.Snippets[0])
		}
		members = append(members, m)
	}
	if members == nil {
		members = []any{}
	}
	view := map[string]any{"@id": path + sq.query(sq.page), "@type": "hydra:PartialCollectionView",
		"hydra:first": path + sq.query(1), "hydra:last": path + sq.query(last)}
	if sq.page > 1 {
		view["hydra:previous"] = path + sq.query(sq.page-1)
	}
	if sq.page < last {
		view["hydra:next"] = path + sq.query(sq.page+1)
	}
	doc := map[string]any{
		"@context": map[string]any{
			"@vocab": vocab.SchemaNS, "hydra": vocab.HydraNS,
			"radn": vocab.RadnNS, "xsd": vocab.XSDNS,
			"hydra:member": map[string]any{"@container": "@list"},
		},
		"@id":              path + sq.query(sq.page),
		"@type":            []string{"SearchResultsPage", "hydra:Collection"},
		"name":             sq.text,
		"inLanguage":       lang,
		"hydra:totalItems": res.Total,
		"hydra:member":     members,
		"hydra:view":       view,
		"hydra:search":     s.searchTemplate(lang),
		"isPartOf":         map[string]any{"@id": s.cfg.Base + "#site"},
	}
	return marshalJSON(doc)
}

// stripMarks turns an escaped snippet back into plain text.
func stripMarks(h string) string {
	h = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h)
	return html.UnescapeString(h)
}

// searchTemplate is the Hydra IRI template of the search.
func (s *Server) searchTemplate(lang string) map[string]any {
	var mappings []any
	for _, v := range []string{"q", "type", "status", "theme", "page", "size"} {
		mappings = append(mappings, map[string]any{"@type": "hydra:IriTemplateMapping", "hydra:variable": v})
	}
	return map[string]any{
		"@type":                        "hydra:IriTemplate",
		"hydra:template":               s.cfg.Base + searchPath(lang)[1:] + "{?q,type,status,theme,page,size}",
		"hydra:mapping":                mappings,
		"hydra:variableRepresentation": map[string]any{"@id": "hydra:BasicRepresentation"},
	}
}

// searchAction is the schema:SearchAction of the home page, so that
// crawlers offer a search box.
func (s *Server) searchAction(lang string) map[string]any {
	return map[string]any{
		"@type":       "SearchAction",
		"target":      map[string]any{"@type": "EntryPoint", "urlTemplate": s.cfg.Base + searchPath(lang)[1:] + "?q={search_term_string}"},
		"query-input": "required name=search_term_string",
	}
}

// searchOps describe the search and reconciliation routes (OpenAPI).
func searchOps() []apiOp {
	var ops []apiOp
	for _, p := range []struct{ path, id, summary string }{
		{"/recherche", "search", "Full-text search of the public text (ranked, highlighted, ?type ?status ?theme filters, paged): HTML, or a schema:SearchResultsPage / Hydra collection in JSON-LD"},
		{"/en/search", "search_en", "English search page"},
	} {
		ops = append(ops, apiOp{method: "get", path: p.path, id: p.id, summary: p.summary, tag: "search",
			params: []string{"q", "type", "page", "size", "status", "theme"}, media: []string{"text/html", "application/ld+json"}, errors: []int{400, 404, 406, 429}})
	}
	recon := "Reconciliation Service API v0.2: the manifest, or a batch (queries=) or data extension (extend=) by query string"
	for _, p := range []string{"/reconcile", "/reconcile/{path}"} {
		id := "reconcile"
		sum := recon
		var params []string
		if p != "/reconcile" {
			id, sum = "reconcileSub", "Reconciliation sub-services: suggest/entity, suggest/type, suggest/property, preview, view (303), properties"
			params = []string{"path"}
		}
		ops = append(ops,
			apiOp{method: "get", path: p, id: id, summary: sum, tag: "reconciliation", params: params, media: []string{"application/json", "text/html"}, errors: []int{400, 404, 413, 429}},
			apiOp{method: "post", path: p, id: id + "Post", summary: "Reconciliation batch or data extension by POST (form queries=/extend=, or a JSON body)", tag: "reconciliation",
				params: params, media: []string{"application/json"}, body: []string{"application/x-www-form-urlencoded", "application/json"}, errors: []int{400, 404, 413, 415, 429}},
			apiOp{method: "options", path: p, id: id + "Options", summary: "CORS preflight", tag: "reconciliation", params: params, status: 204},
		)
	}
	return ops
}
