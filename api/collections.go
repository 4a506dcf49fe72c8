package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/collection"
	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// collectionDef is one list of the site.
type collectionDef struct {
	path    string    // site path of the French page, e.g. "/chantiers"
	nav     string    // navigation key
	title   [2]string // fr, en
	class   string    // members are the instances of class…
	scheme  string    // …or, when set, the concepts of this scheme
	exclude string    // instances of this class are left out
	filters []string  // filter parameters shown in the form
	// writes, when set, is the write collection under /id/ that creates
	// this list's members: POST on the list creates like POST /id/{writes}.
	writes string
}

// collections are the paged lists: the list of every kind of vocab.Kinds
// that has one, then the other lists. Every one accepts the status, kind
// and theme filters (a member must have the value); the form shows the
// meaningful ones.
var collections = siteCollections()

// otherLists are the lists that are not a kind's: the concepts of a scheme
// and the events.
var otherLists = []collectionDef{
	{path: "/themes", nav: "themes", title: [2]string{"Thèmes", "Themes"}, scheme: vocab.SchemeTheme},
	{path: "/evenements", title: [2]string{"Événements", "Events"}, class: schemaNS + "Event"},
}

// siteCollections derives the lists from vocab.Kinds: a kind's list shows
// its instances (or those of its ListClass), keeps its titles and filters,
// is in the navigation when the kind is, and takes POST when the kind is a
// top kind.
func siteCollections() []collectionDef {
	var out []collectionDef
	for _, k := range vocab.Kinds {
		if k.List == "" {
			continue
		}
		d := collectionDef{path: k.List, title: k.Title, class: k.Class, exclude: k.ListExclude, filters: k.Filters}
		if k.ListClass != "" {
			d.class = k.ListClass
		}
		if k.Nav > 0 {
			d.nav = k.Segment
		}
		if k.Parent == "" {
			d.writes = k.Segment
		}
		out = append(out, d)
	}
	return append(out, otherLists...)
}

// otherNav are the entries of the main navigation that are not a kind's
// list, each at its place among the kinds' (vocab.Kind.Nav).
var otherNav = []struct {
	place int
	item  web.NavItem
}{
	{2, web.NavItem{Key: "themes", Path: "/concept/theme"}},
	{100, web.NavItem{Key: "sparql", Path: "/sparql"}},
	{101, web.NavItem{Key: "donnees", Path: "/donnees"}},
}

// siteNav is the main navigation: the lists of the kinds that have a place
// in it (titled as the kind) and the other entries, by place.
func siteNav() []web.NavItem {
	type placed struct {
		place int
		item  web.NavItem
	}
	var all []placed
	for _, k := range vocab.Kinds {
		if k.Nav > 0 && k.List != "" {
			all = append(all, placed{k.Nav, web.NavItem{Key: k.Segment, Path: k.List, Title: k.Title}})
		}
	}
	for _, o := range otherNav {
		all = append(all, placed{o.place, o.item})
	}
	slices.SortStableFunc(all, func(a, b placed) int { return a.place - b.place })
	out := make([]web.NavItem, len(all))
	for i, p := range all {
		out[i] = p.item
	}
	return out
}

// navOf is the navigation entry of a resource's page: the entry of the
// first of its types that is a kind in the navigation, or "".
func navOf(types []rdf.Term) string {
	for _, t := range types {
		if k := vocab.KindOfClass(t.Value); k != nil && k.Nav > 0 && k.List != "" && t.IsIRI() {
			return k.Segment
		}
	}
	return ""
}

// Paging bounds of collections (api/collection).
const (
	defaultPageSize = collection.DefaultSize
	maxPageSize     = collection.MaxSize
)

// collectionQuery is a validated request for one page of a collection.
type collectionQuery struct {
	collection.Query
	def collectionDef
}

func collectionFor(path string) (collectionDef, bool) {
	path = strings.TrimPrefix(strings.TrimPrefix(path, "/en"), "/fr")
	for _, d := range collections {
		if d.path == path {
			return d, true
		}
	}
	return collectionDef{}, false
}

