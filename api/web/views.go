package web

import (
	"html/template"
	"time"

	"github.com/ruche-lod/ruche/api/web/svg"
)

// Page holds what every full page needs: language, title, links in the
// <head> and the page-profile JSON-LD. Every view embeds it.
type Page struct {
	// Lang is the language of the page, "fr" (default) or "en". It sets
	// <html lang>, the interface strings and the /en prefix of the
	// navigation links. Any other value is treated as "fr".
	Lang string
	// Title is the page title, in Lang, without the site name (the layout
	// appends it).
	Title string
	// Description is the meta description of the page (optional).
	Description string
	// Canonical is the absolute URL of this HTML page, used for
	// <link rel="canonical"> and for oEmbed discovery.
	Canonical string
	// Alternates are the URLs of the RDF versions of the page's resource;
	// empty fields emit no link.
	Alternates Alternates
	// Translations are the same page in other languages (hreflang links
	// and the language switcher).
	Translations []Translation
	// OEmbed, when true, adds the oEmbed discovery link
	// /oembed?url={Canonical}&format=json (chantier pages).
	OEmbed bool
	// JSONLD is the page-profile JSON-LD of the page, produced by
	// json.Marshal (any JSON serialiser will do: ScriptJSON escapes it
	// again). Nil or empty bytes emit no script element.
	JSONLD []byte
	// Nav is the key of the navigation item to mark as current:
	// "chantiers", "themes", "legs", "sparql" or "donnees" (or "").
	Nav string
	// Modified is when the data shown last changed (footer); zero hides it.
	Modified time.Time
}

// Alternates are the RDF representations of a page's resource.
type Alternates struct {
	// JSONLD is the URL of the JSON-LD document (API profile).
	JSONLD string
	// Turtle is the URL of the Turtle document.
	Turtle string
	// NTriples is the URL of the N-Triples document.
	NTriples string
}

// Translation is the same page in another language.
type Translation struct {
	// Lang is the BCP 47 tag of the other page ("en", "fr").
	Lang string
	// Href is the URL of the other page (its canonical URL, for hreflang).
	Href string
	// Choose is the link of the language switcher, which keeps the choice
	// (/fr/… or /en/…); empty uses Href.
	Choose string
}

// SwitchHref is the language switcher's link.
func (t Translation) SwitchHref() string {
	if t.Choose != "" {
		return t.Choose
	}
	return t.Href
}

// Link is a labelled hyperlink.
type Link struct {
	// Href is the target (a path like /chantiers/x or an absolute URL).
	// Empty renders the label as plain text.
	Href string
	// Label is the text shown, already in the page's language.
	Label string
}

// HomeView is the home page: the list of chantiers and two charts.
type HomeView struct {
	Page
	// Intro is an introductory paragraph (plain text, optional).
	Intro string
	// Chantiers are listed in this order.
	Chantiers []ChantierSummary
	// KindStatus feeds the chart of chantiers by kind and status; empty
	// hides the chart.
	KindStatus []svg.KindStatusCount
	// Guides are links to the guides (writing, querying, …) and to the
	// proposal form; empty hides the section.
	Guides []Link
	// Lineage feeds the chart of chantiers that emerged from others; no
	// edges hides the chart, and only nodes named by an edge are drawn, so
	// Nodes may list every chantier.
	Lineage Lineage
}

// ChantierSummary is one chantier in a list.
type ChantierSummary struct {
	// Link is the chantier page and its name.
	Link
	// Kinds are the chantier kinds (collaboration, mutualisation, expertise).
	Kinds []Link
	// Chantier marks a chantier, whose missing kind is shown as « type non
	// précisé ».
	Chantier bool
	// Status is the current status; zero value hides it.
	Status Link
	// Definition is a short description (plain text, optional).
	Definition string
}

// Lineage is the data of a lineage drawing.
type Lineage struct {
	// Nodes are the chantiers drawn (ID, label, link).
	Nodes []svg.Node
	// Edges say which chantier (To) emerged from which (From).
	Edges []svg.Edge
}

