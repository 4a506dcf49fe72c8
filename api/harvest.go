package api

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/graphstore"
	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Licences of the dataset's subsets.
const (
	licenceCC0      = "https://creativecommons.org/publicdomain/zero/1.0/"
	licenceByNcSa40 = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
)

// knownVocabularies are the namespaces listed as void:vocabulary when the
// data uses one of their terms.
var knownVocabularies = []string{schemaNS, orgNS, skosNS, provNS, dctermsNS, vocab.TimeNS, vocab.RadnNS, foafNS, voidNS, vocab.ADMSNS, vocab.RDFSNS, vocab.OWLNS}

// getVoID serves the dataset description at /.well-known/void and the
// dataset landing page /donnees (same description, HTML for browsers).
func (s *Server) getVoID(c *gin.Context) error {
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	_, f, explicit, err := pickFormat(c, c.Request.URL.Path, voidFormats)
	if err != nil {
		return err
	}
	lang := ""
	if f == fmtHTML {
		lang = pageLang(c)
	}
	version := snap.Version()
	ctx := c.Request.Context()
	doc, err := s.docs.get(cacheKey("void|", f.name, "|", lang, "|", version), func() (*rendered, error) {
		quads, err := s.voidTriples(ctx, snap)
		if err != nil {
			return nil, err
		}
		var body []byte
		if f == fmtHTML {
			body, err = s.renderDatasetPage(ctx, snap, quads, lang)
		} else {
			body, err = renderQuads(f, quads, s.datasetIRI(), prefixContext)
		}
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	// Content-Location names the format-specific URL under /.well-known/.
	return sendNegotiated(c, doc, f, "/.well-known/void", explicit, "public, max-age=3600")
}

// voidTriples build the dataset description: VoID + DCAT 3 + schema.org,
// with statistics, subsets per licence, distributions and services.
func (s *Server) voidTriples(ctx context.Context, snap *store.Snapshot) ([]rdf.Quad, error) {
	ds := s.datasetIRI()
	dsT := rdf.IRI(ds)
	base := s.cfg.Base
	var g graphBuilder
	for _, t := range []string{voidNS + "Dataset", dcatNS + "Dataset", schemaNS + "Dataset"} {
		g.iri(ds, rdf.RDFType, t)
	}
	titles := map[string]string{"fr": "Chantiers du Réseau ADN", "en": "Réseau ADN chantiers"}
	descs := map[string]string{
		"fr": "Données ouvertes liées sur les chantiers du Réseau des agents de développement culturel numérique (ADN) : chantiers, objectifs, legs, grille d’analyse et participations publiées avec consentement.",
		"en": "Linked open data about the chantiers (working groups) of the Réseau ADN: chantiers, objectives, legacies, the continuity grid and the participations published with consent.",
	}
	for _, lang := range []string{"fr", "en"} {
		g.add(dsT, dctermsNS+"title", rdf.LangString(titles[lang], lang))
		g.add(dsT, schemaNS+"name", rdf.LangString(titles[lang], lang))
		g.add(dsT, dctermsNS+"description", rdf.LangString(descs[lang], lang))
		g.add(dsT, schemaNS+"description", rdf.LangString(descs[lang], lang))
	}
	g.iri(ds, dctermsNS+"publisher", s.networkIRI())
	g.iri(ds, schemaNS+"publisher", s.networkIRI())
	g.iri(ds, dctermsNS+"license", licenceCC0)
	g.iri(ds, schemaNS+"license", licenceCC0)
	g.iri(ds, dctermsNS+"language", "http://id.loc.gov/vocabulary/iso639-1/fr")
	g.iri(ds, dctermsNS+"language", "http://id.loc.gov/vocabulary/iso639-1/en")
	g.add(dsT, dctermsNS+"modified", xsdDateTime(s.clock.at(snap.Version()).UTC().Format(time.RFC3339)))
	g.iri(ds, dcatNS+"landingPage", base+"donnees")
	g.iri(ds, foafNS+"homepage", base)
	g.add(dsT, voidNS+"uriSpace", rdf.String(base+"id/"))
	g.iri(ds, voidNS+"sparqlEndpoint", base+"sparql")
	g.iri(ds, voidNS+"rootResource", s.networkIRI())
	if ids := chantierIRIs(ctx, snap); len(ids) > 0 {
		slices.Sort(ids)
		g.iri(ds, voidNS+"exampleResource", ids[0])
	}
	for _, kw := range []string{"chantiers", "culture numérique", "Québec"} {
		g.add(dsT, dcatNS+"keyword", rdf.LangString(kw, "fr"))
	}

	// Statistics of the public space.
	stats := snap.Stats()
	g.add(dsT, voidNS+"triples", xsdInt(int(stats.Quads)))
	g.add(dsT, voidNS+"distinctSubjects", xsdInt(int(stats.DistinctSubjects)))
	g.add(dsT, voidNS+"distinctObjects", xsdInt(int(stats.DistinctObjects)))
	g.add(dsT, voidNS+"properties", xsdInt(len(stats.Predicates)))
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
		part := rdf.IRI(ds + "#property-" + itoa(i+1))
		g.add(dsT, voidNS+"propertyPartition", part)
		g.add(part, voidNS+"property", rdf.IRI(p))
		g.add(part, voidNS+"triples", xsdInt(int(propCount[p])))
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
	g.add(dsT, voidNS+"entities", xsdInt(len(entities)))
	g.add(dsT, voidNS+"classes", xsdInt(len(classes)))
	classNames := make([]string, 0, len(classes))
	for cl := range classes {
		classNames = append(classNames, cl)
	}
	slices.Sort(classNames)
	for i, cl := range classNames {
		part := rdf.IRI(ds + "#class-" + itoa(i+1))
		g.add(dsT, voidNS+"classPartition", part)
		g.add(part, voidNS+"class", rdf.IRI(cl))
		g.add(part, voidNS+"entities", xsdInt(len(classes[cl])))
	}
	for _, ns := range knownVocabularies {
		if vocabs[ns] {
			g.iri(ds, voidNS+"vocabulary", strings.TrimSuffix(ns, "#"))
		}
	}

	// Subsets: one per named graph, with its licence; graphs of one's own
	// (written through /graph-store or SPARQL Update) with the licence
	// their writer stated, and those created empty too.
	own := s.UpdateCore()
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
		g.add(dsT, voidNS+"subset", graph)
		g.iri(graph.Value, rdf.RDFType, voidNS+"Dataset")
		licences := lookup(ctx, snap, graph, dctermsNS+"license")
		if len(licences) == 0 && !own.Reserved(graph) {
			lic, err := graphstore.Licence(snap, graph)
			if err != nil {
				return nil, err
			}
			if lic != "" {
				licences = []rdf.Term{rdf.IRI(lic)}
			}
		}
		if len(licences) == 0 {
			lic := licenceCC0
			if strings.HasSuffix(graph.Value, vocab.GraphWiki) {
				lic = licenceByNcSa40
			}
			licences = []rdf.Term{rdf.IRI(lic)}
		}
		for _, l := range licences {
			g.add(graph, dctermsNS+"license", l)
			if l.Value != licenceCC0 && l.Value != licenceByNcSa40 && !slices.Contains(dumpLicences, l) {
				dumpLicences = append(dumpLicences, l)
			}
		}
		for _, p := range []string{dctermsNS + "title", dctermsNS + "source"} {
			for _, o := range lookup(ctx, snap, graph, p) {
				g.add(graph, p, o)
			}
		}
		if id, ok, err := snap.LookupID(graph); err == nil && ok {
			g.add(graph, voidNS+"triples", xsdInt(int(stats.Graphs[id])))
		}
	}

	// Distributions (the dumps) and services (SPARQL, the event stream).
	dumps := []struct{ path, media, format, compress string }{
		{"dumps/latest.nq.gz", "application/n-quads", "N-Quads", "application/gzip"},
		{"dumps/latest.jsonld", "application/ld+json", "JSON-LD", ""},
	}
	for _, d := range dumps {
		u := base + d.path
		g.iri(ds, voidNS+"dataDump", u)
		g.iri(ds, dcatNS+"distribution", u)
		g.iri(u, rdf.RDFType, dcatNS+"Distribution")
		g.iri(u, dcatNS+"downloadURL", u)
		g.iri(u, dcatNS+"accessURL", u)
		g.iri(u, dcatNS+"mediaType", "https://www.iana.org/assignments/media-types/"+d.media)
		g.add(rdf.IRI(u), dctermsNS+"format", rdf.String(d.format))
		g.add(rdf.IRI(u), dctermsNS+"title", rdf.LangString("Dump "+d.format, "en"))
		if d.compress != "" {
			g.iri(u, dcatNS+"compressFormat", "https://www.iana.org/assignments/media-types/"+d.compress)
		}
		g.iri(u, dctermsNS+"license", licenceCC0)
		g.iri(u, dctermsNS+"license", licenceByNcSa40)
		for _, l := range dumpLicences {
			g.add(rdf.IRI(u), dctermsNS+"license", l)
		}
	}
	sparql := base + "sparql"
	g.iri(ds, dcatNS+"accessService", sparql)
	g.iri(sparql, rdf.RDFType, dcatNS+"DataService")
	g.iri(sparql, dcatNS+"endpointURL", sparql)
	g.iri(sparql, dctermsNS+"conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
	g.iri(sparql, dcatNS+"servesDataset", ds)
	stream := s.ldesIRI()
	g.iri(ds, dcatNS+"accessService", stream)
	g.iri(stream, rdf.RDFType, dcatNS+"DataService")
	g.iri(stream, rdf.RDFType, ldesNS+"EventStream")
	g.iri(stream, dcatNS+"endpointURL", stream)
	g.iri(stream, dctermsNS+"conformsTo", "https://w3id.org/ldes/specification")
	g.iri(stream, dcatNS+"servesDataset", ds)
	return g.quads, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// renderDatasetPage renders /donnees: the dataset description as a
// resource page, with schema:Dataset page-profile JSON-LD.
func (s *Server) renderDatasetPage(ctx context.Context, snap *store.Snapshot, quads []rdf.Quad, lang string) ([]byte, error) {
	ds := s.datasetIRI()
	l := newLabeler(ctx, snap, lang)
	page := map[string]any{
		"@context": "https://schema.org", "@type": "Dataset", "@id": ds,
		"url":     s.cfg.Base + langPath(lang, "/donnees")[1:],
		"license": licenceCC0, "isAccessibleForFree": true,
		"inLanguage": []string{"fr", "en"},
		"creator":    map[string]any{"@type": "Organization", "@id": s.networkIRI(), "name": l.labelOr(s.networkIRI())},
		"distribution": []any{
			map[string]any{"@type": "DataDownload", "encodingFormat": "application/n-quads", "contentUrl": s.cfg.Base + "dumps/latest.nq.gz"},
			map[string]any{"@type": "DataDownload", "encodingFormat": "application/ld+json", "contentUrl": s.cfg.Base + "dumps/latest.jsonld"},
		},
	}
	for _, q := range quads {
		if q.S.Value == ds && q.P.Value == dctermsNS+"title" && q.O.Lang == lang {
			page["name"] = q.O.Value
		}
		if q.S.Value == ds && q.P.Value == dctermsNS+"description" && q.O.Lang == lang {
			page["description"] = q.O.Value
		}
	}
	jsonld, err := json.Marshal(page)
	if err != nil {
		return nil, err
	}
	return s.renderDatasetArticle(ctx, snap, quads, lang, jsonld)
}

// getEnglishResource serves the HTML page of a resource in the language its
// prefix names (/en/id/…, /fr/id/…, /en/concept/…, …).
func (s *Server) getEnglishResource(c *gin.Context) error {
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	lang := pageLang(c)
	path := strings.TrimSuffix(c.Request.URL.Path[len("/"+lang):], fmtHTML.ext)
	iri := s.iriOf(path)
	version := snap.Version()
	ctx := c.Request.Context()
	doc, err := s.docs.get(cacheKey(iri, "|html|", lang, "|", version), func() (*rendered, error) {
		quads, err := resourceQuads(ctx, snap, iri)
		if err != nil {
			return nil, err
		}
		body, err := s.renderResourceHTML(ctx, snap, iri, triplesOf(quads), lang)
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.clock.at(version)), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, fmtHTML.mediaType, "", "")
}
