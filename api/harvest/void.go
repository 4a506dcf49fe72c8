package harvest

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/api/door"
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
	var g door.Graph
	for _, t := range []string{vocab.VoIDNS + "Dataset", vocab.DCATNS + "Dataset", vocab.SchemaNS + "Dataset"} {
		g.IRI(ds, rdf.RDFType, t)
	}
	titles := map[string]string{"fr": "Chantiers du Réseau ADN", "en": "Réseau ADN chantiers"}
	descs := map[string]string{
		"fr": "Données ouvertes liées sur les chantiers du Réseau des agents de développement culturel numérique (ADN) : chantiers, objectifs, legs, grille d’analyse et participations publiées avec consentement.",
		"en": "Linked open data about the chantiers (working groups) of the Réseau ADN: chantiers, objectives, legacies, the continuity grid and the participations published with consent.",
	}
	for _, lang := range []string{"fr", "en"} {
		g.Add(dsT, vocab.DCTermsNS+"title", rdf.LangString(titles[lang], lang))
		g.Add(dsT, vocab.SchemaNS+"name", rdf.LangString(titles[lang], lang))
		g.Add(dsT, vocab.DCTermsNS+"description", rdf.LangString(descs[lang], lang))
		g.Add(dsT, vocab.SchemaNS+"description", rdf.LangString(descs[lang], lang))
	}
	g.IRI(ds, vocab.DCTermsNS+"publisher", vocab.NetworkIRI(base))
	g.IRI(ds, vocab.SchemaNS+"publisher", vocab.NetworkIRI(base))
	g.IRI(ds, vocab.DCTermsNS+"license", LicenceCC0)
	g.IRI(ds, vocab.SchemaNS+"license", LicenceCC0)
	g.IRI(ds, vocab.DCTermsNS+"language", "http://id.loc.gov/vocabulary/iso639-1/fr")
	g.IRI(ds, vocab.DCTermsNS+"language", "http://id.loc.gov/vocabulary/iso639-1/en")
	g.Add(dsT, vocab.DCTermsNS+"modified", door.DateTime(s.Modified(snap.Version()).UTC().Format(time.RFC3339)))
	g.IRI(ds, vocab.DCATNS+"landingPage", base+"donnees")
	g.IRI(ds, vocab.FOAFNS+"homepage", base)
	g.Add(dsT, vocab.VoIDNS+"uriSpace", rdf.String(base+"id/"))
	g.IRI(ds, vocab.VoIDNS+"sparqlEndpoint", base+"sparql")
	g.IRI(ds, vocab.VoIDNS+"rootResource", vocab.NetworkIRI(base))
	if ids := s.Chantiers(ctx, snap); len(ids) > 0 {
		slices.Sort(ids)
		g.IRI(ds, vocab.VoIDNS+"exampleResource", ids[0])
	}
	for _, kw := range []string{"chantiers", "culture numérique", "Québec"} {
		g.Add(dsT, vocab.DCATNS+"keyword", rdf.LangString(kw, "fr"))
	}

	// Statistics of the public space.
	stats := snap.Stats()
	g.Add(dsT, vocab.VoIDNS+"triples", door.Integer(int(stats.Quads)))
	g.Add(dsT, vocab.VoIDNS+"distinctSubjects", door.Integer(int(stats.DistinctSubjects)))
	g.Add(dsT, vocab.VoIDNS+"distinctObjects", door.Integer(int(stats.DistinctObjects)))
	g.Add(dsT, vocab.VoIDNS+"properties", door.Integer(len(stats.Predicates)))
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
		g.Add(dsT, vocab.VoIDNS+"propertyPartition", part)
		g.Add(part, vocab.VoIDNS+"property", rdf.IRI(p))
		g.Add(part, vocab.VoIDNS+"triples", door.Integer(int(propCount[p])))
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
	g.Add(dsT, vocab.VoIDNS+"entities", door.Integer(len(entities)))
	g.Add(dsT, vocab.VoIDNS+"classes", door.Integer(len(classes)))
	classNames := make([]string, 0, len(classes))
	for cl := range classes {
		classNames = append(classNames, cl)
	}
	slices.Sort(classNames)
	for i, cl := range classNames {
		part := rdf.IRI(ds + "#class-" + strconv.Itoa(i+1))
		g.Add(dsT, vocab.VoIDNS+"classPartition", part)
		g.Add(part, vocab.VoIDNS+"class", rdf.IRI(cl))
		g.Add(part, vocab.VoIDNS+"entities", door.Integer(len(classes[cl])))
	}
	for _, ns := range knownVocabularies {
		if vocabs[ns] {
			g.IRI(ds, vocab.VoIDNS+"vocabulary", strings.TrimSuffix(ns, "#"))
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
		g.Add(dsT, vocab.VoIDNS+"subset", graph)
		g.IRI(graph.Value, rdf.RDFType, vocab.VoIDNS+"Dataset")
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
			g.Add(graph, vocab.DCTermsNS+"license", l)
			if l.Value != LicenceCC0 && l.Value != LicenceByNcSa40 && !slices.Contains(dumpLicences, l) {
				dumpLicences = append(dumpLicences, l)
			}
		}
		for _, p := range []string{vocab.DCTermsNS + "title", vocab.DCTermsNS + "source"} {
			for _, o := range s.Lookup(ctx, snap, graph, p) {
				g.Add(graph, p, o)
			}
		}
		if id, ok, err := snap.LookupID(graph); err == nil && ok {
			g.Add(graph, vocab.VoIDNS+"triples", door.Integer(int(stats.Graphs[id])))
		}
	}

	// Distributions (the dumps) and services (SPARQL, the event stream).
	for _, d := range dumps {
		u := base + d.path
		g.IRI(ds, vocab.VoIDNS+"dataDump", u)
		g.IRI(ds, vocab.DCATNS+"distribution", u)
		g.IRI(u, rdf.RDFType, vocab.DCATNS+"Distribution")
		g.IRI(u, vocab.DCATNS+"downloadURL", u)
		g.IRI(u, vocab.DCATNS+"accessURL", u)
		g.IRI(u, vocab.DCATNS+"mediaType", "https://www.iana.org/assignments/media-types/"+d.media)
		g.Add(rdf.IRI(u), vocab.DCTermsNS+"format", rdf.String(d.format))
		g.Add(rdf.IRI(u), vocab.DCTermsNS+"title", rdf.LangString("Dump "+d.format, "en"))
		if d.compress != "" {
			g.IRI(u, vocab.DCATNS+"compressFormat", "https://www.iana.org/assignments/media-types/"+d.compress)
		}
		g.IRI(u, vocab.DCTermsNS+"license", LicenceCC0)
		g.IRI(u, vocab.DCTermsNS+"license", LicenceByNcSa40)
		for _, l := range dumpLicences {
			g.Add(rdf.IRI(u), vocab.DCTermsNS+"license", l)
		}
	}
	sparql := base + "sparql"
	g.IRI(ds, vocab.DCATNS+"accessService", sparql)
	g.IRI(sparql, rdf.RDFType, vocab.DCATNS+"DataService")
	g.IRI(sparql, vocab.DCATNS+"endpointURL", sparql)
	g.IRI(sparql, vocab.DCTermsNS+"conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
	g.IRI(sparql, vocab.DCATNS+"servesDataset", ds)
	stream := s.ldesIRI()
	g.IRI(ds, vocab.DCATNS+"accessService", stream)
	g.IRI(stream, rdf.RDFType, vocab.DCATNS+"DataService")
	g.IRI(stream, rdf.RDFType, vocab.LDESNS+"EventStream")
	g.IRI(stream, vocab.DCATNS+"endpointURL", stream)
	g.IRI(stream, vocab.DCTermsNS+"conformsTo", "https://w3id.org/ldes/specification")
	g.IRI(stream, vocab.DCATNS+"servesDataset", ds)
	return g.Quads, nil
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