// ChantierView is the page of one chantier.
type ChantierView struct {
	Page
	// IRI is the chantier's identifier (shown, used for the SPARQL link and
	// the embed snippets).
	IRI string
	// Name is the chantier's name in the page's language.
	Name string
	// AlternateNames are other names (e.g. former names).
	AlternateNames []string
	// Definition is the initial definition (radn:initialDefinition).
	Definition string
	// Description is the current description, shown only if it differs from
	// Definition.
	Description string
	// Source is where the definition comes from (e.g. the wiki page).
	Source Link
	// SourceLicence is the licence of the quoted texts (e.g. CC BY-NC-SA).
	SourceLicence Link
	// Kinds are the chantier kinds.
	Kinds []Link
	// Themes are the chantier themes.
	Themes []Link
	// Status is the current status; zero value hides it.
	Status Link
	// Parent is the network the chantier belongs to; zero value hides it.
	Parent Link
	// Founded and Dissolved are the founding and closing dates as written
	// in the data (xsd:date, gYearMonth or gYear); empty hides them.
	Founded, Dissolved string
	// Objectives are the chantier's objectives.
	Objectives []Objective
	// Deliverables are its deliverables (radn:deliverable that are not legacies).
	Deliverables []Link
	// Legacies are its legacies (radn:hasLegacy).
	Legacies []Link
	// ParticipantCount is the total number of participants, consenting or
	// not (radn:participantCount); negative means unknown.
	ParticipantCount int
	// Members are the participants who consented to be named.
	Members []Member
	// Participants feeds the participants-over-time chart; empty hides it.
	Participants []svg.Point
	// EmergedFrom are the chantiers this one emerged from
	// (prov:wasDerivedFrom). With GaveRiseTo, it is listed and drawn.
	EmergedFrom []Link
	// GaveRiseTo are the chantiers that emerged from this one.
	GaveRiseTo []Link
	// SupportNeeds are the needs passed to the coordination team.
	SupportNeeds []SupportNeed
	// Evaluation is the latest public continuity evaluation; nil hides it.
	Evaluation *Evaluation
	// SPARQLQuery is the query behind the "Interroger en SPARQL" link;
	// empty uses ResourceQuery(IRI).
	SPARQLQuery string
	// Embed, when non-nil, shows the "Intégrer" panel.
	Embed *EmbedPanel
}

// Objective is one objective of a chantier, with its SMART facets.
type Objective struct {
	// Link is the objective's page and its short label.
	Link
	// Status is the objective's status; zero value hides it.
	Status Link
	// Specific, Measurable, Achievable and Realistic are the SMART facets
	// (plain text, optional).
	Specific, Measurable, Achievable, Realistic string
	// TimeBound is the deadline as written in the data (xsd:date,
	// gYearMonth or gYear lexical form), optional.
	TimeBound string
}

// Member is a participant who consented to be named.
type Member struct {
	// Link is the person's page and name.
	Link
	// Role is the role label (participant·e, animation…), optional.
	Role string
	// Since is the start date as written in the data (optional).
	Since string
}

// SupportNeed is a need a chantier passed to the coordination team.
type SupportNeed struct {
	// Link is the need's page and label.
	Link
	// Type is the need type (experts, financement…); zero value hides it.
	Type Link
	// Status is the need's status; zero value hides it.
	Status Link
	// Description is plain text, optional.
	Description string
}

// Evaluation is a continuity evaluation of a chantier.
type Evaluation struct {
	// Link is the evaluation's page and label.
	Link
	// Date is the evaluation date as written in the data.
	Date string
	// Decision is the decision taken (poursuivre, réorienter, fermer);
	// zero value hides it.
	Decision Link
	// Criteria are the four criteria of the grid, in order.
	Criteria []Criterion
}

