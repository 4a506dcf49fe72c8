package reconcile

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/api/search"
)

// suggestSize is how many suggestions one suggest request returns.
const suggestSize = 10

// suggestEntity is type-ahead over entity names (?prefix, ?cursor, and
// optionally ?type).
func (s *Service) suggestEntity(ctx context.Context, w http.ResponseWriter, p params) error {
	cursor, err := intParam(p, "cursor", 0, 1000)
	if err != nil {
		return err
	}
	var ks []search.Kind
	if t := p.get("type"); t != "" {
		k, ok := kindOf(t)
		if !ok {
			return writeJSON(w, map[string]any{"result": []any{}})
		}
		ks = []search.Kind{k}
	}
	ix, err := s.ix()
	if err != nil {
		return err
	}
	prefix := strings.TrimSpace(p.get("prefix"))
	result := []map[string]any{}
	seen := map[string]bool{}
	if id := s.id(prefix); strings.Contains(id, "/") && !strings.ContainsAny(id, " \t") {
		docs, err := ix.Docs(ctx, s.iri(id))
		if err != nil {
			return timedOut(err)
		}
		if d := docs[s.iri(id)]; d != nil && cursor == 0 {
			result = append(result, s.suggestion(d))
			seen[d.ID] = true
		}
	}
	docs, err := ix.Prefix(ctx, prefix, ks, cursor+suggestSize)
	if err != nil {
		return timedOut(err)
	}
	if cursor < len(docs) {
		for _, d := range docs[cursor:] {
			if !seen[d.ID] {
				result = append(result, s.suggestion(d))
			}
		}
	}
	return writeJSON(w, map[string]any{"result": result})
}

func (s *Service) suggestion(d *search.Doc) map[string]any {
	m := map[string]any{"id": s.id(d.ID), "name": d.Label("fr"), "notable": []map[string]string{typeRef(d.Kind)}}
	if t := d.Texts["fr"]; len(t) > 0 {
		m["description"] = clip(t[0], 120)
	}
	return m
}

// prefixMatch reports whether every word of prefix starts a word of text
// (accents and case folded).
func prefixMatch(prefix string, texts ...string) bool {
	pw := search.Words(prefix)
	if len(pw) == 0 {
		return true
	}
	var words []string
	for _, t := range texts {
		words = append(words, search.Words(t)...)
	}
	for _, p := range pw {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, p) }) {
			return false
		}
	}
	return true
}

// suggestType suggests the types whose id or name start with ?prefix.
func (s *Service) suggestType(w http.ResponseWriter, p params) error {
	result := []map[string]string{}
	for _, k := range search.Kinds {
		info := kinds[k]
		if prefixMatch(p.get("prefix"), string(k), info.name, info.en) {
			result = append(result, typeRef(k))
		}
	}
	return writeJSON(w, map[string]any{"result": result})
}

// suggestProperty suggests the properties whose id or name start with
// ?prefix.
func (s *Service) suggestProperty(w http.ResponseWriter, p params) error {
	result := []map[string]string{}
	for _, pr := range properties {
		if prefixMatch(p.get("prefix"), pr.id, pr.name) {
			result = append(result, map[string]string{"id": pr.id, "name": pr.name, "description": pr.description})
		}
	}
	return writeJSON(w, map[string]any{"result": result})
}

// proposeProperties lists the properties of a type for data extension.
func (s *Service) proposeProperties(w http.ResponseWriter, p params) error {
	t := p.get("type")
	if t == "" {
		return badRequest("type is required")
	}
	limit, err := intParam(p, "limit", len(properties), len(properties))
	if err != nil {
		return err
	}
	k, known := kindOf(t)
	props := []map[string]string{}
	for _, pr := range properties {
		if known && pr.appliesTo(k) && len(props) < limit {
			props = append(props, map[string]string{"id": pr.id, "name": pr.name, "description": pr.description})
		}
	}
	out := map[string]any{"type": t, "properties": props}
	if p.has("limit") {
		out["limit"] = limit
	}
	return writeJSON(w, out)
}

