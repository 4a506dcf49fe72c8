// Package openapi builds the OpenAPI 3.1 description of ruche's HTTP API,
// served at /openapi.json. The fixed routes are a table of operations
// (Ops); the operations and request bodies of the resource kinds derive
// from vocab.Kinds (one path per kind's collection and per resource, the
// body schema of the kind from its documentation or its SHACL shape), and
// the listed collections and the operations of other doors come from the
// caller (Site). The package knows nothing of HTTP handlers:
// api.TestOpenAPIMatchesRoutes keeps the description equal to the route
// table.
package openapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/vocab"
)

// Op is one operation of the description.
type Op struct {
	Method, Path string // path in OpenAPI form: /id/{path}
	ID, Summary  string
	Tag          string
	Params       []string // names of components.parameters
	Media        []string // response media types of the success answer
	Status       int      // success status (200 when zero)
	Body         []string // request body media types (writes)
	Secured      bool     // needs a token (bearer, or basic with the token as password)
	Errors       []int    // problem statuses documented besides 500/503
	// Kind is the kind whose body a write takes; nil for the generic
	// writes on /id/{path}, which take the body of any kind.
	Kind *vocab.Kind
}

// Media are the media types of the answers of each door, from the rows of
// the caller's format table.
type Media struct {
	RDFPage  []string // resource documents
	SiteDesc []string // the home page and site description
	Coll     []string // collections
	VoID     []string // the dataset description
	LDES     []string // the event stream
	SPARQL   []string // the SPARQL endpoint
}

// List is one listed collection of the site (/chantiers, /themes, …).
type List struct {
	Path  string    // site path of the French page
	Title [2]string // fr, en
	// Kind, when set, is the kind a POST on the list creates.
	Kind *vocab.Kind
}

// Site is what the description needs from the server.
type Site struct {
	Base                  string // the server's base IRI
	Media                 Media
	PageSize, MaxPageSize int    // collection paging
	Lists                 []List // the listed collections
	Extra                 []Op   // the operations of other doors (search, reconciliation)
}

// mHTML is the media type of a page.
var mHTML = []string{"text/html"}

// mWriteIn are the media types of a write body.
var mWriteIn = []string{"application/ld+json", "application/json", "text/turtle", "application/n-triples"}

// collectionOps lists one operation per collection and language.
func collectionOps(s Site) []Op {
	var ops []Op
	for _, d := range s.Lists {
		name := strings.TrimPrefix(d.Path, "/")
		for _, prefix := range []string{"", "/en", "/fr"} {
			id := "list_" + name
			summary := d.Title[0] + " (Hydra collection, paged; 404 past the last page)"
			switch prefix {
			case "/en":
				id += "_en"
				summary = d.Title[1] + " (English page and collection)"
			case "/fr":
				id += "_fr"
				summary = d.Title[0] + " (page et collection en français, choix explicite)"
			}
			ops = append(ops, Op{Method: "get", Path: prefix + d.Path, ID: id, Summary: summary, Tag: "collections",
				Params: []string{"page", "size", "status", "kind", "theme"}, Media: s.Media.Coll, Errors: []int{400, 404, 406}})
		}
		if d.Kind != nil {
			ops = append(ops, Op{Method: "post", Path: d.Path, ID: "create_" + name,
				Summary: "Create a member of " + d.Path + " (the same as POST /id/" + d.Kind.Segment + "); 201 with Location", Tag: "writes",
				Status: 201, Body: mWriteIn, Secured: true, Errors: []int{400, 401, 403, 409, 413, 415, 422}, Kind: d.Kind})
		}
	}
	return ops
}

