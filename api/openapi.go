package api

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// The OpenAPI 3.1 description of the whole HTTP API is written here as a
// table of operations (openAPIOps), turned into the document by
// openAPIDocument and served at /openapi.json. TestOpenAPIMatchesRoutes
// keeps the table and the route table equal: every route is described and
// every described operation is routed.

// apiOp is one operation of the description.
type apiOp struct {
	method, path string // path in OpenAPI form: /id/{path}
	id, summary  string
	tag          string
	params       []string // names of components.parameters
	media        []string // response media types of the 200 answer
	status       int      // success status (200 when zero)
	body         []string // request body media types (writes)
	secured      bool     // needs a bearer token
	errors       []int    // problem statuses documented besides 500/503
	schema       string   // request body: a key of writeExamples ("" for every write kind)
}

// Media type groups of the answers, from the doors' rows of the format
// table (document.go).
var (
	mRDFPage  = offersOf(rdfDocFormats)
	mHTML     = []string{"text/html"}
	mSiteDesc = offersOf(homeFormats)
	mColl     = offersOf(collectionFormats)
	mVoID     = offersOf(voidFormats)
	mLDES     = offersOf(ldesFormats)
	mSPARQL   = offersOf(append(append(append([]docFormat{}, selectFormats...), graphFormats...), fmtHTML))
	mWriteIn  = []string{"application/ld+json", "application/json", "text/turtle", "application/n-triples"}
)

// collectionOps lists one operation per collection and language.
func collectionOps() []apiOp {
	var ops []apiOp
	for _, d := range collections {
		name := strings.TrimPrefix(d.path, "/")
		for _, prefix := range []string{"", "/en", "/fr"} {
			id := "list_" + name
			summary := d.title[0] + " (Hydra collection, paged; 404 past the last page)"
			switch prefix {
			case "/en":
				id += "_en"
				summary = d.title[1] + " (English page and collection)"
			case "/fr":
				id += "_fr"
				summary = d.title[0] + " (page et collection en français, choix explicite)"
			}
			ops = append(ops, apiOp{method: "get", path: prefix + d.path, id: id, summary: summary, tag: "collections",
				params: []string{"page", "size", "status", "kind", "theme"}, media: mColl, errors: []int{400, 404, 406}})
		}
		if d.writes != "" {
			ops = append(ops, apiOp{method: "post", path: d.path, id: "create_" + name,
				summary: "Create a member of " + d.path + " (the same as POST /id/" + d.writes + "); 201 with Location", tag: "writes",
				status: 201, body: mWriteIn, secured: true, errors: []int{400, 401, 403, 409, 413, 415, 422}, schema: d.writes})
		}
	}
	return ops
}

