package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/harvest"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Pages a person reads: the dataset (/donnees), the downloads (/dumps/),
// the concept schemes as trees (/concept/theme, …) and the guides of
// api/docs (/guides/{name}).

//go:embed docs/*.md
var guideFiles embed.FS

// guides are the guides served as pages, by name (file docs/{name}.md).
var guides = []struct {
	name  string
	title [2]string // fr, en
}{
	{"writing", [2]string{"Écrire des données", "Writing data"}},
	{"querying", [2]string{"Interroger les données", "Querying the data"}},
	{"harvesting", [2]string{"Moissonner les données", "Harvesting the data"}},
	{"embedding", [2]string{"Intégrer un chantier dans un site", "Embedding a chantier"}},
	{"operating", [2]string{"Exploiter un serveur ruche", "Operating a ruche server"}},
}

func li(lang string) int {
	if lang == "en" {
		return 1
	}
	return 0
}

// fr or en text by language.
func tr(lang, fr, en string) string {
	if lang == "en" {
		return en
	}
	return fr
}

// renderArticle renders an article page.
func (s *Server) renderArticle(v web.ArticleView) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.web.Article(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// getGuide serves /guides/{name} (and under /fr/, /en/): a guide of
// api/docs rendered as a page. The guides are written in English.
func (s *Server) getGuide(c *gin.Context) error {
	name := c.Param("name")
	idx := slices.IndexFunc(guides, func(g struct {
		name  string
		title [2]string
	}) bool {
		return g.name == name
	})
	if idx < 0 {
		return notFound("no guide " + name)
	}
	lang := pageLang(c)
	doc, err := s.docs.get(cacheKey("guide|", name, "|", lang), func() (*rendered, error) {
		src, err := guideFiles.ReadFile("docs/" + name + ".md")
		if err != nil {
			return nil, err
		}
		text := string(src)
		heading := ""
		if first, rest, ok := strings.Cut(text, "\n"); ok && strings.HasPrefix(first, "# ") {
			heading, text = strings.TrimPrefix(first, "# "), rest
		}
		v := web.ArticleView{Heading: heading, Body: web.Markdown(text)}
		v.Page = web.Page{Lang: lang, Title: guides[idx].title[li(lang)], Canonical: s.cfg.Base + "guides/" + name,
			Translations: s.translations("/guides/" + name)}
		if lang != "en" {
			v.Lead = "Ce guide est rédigé en anglais ; les exemples valent pour toutes les langues."
		}
		body, err := s.renderArticle(v)
		if err != nil {
			return nil, err
		}
		return newRendered(body, s.started), nil
	})
	if err != nil {
		return err
	}
	return sendDocument(c, doc, fmtHTML.mediaType, "", "public, max-age=3600")
}

// guideLinks are the guides, for the dataset page and the home page.
func guideLinks(lang string) []web.Link {
	var out []web.Link
	for _, g := range guides {
		out = append(out, web.Link{Href: sitePath(lang, "/guides/"+g.name), Label: g.title[li(lang)]})
	}
	return out
}

// dumpFile is one dump with its size and checksums.
type dumpFile struct {
	Path, Format        string
	Size, PlainSize     int64
	SHA256, PlainSHA256 string
	Compressed          bool
}

// countingHash counts and hashes what is written to it.
type countingHash struct {
	n int64
	h hash.Hash
}

func (w *countingHash) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return w.h.Write(p)
}

// dumpFiles computes the size and SHA-256 of each dump of the snapshot by
// writing it once (gzip as served, and the plain N-Quads inside).
func dumpFiles(ctx context.Context, snap *store.Snapshot) ([]dumpFile, error) {
	gz := &countingHash{h: sha256.New()}
	plain := &countingHash{h: sha256.New()}
	zw := gzip.NewWriter(gz)
	if err := harvest.WriteNQuads(ctx, snap, io.MultiWriter(zw, plain)); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	js := &countingHash{h: sha256.New()}
	if err := harvest.WriteJSONLD(ctx, snap, js); err != nil {
		return nil, err
	}
	return []dumpFile{
		{Path: "dumps/latest.nq.gz", Format: "N-Quads", Size: gz.n, SHA256: hex.EncodeToString(gz.h.Sum(nil)),
			PlainSize: plain.n, PlainSHA256: hex.EncodeToString(plain.h.Sum(nil)), Compressed: true},
		{Path: "dumps/latest.jsonld", Format: "JSON-LD", Size: js.n, SHA256: hex.EncodeToString(js.h.Sum(nil))},
	}, nil
}