// Criterion is the assessment of one criterion of the continuity grid.
type Criterion struct {
	// Notation is the criterion number ("1" … "4").
	Notation string
	// Link is the criterion concept and its label.
	Link
	// Rating, Worst and Best are schema:ratingValue, worstRating and
	// bestRating; Best == 0 hides the rating.
	Rating, Worst, Best int
	// Explanation is schema:ratingExplanation (plain text, optional).
	Explanation string
	// Indicators are the indicators considered.
	Indicators []Link
}

// EmbedPanel is the "Intégrer" section of a chantier page: the
// copy-paste JSON-LD snippet, the iframe and the widget code.
type EmbedPanel struct {
	// SnippetJSONLD is the page-profile JSON-LD to copy (json.Marshal
	// output); shown escaped inside <pre>, pretty-printed.
	SnippetJSONLD []byte
	// CardURL is the absolute URL of the iframe card
	// (https://HOST/embed/chantiers/{slug}?lang=fr).
	CardURL string
	// WidgetURL is the absolute URL of widget.js.
	WidgetURL string
	// Title is the iframe title (the chantier name).
	Title string
}

// ResourceView is the generic page of any resource: label, types and a
// table of property → values.
type ResourceView struct {
	Page
	// IRI is the resource's identifier.
	IRI string
	// Label is its name in the page's language (or the IRI).
	Label string
	// Types are its rdf:type values.
	Types []Link
	// Properties are shown in this order.
	Properties []Property
	// SPARQLQuery is the query behind the "Interroger en SPARQL" link;
	// empty uses ResourceQuery(IRI).
	SPARQLQuery string
}

// Property is one row of a resource's table.
type Property struct {
	// Predicate is the property: Href its IRI (or documentation), Label
	// its label or compact IRI.
	Predicate Link
	// Values are the objects, in order.
	Values []Value
}

// Value is one object of a property.
type Value struct {
	// Link is the value: Href set for IRIs (the page or the IRI itself),
	// Label the text (a literal's lexical form or a resource's label).
	Link
	// Lang is a literal's language tag (shown and set as lang attribute).
	Lang string
	// Datatype is a literal's datatype as a short label (e.g. "xsd:date");
	// empty for strings and language-tagged strings.
	Datatype string
}

// CollectionView is a paged list with filters.
type CollectionView struct {
	Page
	// Heading is the main heading (defaults to Page.Title).
	Heading string
	// Action is the path the filter form submits to (the collection path).
	Action string
	// Filters are the filter fields (status, kind, theme).
	Filters []Filter
	// Items are the members on this page.
	Items []ChantierSummary
	// TotalItems is the number of members in the whole (filtered)
	// collection (hydra:totalItems); negative hides it.
	TotalItems int
	// PageNumber is the 1-based number of this page; 0 hides paging.
	PageNumber int
	// First, Previous, Next, Last are the hydra:first/previous/next/last
	// page URLs; empty ones are not shown.
	First, Previous, Next, Last string
}

// Filter is one select field of a collection's filter form.
type Filter struct {
	// Name is the query parameter (status, kind, theme).
	Name string
	// Label is the field label.
	Label string
	// Options are the choices; an "all" choice is added first.
	Options []Option
}

// Option is one choice of a Filter.
type Option struct {
	// Value is the query parameter value (a slug or IRI).
	Value string
	// Label is what the user sees.
	Label string
	// Selected marks the current choice.
	Selected bool
}

// SPARQLView is the SPARQL page: YASGUI with JavaScript, a plain form and
// optional server-side results without.
type SPARQLView struct {
	Page
	// Endpoint is the path of the SPARQL endpoint (default "/sparql").
	Endpoint string
	// Query is the query to start with (from ?query=); when non-empty the
	// page script runs it at load. Empty starts with the first example.
	Query string
	// Examples are the example queries listed; nil uses ExampleQueries().
	Examples []Example
	// FormatParam, when set, names a query parameter the endpoint accepts
	// to pick the result format without an Accept header (e.g. "format");
	// the plain form then offers a CSV choice.
	FormatParam string
	// Results are server-side results of Query for browsers without
	// JavaScript (optional; the script hides them when YASGUI shows its own).
	Results *Results
	// Error is a message about Query (syntax error, time-out), shown above
	// the form (optional).
	Error string
}

