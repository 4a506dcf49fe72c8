package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api/web/svg"
)

// Options configure a Renderer. The zero value is ready to use.
type Options struct {
	// StaticPrefix is the URL path under which Static() is served; it
	// must end with '/'. Default "/static/".
	StaticPrefix string
	// Nav is the main navigation; nil uses DefaultNav.
	Nav []NavItem
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	// Key names the item: its label is the message "nav."+Key and
	// Page.Nav == Key marks it current.
	Key string
	// Path is the site path of the French page.
	Path string
	// Global, when true, keeps Path as is on English pages; otherwise
	// English pages link to "/en"+Path.
	Global bool
	// Title, when set, is the label in French and English (a kind's
	// collection title); otherwise the label is the message "nav."+Key.
	Title [2]string
}

// DefaultNav is the navigation of the site: Chantiers, Thèmes, Legs,
// SPARQL, Données.
var DefaultNav = []NavItem{
	{Key: "chantiers", Path: "/chantiers"},
	{Key: "themes", Path: "/concept/theme"},
	{Key: "legs", Path: "/legs"},
	{Key: "sparql", Path: "/sparql"},
	{Key: "donnees", Path: "/donnees"},
}

// pages lists the page templates; each is parsed with layout.html and
// partials.html into its own set.
var pages = []string{"home", "chantier", "resource", "collection", "sparql", "error", "article", "propose"}

// Renderer renders the view models into HTML. It is safe for concurrent
// use; its templates are parsed once by New.
type Renderer struct {
	static string
	nav    []NavItem
	sets   map[string]*template.Template
	card   *template.Template
}

// New parses the embedded templates.
func New(opts Options) (*Renderer, error) {
	r := &Renderer{static: opts.StaticPrefix, nav: opts.Nav, sets: map[string]*template.Template{}}
	if r.static == "" {
		r.static = "/static/"
	}
	if !strings.HasSuffix(r.static, "/") {
		r.static += "/"
	}
	if r.nav == nil {
		r.nav = DefaultNav
	}
	for _, p := range pages {
		t, err := template.New(p).Funcs(r.funcs()).ParseFS(templateFiles,
			"templates/layout.html", "templates/partials.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parsing template %s: %w", p, err)
		}
		r.sets[p] = t
	}
	t, err := template.New("card").Funcs(r.funcs()).ParseFS(templateFiles, "templates/card.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing template card: %w", err)
	}
	r.card = t
	return r, nil
}

// Home renders the home page.
func (r *Renderer) Home(w io.Writer, v HomeView) error {
	return r.page(w, "home", &v.Page, v)
}

// Chantier renders the page of a chantier.
func (r *Renderer) Chantier(w io.Writer, v ChantierView) error {
	if v.Embed != nil {
		if err := checkJSON("embed snippet", v.Embed.SnippetJSONLD); err != nil {
			return err
		}
	}
	return r.page(w, "chantier", &v.Page, v)
}

// Resource renders the generic page of any resource.
func (r *Renderer) Resource(w io.Writer, v ResourceView) error {
	return r.page(w, "resource", &v.Page, v)
}

// Collection renders a paged list with filters.
func (r *Renderer) Collection(w io.Writer, v CollectionView) error {
	return r.page(w, "collection", &v.Page, v)
}

// SPARQL renders the SPARQL page.
func (r *Renderer) SPARQL(w io.Writer, v SPARQLView) error {
	return r.page(w, "sparql", &v.Page, v)
}

// Article renders a page a person reads (dataset, downloads, a concept
// scheme, a guide).
func (r *Renderer) Article(w io.Writer, v ArticleView) error {
	return r.page(w, "article", &v.Page, v)
}

// Propose renders the form to propose a chantier.
func (r *Renderer) Propose(w io.Writer, v ProposeView) error {
	return r.page(w, "propose", &v.Page, v)
}

// Error renders the browser version of an error.
func (r *Renderer) Error(w io.Writer, v ErrorView) error {
	return r.page(w, "error", &v.Page, v)
}

// Embed renders the standalone card of a chantier for iframes.
func (r *Renderer) Embed(w io.Writer, v CardView) error {
	if err := checkJSON("JSON-LD", v.JSONLD); err != nil {
		return err
	}
	return execute(w, r.card, "card", v)
}