// openAPIOps is the table of every operation.
func openAPIOps() []apiOp {
	ops := []apiOp{
		{method: "get", path: "/healthz", id: "healthz", summary: "Health: 200 once the store is open, 503 before", tag: "operations", media: []string{"application/json"}},
		{method: "get", path: "/favicon.ico", id: "favicon", summary: "No icon: 204, cached for a day", tag: "operations", status: 204},
		{method: "get", path: "/metrics", id: "metrics", summary: "Prometheus metrics", tag: "operations", media: []string{"text/plain"}},
		{method: "get", path: "/", id: "home", summary: "Home page (HTML), or a description of the site (schema:WebSite, dcat:Catalog)", tag: "pages", media: mSiteDesc, errors: []int{406}},
		{method: "get", path: "/en", id: "home_en", summary: "English home page", tag: "pages", media: mSiteDesc, errors: []int{406}},
		{method: "get", path: "/en/", id: "home_en_slash", summary: "English home page", tag: "pages", media: mSiteDesc, errors: []int{406}},
		{method: "get", path: "/fr", id: "home_fr", summary: "French home page (an explicit choice, kept by the links of every /fr/ page)", tag: "pages", media: mSiteDesc, errors: []int{406}},
		{method: "get", path: "/fr/", id: "home_fr_slash", summary: "French home page", tag: "pages", media: mSiteDesc, errors: []int{406}},
		{method: "get", path: "/fr/id/{path}", id: "getResource_fr", summary: "French page of a resource", tag: "resources", params: []string{"path"}, media: mHTML, errors: []int{404, 410}},
		{method: "get", path: "/fr/concept/{path}", id: "getConcept_fr", summary: "French page of a concept", tag: "resources", params: []string{"path"}, media: mHTML, errors: []int{404, 410}},
		{method: "get", path: "/fr/graph/{path}", id: "getGraph_fr", summary: "French page of a named graph", tag: "resources", params: []string{"path"}, media: mHTML, errors: []int{404, 410}},
		{method: "get", path: "/fr/donnees", id: "datasetPage_fr", summary: "French dataset landing page", tag: "harvesting", media: mVoID, errors: []int{406}},
		{method: "get", path: "/fr/sparql", id: "sparqlGet_fr", summary: "The SPARQL page in French (queries as on /sparql)", tag: "sparql", params: []string{"query"}, media: mSPARQL, errors: []int{400, 406, 413, 429}},
		{method: "get", path: "/en/sparql", id: "sparqlGet_en", summary: "The SPARQL page in English (queries as on /sparql)", tag: "sparql", params: []string{"query"}, media: mSPARQL, errors: []int{400, 406, 413, 429}},
		{method: "get", path: "/id/{path}", id: "getResource", summary: "Document of a resource (chantier, organisation, person who consented, …), negotiated; a .jsonld/.ttl/.nt/.nq/.html suffix picks the format", tag: "resources", params: []string{"path"}, media: mRDFPage, errors: []int{404, 406, 410}},
		{method: "get", path: "/concept/{path}", id: "getConcept", summary: "Document of a concept or concept scheme", tag: "resources", params: []string{"path"}, media: mRDFPage, errors: []int{404, 406, 410}},
		{method: "get", path: "/graph/{path}", id: "getGraph", summary: "Description of a named graph", tag: "resources", params: []string{"path"}, media: mRDFPage, errors: []int{404, 406, 410}},
		{method: "get", path: "/en/id/{path}", id: "getResource_en", summary: "English page of a resource", tag: "resources", params: []string{"path"}, media: mHTML, errors: []int{404, 410}},
		{method: "get", path: "/en/concept/{path}", id: "getConcept_en", summary: "English page of a concept", tag: "resources", params: []string{"path"}, media: mHTML, errors: []int{404, 410}},
		{method: "get", path: "/en/graph/{path}", id: "getGraph_en", summary: "English page of a named graph", tag: "resources", params: []string{"path"}, media: mHTML, errors: []int{404, 410}},
		{method: "get", path: "/vocab", id: "vocab", summary: "The radn vocabulary (negotiated)", tag: "vocabulary", media: []string{"text/turtle", "application/ld+json", "application/n-triples", "text/html"}, errors: []int{406}},
		{method: "get", path: "/vocab.ttl", id: "vocab_ttl", summary: "The radn vocabulary in Turtle", tag: "vocabulary", media: []string{"text/turtle"}},
		{method: "get", path: "/vocab.jsonld", id: "vocab_jsonld", summary: "The radn vocabulary in JSON-LD", tag: "vocabulary", media: []string{"application/ld+json"}},
		{method: "get", path: "/vocab.nt", id: "vocab_nt", summary: "The radn vocabulary in N-Triples", tag: "vocabulary", media: []string{"application/n-triples"}},
		{method: "get", path: "/context/{version}", id: "context", summary: "The API JSON-LD context (immutable per version)", tag: "vocabulary", params: []string{"version"}, media: []string{"application/ld+json"}, errors: []int{404}},
		{method: "get", path: "/sparql", id: "sparqlGet", summary: "SPARQL 1.1 query (query parameter), the service description without one, or the query page for browsers", tag: "sparql", params: []string{"query", "default-graph-uri", "named-graph-uri"}, media: mSPARQL, errors: []int{400, 406, 413, 429}},
		{method: "post", path: "/sparql", id: "sparqlPost", summary: "SPARQL 1.1 query by POST (application/sparql-query or form-encoded), or SPARQL 1.1 Update (application/sparql-update or a form update=, with using-graph-uri/using-named-graph-uri; coordination token; 204)", tag: "sparql", media: mSPARQL, body: []string{"application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded"}, errors: []int{400, 401, 403, 406, 413, 415, 422, 429, 503}},
		{method: "get", path: "/graph-store", id: "graphStoreGet", summary: "SPARQL 1.1 Graph Store Protocol: a graph (?graph=IRI, or ?default for the public data graph) in any RDF format; 404 for a graph that does not exist", tag: "sparql", params: []string{"graph", "default"}, media: []string{"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/n-quads", "application/trig"}, errors: []int{400, 404}},
		{method: "head", path: "/graph-store", id: "graphStoreHead", summary: "Graph Store Protocol: headers of a graph", tag: "sparql", params: []string{"graph", "default"}, errors: []int{400, 404}},
		{method: "put", path: "/graph-store", id: "graphStorePut", summary: "Graph Store Protocol: replace a graph of one's own (201 when created, 204 otherwise); ruche's own graphs answer 403", tag: "sparql", params: []string{"graph", "default", "license"}, body: mWriteIn, secured: true, status: 201, errors: []int{400, 401, 403, 413, 415, 422}},
		{method: "post", path: "/graph-store", id: "graphStorePost", summary: "Graph Store Protocol: merge RDF into a graph (the public data graph under the write rules), or create a graph with a new IRI when no graph is named (201 with Location)", tag: "sparql", params: []string{"graph", "default", "license"}, body: mWriteIn, secured: true, status: 204, errors: []int{400, 401, 403, 413, 415, 422}},
		{method: "delete", path: "/graph-store", id: "graphStoreDelete", summary: "Graph Store Protocol: delete a graph of one's own (204; 404 when it does not exist)", tag: "sparql", params: []string{"graph", "default"}, secured: true, status: 204, errors: []int{400, 401, 403, 404}},
		{method: "get", path: "/donnees", id: "datasetPage", summary: "Dataset landing page (or the dataset description by negotiation)", tag: "harvesting", media: mVoID, errors: []int{406}},
		{method: "get", path: "/en/donnees", id: "datasetPage_en", summary: "English dataset landing page", tag: "harvesting", media: mVoID, errors: []int{406}},
		{method: "get", path: "/.well-known/void", id: "void", summary: "Dataset description: VoID, DCAT 3 and schema:Dataset, with statistics, licences, dumps and services", tag: "harvesting", media: mVoID, errors: []int{406}},
		{method: "get", path: "/.well-known/void.ttl", id: "void_ttl", summary: "Dataset description in Turtle", tag: "harvesting", media: []string{"text/turtle"}},
		{method: "get", path: "/.well-known/void.jsonld", id: "void_jsonld", summary: "Dataset description in JSON-LD", tag: "harvesting", media: []string{"application/ld+json"}},
		{method: "get", path: "/.well-known/void.nt", id: "void_nt", summary: "Dataset description in N-Triples", tag: "harvesting", media: []string{"application/n-triples"}},
		{method: "get", path: "/dataset", id: "dataset", summary: "The dataset IRI: 303 to /.well-known/void", tag: "harvesting", status: 303},
		{method: "get", path: "/dumps/latest.nq.gz", id: "dumpNQuads", summary: "Full dump of the public graphs, gzipped N-Quads, streamed (ETag from the data version)", tag: "harvesting", media: []string{"application/n-quads"}},
		{method: "get", path: "/dumps/", id: "dumpsPage", summary: "The downloads: each dump with its size, date and SHA-256 (HTML, or JSON)", tag: "harvesting", media: []string{"text/html", "application/json"}, errors: []int{406}},
		{method: "get", path: "/fr/dumps/", id: "dumpsPage_fr", summary: "The downloads page in French", tag: "harvesting", media: []string{"text/html", "application/json"}, errors: []int{406}},
		{method: "get", path: "/en/dumps/", id: "dumpsPage_en", summary: "The downloads page in English", tag: "harvesting", media: []string{"text/html", "application/json"}, errors: []int{406}},
		{method: "get", path: "/guides/{name}", id: "guide", summary: "A guide (writing, querying, harvesting, embedding, operating) as a page", tag: "pages", params: []string{"guideName"}, media: mHTML, errors: []int{404}},
		{method: "get", path: "/fr/guides/{name}", id: "guide_fr", summary: "A guide, French interface", tag: "pages", params: []string{"guideName"}, media: mHTML, errors: []int{404}},
		{method: "get", path: "/en/guides/{name}", id: "guide_en", summary: "A guide, English interface", tag: "pages", params: []string{"guideName"}, media: mHTML, errors: []int{404}},
		{method: "get", path: "/dumps/latest.jsonld", id: "dumpJSONLD", summary: "Full dump of the public graphs, expanded JSON-LD (one object per named graph), streamed", tag: "harvesting", media: []string{"application/ld+json"}},
		{method: "get", path: "/sitemap.xml", id: "sitemap", summary: "Sitemap of every HTML page (an index above 50,000 URLs)", tag: "harvesting", media: []string{"application/xml"}},
		{method: "get", path: "/sitemaps/{file}", id: "sitemapPart", summary: "One part of a sitemap index ({n}.xml)", tag: "harvesting", params: []string{"file"}, media: []string{"application/xml"}, errors: []int{404}},
		{method: "get", path: "/robots.txt", id: "robots", summary: "Crawler rules and the sitemap", tag: "harvesting", media: []string{"text/plain"}},
		{method: "get", path: "/ldes", id: "ldesRoot", summary: "LDES 2.0 event stream of the versions of the public chantiers (root: the stream and its view)", tag: "event stream", media: mLDES, errors: []int{406}},
		{method: "get", path: "/ldes/pages/{page}", id: "ldesPage", summary: "One page of the event stream (full pages are immutable)", tag: "event stream", params: []string{"ldesPage"}, media: mLDES, errors: []int{404, 406}},
		{method: "get", path: "/embed/chantiers/{slug}", id: "embedCard", summary: "Embeddable card of a chantier (framable anywhere)", tag: "embeds", params: []string{"slug", "lang"}, media: mHTML, errors: []int{400, 404}},
		{method: "get", path: "/oembed", id: "oembed", summary: "oEmbed 1.0 (JSON only; 501 for xml)", tag: "embeds", params: []string{"url", "format", "maxwidth", "maxheight"}, media: []string{"application/json"}, errors: []int{400, 404, 501}},
		{method: "get", path: "/widget.js", id: "widget", summary: "The partner widget script", tag: "embeds", media: []string{"text/javascript"}},
		{method: "get", path: "/static/{file}", id: "static", summary: "Static assets (style sheet, scripts, vendored YASGUI)", tag: "embeds", params: []string{"file"}, media: []string{"text/css", "text/javascript", "application/octet-stream"}, errors: []int{404}},
		{method: "get", path: "/openapi.json", id: "openapi", summary: "This description", tag: "operations", media: []string{"application/json"}},
		{method: "post", path: "/id/{path}", id: "create", summary: "Create a resource in a collection (/id/chantiers, /id/chantiers/{slug}/objectifs, …); 201 with Location", tag: "writes", params: []string{"path"}, status: 201, body: mWriteIn, secured: true, errors: []int{400, 401, 403, 404, 405, 409, 413, 415, 422, 429}},
		{method: "put", path: "/id/{path}", id: "replace", summary: "Replace a resource's description (or put a person's consent at /id/personnes/{id}/consentements)", tag: "writes", params: []string{"path", "ifMatch"}, body: mWriteIn, secured: true, errors: []int{400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429}},
		{method: "patch", path: "/id/{path}", id: "patch", summary: "Change part of a resource's description (SPARQL Update limited to its own triples)", tag: "writes", params: []string{"path", "ifMatch"}, body: []string{"application/sparql-update"}, secured: true, errors: []int{400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429}},
		{method: "delete", path: "/id/{path}", id: "delete", summary: "Withdraw a resource (its IRI then answers 410)", tag: "writes", params: []string{"path", "ifMatch"}, status: 204, secured: true, errors: []int{401, 403, 404, 405, 409, 412, 429}},
		{method: "get", path: "/admin/tokens", id: "listTokens", summary: "The API tokens, never their secrets (coordination role; agents get 403)", tag: "administration", media: []string{"application/json"}, secured: true, errors: []int{401, 403, 429}},
		{method: "post", path: "/admin/tokens", id: "createToken", summary: "Create a token from {role, person (id or IRI), name, expires (date, RFC 3339 time or duration)}; 201 with the secret, shown once (coordination role)", tag: "administration", status: 201, media: []string{"application/json"}, body: []string{"application/json"}, secured: true, errors: []int{400, 401, 403, 413, 415, 422}},
		{method: "delete", path: "/admin/tokens/{id}", id: "revokeToken", summary: "Revoke a token: its next request gets 401 (coordination role)", tag: "administration", params: []string{"id"}, status: 204, secured: true, errors: []int{401, 403, 404}},
		{method: "get", path: "/proposer", id: "proposeForm", summary: "Form to propose a chantier (lists look-alikes before creating)", tag: "writes", media: mHTML},
		{method: "post", path: "/proposer", id: "proposeSubmit", summary: "Submit the form (token field): look-alikes, then 303 to the new chantier", tag: "writes", media: mHTML, body: []string{"application/x-www-form-urlencoded"}, secured: true, errors: []int{400, 401, 403, 422, 429}},
	}
	ops = append(ops, collectionOps()...)
	ops = append(ops, searchOps()...)
	// Every GET that is a document also answers HEAD.
	noHead := map[string]bool{"/metrics": true, "/healthz": true, "/favicon.ico": true, "/admin/tokens": true}
	for _, op := range ops {
		if op.method == "get" && !noHead[op.path] {
			head := op
			head.method, head.id = "head", op.id+"_head"
			head.summary = "Headers of " + op.id
			ops = append(ops, head)
		}
	}
	return ops
}

