package api

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // America/Toronto rules for page-profile dates, on any machine

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Short names of vocab's namespaces (vocab spells every namespace IRI).
const (
	schemaNS  = vocab.SchemaNS
	skosNS    = vocab.SKOSNS
	rdfsLabel = vocab.RDFSLabel
)

// hrefOf links an IRI: one of ours becomes a path on this server, any other
// stays absolute.
func (s *Server) hrefOf(iri string) string {
	if rest, ok := strings.CutPrefix(iri, s.cfg.Base); ok {
		return "/" + rest
	}
	return iri
}

// pageOf fills the parts of a page every resource shares.
func (s *Server) pageOf(iri, title, lang string, jsonld []byte, modified time.Time) web.Page {
	path := s.hrefOf(iri)
	p := web.Page{
		Lang:      lang,
		Title:     title,
		Canonical: iri,
		Alternates: web.Alternates{
			JSONLD:   path + fmtJSONLD.ext,
			Turtle:   path + fmtTurtle.ext,
			NTriples: path + fmtNTriples.ext,
		},
		JSONLD:   jsonld,
		Modified: modified,
	}
	if path != iri { // one of ours: the pages are under /fr/ and /en/
		en := s.cfg.Base + "en" + path
		p.Translations = []web.Translation{{Lang: "fr", Href: iri, Choose: "/fr" + path}, {Lang: "en", Href: en, Choose: "/en" + path}}
		if lang == "en" {
			p.Canonical = en
		}
	}
	return p
}

