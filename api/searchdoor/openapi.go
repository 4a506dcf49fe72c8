package searchdoor

import "github.com/ruche-lod/ruche/api/openapi"

// Ops describe the search and reconciliation routes in the OpenAPI
// description.
func Ops() []openapi.Op {
	var ops []openapi.Op
	for _, p := range []struct{ path, id, summary string }{
		{"/recherche", "search", "Full-text search of the public text (ranked, highlighted, ?type ?status ?theme filters, paged): HTML, or a schema:SearchResultsPage / Hydra collection in JSON-LD"},
		{"/en/search", "search_en", "English search page"},
	} {
		ops = append(ops, openapi.Op{Method: "get", Path: p.path, ID: p.id, Summary: p.summary, Tag: "search",
			Params: []string{"q", "type", "page", "size", "status", "theme"}, Media: []string{"text/html", "application/ld+json"}, Errors: []int{400, 404, 406, 429}})
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
			openapi.Op{Method: "get", Path: p, ID: id, Summary: sum, Tag: "reconciliation", Params: params, Media: []string{"application/json", "text/html"}, Errors: []int{400, 404, 413, 429}},
			openapi.Op{Method: "post", Path: p, ID: id + "Post", Summary: "Reconciliation batch or data extension by POST (form queries=/extend=, or a JSON body)", Tag: "reconciliation",
				Params: params, Media: []string{"application/json"}, Body: []string{"application/x-www-form-urlencoded", "application/json"}, Errors: []int{400, 404, 413, 415, 429}},
			openapi.Op{Method: "options", Path: p, ID: id + "Options", Summary: "CORS preflight", Tag: "reconciliation", Params: params, Status: 204},
		)
	}
	return ops
}