// Example is an example query of the SPARQL page.
type Example struct {
	// Title says what the query does, in French (or the page's language).
	Title string
	// Query is the SPARQL text.
	Query string
}

// Results is a SELECT result table rendered on the server.
type Results struct {
	// Vars are the column names, without '?'.
	Vars []string
	// Rows hold one Value per variable (zero Value for unbound).
	Rows [][]Value
	// Truncated says the result was cut at the server's row limit.
	Truncated bool
}

// ErrorView is the browser version of a problem+json error.
type ErrorView struct {
	Page
	// Status is the HTTP status code.
	Status int
	// Heading is the problem title (defaults to Page.Title, then to the
	// HTTP status text).
	Heading string
	// Detail is the problem detail (plain text, optional).
	Detail string
	// DetailLang is the language of Detail when it is not the page's
	// (the server's details are in English): it is then shown as a
	// technical detail, in its language.
	DetailLang string
	// RequestID identifies the request for support (optional).
	RequestID string
}

// CardView is the standalone embed card (/embed/chantiers/{slug}): no
// navigation, inline CSS only, its own page-profile JSON-LD.
type CardView struct {
	// Lang is "fr" (default) or "en".
	Lang string
	// IRI is the chantier's identifier.
	IRI string
	// Href is the chantier page the card links to (absolute URL, since the
	// card is shown in other sites).
	Href string
	// Name is the chantier's name.
	Name string
	// Kinds and Themes are labels.
	Kinds, Themes []string
	// Definition is plain text.
	Definition string
	// JSONLD is the page-profile JSON-LD of the card (json.Marshal output).
	JSONLD []byte
}

// ArticleView is a page a person reads: a heading, a lead paragraph and
// sections of paragraphs, facts, tables, link lists and trees (the
// dataset page, the downloads, a concept scheme, the guides).
type ArticleView struct {
	Page
	// Heading is the main heading (defaults to Page.Title).
	Heading string
	// Lead is the introductory paragraph (optional).
	Lead string
	// Sections are shown in order.
	Sections []Section
	// Body is trusted HTML shown after the sections (a guide rendered from
	// the repository's markdown by Markdown; never data).
	Body template.HTML
	// SPARQLQuery, when set, adds the "Interroger en SPARQL" link.
	SPARQLQuery string
}

// Section is one part of an article.
type Section struct {
	// ID is the fragment of the section (optional).
	ID string
	// Heading is the section heading.
	Heading string
	// Paragraphs are plain text.
	Paragraphs []string
	// Facts are term → values pairs.
	Facts []Fact
	// Table is a table (optional).
	Table *Table
	// Links are a list of links.
	Links []Link
	// Tree is a tree of items (concepts with their chantiers).
	Tree []TreeNode
}

// Fact is one term of a definition list with its values.
type Fact struct {
	Term   string
	Values []Link
}

// Table is a simple table; Numeric marks columns aligned right.
type Table struct {
	Head    []string
	Rows    [][]Link
	Numeric []bool
	// Code marks columns shown as code (checksums).
	Code []bool
}

// TreeNode is an item of a tree: a link, a note, the items attached to it
// (e.g. the chantiers of a theme) and its children.
type TreeNode struct {
	Link
	Note     string
	Items    []Link
	Children []TreeNode
}

// ProposeView is the form to propose a chantier: a first submit lists the
// look-alikes, the second creates it.
type ProposeView struct {
	Page
	// Name and Definition are the proposal as typed.
	Name, Definition string
	// Token is the access token typed on the first submit, kept in the
	// form for the second (the page is never cached).
	Token string
	// Similar are the existing chantiers most like the proposal, with
	// their likeness in per cent.
	Similar []Similar
	// Checked says the look-alikes were shown: the next submit creates.
	Checked bool
	// Error says why the last submit failed.
	Error string
}

// Similar is a look-alike chantier and its likeness (0–100).
type Similar struct {
	Link
	Percent int
}