// renderResourceHTML renders the page of a resource: the chantier page for
// chantiers, the generic property table for everything else.
func (s *Server) renderResourceHTML(ctx context.Context, snap *store.Snapshot, iri string, triples []rdf.Quad, lang string) ([]byte, error) {
	l := newLabeler(ctx, snap, lang)
	types := objectsOf(triples, iri, rdf.RDFType)
	jsonld, err := pageJSONLD(iri, triples, lang, l)
	if err != nil {
		return nil, err
	}
	title := l.labelOr(iri)
	var buf bytes.Buffer
	if slices.Contains(types, rdf.IRI(skosNS+"ConceptScheme")) {
		return s.renderSchemeHTML(ctx, snap, iri, triples, lang, jsonld)
	}
	if slices.Contains(types, rdf.IRI(vocab.RadnChantier)) {
		v := s.chantierView(ctx, snap, iri, triples, l)
		v.Page = s.pageOf(iri, title, lang, jsonld, time.Time{})
		v.Page.Nav = navOf(types)
		v.Page.OEmbed = true
		v.Embed = s.embedPanel(iri, title, jsonld, lang)
		err = s.web.Chantier(&buf, v)
	} else {
		v := web.ResourceView{IRI: iri, Label: title}
		v.Page = s.pageOf(iri, title, lang, jsonld, time.Time{})
		v.Page.Nav = navOf(types)
		v.Page.OEmbed = true
		for _, t := range types {
			if t.IsIRI() {
				v.Types = append(v.Types, web.Link{Href: s.pageHref(t.Value, l.langs[0]), Label: l.labelOr(t.Value)})
			}
		}
		v.Properties = s.propertyRows(iri, triples, l)
		err = s.web.Resource(&buf, v)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// propertyRows groups a resource's own triples by predicate for the
// generic page (rdf:type is shown apart).
func (s *Server) propertyRows(iri string, triples []rdf.Quad, l *labeler) []web.Property {
	var rows []web.Property
	index := map[string]int{}
	subject := rdf.IRI(iri)
	for _, q := range sortForSubject(triples, iri) {
		if q.S != subject || q.P.Value == rdf.RDFType {
			continue
		}
		i, ok := index[q.P.Value]
		if !ok {
			i = len(rows)
			index[q.P.Value] = i
			rows = append(rows, web.Property{Predicate: web.Link{Href: q.P.Value, Label: shortIRI(q.P.Value)}})
		}
		rows[i].Values = append(rows[i].Values, s.valueOf(q.O, l))
	}
	return rows
}

// valueOf turns an object term into a table value.
func (s *Server) valueOf(t rdf.Term, l *labeler) web.Value {
	switch {
	case t.IsIRI():
		return web.Value{Link: web.Link{Href: s.pageHref(t.Value, l.langs[0]), Label: l.labelOr(t.Value)}}
	case t.IsBlank():
		return web.Value{Link: web.Link{Label: "_:" + t.Value}}
	default:
		v := web.Value{Link: web.Link{Label: t.Value}, Lang: t.Lang}
		if t.Lang == "" && t.Datatype != rdf.XSDString {
			v.Datatype = shortIRI(t.Datatype)
		}
		return v
	}
}

// objectsOf lists the objects of (s, p) among triples.
func objectsOf(triples []rdf.Quad, s, p string) []rdf.Term {
	var out []rdf.Term
	for _, q := range triples {
		if q.S.Value == s && q.S.IsIRI() && q.P.Value == p {
			out = append(out, q.O)
		}
	}
	return out
}

// pageJSONLD builds the page-profile JSON-LD of a resource: plain schema.org
// under "@context": "https://schema.org", strings in the page's language,
// @id the resource IRI and url its HTML page (never equal), sameAs full
// IRIs, and event dates with the America/Toronto UTC offset of that date.
func pageJSONLD(iri string, triples []rdf.Quad, lang string, l *labeler) ([]byte, error) {
	doc := map[string]any{"@context": "https://schema.org", "@id": iri, "url": iri + fmtHTML.ext}
	var types []string
	for _, t := range objectsOf(triples, iri, rdf.RDFType) {
		if name, ok := strings.CutPrefix(t.Value, schemaNS); ok {
			types = append(types, name)
		}
	}
	slices.Sort(types)
	switch len(types) {
	case 0:
		doc["@type"] = "Thing"
	case 1:
		doc["@type"] = types[0]
	default:
		doc["@type"] = types
	}
	isEvent := slices.Contains(types, "Event")
	langs := []string{"fr", "en"}
	if lang == "en" {
		langs = []string{"en", "fr"}
	}
	// Group the resource's schema.org properties.
	byProp := map[string][]rdf.Term{}
	var props []string
	for _, q := range triples {
		if q.S.Value != iri || !q.S.IsIRI() {
			continue
		}
		name, ok := strings.CutPrefix(q.P.Value, schemaNS)
		if !ok || name == "url" {
			continue
		}
		if _, seen := byProp[name]; !seen {
			props = append(props, name)
		}
		byProp[name] = append(byProp[name], q.O)
	}
	if _, ok := byProp["name"]; !ok {
		if v := l.label(iri); v != "" {
			doc["name"] = v
		}
	}
	slices.Sort(props)
	for _, name := range props {
		values := byProp[name]
		var out []any
		if hasLiterals(values) && !isDateProperty(name) {
			if v := pickLiteral(values, langs); v != "" {
				out = append(out, v)
			}
		}
		for _, v := range values {
			switch {
			case v.IsIRI() && name == "sameAs":
				out = append(out, v.Value)
			case v.IsIRI():
				ref := map[string]any{"@id": v.Value}
				if label := l.label(v.Value); label != "" {
					ref["name"] = label
				}
				out = append(out, ref)
			case v.IsLiteral() && isDateProperty(name):
				out = append(out, pageDate(v, isEvent))
			}
		}
		switch len(out) {
		case 0:
		case 1:
			doc[name] = out[0]
		default:
			doc[name] = out
		}
	}
	if _, ok := doc["location"]; isEvent && !ok {
		// Google's Event results require a location: the place is not
		// known, so the event's page stands in as a virtual location.
		doc["location"] = map[string]any{"@type": "VirtualLocation", "url": iri + fmtHTML.ext, "name": unknownPlace[lang]}
	}
	return json.Marshal(doc)
}

var unknownPlace = map[string]string{"fr": "Lieu non précisé", "en": "Place not stated"}

func hasLiterals(values []rdf.Term) bool {
	for _, v := range values {
		if v.IsLiteral() {
			return true
		}
	}
	return false
}

func isDateProperty(name string) bool {
	switch name {
	case "startDate", "endDate", "foundingDate", "dissolutionDate", "dateCreated", "dateModified", "datePublished", "validFrom":
		return true
	}
	return false
}

var toronto = mustLocation("America/Toronto")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC // unreachable: time/tzdata is embedded
	}
	return loc
}

// pageDate writes a date for the page profile. An event's date-time
// without an offset gets the UTC offset that America/Toronto had then
// (Google's Event rules); a date (xsd:date) stays a date, so a two-day
// event keeps its last day.
func pageDate(t rdf.Term, withOffset bool) string {
	if !withOffset || t.Datatype == rdf.XSDDate {
		return t.Value
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05"} {
		parsed, err := time.Parse(layout, t.Value)
		if err != nil {
			continue
		}
		if layout == time.RFC3339Nano {
			return t.Value // already has an offset
		}
		local := time.Date(parsed.Year(), parsed.Month(), parsed.Day(), parsed.Hour(), parsed.Minute(), parsed.Second(), parsed.Nanosecond(), toronto)
		return local.Format("2006-01-02T15:04:05-07:00")
	}
	return t.Value
}
