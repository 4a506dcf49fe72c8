package web

import (
	"html/template"
	"io"
)

// SearchView is the search page (/recherche, /en/search).
type SearchView struct {
	Page
	// Action is the path the form is sent to.
	Action string
	// Query is the text searched ("" before any search).
	Query string
	// Filters are the kind, status and theme selectors.
	Filters []Filter
	// Total is the number of results; Results the current page.
	Total   int
	Results []SearchResult
	// Suggestions are the closest names, shown when nothing matched.
	Suggestions []Link
	// PageNumber (from 1), LastPage, the rank of the page's first result,
	// and the hrefs of the neighbouring pages ("" for none).
	PageNumber, LastPage, StartAt int
	Previous, Next                string
}

// SearchResult is one result.
type SearchResult struct {
	Href  string
	Label string
	// Name is the label with the query's words in <mark>; it must be
	// escaped HTML (package search makes it so); empty shows Label.
	Name template.HTML
	// Kind is the kind of resource, in the page's language.
	Kind string
	// Snippets are passages of the text, escaped HTML with <mark>.
	Snippets []template.HTML
	// Status is the chantier's status label, if any.
	Status string
}

// Search renders the search page.
func (r *Renderer) Search(w io.Writer, v SearchView) error {
	return r.page(w, "search", &v.Page, v)
}

// searchMessages are the interface strings of the search page and box.
var searchMessages = map[string][2]string{
	"search.title":       {"Recherche", "Search"},
	"search.label":       {"Rechercher", "Search"},
	"search.placeholder": {"Chantier, legs, thème, organisation…", "Chantier, legacy, theme, organisation…"},
	"search.submit":      {"Chercher", "Search"},
	"search.results":     {"résultat(s) pour", "result(s) for"},
	"search.none":        {"Aucun résultat pour", "No result for"},
	"search.didyoumean":  {"Vouliez-vous dire", "Did you mean"},
	"search.kind":        {"Type", "Kind"},
	"search.status":      {"Statut", "Status"},
	"search.theme":       {"Thème", "Theme"},
	"search.all":         {"Tous", "All"},
	"search.paging":      {"Pages de résultats", "Result pages"},
	"search.prev":        {"Précédents", "Previous"},
	"search.next":        {"Suivants", "Next"},
	"search.first":       {"Premiers", "First"},
	"search.intro":       {"Cherchez dans les noms et les textes publics des chantiers, legs, thèmes, organisations, objectifs, livrables et besoins.", "Search the names and public texts of chantiers, legacies, themes, organisations, objectives, deliverables and needs."},
	"search.reconcile":   {"Pour apparier un tableur (OpenRefine), utilisez le service de réconciliation", "To match a spreadsheet (OpenRefine), use the reconciliation service"},
}

func init() {
	for k, v := range searchMessages {
		messages[k] = v
	}
	pages = append(pages, "search")
}