// kindOps describe the collection and the resources of every kind of
// vocab.Kinds under /id/ (the generic /id/{path} operations route them):
// POST on the collection with the kind's body, GET (and HEAD), PUT, PATCH
// and DELETE on a resource.
func kindOps(s Site) []Op {
	var ops []Op
	for _, k := range vocab.Kinds {
		coll, params := "/id/"+k.Segment, []string(nil)
		if k.Parent != "" {
			coll, params = "/id/"+k.Parent+"/{parent}/"+k.Segment, []string{"parent"}
		}
		item, itemParams := coll+"/{item}", append(slices.Clone(params), "item")
		name := localName(k.Class)
		a := article(k.Name)
		doc := "Document of " + a + ", negotiated; a .jsonld/.ttl/.nt/.nq/.html suffix picks the format"
		if k.Private {
			doc += " (private: published only as far as consent allows)"
		}
		ops = append(ops,
			Op{Method: "post", Path: coll, ID: "create" + name, Summary: "Create " + a + " in " + coll + "; 201 with Location", Tag: "writes",
				Params: params, Status: 201, Body: mWriteIn, Secured: true, Errors: []int{400, 401, 403, 404, 409, 413, 415, 422, 429}, Kind: k},
			Op{Method: "get", Path: item, ID: "get" + name, Summary: doc, Tag: "resources", Params: itemParams, Media: s.Media.RDFPage, Errors: []int{404, 406, 410}},
			Op{Method: "put", Path: item, ID: "replace" + name, Summary: "Replace " + a + "'s description", Tag: "writes",
				Params: append(slices.Clone(itemParams), "ifMatch"), Body: mWriteIn, Secured: true, Errors: []int{400, 401, 403, 404, 409, 412, 413, 415, 422, 429}, Kind: k},
			Op{Method: "patch", Path: item, ID: "patch" + name, Summary: "Change part of " + a + "'s description (SPARQL Update limited to its own triples)", Tag: "writes",
				Params: append(slices.Clone(itemParams), "ifMatch"), Body: []string{"application/sparql-update"}, Secured: true, Errors: []int{400, 401, 403, 404, 409, 412, 413, 415, 422, 429}, Kind: k},
			Op{Method: "delete", Path: item, ID: "delete" + name, Summary: "Withdraw " + a + " (its IRI then answers 410)", Tag: "writes",
				Params: append(slices.Clone(itemParams), "ifMatch"), Status: 204, Secured: true, Errors: []int{401, 403, 404, 409, 412, 429}},
		)
	}
	return ops
}

