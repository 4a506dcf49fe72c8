package searchdoor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/reconcile"
	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/api/sparqlhttp"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Door serves the search pages and the reconciliation service, and keeps
// the full-text index in step with the store. Package api injects what it
// depends on.
type Door struct {
	Base string
	Log  *slog.Logger
	// Dir holds the index on disk ("" keeps it in memory).
	Dir string
	// Timeout bounds a search; Budget is the query time of each client,
	// shared with SPARQL; Reject answers at once with the problem of err.
	Timeout time.Duration
	Budget  *sparqlhttp.Budget
	Reject  func(c *gin.Context, err error)
	// Reconciler is the reconciliation service mounted under /reconcile.
	Reconciler *reconcile.Service
	// Snapshot returns a snapshot of the open store, or the error to answer.
	Snapshot func() (*store.Snapshot, error)
	// Choose picks the page (html) or JSON-LD by the Accept header.
	Choose func(accept string) (mediaType string, html bool, err error)
	Web    *web.Renderer
	// Label names IRIs in a language; Subjects lists the subjects of
	// (?, p, o); Compare orders labels for a French reader; Href is the
	// page of an IRI in a language.
	Label    func(ctx context.Context, snap *store.Snapshot, lang string) func(iri string) string
	Subjects func(ctx context.Context, snap *store.Snapshot, p string, o rdf.Term) []rdf.Term
	Compare  func(a, b string) int
	Href     func(iri, lang string) string
	// IntParam reads a bounded integer parameter (an error past the
	// bounds); PageSize and MaxPageSize bound the results of a page, as
	// for collections.
	IntParam              func(q url.Values, name string, def, lo, hi int) (int, error)
	PageSize, MaxPageSize int
	// MarshalJSON writes a JSON document as every document of ruche.
	MarshalJSON func(v any) ([]byte, error)
	// index is the open index (BeginWrite and Reindex keep it in step
	// with writes).
	index atomic.Pointer[search.Index]
}

// Attach opens the index of st and brings it up to date: at once for
// an index in memory (tests), in the background for one on disk (searches
// answer from the old index meanwhile; writes wait for the rebuild).
func (s *Door) Attach(st *store.Store) {
	ix, err := search.Open(s.Dir, s.Base)
	if err != nil {
		s.Log.Error("search index: open", "dir", s.Dir, "err", err)
		return
	}
	start := time.Now()
	report := func(rebuilt bool, err error) {
		switch {
		case errors.Is(err, context.Canceled):
		case err != nil:
			s.Log.Error("search index: rebuild", "err", err)
		case rebuilt:
			n, _ := ix.Count()
			s.Log.Info("search index rebuilt", "docs", n, "took", time.Since(start).Round(time.Millisecond))
		}
	}
	if old := s.index.Swap(ix); old != nil {
		old.Close()
	}
	if s.Dir == "" {
		report(ix.Sync(context.Background(), st))
		return
	}
	ix.SyncInBackground(st, report)
}

// Close closes the search index.
func (s *Door) Close() error {
	if ix := s.index.Swap(nil); ix != nil {
		return ix.Close()
	}
	return nil
}

// Ready returns the index, or a 503 problem while there is none.
func (s *Door) Ready() (*search.Index, error) {
	if ix := s.index.Load(); ix != nil {
		return ix, nil
	}
	return nil, door.Unavailable("the search index is not ready; retry in a moment")
}

// admitClient applies the per-client time budget shared with SPARQL: it
// returns the function that records the time spent, or writes 429.
func (s *Door) admitClient(c *gin.Context) (func(), bool) {
	client := c.ClientIP()
	if wait, ok := s.Budget.Admit(client); !ok {
		perWindow, window := s.Budget.Window()
		p := door.New(http.StatusTooManyRequests, "query-budget", fmt.Sprintf(
			"this client used its query time budget (%s of query time per %s); retry later",
			perWindow, window))
		p.Limit = door.LimitClientTimeBudget
		c.Header("Access-Control-Allow-Origin", "*")
		c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.Reject(c, p)
		return nil, false
	}
	start := time.Now()
	return func() { s.Budget.Spend(client, time.Since(start)) }, true
}