func (r *Renderer) page(w io.Writer, name string, p *Page, v any) error {
	if err := checkJSON("JSON-LD", p.JSONLD); err != nil {
		return err
	}
	return execute(w, r.sets[name], "layout", v)
}

// execute renders into a buffer first, so that a failing template writes
// nothing to w.
func execute(w io.Writer, t *template.Template, name string, v any) error {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, v); err != nil {
		return fmt.Errorf("web: rendering %s: %w", t.Name(), err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("web: writing %s: %w", t.Name(), err)
	}
	return nil
}

// ErrInvalidJSON is returned when JSON-LD bytes of a view are not JSON.
var ErrInvalidJSON = errors.New("invalid JSON")

func checkJSON(what string, b []byte) error {
	if len(bytes.TrimSpace(b)) > 0 && !json.Valid(b) {
		return fmt.Errorf("web: %s of the view: %w", what, ErrInvalidJSON)
	}
	return nil
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"scriptJSON":  ScriptJSON,
		"T":           T,
		"plural":      func(lang string, n int, key string) string { return Plural(lang, n, key) },
		"longDate":    LongDate,
		"cellNumeric": func(t *Table, i int) bool { return i < len(t.Numeric) && t.Numeric[i] },
		"cellCode":    func(t *Table, i int) bool { return i < len(t.Code) && t.Code[i] },
		"statusText": func(lang string, status int) string {
			key := fmt.Sprintf("status.%d.text", status)
			if _, ok := messages[key]; !ok {
				return ""
			}
			return T(lang, key)
		},
		"summaryArgs":     func(items []ChantierSummary, lang string) summaryArgs { return summaryArgs{items, lang} },
		"static":          func(p string) string { return r.static + p },
		"navItems":        func() []NavItem { return r.nav },
		"oembedHref":      oembedHref,
		"date":            func(t time.Time) string { return t.UTC().Format(time.DateOnly) },
		"sparqlHref":      SPARQLHref,
		"resourceQuery":   ResourceQuery,
		"snippet":         SnippetText,
		"iframeCode":      iframeCode,
		"widgetCode":      widgetCode,
		"heading":         errorHeading,
		"endpoint":        endpoint,
		"startQuery":      startQuery,
		"examples":        viewExamples,
		"sparqlConfig":    sparqlConfig,
		"kindsSVG":        kindsSVG,
		"lineageSVG":      lineageSVG,
		"chantierLineage": chantierLineage,
		"participantsSVG": participantsSVG,
	}
}

// summaryArgs are the arguments of the summaryList template.
type summaryArgs struct {
	Items []ChantierSummary
	Lang  string
}

// oembedHref is the oEmbed discovery URL of a page.
func oembedHref(canonical string) string {
	return "/oembed?url=" + url.QueryEscape(canonical) + "&format=json"
}

// Default size of the embed card's iframe, in CSS pixels.
const (
	CardWidth  = 480
	CardHeight = 320
)

// EmbedIframe returns the <iframe> HTML that frames the card at cardURL:
// the code partners paste, and the "html" field of an oEmbed response
// (design/model.md §5.3). cardURL and title are attribute-escaped; the
// iframe is sandboxed (popups only, for the links out), lazy-loaded and
// sends only the origin as referrer. Sizes below 1 use CardWidth and
// CardHeight. cardURL should be an https URL chosen by the server.
func EmbedIframe(cardURL, title string, width, height int) string {
	if width < 1 {
		width = CardWidth
	}
	if height < 1 {
		height = CardHeight
	}
	return fmt.Sprintf(`<iframe src="%s" width="%d" height="%d" title="%s" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-popups allow-popups-to-escape-sandbox" style="border:0"></iframe>`,
		html.EscapeString(cardURL), width, height, html.EscapeString(title))
}

// iframeCode is the HTML code partners paste to frame the card.
func iframeCode(cardURL, title string) string {
	return EmbedIframe(cardURL, title, CardWidth, CardHeight)
}

// widgetCode is the HTML code partners paste to use widget.js.
func widgetCode(widgetURL, iri string) string {
	return fmt.Sprintf("<script src=\"%s\" async></script>\n<div class=\"ruche-chantier\" data-ruche-resource=\"%s\"></div>",
		html.EscapeString(widgetURL), html.EscapeString(iri))
}