// Ops is the table of every operation.
func Ops(s Site) []Op {
	mRDFPage, mSiteDesc, mVoID, mLDES, mSPARQL := s.Media.RDFPage, s.Media.SiteDesc, s.Media.VoID, s.Media.LDES, s.Media.SPARQL
	ops := []Op{
		{Method: "get", Path: "/healthz", ID: "healthz", Summary: "Health: 200 once the store is open, 503 before", Tag: "operations", Media: []string{"application/json"}},
		{Method: "get", Path: "/favicon.ico", ID: "favicon", Summary: "No icon: 204, cached for a day", Tag: "operations", Status: 204},
		{Method: "get", Path: "/metrics", ID: "metrics", Summary: "Prometheus metrics", Tag: "operations", Media: []string{"text/plain"}},
		{Method: "get", Path: "/", ID: "home", Summary: "Home page (HTML), or a description of the site (schema:WebSite, dcat:Catalog)", Tag: "pages", Media: mSiteDesc, Errors: []int{406}},
		{Method: "get", Path: "/en", ID: "home_en", Summary: "English home page", Tag: "pages", Media: mSiteDesc, Errors: []int{406}},
		{Method: "get", Path: "/en/", ID: "home_en_slash", Summary: "English home page", Tag: "pages", Media: mSiteDesc, Errors: []int{406}},
		{Method: "get", Path: "/fr", ID: "home_fr", Summary: "French home page (an explicit choice, kept by the links of every /fr/ page)", Tag: "pages", Media: mSiteDesc, Errors: []int{406}},
		{Method: "get", Path: "/fr/", ID: "home_fr_slash", Summary: "French home page", Tag: "pages", Media: mSiteDesc, Errors: []int{406}},
		{Method: "get", Path: "/fr/id/{path}", ID: "getResource_fr", Summary: "French page of a resource", Tag: "resources", Params: []string{"path"}, Media: mHTML, Errors: []int{404, 410}},
		{Method: "get", Path: "/fr/concept/{path}", ID: "getConcept_fr", Summary: "French page of a concept", Tag: "resources", Params: []string{"path"}, Media: mHTML, Errors: []int{404, 410}},
		{Method: "get", Path: "/fr/graph/{path}", ID: "getGraph_fr", Summary: "French page of a named graph", Tag: "resources", Params: []string{"path"}, Media: mHTML, Errors: []int{404, 410}},
		{Method: "get", Path: "/fr/donnees", ID: "datasetPage_fr", Summary: "French dataset landing page", Tag: "harvesting", Media: mVoID, Errors: []int{406}},
		{Method: "get", Path: "/fr/sparql", ID: "sparqlGet_fr", Summary: "The SPARQL page in French (queries as on /sparql)", Tag: "sparql", Params: []string{"query"}, Media: mSPARQL, Errors: []int{400, 406, 413, 429}},
		{Method: "get", Path: "/en/sparql", ID: "sparqlGet_en", Summary: "The SPARQL page in English (queries as on /sparql)", Tag: "sparql", Params: []string{"query"}, Media: mSPARQL, Errors: []int{400, 406, 413, 429}},
		{Method: "get", Path: "/id/{path}", ID: "getResource", Summary: "Document of a resource (chantier, organisation, person who consented, …), negotiated; a .jsonld/.ttl/.nt/.nq/.html suffix picks the format", Tag: "resources", Params: []string{"path"}, Media: mRDFPage, Errors: []int{404, 406, 410}},
		{Method: "get", Path: "/concept/{path}", ID: "getConcept", Summary: "Document of a concept or concept scheme", Tag: "resources", Params: []string{"path"}, Media: mRDFPage, Errors: []int{404, 406, 410}},
		{Method: "get", Path: "/graph/{path}", ID: "getGraph", Summary: "Description of a named graph", Tag: "resources", Params: []string{"path"}, Media: mRDFPage, Errors: []int{404, 406, 410}},
		{Method: "get", Path: "/en/id/{path}", ID: "getResource_en", Summary: "English page of a resource", Tag: "resources", Params: []string{"path"}, Media: mHTML, Errors: []int{404, 410}},
		{Method: "get", Path: "/en/concept/{path}", ID: "getConcept_en", Summary: "English page of a concept", Tag: "resources", Params: []string{"path"}, Media: mHTML, Errors: []int{404, 410}},
		{Method: "get", Path: "/en/graph/{path}", ID: "getGraph_en", Summary: "English page of a named graph", Tag: "resources", Params: []string{"path"}, Media: mHTML, Errors: []int{404, 410}},
		{Method: "get", Path: "/vocab", ID: "vocab", Summary: "The radn vocabulary (negotiated)", Tag: "vocabulary", Media: []string{"text/turtle", "application/ld+json", "application/n-triples", "text/html"}, Errors: []int{406}},
		{Method: "get", Path: "/vocab.ttl", ID: "vocab_ttl", Summary: "The radn vocabulary in Turtle", Tag: "vocabulary", Media: []string{"text/turtle"}},
		{Method: "get", Path: "/vocab.jsonld", ID: "vocab_jsonld", Summary: "The radn vocabulary in JSON-LD", Tag: "vocabulary", Media: []string{"application/ld+json"}},
		{Method: "get", Path: "/vocab.nt", ID: "vocab_nt", Summary: "The radn vocabulary in N-Triples", Tag: "vocabulary", Media: []string{"application/n-triples"}},
		{Method: "get", Path: "/context/{version}", ID: "context", Summary: "The API JSON-LD context (immutable per version)", Tag: "vocabulary", Params: []string{"version"}, Media: []string{"application/ld+json"}, Errors: []int{404}},
		{Method: "get", Path: "/sparql", ID: "sparqlGet", Summary: "SPARQL 1.1 query (query parameter), the service description without one, or the query page for browsers", Tag: "sparql", Params: []string{"query", "default-graph-uri", "named-graph-uri"}, Media: mSPARQL, Errors: []int{400, 406, 413, 429}},
		{Method: "post", Path: "/sparql", ID: "sparqlPost", Summary: "SPARQL 1.1 query by POST (application/sparql-query or form-encoded), or SPARQL 1.1 Update (application/sparql-update or a form update=, with using-graph-uri/using-named-graph-uri; coordination token; 204)", Tag: "sparql", Media: mSPARQL, Body: []string{"application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded"}, Errors: []int{400, 401, 403, 406, 413, 415, 422, 429, 503}},
		{Method: "get", Path: "/graph-store", ID: "graphStoreGet", Summary: "SPARQL 1.1 Graph Store Protocol: a graph (?graph=IRI, or ?default for the public data graph) in any RDF format; 404 for a graph that does not exist", Tag: "sparql", Params: []string{"graph", "default"}, Media: []string{"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/n-quads", "application/trig"}, Errors: []int{400, 404}},
		{Method: "head", Path: "/graph-store", ID: "graphStoreHead", Summary: "Graph Store Protocol: headers of a graph", Tag: "sparql", Params: []string{"graph", "default"}, Errors: []int{400, 404}},
		{Method: "put", Path: "/graph-store", ID: "graphStorePut", Summary: "Graph Store Protocol: replace a graph of one's own (201 when created, 204 otherwise); ruche's own graphs answer 403", Tag: "sparql", Params: []string{"graph", "default", "license"}, Body: mWriteIn, Secured: true, Status: 201, Errors: []int{400, 401, 403, 413, 415, 422}},
		{Method: "post", Path: "/graph-store", ID: "graphStorePost", Summary: "Graph Store Protocol: merge RDF into a graph (the public data graph under the write rules), or create a graph with a new IRI when no graph is named (201 with Location)", Tag: "sparql", Params: []string{"graph", "default", "license"}, Body: mWriteIn, Secured: true, Status: 204, Errors: []int{400, 401, 403, 413, 415, 422}},
		{Method: "delete", Path: "/graph-store", ID: "graphStoreDelete", Summary: "Graph Store Protocol: delete a graph of one's own (204; 404 when it does not exist)", Tag: "sparql", Params: []string{"graph", "default"}, Secured: true, Status: 204, Errors: []int{400, 401, 403, 404}},
		{Method: "get", Path: "/donnees", ID: "datasetPage", Summary: "Dataset landing page (or the dataset description by negotiation)", Tag: "harvesting", Media: mVoID, Errors: []int{406}},
		{Method: "get", Path: "/en/donnees", ID: "datasetPage_en", Summary: "English dataset landing page", Tag: "harvesting", Media: mVoID, Errors: []int{406}},
		{Method: "get", Path: "/.well-known/void", ID: "void", Summary: "Dataset description: VoID, DCAT 3 and schema:Dataset, with statistics, licences, dumps and services", Tag: "harvesting", Media: mVoID, Errors: []int{406}},
		{Method: "get", Path: "/.well-known/void.ttl", ID: "void_ttl", Summary: "Dataset description in Turtle", Tag: "harvesting", Media: []string{"text/turtle"}},
		{Method: "get", Path: "/.well-known/void.jsonld", ID: "void_jsonld", Summary: "Dataset description in JSON-LD", Tag: "harvesting", Media: []string{"application/ld+json"}},
		{Method: "get", Path: "/.well-known/void.nt", ID: "void_nt", Summary: "Dataset description in N-Triples", Tag: "harvesting", Media: []string{"application/n-triples"}},
		{Method: "get", Path: "/dataset", ID: "dataset", Summary: "The dataset IRI: 303 to /.well-known/void", Tag: "harvesting", Status: 303},
		{Method: "get", Path: "/dumps/latest.nq.gz", ID: "dumpNQuads", Summary: "Full dump of the public graphs, gzipped N-Quads, streamed (ETag from the data version)", Tag: "harvesting", Media: []string{"application/n-quads"}},
		{Method: "get", Path: "/dumps/", ID: "dumpsPage", Summary: "The downloads: each dump with its size, date and SHA-256 (HTML, or JSON)", Tag: "harvesting", Media: []string{"text/html", "application/json"}, Errors: []int{406}},
		{Method: "get", Path: "/fr/dumps/", ID: "dumpsPage_fr", Summary: "The downloads page in French", Tag: "harvesting", Media: []string{"text/html", "application/json"}, Errors: []int{406}},
		{Method: "get", Path: "/en/dumps/", ID: "dumpsPage_en", Summary: "The downloads page in English", Tag: "harvesting", Media: []string{"text/html", "application/json"}, Errors: []int{406}},
		{Method: "get", Path: "/guides/{name}", ID: "guide", Summary: "A guide (writing, querying, harvesting, embedding, operating) as a page", Tag: "pages", Params: []string{"guideName"}, Media: mHTML, Errors: []int{404}},
		{Method: "get", Path: "/fr/guides/{name}", ID: "guide_fr", Summary: "A guide, French interface", Tag: "pages", Params: []string{"guideName"}, Media: mHTML, Errors: []int{404}},
		{Method: "get", Path: "/en/guides/{name}", ID: "guide_en", Summary: "A guide, English interface", Tag: "pages", Params: []string{"guideName"}, Media: mHTML, Errors: []int{404}},
		{Method: "get", Path: "/dumps/latest.jsonld", ID: "dumpJSONLD", Summary: "Full dump of the public graphs, expanded JSON-LD (one object per named graph), streamed", Tag: "harvesting", Media: []string{"application/ld+json"}},
		{Method: "get", Path: "/sitemap.xml", ID: "sitemap", Summary: "Sitemap of every HTML page (an index above 50,000 URLs)", Tag: "harvesting", Media: []string{"application/xml"}},
		{Method: "get", Path: "/sitemaps/{file}", ID: "sitemapPart", Summary: "One part of a sitemap index ({n}.xml)", Tag: "harvesting", Params: []string{"file"}, Media: []string{"application/xml"}, Errors: []int{404}},
		{Method: "get", Path: "/robots.txt", ID: "robots", Summary: "Crawler rules and the sitemap", Tag: "harvesting", Media: []string{"text/plain"}},
		{Method: "get", Path: "/ldes", ID: "ldesRoot", Summary: "LDES 2.0 event stream of the versions of the public chantiers (root: the stream and its view)", Tag: "event stream", Media: mLDES, Errors: []int{406}},
		{Method: "get", Path: "/ldes/pages/{page}", ID: "ldesPage", Summary: "One page of the event stream (full pages are immutable)", Tag: "event stream", Params: []string{"ldesPage"}, Media: mLDES, Errors: []int{404, 406}},
		{Method: "get", Path: "/embed/chantiers/{slug}", ID: "embedCard", Summary: "Embeddable card of a chantier (framable anywhere)", Tag: "embeds", Params: []string{"slug", "lang"}, Media: mHTML, Errors: []int{400, 404}},
		{Method: "get", Path: "/oembed", ID: "oembed", Summary: "oEmbed 1.0 (JSON only; 501 for xml)", Tag: "embeds", Params: []string{"url", "format", "maxwidth", "maxheight"}, Media: []string{"application/json"}, Errors: []int{400, 404, 501}},
		{Method: "get", Path: "/widget.js", ID: "widget", Summary: "The partner widget script", Tag: "embeds", Media: []string{"text/javascript"}},
		{Method: "get", Path: "/static/{file}", ID: "static", Summary: "Static assets (style sheet, scripts, vendored YASGUI)", Tag: "embeds", Params: []string{"file"}, Media: []string{"text/css", "text/javascript", "application/octet-stream"}, Errors: []int{404}},
		{Method: "get", Path: "/openapi.json", ID: "openapi", Summary: "This description", Tag: "operations", Media: []string{"application/json"}},
		{Method: "post", Path: "/id/{path}", ID: "create", Summary: "Create a resource in a collection (/id/chantiers, /id/chantiers/{slug}/objectifs, …); 201 with Location", Tag: "writes", Params: []string{"path"}, Status: 201, Body: mWriteIn, Secured: true, Errors: []int{400, 401, 403, 404, 405, 409, 413, 415, 422, 429}},
		{Method: "put", Path: "/id/{path}", ID: "replace", Summary: "Replace a resource's description (or put a person's consent at /id/personnes/{id}/consentements)", Tag: "writes", Params: []string{"path", "ifMatch"}, Body: mWriteIn, Secured: true, Errors: []int{400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429}},
		{Method: "patch", Path: "/id/{path}", ID: "patch", Summary: "Change part of a resource's description (SPARQL Update limited to its own triples)", Tag: "writes", Params: []string{"path", "ifMatch"}, Body: []string{"application/sparql-update"}, Secured: true, Errors: []int{400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429}},
		{Method: "delete", Path: "/id/{path}", ID: "delete", Summary: "Withdraw a resource (its IRI then answers 410)", Tag: "writes", Params: []string{"path", "ifMatch"}, Status: 204, Secured: true, Errors: []int{401, 403, 404, 405, 409, 412, 429}},
		{Method: "get", Path: "/admin/tokens", ID: "listTokens", Summary: "The API tokens, never their secrets (coordination role; agents get 403)", Tag: "administration", Media: []string{"application/json"}, Secured: true, Errors: []int{401, 403, 429}},
		{Method: "post", Path: "/admin/tokens", ID: "createToken", Summary: "Create a token from {role, person (id or IRI), name, expires (date, RFC 3339 time or duration)}; 201 with the secret, shown once (coordination role)", Tag: "administration", Status: 201, Media: []string{"application/json"}, Body: []string{"application/json"}, Secured: true, Errors: []int{400, 401, 403, 413, 415, 422}},
		{Method: "delete", Path: "/admin/tokens/{id}", ID: "revokeToken", Summary: "Revoke a token: its next request gets 401 (coordination role)", Tag: "administration", Params: []string{"id"}, Status: 204, Secured: true, Errors: []int{401, 403, 404}},
		{Method: "get", Path: "/proposer", ID: "proposeForm", Summary: "Form to propose a chantier (lists look-alikes before creating)", Tag: "writes", Media: mHTML},
		{Method: "post", Path: "/proposer", ID: "proposeSubmit", Summary: "Submit the form (token field): look-alikes, then 303 to the new chantier", Tag: "writes", Media: mHTML, Body: []string{"application/x-www-form-urlencoded"}, Secured: true, Errors: []int{400, 401, 403, 422, 429}},
	}
	ops = append(ops, collectionOps(s)...)
	ops = append(ops, kindOps(s)...)
	ops = append(ops, s.Extra...)
	// Every GET that is a document also answers HEAD.
	noHead := map[string]bool{"/metrics": true, "/healthz": true, "/favicon.ico": true, "/admin/tokens": true}
	for _, op := range ops {
		if op.Method == "get" && !noHead[op.Path] {
			head := op
			head.Method, head.ID = "head", op.ID+"_head"
			head.Summary = "Headers of " + op.ID
			ops = append(ops, head)
		}
	}
	return ops
}