// dumpMemo keeps the dump facts of the latest data version: every variant
// of /dumps/ (French, English, JSON) shares one pass over the data, and
// concurrent requests wait for it rather than each writing the dumps.
type dumpMemo struct {
	mu      sync.Mutex
	version uint64
	facts   []dumpFile
	passes  int // passes over the data so far (tests)
}

func (m *dumpMemo) files(ctx context.Context, snap *store.Snapshot) ([]dumpFile, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v := snap.Version(); m.facts == nil || m.version != v {
		facts, err := dumpFiles(ctx, snap)
		if err != nil {
			return nil, err
		}
		m.version, m.facts = v, facts
		m.passes++
	}
	return m.facts, nil
}

// humanSize writes a byte count for people (« 12,3 Ko », "12.3 kB").
func humanSize(lang string, n int64) string {
	units := []string{"o", "Ko", "Mo", "Go"}
	if lang == "en" {
		units = []string{"B", "kB", "MB", "GB"}
	}
	f := float64(n)
	u := 0
	for f >= 1000 && u < len(units)-1 {
		f /= 1000
		u++
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if u == 0 {
		s = strconv.FormatInt(n, 10)
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
		return s + "\u00a0" + units[u]
	}
	return s + " " + units[u]
}

// getDumpsPage serves /dumps/ (and under /fr/, /en/): the dumps with their
// sizes, date and SHA-256 checksums; JSON for clients that ask for it.
func (s *Server) getDumpsPage(c *gin.Context) error {
	snap, err := s.snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	f, err := chooseFormat(c.GetHeader("Accept"), []docFormat{fmtHTML, {name: "json", mediaType: "application/json"}})
	if err != nil {
		return err
	}
	lang := pageLang(c)
	version := snap.Version()
	ctx := c.Request.Context()
	doc, err := s.docs.get(cacheKey("dumps|", f.name, "|", lang, "|", version), func() (*rendered, error) {
		files, err := s.dumpMemo.files(ctx, snap)
		if err != nil {
			return nil, fmt.Errorf("dumps: %w", err)
		}
		modified := s.clock.at(version).UTC()
		if f != fmtHTML {
			type entry struct {
				URL         string `json:"url"`
				Format      string `json:"format"`
				Size        int64  `json:"size"`
				SHA256      string `json:"sha256"`
				PlainSize   int64  `json:"uncompressedSize,omitempty"`
				PlainSHA256 string `json:"uncompressedSha256,omitempty"`
				Modified    string `json:"modified"`
			}
			var out []entry
			for _, d := range files {
				out = append(out, entry{s.cfg.Base + d.Path, d.Format, d.Size, d.SHA256, d.PlainSize, d.PlainSHA256, modified.Format("2006-01-02T15:04:05Z")})
			}
			body, err := marshalJSON(map[string]any{"dumps": out})
			if err != nil {
				return nil, err
			}
			return newRendered(body, modified), nil
		}
		date := web.LongDate(lang, modified.Format("2006-01-02"))
		table := &web.Table{
			Head:    []string{tr(lang, "Fichier", "File"), tr(lang, "Format", "Format"), tr(lang, "Taille", "Size"), tr(lang, "Données du", "Data as of"), "SHA-256"},
			Numeric: []bool{false, false, true, false, false},
			Code:    []bool{false, false, false, false, true},
		}
		for _, d := range files {
			format := d.Format
			if d.Compressed {
				format += tr(lang, ", compressé gzip", ", gzip-compressed")
			}
			table.Rows = append(table.Rows, []web.Link{{Href: "/" + d.Path, Label: d.Path[len("dumps/"):]}, {Label: format}, {Label: humanSize(lang, d.Size)}, {Label: date}, {Label: d.SHA256}})
			if d.Compressed {
				table.Rows = append(table.Rows, []web.Link{{Label: tr(lang, "(décompressé)", "(uncompressed)")}, {Label: d.Format}, {Label: humanSize(lang, d.PlainSize)}, {Label: date}, {Label: d.PlainSHA256}})
			}
		}
		v := web.ArticleView{
			Lead: tr(lang, "Les données publiques complètes, en un fichier, produites à la demande à partir d’un même état des données. Les sommes de contrôle permettent de vérifier un téléchargement (sha256sum).",
				"The complete public data, in one file, produced on request from one state of the data. The checksums let you check a download (sha256sum)."),
			Sections: []web.Section{
				{Table: table},
				{Heading: tr(lang, "Licences", "Licences"), Paragraphs: []string{tr(lang,
					"Les données structurées sont sous licence CC0 1.0 ; les textes cités du Wiki des ADN (graphe wiki-cc-by-nc-sa) restent sous licence CC BY-NC-SA 4.0. Chaque quadruplet des fichiers N-Quads porte son graphe, donc sa licence.",
					"The structured data is under CC0 1.0; the texts quoted from the Wiki des ADN (graph wiki-cc-by-nc-sa) stay under CC BY-NC-SA 4.0. Every quad of the N-Quads file carries its graph, hence its licence.")}},
				{Heading: tr(lang, "Autres accès", "Other doors"), Links: s.doorLinks(lang)},
			},
		}
		v.Page = web.Page{Lang: lang, Title: tr(lang, "Téléchargements", "Downloads"), Canonical: s.cfg.Base + "dumps/",
			Translations: s.translations("/dumps/"), Nav: "donnees", Modified: modified}
		body, err := s.renderArticle(v)
		if err != nil {
			return nil, err
		}
		return newRendered(body, modified), nil
	})
	if err != nil {
		return err
	}
	c.Header("Vary", "Accept, Accept-Language")
	return sendDocument(c, doc, f.mediaType, "", "public, max-age=300")
}

// doorLinks are the ways into the data.
func (s *Server) doorLinks(lang string) []web.Link {
	return []web.Link{
		{Href: sitePath(lang, "/sparql"), Label: tr(lang, "Point d’accès SPARQL (/sparql)", "SPARQL endpoint (/sparql)")},
		{Href: sitePath(lang, "/dumps/"), Label: tr(lang, "Téléchargements complets (N-Quads, JSON-LD)", "Full downloads (N-Quads, JSON-LD)")},
		{Href: "/.well-known/void", Label: tr(lang, "Description VoID et DCAT (Turtle, JSON-LD)", "VoID and DCAT description (Turtle, JSON-LD)")},
		{Href: "/ldes", Label: tr(lang, "Flux d’événements LDES des versions des chantiers", "LDES event stream of chantier versions")},
		{Href: "/sitemap.xml", Label: tr(lang, "Plan du site (sitemap)", "Sitemap")},
		{Href: "/openapi.json", Label: tr(lang, "Description OpenAPI de l’API", "OpenAPI description of the API")},
		{Href: "/vocab", Label: tr(lang, "Vocabulaire radn", "The radn vocabulary")},
		{Href: "/context/v1", Label: tr(lang, "Contexte JSON-LD de l’API", "The API's JSON-LD context")},
	}
}

// renderDatasetArticle renders /donnees: what the dataset is, its
// licences, its doors and its figures, from the VoID description.
func (s *Server) renderDatasetArticle(ctx context.Context, snap *store.Snapshot, quads []rdf.Quad, lang string, jsonld []byte) ([]byte, error) {
	ds := rdf.IRI(s.datasetIRI())
	l := newLabeler(ctx, snap, lang)
	one := func(subject rdf.Term, p string) rdf.Term {
		o, _ := firstObjectIn(quads, subject, p)
		return o
	}
	desc := ""
	for _, q := range quads {
		if q.S == ds && q.P.Value == dctermsNS+"description" && q.O.Lang == lang {
			desc = q.O.Value
		}
	}
	num := func(t rdf.Term) int { n, _ := strconv.Atoi(t.Value); return n }
	// Figures: entities by class, the main ones first.
	type figure struct {
		class string
		n     int
	}
	var figures []figure
	for _, q := range quads {
		if q.S == ds && q.P.Value == voidNS+"classPartition" {
			figures = append(figures, figure{one(q.O, voidNS+"class").Value, num(one(q.O, voidNS+"entities"))})
		}
	}
	// The public kinds of vocab.Kinds (persons with their consent), the
	// events and the concepts.
	var main []struct{ class, fr, en string }
	for _, k := range vocab.Kinds {
		switch {
		case k.Private && k.Consent:
			main = append(main, struct{ class, fr, en string }{k.Class, k.Title[0] + " (publiées avec leur consentement)", k.Title[1] + " (published with their consent)"})
		case !k.Private:
			main = append(main, struct{ class, fr, en string }{k.Class, k.Title[0], k.Title[1]})
		}
	}
	main = append(main, struct{ class, fr, en string }{schemaNS + "Event", "Événements", "Events"},
		struct{ class, fr, en string }{skosNS + "Concept", "Concepts (types, thèmes, statuts, grille…)", "Concepts (kinds, themes, statuses, grid…)"})
	figTable := &web.Table{Head: []string{tr(lang, "Ressources", "Resources"), tr(lang, "Nombre", "Count")}, Numeric: []bool{false, true}}
	for _, m := range main {
		n := 0
		for _, f := range figures {
			if f.class == m.class {
				n = f.n
			}
		}
		figTable.Rows = append(figTable.Rows, []web.Link{{Label: tr(lang, m.fr, m.en)}, {Label: strconv.Itoa(n)}})
	}
	figTable.Rows = append(figTable.Rows, []web.Link{{Label: tr(lang, "Triplets publics", "Public triples")}, {Label: one(ds, voidNS+"triples").Value}})
	// Licences: one row per subset (named graph).
	licTable := &web.Table{Head: []string{tr(lang, "Partie", "Part"), tr(lang, "Licence", "Licence"), tr(lang, "Triplets", "Triples")}, Numeric: []bool{false, false, true}}
	for _, q := range quads {
		if q.S != ds || q.P.Value != voidNS+"subset" {
			continue
		}
		title := ""
		for _, t := range quads {
			if t.S == q.O && t.P.Value == dctermsNS+"title" && (title == "" || t.O.Lang == lang) {
				title = t.O.Value
			}
		}
		if title == "" {
			title = shortIRI(q.O.Value)
		}
		lic := one(q.O, dctermsNS+"license").Value
		licTable.Rows = append(licTable.Rows, []web.Link{{Href: s.pageHref(q.O.Value, lang), Label: title}, {Href: lic, Label: licenceName(lic)}, {Label: one(q.O, voidNS+"triples").Value}})
	}
	v := web.ArticleView{
		Lead: desc,
		Sections: []web.Section{
			{Heading: tr(lang, "En chiffres", "In figures"), Table: figTable},
			{Heading: tr(lang, "Licences", "Licences"), Table: licTable, Paragraphs: []string{tr(lang,
				"Chaque triplet appartient à un graphe nommé qui porte sa licence : la structure est dans le domaine public (CC0), les textes cités du wiki restent sous CC BY-NC-SA.",
				"Every triple belongs to a named graph that carries its licence: the structure is in the public domain (CC0), the texts quoted from the wiki stay under CC BY-NC-SA.")}},
			{Heading: tr(lang, "Accès aux données", "Ways into the data"), Links: s.doorLinks(lang)},
			{Heading: tr(lang, "Guides", "Guides"), Links: guideLinks(lang)},
			{Heading: tr(lang, "Publication", "Publication"), Facts: []web.Fact{
				{Term: tr(lang, "Éditeur", "Publisher"), Values: []web.Link{{Href: s.pageHref(s.networkIRI(), lang), Label: l.labelOr(s.networkIRI())}}},
				{Term: tr(lang, "Identifiant", "Identifier"), Values: []web.Link{{Label: ds.Value}}},
				{Term: tr(lang, "Langues", "Languages"), Values: []web.Link{{Label: tr(lang, "français, anglais", "French, English")}}},
			}},
		},
	}
	v.Page = web.Page{
		Lang: lang, Title: tr(lang, "Le jeu de données", "The dataset"), Canonical: s.cfg.Base + langPath(lang, "/donnees")[1:],
		Translations: s.translations("/donnees"),
		Alternates:   web.Alternates{JSONLD: "/.well-known/void.jsonld", Turtle: "/.well-known/void.ttl", NTriples: "/.well-known/void.nt"},
		JSONLD:       jsonld, Nav: "donnees",
	}
	v.Heading = siteName[lang]
	return s.renderArticle(v)
}

func licenceName(iri string) string {
	switch iri {
	case licenceCC0:
		return "CC0 1.0"
	case licenceByNcSa40:
		return "CC BY-NC-SA 4.0"
	}
	return iri
}

// renderSchemeHTML renders a concept scheme as a tree of its concepts
// (skos:hasTopConcept, then skos:narrower) with, under each concept, the
// chantiers that use it (radn:theme, radn:kind, radn:status, …).
func (s *Server) renderSchemeHTML(ctx context.Context, snap *store.Snapshot, iri string, triples []rdf.Quad, lang string, jsonld []byte) ([]byte, error) {
	l := newLabeler(ctx, snap, lang)
	scheme := rdf.IRI(iri)
	var tops []rdf.Term
	for _, t := range lookup(ctx, snap, scheme, skosNS+"hasTopConcept") {
		if t.IsIRI() {
			tops = append(tops, t)
		}
	}
	if len(tops) == 0 { // no top concepts stated: every concept of the scheme
		for _, t := range distinctSubjects(ctx, snap, skosNS+"inScheme", scheme) {
			if t.IsIRI() && len(lookup(ctx, snap, t, skosNS+"broader")) == 0 {
				tops = append(tops, t)
			}
		}
	}
	chantiersOf := func(concept rdf.Term) []web.Link {
		var out []web.Link
		seen := map[string]bool{}
		for q, err := range snap.Match(ctx, store.Pattern{O: concept, AnyGraph: true}) {
			if err != nil {
				break
			}
			if !q.S.IsIRI() || seen[q.S.Value] || !strings.HasPrefix(q.P.Value, vocab.RadnNS) || !hasType(ctx, snap, q.S.Value, vocab.RadnChantier) {
				continue
			}
			seen[q.S.Value] = true
			out = append(out, web.Link{Href: s.pageHref(q.S.Value, lang), Label: l.labelOr(q.S.Value)})
		}
		slices.SortFunc(out, func(a, b web.Link) int { return compareFold(a.Label, b.Label) })
		return out
	}
	var node func(c rdf.Term, depth int) web.TreeNode
	node = func(c rdf.Term, depth int) web.TreeNode {
		n := web.TreeNode{Link: web.Link{Href: s.pageHref(c.Value, lang), Label: l.labelOr(c.Value)}, Items: chantiersOf(c)}
		if len(n.Items) == 0 {
			n.Note = tr(lang, "aucun chantier", "no chantier")
		}
		if depth < 6 {
			for _, k := range lookup(ctx, snap, c, skosNS+"narrower") {
				if k.IsIRI() {
					n.Children = append(n.Children, node(k, depth+1))
				}
			}
			slices.SortFunc(n.Children, func(a, b web.TreeNode) int { return compareFold(a.Label, b.Label) })
		}
		return n
	}
	var tree []web.TreeNode
	for _, t := range tops {
		tree = append(tree, node(t, 0))
	}
	slices.SortFunc(tree, func(a, b web.TreeNode) int { return compareFold(a.Label, b.Label) })
	title := l.labelOr(iri)
	lead := pickLiteral(lookup(ctx, snap, scheme, skosNS+"definition"), l.langs)
	if lead == "" {
		lead = pickLiteral(lookup(ctx, snap, scheme, vocab.RDFSComment), l.langs)
	}
	v := web.ArticleView{
		Lead: lead,
		Sections: []web.Section{{Heading: tr(lang, "Concepts et chantiers", "Concepts and chantiers"), Tree: tree},
			{Facts: []web.Fact{{Term: tr(lang, "Identifiant", "Identifier"), Values: []web.Link{{Label: iri}}}}}},
		SPARQLQuery: web.ResourceQuery(iri),
	}
	v.Page = s.pageOf(iri, title, lang, jsonld, time.Time{})
	if iri == s.cfg.Base+"concept/theme" {
		v.Page.Nav = "themes"
	}
	return s.renderArticle(v)
}