func errorHeading(v ErrorView) string {
	if v.Heading != "" {
		return v.Heading
	}
	if _, ok := messages[fmt.Sprintf("status.%d", v.Status)]; ok {
		return T(v.L(), fmt.Sprintf("status.%d", v.Status))
	}
	if v.Title != "" {
		return v.Title
	}
	if s := http.StatusText(v.Status); s != "" {
		return s
	}
	return v.T("error.heading")
}

func endpoint(v SPARQLView) string {
	if v.Endpoint == "" {
		return "/sparql"
	}
	return v.Endpoint
}

func viewExamples(v SPARQLView) []Example {
	if v.Examples == nil {
		return ExampleQueries()
	}
	return v.Examples
}

func startQuery(v SPARQLView) string {
	if v.Query != "" {
		return v.Query
	}
	if ex := viewExamples(v); len(ex) > 0 {
		return ex[0].Query
	}
	return ""
}

// sparqlConfig is the data block read by static/sparql.js.
func sparqlConfig(v SPARQLView) (template.HTML, error) {
	type example struct {
		Title string `json:"title"`
		Query string `json:"query"`
	}
	cfg := struct {
		Endpoint string    `json:"endpoint"`
		Query    string    `json:"query"`
		Run      bool      `json:"run"`
		CSVName  string    `json:"csvFilename"`
		Examples []example `json:"examples"`
		// Messages let the page script show query errors in the page's
		// language.
		Messages map[string]string `json:"messages"`
	}{Endpoint: endpoint(v), Query: startQuery(v), Run: v.Query != "", CSVName: "resultats.csv", Messages: map[string]string{}}
	for _, k := range []string{"sparql.syntax", "sparql.position", "sparql.error", "error.detail", "colon", "status.400", "status.406", "status.413", "status.429", "status.503"} {
		cfg.Messages[k] = v.T(k)
	}
	for _, e := range viewExamples(v) {
		cfg.Examples = append(cfg.Examples, example{e.Title, e.Query})
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("web: SPARQL page configuration: %w", err)
	}
	return scriptElement("application/json", "ruche-sparql-config", b), nil
}

// The chart functions return SVG drawn by package svg, which escapes all
// text, so the markup is trusted.

func kindsSVG(counts []svg.KindStatusCount, lang string) template.HTML {
	return template.HTML(svg.ChantiersByKindAndStatus(counts, svg.Options{Title: T(lang, "chart.kinds"), Lang: lang, ID: "kinds"}))
}

// lineageSVG draws the nodes of l that take part in an edge.
func lineageSVG(l Lineage, lang, id string) template.HTML {
	linked := map[string]bool{}
	for _, e := range l.Edges {
		linked[e.From], linked[e.To] = true, true
	}
	var nodes []svg.Node
	for _, n := range l.Nodes {
		if linked[n.ID] {
			nodes = append(nodes, n)
		}
	}
	return template.HTML(svg.Lineage(nodes, l.Edges, svg.Options{Title: T(lang, "chart.lineage"), Lang: lang, ID: id}))
}

// chantierLineage is the lineage around one chantier: the chantiers it
// emerged from on the left, those it gave rise to on the right.
func chantierLineage(v ChantierView) Lineage {
	const self = "\x00self"
	l := Lineage{Nodes: []svg.Node{{ID: self, Label: v.Name}}}
	add := func(links []Link, from bool) {
		for i, k := range links {
			id := fmt.Sprintf("%t-%d", from, i)
			l.Nodes = append(l.Nodes, svg.Node{ID: id, Label: k.Label, Href: k.Href})
			if from {
				l.Edges = append(l.Edges, svg.Edge{From: id, To: self})
			} else {
				l.Edges = append(l.Edges, svg.Edge{From: self, To: id})
			}
		}
	}
	add(v.EmergedFrom, true)
	add(v.GaveRiseTo, false)
	return l
}

func participantsSVG(pts []svg.Point, lang, name string) template.HTML {
	title := T(lang, "chart.participants")
	if name != "" {
		title += " — " + name
	}
	return template.HTML(svg.ParticipantsOverTime(pts, svg.Options{Title: title, Lang: lang, ID: "participants"}))
}