// openAPIParameters are the shared parameters.
func parameters(s Site) map[string]any {
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
		"parent":            p("parent", "Slug of the parent resource (a chantier's slug)"),
		"item":              p("item", "The resource's slug, opaque id, number or date, as its kind mints them"),
		"guideName":         map[string]any{"name": "name", "in": "path", "required": true, "description": "Guide name", "schema": map[string]any{"type": "string", "enum": []string{"writing", "querying", "harvesting", "embedding", "operating"}}},
		"ldesPage":          map[string]any{"name": "page", "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}},
		"page":              q("page", "Page number, from 1", map[string]any{"type": "integer", "minimum": 1, "default": 1}),
		"size":              q("size", "Page size", map[string]any{"type": "integer", "minimum": 1, "maximum": s.MaxPageSize, "default": s.PageSize}),
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

// licenceCC0 is the licence of the structural data.
const licenceCC0 = "https://creativecommons.org/publicdomain/zero/1.0/"

// docBuilder holds what building one document needs.
type docBuilder struct {
	site    Site
	shapes  *shapeGraph // the SHACL shapes
	classes *shapeGraph // the vocabulary (for superclasses)
	terms   *contextTerms
	bodies  []body // the write body of every kind, in the order of vocab.Kinds
}

// Document builds the description of the server s describes.
func Document(s Site) (map[string]any, error) {
	shapes, err := vocab.Shapes(s.Base)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	terms, err := newContextTerms(vocab.ContextDocument(s.Base))
	if err != nil {
		return nil, fmt.Errorf("openapi: the API context: %w", err)
	}
	classes, err := vocab.Vocabulary()
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	d := &docBuilder{site: s, shapes: newShapeGraph(shapes), classes: newShapeGraph(classes), terms: terms}
	for _, k := range vocab.Kinds {
		d.bodies = append(d.bodies, d.bodyOf(k))
	}
	paths := map[string]any{}
	for _, op := range Ops(s) {
		item, _ := paths[op.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		status := op.Status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": "Success"}
		if len(op.Media) > 0 && op.Method != "head" {
			content := map[string]any{}
			for _, m := range op.Media {
				content[m] = map[string]any{}
			}
			if op.Path == "/oembed" {
				content["application/json"] = map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/OEmbed"}}
			}
			ok["content"] = content
		}
		responses := map[string]any{strconv.Itoa(status): ok}
		if status == 200 && op.Method != "post" {
			responses["304"] = map[string]any{"description": "Not modified (If-None-Match / If-Modified-Since)"}
		}
		for _, code := range append([]int{500, 503}, op.Errors...) {
			responses[strconv.Itoa(code)] = map[string]any{"$ref": "#/components/responses/Problem"}
		}
		o := map[string]any{"operationId": op.ID, "summary": op.Summary, "tags": []string{op.Tag}, "responses": responses}
		var params []any
		for _, p := range op.Params {
			params = append(params, map[string]any{"$ref": "#/components/parameters/" + p})
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		if len(op.Body) > 0 {
			o["requestBody"] = d.requestBody(op)
		}
		if op.Secured {
			o["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"basic": []string{}}}
		}
		item[op.Method] = o
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "ruche — Réseau ADN chantiers",
			"version":     "1.0.0",
			"description": "Linked open data about the chantiers of the Réseau ADN: resource documents by content negotiation, collections, SPARQL, harvesting doors (VoID, dumps, sitemap, LDES), embeds, and the write API. Errors are RFC 9457 problem documents.",
			"license":     map[string]any{"name": "CC0-1.0 (structural data), CC BY-NC-SA 4.0 (wiki texts)", "url": licenceCC0},
		},
		"servers": []any{map[string]any{"url": strings.TrimSuffix(s.Base, "/")}},
		"paths":   paths,
		"components": map[string]any{
			"parameters": parameters(s),
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
			"schemas": mergeMaps(d.bodySchemas(), map[string]any{
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
	}, nil
}

func mergeMaps(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}