// Reconcile serves /reconcile through package reconcile, under the
// client time budget, its errors as this server's problem documents.
func (s *Door) Reconcile(c *gin.Context) error {
	if c.Request.Method != http.MethodOptions {
		done, ok := s.admitClient(c)
		if !ok {
			return nil
		}
		defer done()
	}
	err := s.Reconciler.Handle(c.Writer, c.Request)
	var e *reconcile.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		p := door.New(e.Status, e.Code, e.Detail)
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
	defaultSize   int
}

// parseSearch reads the parameters of a search; a parameter that is not
// UTF-8 or a value out of range is a 400.
func (s *Door) parseSearch(raw string) (searchQuery, error) {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return searchQuery{}, door.BadRequest("malformed query string: " + err.Error())
	}
	for k, vs := range v {
		for _, x := range append([]string{k}, vs...) {
			if !utf8.ValidString(x) {
				return searchQuery{}, door.BadRequest("the parameters must be UTF-8")
			}
		}
	}
	sq := searchQuery{text: search.Clip(v.Get("q")), typ: v.Get("type"), status: v.Get("status"), theme: v.Get("theme")}
	if sq.page, err = s.IntParam(v, "page", 1, 1, 1_000_000); err != nil {
		return sq, err
	}
	if sq.size, err = s.IntParam(v, "size", s.PageSize, 1, s.MaxPageSize); err != nil {
		return sq, err
	}
	sq.explicitPage = v.Has("page")
	sq.defaultSize = s.PageSize
	sq.q = search.Query{Text: sq.text, Status: sq.status, Theme: sq.theme, Size: sq.size, From: (sq.page - 1) * sq.size}
	if sq.typ != "" {
		k, ok := search.ParseKind(sq.typ)
		if !ok {
			return sq, door.BadRequest("unknown type " + strconv.Quote(sq.typ) + " (chantier, legs, theme, organisation, personne, objectif, livrable, besoin, definition)")
		}
		sq.q.Kinds = []search.Kind{k}
	}
	for _, f := range []string{sq.status, sq.theme} {
		if strings.ContainsAny(f, " <>\"") {
			return sq, door.BadRequest("a filter is a concept code or IRI")
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
	if sq.size != sq.defaultSize {
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

// searchPath is the search page of a language.
func searchPath(lang string) string {
	if lang == "en" {
		return "/en/search"
	}
	return "/recherche"
}

// Search serves /recherche and /en/search: HTML, or the results as a
// JSON-LD schema:SearchResultsPage and Hydra collection.
func (s *Door) Search(c *gin.Context) error {
	sq, err := s.parseSearch(c.Request.URL.RawQuery)
	if err != nil {
		return err
	}
	mediaType, isHTML, err := s.Choose(c.GetHeader("Accept"))
	if err != nil {
		return err
	}
	ix, err := s.Ready()
	if err != nil {
		return err
	}
	done, ok := s.admitClient(c)
	if !ok {
		return nil
	}
	defer done()
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.Timeout)
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
		return door.NotFound(fmt.Sprintf("page %d is past the last page (%d)", sq.page, last))
	}
	var closest []search.Scored
	if len(res.Hits) == 0 && sq.text != "" {
		if closest, err = ix.Closest(ctx, sq.text, 5); err != nil {
			return s.searchError(err)
		}
	}
	var body []byte
	if isHTML {
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
	c.Data(http.StatusOK, mediaType+"; charset=utf-8", body)
	return nil
}

func (s *Door) searchError(err error) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		p := door.New(http.StatusServiceUnavailable, "query-timeout", "the search ran out of time")
		p.Limit = door.LimitQueryTimeout
		return p
	case errors.Is(err, search.ErrTooDeep):
		return door.BadRequest(err.Error())
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

func (s *Door) renderSearchHTML(ctx context.Context, sq searchQuery, res *search.Results, closest []search.Scored, last int, lang string) ([]byte, error) {
	path := searchPath(lang)
	v := web.SearchView{Action: path, Query: sq.text, Total: int(res.Total), PageNumber: sq.page, LastPage: last, StartAt: sq.q.From + 1}
	if sq.page > 1 {
		v.Previous = path + sq.query(sq.page-1)
	}
	if sq.page < last {
		v.Next = path + sq.query(sq.page+1)
	}
	snap, err := s.Snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	labelOr := s.Label(ctx, snap, lang)
	typeFilter := web.Filter{Name: "type", Label: web.T(lang, "search.kind")}
	for _, k := range search.Kinds {
		typeFilter.Options = append(typeFilter.Options, web.Option{Value: string(k), Label: kindLabel(k, lang), Selected: sq.typ == string(k)})
	}
	v.Filters = append(v.Filters, typeFilter)
	for _, fd := range []struct{ name, scheme, current string }{{"status", vocab.SchemeStatus, sq.status}, {"theme", vocab.SchemeTheme, sq.theme}} {
		f := web.Filter{Name: fd.name, Label: web.T(lang, "search."+fd.name)}
		for _, c := range s.Subjects(ctx, snap, vocab.SKOSNS+"inScheme", rdf.IRI(vocab.SchemeIRI(s.Base, fd.scheme))) {
			if !c.IsIRI() {
				continue
			}
			slug := c.Value[strings.LastIndexByte(c.Value, '/')+1:]
			f.Options = append(f.Options, web.Option{Value: slug, Label: labelOr(c.Value), Selected: fd.current == slug || fd.current == c.Value})
		}
		slices.SortFunc(f.Options, func(a, b web.Option) int { return s.Compare(a.Label, b.Label) })
		v.Filters = append(v.Filters, f)
	}
	for _, h := range res.Hits {
		r := web.SearchResult{Href: s.Href(h.Doc.ID, lang), Label: h.Doc.Label(lang), Kind: kindLabel(h.Doc.Kind, lang)}
		// Name and snippets are HTML escaped by the index, with <mark>.
		r.Name = template.HTML(h.Name)
		for _, sn := range h.Snippets {
			r.Snippets = append(r.Snippets, template.HTML(sn))
		}
		if h.Doc.Status != "" {
			r.Status = labelOr(h.Doc.Status)
		}
		v.Results = append(v.Results, r)
	}
	for _, sc := range closest {
		v.Suggestions = append(v.Suggestions, web.Link{Href: s.Href(sc.Doc.ID, lang), Label: sc.Doc.Label(lang)})
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
		"url": s.Base + path[1:] + sq.query(sq.page), "name": title, "inLanguage": lang,
	})
	if err != nil {
		return nil, err
	}
	v.Page = web.Page{
		Lang:      lang,
		Title:     title,
		Canonical: s.Base + path[1:] + sq.query(sq.page),
		Translations: []web.Translation{
			{Lang: "fr", Href: s.Base + "recherche" + sq.query(sq.page)},
			{Lang: "en", Href: s.Base + "en/search" + sq.query(sq.page)},
		},
		JSONLD: jsonld,
	}
	var buf bytes.Buffer
	if err := s.Web.Search(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// searchJSONLD is a page of results as JSON-LD: a schema:SearchResultsPage
// that is also a Hydra partial collection, its members the resources found
// (with their score and snippets as plain text).
func (s *Door) searchJSONLD(sq searchQuery, res *search.Results, last int, lang string) ([]byte, error) {
	path := s.Base + searchPath(lang)[1:]
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
		"isPartOf":         map[string]any{"@id": s.Base + "#site"},
	}
	return s.MarshalJSON(doc)
}

// stripMarks turns an escaped snippet back into plain text.
func stripMarks(h string) string {
	h = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h)
	return html.UnescapeString(h)
}

// searchTemplate is the Hydra IRI template of the search.
func (s *Door) searchTemplate(lang string) map[string]any {
	var mappings []any
	for _, v := range []string{"q", "type", "status", "theme", "page", "size"} {
		mappings = append(mappings, map[string]any{"@type": "hydra:IriTemplateMapping", "hydra:variable": v})
	}
	return map[string]any{
		"@type":                        "hydra:IriTemplate",
		"hydra:template":               s.Base + searchPath(lang)[1:] + "{?q,type,status,theme,page,size}",
		"hydra:mapping":                mappings,
		"hydra:variableRepresentation": map[string]any{"@id": "hydra:BasicRepresentation"},
	}
}

// Action is the schema:SearchAction of the home page, so that
// crawlers offer a search box.
func (s *Door) Action(lang string) map[string]any {
	return map[string]any{
		"@type":       "SearchAction",
		"target":      map[string]any{"@type": "EntryPoint", "urlTemplate": s.Base + searchPath(lang)[1:] + "?q={search_term_string}"},
		"query-input": "required name=search_term_string",
	}
}