// parseCollectionQuery validates the query parameters; any mistake is a
// 400 problem.
func (s *Server) parseCollectionQuery(ctx context.Context, snap *store.Snapshot, def collectionDef, q url.Values) (collectionQuery, error) {
	cq := collectionQuery{def: def, Query: collection.Query{Filters: map[string]string{}, Page: 1, Size: defaultPageSize}}
	for _, fd := range collection.Filters {
		name := fd.Name
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			continue
		}
		schemeIRI := s.cfg.Base + vocab.PathConcept + fd.Scheme
		iri := v
		if !strings.Contains(v, ":") {
			iri = schemeIRI + "/" + v
		}
		inScheme := false
		for _, err := range snap.Match(ctx, store.Pattern{S: rdf.IRI(iri), P: rdf.IRI(skosNS + "inScheme"), O: rdf.IRI(schemeIRI), AnyGraph: true}) {
			inScheme = err == nil
			break
		}
		if !inScheme {
			return cq, badRequest(fmt.Sprintf("%s=%q is not a concept of %s", name, v, schemeIRI))
		}
		cq.Filters[name] = iri
	}
	var err error
	if cq.Page, err = intParam(q, "page", 1, 1, 1<<30); err != nil {
		return cq, err
	}
	if cq.Size, err = intParam(q, "size", defaultPageSize, 1, maxPageSize); err != nil {
		return cq, err
	}
	return cq, nil
}

// intParam reads a bounded integer query parameter (400 problem when it is
// not a number or out of bounds).
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest(fmt.Sprintf("%s must be an integer from %d to %d, not %q", name, lo, hi, v))
	}
	return n, nil
}

// members lists the members of a collection that pass the filters, ordered
// by label (French collation) then IRI.
func (s *Server) members(ctx context.Context, snap *store.Snapshot, cq collectionQuery, l *labeler) []string {
	var candidates []rdf.Term
	if cq.def.scheme != "" {
		candidates = distinctSubjects(ctx, snap, skosNS+"inScheme", rdf.IRI(s.cfg.Base+vocab.PathConcept+cq.def.scheme))
	} else {
		candidates = distinctSubjects(ctx, snap, rdf.RDFType, rdf.IRI(cq.def.class))
	}
	// Each filter is one scan of its (property, value) pair.
	var allowed []map[rdf.Term]bool
	for _, fd := range collection.Filters {
		if iri, ok := cq.Filters[fd.Name]; ok {
			set := map[rdf.Term]bool{}
			for _, m := range distinctSubjects(ctx, snap, fd.Prop, rdf.IRI(iri)) {
				set[m] = true
			}
			allowed = append(allowed, set)
		}
	}
	var out []string
	for _, m := range candidates {
		if !m.IsIRI() || !allIn(allowed, m) || (cq.def.exclude != "" && hasType(ctx, snap, m.Value, cq.def.exclude)) {
			continue
		}
		out = append(out, m.Value)
	}
	if len(out) > batchLabels {
		prefetchLabels(ctx, snap, out, l)
	}
	labels := make([]string, len(out))
	for i, m := range out {
		labels[i] = l.labelOr(m)
	}
	return collection.Order(out, labels)
}

// batchLabels is the member count above which the labels of a collection
// are read in one scan per label predicate rather than one lookup per
// member.
const batchLabels = 64

// prefetchLabels fills the labeler's cache for iris with one scan per label
// predicate (same fallback chain as labeler.label).
func prefetchLabels(ctx context.Context, snap *store.Snapshot, iris []string, l *labeler) {
	values := make(map[string][][]rdf.Term, len(iris)) // iri → values per predicate
	for _, iri := range iris {
		values[iri] = make([][]rdf.Term, len(labelPredicates))
	}
	for i, p := range labelPredicates {
		for q, err := range snap.Match(ctx, store.Pattern{P: rdf.IRI(p), AnyGraph: true}) {
			if err != nil {
				return // the per-member lookups will try again
			}
			if v, ok := values[q.S.Value]; ok && q.S.IsIRI() {
				v[i] = append(v[i], q.O)
			}
		}
	}
	for iri, perPred := range values {
		best := ""
		for _, vs := range perPred {
			if best = pickLiteral(vs, l.langs); best != "" {
				break
			}
		}
		l.cache[iri] = best
	}
}

// distinctSubjects lists the subjects of (?, p, o) over the public graphs,
// once each, in index order.
func distinctSubjects(ctx context.Context, r quadReader, p string, o rdf.Term) []rdf.Term {
	var out []rdf.Term
	seen := map[rdf.Term]bool{}
	for q, err := range r.Match(ctx, store.Pattern{P: rdf.IRI(p), O: o, AnyGraph: true}) {
		if err != nil {
			break
		}
		if !seen[q.S] {
			seen[q.S] = true
			out = append(out, q.S)
		}
	}
	return out
}

// allIn reports whether every set holds m.
func allIn(sets []map[rdf.Term]bool, m rdf.Term) bool {
	for _, set := range sets {
		if !set[m] {
			return false
		}
	}
	return true
}

