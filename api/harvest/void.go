package harvest

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Licences of the dataset's subsets.
const (
	LicenceCC0      = "https://creativecommons.org/publicdomain/zero/1.0/"
	LicenceByNcSa40 = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
)

// knownVocabularies are the namespaces listed as void:vocabulary when the
// data uses one of their terms.
var knownVocabularies = []string{vocab.SchemaNS, vocab.OrgNS, vocab.SKOSNS, vocab.ProvNS, vocab.DCTermsNS, vocab.TimeNS, vocab.RadnNS, vocab.FOAFNS, vocab.VoIDNS, vocab.ADMSNS, vocab.RDFSNS, vocab.OWLNS}

// VoID builds the dataset description: VoID + DCAT 3 + schema.org,
// with statistics, subsets per licence, distributions and services.
func (s *Door) VoID(ctx context.Context, snap *store.Snapshot) ([]rdf.Quad, error) {
	ds := s.Dataset
	dsT := rdf.IRI(ds)
	base := s.Base
	var g graph
	for _, t := range []string{vocab.VoIDNS + "Dataset", vocab.DCATNS + "Dataset", vocab.SchemaNS + "Dataset"} {
		g.iri(ds, rdf.RDFType, t)
	}
	titles := map[string]string{"fr": "Chantiers du Réseau ADN", "en": "Réseau ADN chantiers"}
	descs := map[string]string{
		"fr": "Données ouvertes liées sur les chantiers du Réseau des agents de développement culturel numérique (ADN) : chantiers, objectifs, legs, grille d’analyse et participations publiées avec consentement.",
		"en": "Linked open data about the chantiers (working groups) of the Réseau ADN: chantiers, objectives, legacies, the continuity grid and the participations published with consent.",
	}
	for _, lang := range []string{"fr", "en"} {
		g.add(dsT, vocab.DCTermsNS+"title", rdf.LangString(titles[lang], lang))
		g.add(dsT, vocab.SchemaNS+"name", rdf.LangString(titles[lang], lang))
		g.add(dsT, vocab.DCTermsNS+"description", rdf.LangString(descs[lang], lang))
		g.add(dsT, vocab.SchemaNS+"description", rdf.LangString(descs[lang], lang))
	}
	g.iri(ds, vocab.DCTermsNS+"publisher", vocab.NetworkIRI(base))
	g.iri(ds, vocab.SchemaNS+"publisher", vocab.NetworkIRI(base))
	g.iri(ds, vocab.DCTermsNS+"license", LicenceCC0)
	g.iri(ds, vocab.SchemaNS+"license", LicenceCC0)
	g.iri(ds, vocab.DCTermsNS+"language", "http://id.loc.gov/vocabulary/iso639-1/fr")
	g.iri(ds, vocab.DCTermsNS+"language", "http://id.loc.gov/vocabulary/iso639-1/en")
	g.add(dsT, vocab.DCTermsNS+"modified", xsdDateTime(s.Modified(snap.Version()).UTC().Format(time.RFC3339)))
	g.iri(ds, vocab.DCATNS+"landingPage", base+"donnees")
	g.iri(ds, vocab.FOAFNS+"homepage", base)
	g.add(dsT, vocab.VoIDNS+"uriSpace", rdf.String(base+"id/"))
	g.iri(ds, vocab.VoIDNS+"sparqlEndpoint", base+"sparql")
	g.iri(ds, vocab.VoIDNS+"rootResource", vocab.NetworkIRI(base))
	if ids := s.Chantiers(ctx, snap); len(ids) > 0 {
		slices.Sort(ids)
		g.iri(ds, vocab.VoIDNS+"exampleResource", ids[0])
	}
	for _, kw := range []string{"chantiers", "culture numérique", "Québec"} {
		g.add(dsT, vocab.DCATNS+"keyword", rdf.LangString(kw, "fr"))
	}

	// Statistics of the public space.
	stats := snap.Stats()
	g.add(dsT, vocab.VoIDNS+"triples", xsdInt(int(stats.Quads)))
	g.add(dsT, vocab.VoIDNS+"distinctSubjects", xsdInt(int(stats.DistinctSubjects)))
	g.add(dsT, vocab.VoIDNS+"distinctObjects", xsdInt(int(stats.DistinctObjects)))
	g.add(dsT, vocab.VoIDNS+"properties", xsdInt(len(stats.Predicates)))
	vocabs := map[string]bool{}
	var props []string
	propCount := map[string]uint64{}
	for id, ps := range stats.Predicates {
		t, err := snap.Term(id)
		if err != nil {
			return nil, err
		}
		props = append(props, t.Value)
		propCount[t.Value] = ps.Quads
		for _, ns := range knownVocabularies {
			if strings.HasPrefix(t.Value, ns) {
				vocabs[ns] = true
			}
		}
	}
	slices.Sort(props)
	for i, p := range props {
		part := rdf.IRI(ds + "#property-" + strconv.Itoa(i+1))
		g.add(dsT, vocab.VoIDNS+"propertyPartition", part)
		g.add(part, vocab.VoIDNS+"property", rdf.IRI(p))
		g.add(part, vocab.VoIDNS+"triples", xsdInt(int(propCount[p])))
	}
	classes := map[string]map[rdf.Term]bool{}
	entities := map[rdf.Term]bool{}
	for q, err := range snap.Match(ctx, store.Pattern{P: rdf.IRI(rdf.RDFType), AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if !q.O.IsIRI() {
			continue
		}
		if classes[q.O.Value] == nil {
			classes[q.O.Value] = map[rdf.Term]bool{}
		}
		classes[q.O.Value][q.S] = true
		if q.S.IsIRI() && strings.HasPrefix(q.S.Value, base+"id/") {
			entities[q.S] = true
		}
	}
	g.add(dsT, vocab.VoIDNS+"entities", xsdInt(len(entities)))
	g.add(dsT, vocab.VoIDNS+"classes", xsdInt(len(classes)))
	classNames := make([]string, 0, len(classes))
	for cl := range classes {
		classNames = append(classNames, cl)
	}
	slices.Sort(classNames)
	for i, cl := range classNames {
		part := rdf.IRI(ds + "#class-" + strconv.Itoa(i+1))
		g.add(dsT, vocab.VoIDNS+"classPartition", part)
		g.add(part, vocab.VoIDNS+"class", rdf.IRI(cl))
		g.add(part, vocab.VoIDNS+"entities", xsdInt(len(classes[cl])))
	}
	for _, ns := range knownVocabularies {
		if vocabs[ns] {
			g.iri(ds, vocab.VoIDNS+"vocabulary", strings.TrimSuffix(ns, "#"))
		}
	}

	// Subsets: one per named graph, with its licence; graphs of one's own
	// (written through /graph-store or SPARQL Update) with the licence
	// their writer stated, and those created empty too.
	var dumpLicences []rdf.Term // licences of graphs of one's own, beyond ruche's two
	var graphs []rdf.Term
	listed := map[rdf.Term]bool{}
	for graph, err := range snap.Graphs(ctx) {
		if err != nil {
			return nil, err
		}
		if graph.IsIRI() && !listed[graph] {
			graphs = append(graphs, graph)
			listed[graph] = true
		}
	}
	for m, err := range snap.ScanMeta(ctx, update.MetaPrefix) {
		if err != nil {
			return nil, err
		}
		if graph := rdf.IRI(m.Key[len(update.MetaPrefix):]); !listed[graph] {
			graphs = append(graphs, graph)
			listed[graph] = true
		}
	}
	for _, graph := range graphs {
		g.add(dsT, vocab.VoIDNS+"subset", graph)
		g.iri(graph.Value, rdf.RDFType, vocab.VoIDNS+"Dataset")
		licences := s.Lookup(ctx, snap, graph, vocab.DCTermsNS+"license")
		if len(licences) == 0 && !s.Reserved(graph) {
			lic, err := graphstore.Licence(snap, graph)
			if err != nil {
				return nil, err
			}
			if lic != "" {
				licences = []rdf.Term{rdf.IRI(lic)}
			}
		}
		if len(licences) == 0 {
			lic := LicenceCC0
			if strings.HasSuffix(graph.Value, vocab.GraphWiki) {
				lic = LicenceByNcSa40
			}
			licences = []rdf.Term{rdf.IRI(lic)}
		}
		for _, l := range licences {
			g.add(graph, vocab.DCTermsNS+"license", l)
			if l.Value != LicenceCC0 && l.Value != LicenceByNcSa40 && !slices.Contains(dumpLicences, l) {
				dumpLicences = append(dumpLicences, l)
			}
		}
		for _, p := range []string{vocab.DCTermsNS + "title", vocab.DCTermsNS + "source"} {
			for _, o := range s.Lookup(ctx, snap, graph, p) {
				g.add(graph, p, o)
			}
		}
		if id, ok, err := snap.LookupID(graph); err == nil && ok {
			g.add(graph, vocab.VoIDNS+"triples", xsdInt(int(stats.Graphs[id])))
		}
	}

	// Distributions (the dumps) and services (SPARQL, the event stream).
	for _, d := range dumps {
		u := base + d.path
		g.iri(ds, vocab.VoIDNS+"dataDump", u)
		g.iri(ds, vocab.DCATNS+"distribution", u)
		g.iri(u, rdf.RDFType, vocab.DCATNS+"Distribution")
		g.iri(u, vocab.DCATNS+"downloadURL", u)
		g.iri(u, vocab.DCATNS+"accessURL", u)
		g.iri(u, vocab.DCATNS+"mediaType", "https://www.iana.org/assignments/media-types/"+d.media)
		g.add(rdf.IRI(u), vocab.DCTermsNS+"format", rdf.String(d.format))
		g.add(rdf.IRI(u), vocab.DCTermsNS+"title", rdf.LangString("Dump "+d.format, "en"))
		if d.compress != "" {
			g.iri(u, vocab.DCATNS+"compressFormat", "https://www.iana.org/assignments/media-types/"+d.compress)
		}
		g.iri(u, vocab.DCTermsNS+"license", LicenceCC0)
		g.iri(u, vocab.DCTermsNS+"license", LicenceByNcSa40)
		for _, l := range dumpLicences {
			g.add(rdf.IRI(u), vocab.DCTermsNS+"license", l)
		}
	}
	sparql := base + "sparql"
	g.iri(ds, vocab.DCATNS+"accessService", sparql)
	g.iri(sparql, rdf.RDFType, vocab.DCATNS+"DataService")
	g.iri(sparql, vocab.DCATNS+"endpointURL", sparql)
	g.iri(sparql, vocab.DCTermsNS+"conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
	g.iri(sparql, vocab.DCATNS+"servesDataset", ds)
	stream := s.ldesIRI()
	g.iri(ds, vocab.DCATNS+"accessService", stream)
	g.iri(stream, rdf.RDFType, vocab.DCATNS+"DataService")
	g.iri(stream, rdf.RDFType, vocab.LDESNS+"EventStream")
	g.iri(stream, vocab.DCATNS+"endpointURL", stream)
	g.iri(stream, vocab.DCTermsNS+"conformsTo", "https://w3id.org/ldes/specification")
	g.iri(stream, vocab.DCATNS+"servesDataset", ds)
	return g.quads, nil
}

// dumps are the distributions of the dataset.
var dumps = []struct{ path, media, format, compress string }{
	{"dumps/latest.nq.gz", "application/n-quads", "N-Quads", "application/gzip"},
	{"dumps/latest.jsonld", "application/ld+json", "JSON-LD", ""},
}

// DatasetJSONLD is the schema:Dataset JSON-LD of the dataset page /donnees
// in a language (its name and description those of the VoID quads),
// creator the name of the network that publishes it.
func (s *Door) DatasetJSONLD(quads []rdf.Quad, lang, creator string) ([]byte, error) {
	ds := s.Dataset
	var distribution []any
	for _, d := range dumps {
		distribution = append(distribution, map[string]any{"@type": "DataDownload", "encodingFormat": d.media, "contentUrl": s.Base + d.path})
	}
	page := map[string]any{
		"@context": "https://schema.org", "@type": "Dataset", "@id": ds,
		"url":     s.Base + s.LangPath(lang, "/donnees")[1:],
		"license": LicenceCC0, "isAccessibleForFree": true,
		"inLanguage":   []string{"fr", "en"},
		"creator":      map[string]any{"@type": "Organization", "@id": vocab.NetworkIRI(s.Base), "name": creator},
		"distribution": distribution,
	}
	for _, q := range quads {
		if q.S.Value == ds && q.P.Value == vocab.DCTermsNS+"title" && q.O.Lang == lang {
			page["name"] = q.O.Value
		}
		if q.S.Value == ds && q.P.Value == vocab.DCTermsNS+"description" && q.O.Lang == lang {
			page["description"] = q.O.Value
		}
	}
	return json.Marshal(page)
}

// graph accumulates the triples of a generated document.
type graph struct{ quads []rdf.Quad }

func (g *graph) add(s rdf.Term, p string, o rdf.Term) {
	g.quads = append(g.quads, rdf.Quad{S: s, P: rdf.IRI(p), O: o})
}

func (g *graph) iri(s, p, o string) { g.add(rdf.IRI(s), p, rdf.IRI(o)) }

func xsdInt(n int) rdf.Term         { return rdf.Literal(strconv.Itoa(n), vocab.XSDNS+"integer") }
func xsdDateTime(v string) rdf.Term { return rdf.Literal(v, vocab.XSDNS+"dateTime") }