// extend answers a data extension query.
func (s *Service) extend(ctx context.Context, w http.ResponseWriter, raw []byte) error {
	var q struct {
		IDs        []string `json:"ids"`
		Properties []struct {
			ID string `json:"id"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &q); err != nil || q.IDs == nil || q.Properties == nil {
		return badRequest("extend must be a JSON object with ids and properties")
	}
	if len(q.IDs) > s.cfg.MaxBatch {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "batch-too-large",
			Detail: fmt.Sprintf("a data extension covers at most %d ids", s.cfg.MaxBatch), Limit: "max-batch"}
	}
	var props []property
	meta := []map[string]string{}
	for _, rp := range q.Properties {
		pr, ok := propertyOf(rp.ID)
		if !ok {
			return badRequest("unknown property %q (see %s/suggest/property)", rp.ID, s.cfg.Path)
		}
		props = append(props, pr)
		meta = append(meta, map[string]string{"id": rp.ID, "name": pr.name})
	}
	ix, err := s.ix()
	if err != nil {
		return err
	}
	iris := make([]string, len(q.IDs))
	for i, id := range q.IDs {
		iris[i] = s.iri(id)
	}
	docs, err := ix.Docs(ctx, iris...)
	if err != nil {
		return timedOut(err)
	}
	rows := map[string]map[string][]map[string]any{}
	for i, id := range q.IDs {
		row := map[string][]map[string]any{}
		d := docs[iris[i]]
		for j, pr := range props {
			vals := []map[string]any{}
			if d != nil {
				vals, err = s.valuesOf(ctx, ix, d, pr)
				if err != nil {
					return timedOut(err)
				}
			}
			row[q.Properties[j].ID] = vals
		}
		rows[id] = row
	}
	return writeJSON(w, map[string]any{"meta": meta, "rows": rows})
}

// valuesOf gives a document's values of a property, as data extension
// cells.
func (s *Service) valuesOf(ctx context.Context, ix *search.Index, d *search.Doc, p property) ([]map[string]any, error) {
	out := []map[string]any{}
	concept := func(iri string) {
		name := iri[strings.LastIndexAny(iri, "/#")+1:]
		if ls := d.Labels[iri]; len(ls) > 0 {
			name = ls[0]
		}
		out = append(out, map[string]any{"id": s.id(iri), "name": name})
	}
	switch p.id {
	case "name":
		if n := d.Label("fr"); n != d.ID {
			out = append(out, map[string]any{"str": n})
		}
	case "alternateName":
		for _, n := range d.AllNames()[min(1, len(d.AllNames())):] {
			out = append(out, map[string]any{"str": n})
		}
	case "description":
		for _, t := range append(d.Texts["fr"][:len(d.Texts["fr"]):len(d.Texts["fr"])], d.Texts["en"]...) {
			out = append(out, map[string]any{"str": t})
		}
	case "theme":
		for _, t := range d.Themes {
			concept(t)
		}
	case "region":
		for _, r := range d.Regions {
			concept(r)
		}
	case "status":
		if d.Status != "" {
			concept(d.Status)
		}
	case "chantier":
		if d.Parent != "" {
			docs, err := ix.Docs(ctx, d.Parent)
			if err != nil {
				return nil, err
			}
			name := s.id(d.Parent)
			if pd := docs[d.Parent]; pd != nil {
				name = pd.Label("fr")
			}
			out = append(out, map[string]any{"id": s.id(d.Parent), "name": name})
		}
	}
	return out, nil
}

var previewTmpl = template.Must(template.New("preview").Parse(`<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{.Name}}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:8px}h1{font-size:16px;margin:0 0 4px}p{margin:0 0 4px}.k{color:#555}</style></head>
<body><h1><a href="{{.IRI}}" target="_blank" rel="noopener">{{.Name}}</a></h1><p class="k">{{.Type}}</p>{{with .Description}}<p>{{.}}</p>{{end}}</body></html>
`))

// preview renders the HTML preview of an entity (?id).
func (s *Service) preview(ctx context.Context, w http.ResponseWriter, p params) error {
	d, err := s.entity(ctx, p.get("id"))
	if err != nil {
		return err
	}
	c := s.candidate(d, 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "frame-ancestors *; default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	return previewTmpl.Execute(w, map[string]string{"Name": c.Name, "IRI": d.ID, "Type": kinds[d.Kind].name, "Description": c.Description})
}

// view redirects an identifier to its IRI (?id).
func (s *Service) view(w http.ResponseWriter, r *http.Request, p params) error {
	id := strings.TrimSpace(p.get("id"))
	if id == "" {
		return badRequest("id is required")
	}
	iri := s.iri(id)
	if !strings.HasPrefix(iri, s.cfg.Base) {
		return &Error{Status: http.StatusNotFound, Code: "not-found", Detail: "not an identifier of this service"}
	}
	http.Redirect(w, r, iri, http.StatusSeeOther)
	return nil
}

// entity returns the indexed document of an identifier, or 404.
func (s *Service) entity(ctx context.Context, id string) (*search.Doc, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return nil, badRequest("id is required")
	}
	ix, err := s.ix()
	if err != nil {
		return nil, err
	}
	docs, err := ix.Docs(ctx, s.iri(id))
	if err != nil {
		return nil, timedOut(err)
	}
	d := docs[s.iri(id)]
	if d == nil {
		return nil, &Error{Status: http.StatusNotFound, Code: "not-found", Detail: "no entity " + id}
	}
	return d, nil
}