// getCollection serves one page of a collection. Paging past the last page
// is a 404 problem; page 1 of an empty collection is an empty page.
func (s *Server) getCollection(c *gin.Context) error {
	def, ok := collectionFor(c.FullPath())
	if !ok {
		return notFound("no collection at " + c.Request.URL.Path)
	}
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	f, err := chooseFormat(c.GetHeader("Accept"), collectionFormats)
	if err != nil {
		return err
	}
	lang := ""
	if f == fmtHTML {
		lang = pageLang(c)
	}
	ctx := c.Request.Context()
	cq, err := s.parseCollectionQuery(ctx, snap, def, c.Request.URL.Query())
	if err != nil {
		return err
	}
	version := snap.Version()
	key := cacheKey("coll|", c.Request.URL.Path, cq.String(cq.Page, true), "|", f.name, "|", lang, "|", version)
	// The member count (hence the last page) is cached next to the document
	// for the Link header.
	count := func(l *labeler) (*rendered, []string, error) {
		all := s.members(ctx, snap, cq, l)
		if last := cq.Last(len(all)); cq.Page > last {
			return nil, nil, notFound(fmt.Sprintf("page %d is past the last page (%d) of %s", cq.Page, last, def.path))
		}
		return newRendered([]byte(strconv.Itoa(len(all))), time.Time{}), all, nil
	}
	doc, err := s.docs.get(key, func() (*rendered, error) {
		l := newLabeler(ctx, snap, lang)
		n, all, err := count(l)
		if err != nil {
			return nil, err
		}
		s.docs.lru.Add(key+"|count", n)
		last := cq.Last(len(all))
		pageMembers := all[(cq.Page-1)*cq.Size : min(len(all), cq.Page*cq.Size)]
		var body []byte
		if f == fmtHTML {
			body, err = s.renderCollectionHTML(ctx, snap, cq, pageMembers, len(all), last, lang, l)
		} else {
			body, err = renderQuads(f, s.collectionTriples(ctx, snap, cq, pageMembers, len(all), last), s.cfg.Base+def.path[1:]+cq.String(0, false), hydraContext)
		}
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	n, err := s.docs.get(key+"|count", func() (*rendered, error) {
		r, _, err := count(newLabeler(ctx, snap, lang))
		return r, err
	})
	if err != nil {
		return err
	}
	total, _ := strconv.Atoi(string(n.body))
	c.Header("Allow", def.allow())
	c.Header("Link", strings.Join(collection.Links(c.Request.URL.Path, cq.Query, total), ", "))
	s.describedBy(c, f)
	return sendDocument(c, doc, f.mediaType, "", "")
}

// allow is the Allow header of a collection: POST where it creates.
func (d collectionDef) allow() string {
	if d.writes != "" {
		return "GET, HEAD, POST"
	}
	return "GET, HEAD"
}

// postCollection creates a member of a listed collection (POST /chantiers
// is POST /id/chantiers); the English path is refused with 405 by gin.
func (s *Server) postCollection(c *gin.Context) error {
	def, ok := collectionFor(c.FullPath())
	if !ok || def.writes == "" {
		c.Header("Allow", def.allow())
		return methodNotAllowed(c, "")
	}
	c.Header("Allow", def.allow())
	return s.writeAt(c, "/"+def.writes)
}

// collectionTriples describe one page as a hydra:Collection with a
// hydra:PartialCollectionView, and summarise the members.
func (s *Server) collectionTriples(ctx context.Context, snap *store.Snapshot, cq collectionQuery, members []string, total, last int) []rdf.Quad {
	base := s.cfg.Base + cq.def.path[1:]
	coll := base + cq.String(0, false)
	view := base + cq.String(cq.Page, true)
	var g door.Graph
	g.IRI(coll, rdf.RDFType, hydraNS+"Collection")
	g.Add(rdf.IRI(coll), hydraNS+"totalItems", door.Integer(total))
	g.Add(rdf.IRI(coll), rdfsLabel, rdf.LangString(cq.def.title[0], "fr"))
	g.Add(rdf.IRI(coll), rdfsLabel, rdf.LangString(cq.def.title[1], "en"))
	g.IRI(coll, hydraNS+"view", view)
	g.IRI(view, rdf.RDFType, hydraNS+"PartialCollectionView")
	g.IRI(view, hydraNS+"first", base+cq.String(1, true))
	g.IRI(view, hydraNS+"last", base+cq.String(last, true))
	if cq.Page > 1 {
		g.IRI(view, hydraNS+"previous", base+cq.String(cq.Page-1, true))
	}
	if cq.Page < last {
		g.IRI(view, hydraNS+"next", base+cq.String(cq.Page+1, true))
	}
	// How to ask for other pages and filters (hydra:search).
	search := rdf.Blank("search")
	g.Add(rdf.IRI(coll), hydraNS+"search", search)
	g.Add(search, rdf.RDFType, rdf.IRI(hydraNS+"IriTemplate"))
	template, mappings := collection.SearchTemplate(base)
	g.Add(search, hydraNS+"template", rdf.String(template))
	g.Add(search, hydraNS+"variableRepresentation", rdf.IRI(hydraNS+"BasicRepresentation"))
	for _, v := range mappings {
		m := rdf.Blank("map-" + v.Variable)
		g.Add(search, hydraNS+"mapping", m)
		g.Add(m, rdf.RDFType, rdf.IRI(hydraNS+"IriTemplateMapping"))
		g.Add(m, hydraNS+"variable", rdf.String(v.Variable))
		g.Add(m, hydraNS+"property", rdf.IRI(v.Property))
		g.Add(m, hydraNS+"required", rdf.Literal("false", xsdNS+"boolean"))
	}
	// How to add a member (Hydra operation, as POST on this collection).
	if cq.def.writes != "" {
		op := rdf.Blank("create")
		g.Add(rdf.IRI(coll), hydraNS+"operation", op)
		g.Add(op, rdf.RDFType, rdf.IRI(hydraNS+"Operation"))
		g.Add(op, rdf.RDFType, rdf.IRI(schemaNS+"CreateAction"))
		g.Add(op, hydraNS+"method", rdf.String("POST"))
		g.Add(op, hydraNS+"expects", rdf.IRI(cq.def.class))
		g.Add(op, hydraNS+"returns", rdf.IRI(cq.def.class))
		g.Add(op, hydraNS+"title", rdf.LangString("Créer un élément (jeton Bearer, corps JSON-LD ou Turtle)", "fr"))
		g.Add(op, hydraNS+"title", rdf.LangString("Create a member (Bearer token, JSON-LD or Turtle body)", "en"))
	}
	summary := []string{rdf.RDFType, schemaNS + "name", skosNS + "prefLabel", rdfsLabel, vocab.RadnKind, vocab.RadnStatus, vocab.RadnTheme}
	for _, m := range members {
		g.IRI(coll, hydraNS+"member", m)
		for _, p := range summary {
			for _, o := range lookup(ctx, snap, rdf.IRI(m), p) {
				g.Add(rdf.IRI(m), p, o)
			}
		}
	}
	return g.Quads
}

// renderCollectionHTML renders one page of a collection.
func (s *Server) renderCollectionHTML(ctx context.Context, snap *store.Snapshot, cq collectionQuery, members []string, total, last int, lang string, l *labeler) ([]byte, error) {
	li := 0
	if lang == "en" {
		li = 1
	}
	path := sitePath(lang, cq.def.path)
	v := web.CollectionView{Action: path, TotalItems: total, PageNumber: cq.Page}
	href := func(p int) string { return path + cq.String(p, true) }
	v.First, v.Last = href(1), href(last)
	if cq.Page > 1 {
		v.Previous = href(cq.Page - 1)
	}
	if cq.Page < last {
		v.Next = href(cq.Page + 1)
	}
	for _, name := range cq.def.filters {
		fd, _ := collection.FilterNamed(name)
		f := web.Filter{Name: name, Label: l.labelOr(s.cfg.Base + vocab.PathConcept + fd.Scheme)}
		concepts := distinctSubjects(ctx, snap, skosNS+"inScheme", rdf.IRI(s.cfg.Base+vocab.PathConcept+fd.Scheme))
		for _, c := range concepts {
			if !c.IsIRI() {
				continue
			}
			slug := c.Value[strings.LastIndexByte(c.Value, '/')+1:]
			f.Options = append(f.Options, web.Option{Value: slug, Label: l.labelOr(c.Value), Selected: cq.Filters[name] == c.Value})
		}
		slices.SortFunc(f.Options, func(a, b web.Option) int { return compareFold(a.Label, b.Label) })
		v.Filters = append(v.Filters, f)
	}
	for _, m := range members {
		v.Items = append(v.Items, s.summaryOf(ctx, snap, m, l))
	}
	title := cq.def.title[li]
	jsonld, err := json.Marshal(map[string]any{
		"@context":   "https://schema.org",
		"@type":      "CollectionPage",
		"@id":        s.cfg.Base + cq.def.path[1:] + "#page",
		"url":        s.cfg.Base + langPath(lang, cq.def.path)[1:],
		"name":       title,
		"inLanguage": lang,
	})
	if err != nil {
		return nil, err
	}
	v.Page = web.Page{
		Lang:         lang,
		Title:        title,
		Canonical:    s.cfg.Base + langPath(lang, cq.def.path)[1:] + cq.String(cq.Page, cq.Page > 1),
		Translations: s.translations(cq.def.path),
		JSONLD:       jsonld,
		Nav:          cq.def.nav,
	}
	var buf bytes.Buffer
	if err := s.web.Collection(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
