// Package web owns the HTML face of ruche's HTTP API: the html/template pages
// (home, chantier, generic resource, collections, SPARQL, errors), the
// standalone embed card, the interface message catalogue (French first,
// English), the escaping of JSON-LD inside <script> elements, and the static
// assets served under /static/ (style sheet, the partner widget, the SPARQL
// page script and the vendored YASGUI editor).
//
// The package renders view models: plain structs filled by the API layer.
// It never reads the store, runs SPARQL or knows the vocabulary, so it
// imports none of store, sparql or vocab. Charts come from package
// web/svg; the views carry their data and the Renderer draws them.
//
// Use:
//
//	r, err := web.New(web.Options{})
//	…
//	err = r.Chantier(w, web.ChantierView{Page: web.Page{Lang: "fr", …}, …})
//
// and serve web.Static() under /static/ with long cache headers.
//
// Security: every string in a view is text and is escaped by html/template
// for its context; URLs in href and src attributes are filtered by
// html/template (javascript: and similar become "#ZgotmplZ"). JSON-LD bytes
// go through ScriptJSON, which makes it impossible for data to end the
// <script> element. Pages run no inline script, so a strict
// Content-Security-Policy (script-src 'self') works; the embed card uses
// inline CSS only.
package web