// openAPIParameters are the shared parameters.
func openAPIParameters() map[string]any {
	q := func(name, desc string, schema map[string]any) map[string]any {
		return map[string]any{"name": name, "in": "query", "description": desc, "schema": schema}
	}
	p := func(name, desc string) map[string]any {
		return map[string]any{"name": name, "in": "path", "required": true, "description": desc, "schema": map[string]any{"type": "string"}}
	}
	str := map[string]any{"type": "string"}
	return map[string]any{
		"path":              p("path", "The rest of the path (may hold slashes and a format suffix)"),
		"version":           p("version", "Context version, e.g. v1"),
		"file":              p("file", "File name"),
		"id":                p("id", "Token id (the first column of ruche token list)"),
		"slug":              p("slug", "Chantier slug"),
		"guideName":         map[string]any{"name": "name", "in": "path", "required": true, "description": "Guide name", "schema": map[string]any{"type": "string", "enum": []string{"writing", "querying", "harvesting", "embedding", "operating"}}},
		"ldesPage":          map[string]any{"name": "page", "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}},
		"page":              q("page", "Page number, from 1", map[string]any{"type": "integer", "minimum": 1, "default": 1}),
		"size":              q("size", "Page size", map[string]any{"type": "integer", "minimum": 1, "maximum": maxPageSize, "default": defaultPageSize}),
		"status":            q("status", "Status concept (slug in concept/statut or IRI)", str),
		"kind":              q("kind", "Chantier kind (slug in concept/type-chantier or IRI)", str),
		"theme":             q("theme", "Theme (slug in concept/theme or IRI)", str),
		"lang":              q("lang", "fr (default) or en", map[string]any{"type": "string", "enum": []string{"fr", "en"}}),
		"url":               map[string]any{"name": "url", "in": "query", "required": true, "description": "URL of one of our pages", "schema": str},
		"format":            q("format", "json (xml answers 501)", map[string]any{"type": "string", "enum": []string{"json", "xml"}}),
		"maxwidth":          q("maxwidth", "Maximum width in pixels", map[string]any{"type": "integer", "minimum": 1}),
		"maxheight":         q("maxheight", "Maximum height in pixels", map[string]any{"type": "integer", "minimum": 1}),
		"query":             q("query", "SPARQL query text", str),
		"default-graph-uri": q("default-graph-uri", "Default graph of the query", str),
		"named-graph-uri":   q("named-graph-uri", "Named graph of the query", str),
		"graph":             q("graph", "IRI of the graph (Graph Store Protocol, indirect identification)", str),
		"default":           q("default", "The public data graph, the default graph of updates (no value)", str),
		"license":           q("license", "IRI of the licence of a graph of one's own (also spelled licence; CC0 when none was ever stated)", str),
		"q":                 q("q", "Search text (at most 200 characters)", str),
		"type":              q("type", "Kind of resource: chantier, legs, theme, organisation, personne, objectif, livrable, besoin, definition", str),
		"ifMatch":           map[string]any{"name": "If-Match", "in": "header", "description": "ETag of the version being changed", "schema": str},
	}
}

// openAPIDocument builds the description for a server base.
func openAPIDocument(base string) map[string]any {
	paths := map[string]any{}
	for _, op := range openAPIOps() {
		item, _ := paths[op.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.path] = item
		}
		status := op.status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": "Success"}
		if len(op.media) > 0 && op.method != "head" {
			content := map[string]any{}
			for _, m := range op.media {
				content[m] = map[string]any{}
			}
			if op.path == "/oembed" {
				content["application/json"] = map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/OEmbed"}}
			}
			ok["content"] = content
		}
		responses := map[string]any{itoa(status): ok}
		if status == 200 && op.method != "post" {
			responses["304"] = map[string]any{"description": "Not modified (If-None-Match / If-Modified-Since)"}
		}
		for _, code := range append([]int{500, 503}, op.errors...) {
			responses[itoa(code)] = map[string]any{"$ref": "#/components/responses/Problem"}
		}
		o := map[string]any{"operationId": op.id, "summary": op.summary, "tags": []string{op.tag}, "responses": responses}
		var params []any
		for _, p := range op.params {
			params = append(params, map[string]any{"$ref": "#/components/parameters/" + p})
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		if len(op.body) > 0 {
			o["requestBody"] = requestBody(op, base)
		}
		if op.secured {
			o["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"basic": []string{}}}
		}
		item[op.method] = o
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "ruche — Réseau ADN chantiers",
			"version":     "1.0.0",
			"description": "Linked open data about the chantiers of the Réseau ADN: resource documents by content negotiation, collections, SPARQL, harvesting doors (VoID, dumps, sitemap, LDES), embeds, and the write API. Errors are RFC 9457 problem documents.",
			"license":     map[string]any{"name": "CC0-1.0 (structural data), CC BY-NC-SA 4.0 (wiki texts)", "url": licenceCC0},
		},
		"servers": []any{map[string]any{"url": strings.TrimSuffix(base, "/")}},
		"paths":   paths,
		"components": map[string]any{
			"parameters": openAPIParameters(),
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "Write token issued by the coordination team"},
				"basic":  map[string]any{"type": "http", "scheme": "basic", "description": "The same write token as the password, with any user name (for clients that only send a user and a password)"},
			},
			"responses": map[string]any{
				"Problem": map[string]any{
					"description": "An RFC 9457 problem document (an HTML page for browsers)",
					"content": map[string]any{
						"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}},
						"text/html":                map[string]any{},
					},
				},
			},
			"schemas": mergeMaps(bodySchemas(), map[string]any{
				"Problem": map[string]any{
					"type":     "object",
					"required": []string{"type", "title", "status"},
					"properties": map[string]any{
						"type":       map[string]any{"type": "string", "format": "uri"},
						"title":      map[string]any{"type": "string"},
						"status":     map[string]any{"type": "integer"},
						"detail":     map[string]any{"type": "string"},
						"instance":   map[string]any{"type": "string"},
						"line":       map[string]any{"type": "integer", "description": "Line of a syntax error in the request"},
						"column":     map[string]any{"type": "integer", "description": "Column of a syntax error in the request"},
						"limit":      map[string]any{"type": "string", "description": "The name of the limit that was reached: query-timeout, memory, result-rows, result-bytes, query-size, body-size, concurrent-queries, client-queries, client-time-budget, auth-failures, text-length, write-triples, body-depth, patch-work, write-size (README, Limits)"},
						"accept":     map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "description": "Media types on offer (406)"},
						"violations": map[string]any{"type": "array", "items": map[string]any{"type": "object"}, "description": "Validation results (422)"},
					},
				},
				"OEmbed": map[string]any{
					"type":     "object",
					"required": []string{"version", "type"},
					"properties": map[string]any{
						"version": map[string]any{"const": "1.0"}, "type": map[string]any{"enum": []string{"rich", "link"}},
						"title": map[string]any{"type": "string"}, "provider_name": map[string]any{"type": "string"},
						"provider_url": map[string]any{"type": "string"}, "cache_age": map[string]any{"type": "integer"},
						"width": map[string]any{"type": "integer"}, "height": map[string]any{"type": "integer"},
						"html": map[string]any{"type": "string"},
					},
				},
			}),
		},
	}
}

func mergeMaps(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}

// getOpenAPI serves the description, built once per server.
func (s *Server) getOpenAPI(c *gin.Context) error {
	doc, err := s.docs.get("openapi|"+s.cfg.Base, func() (*rendered, error) {
		body, err := marshalJSON(openAPIDocument(s.cfg.Base))
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.started), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, "application/json", "", "public, max-age=3600")
}
