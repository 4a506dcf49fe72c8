package search

import (
	"context"
	"iter"
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// Kind is the kind of an indexed resource; its value is the code used in
// URLs (?kind=…) and in reconciliation types.
type Kind string

// The kinds of indexed resources.
const (
	KindChantier     Kind = "chantier"
	KindObjective    Kind = "objectif"
	KindDeliverable  Kind = "livrable"
	KindNeed         Kind = "besoin"
	KindLegacy       Kind = "legs"
	KindDefinition   Kind = "definition"
	KindTheme        Kind = "theme"
	KindOrganisation Kind = "organisation"
	KindPerson       Kind = "personne"
)

// Kinds lists every kind, in display order.
var Kinds = []Kind{KindChantier, KindLegacy, KindTheme, KindOrganisation, KindPerson,
	KindObjective, KindDeliverable, KindNeed, KindDefinition}

// Class is the class IRI of a kind's resources.
func (k Kind) Class() string {
	return map[Kind]string{
		KindChantier: vocab.RadnChantier, KindObjective: vocab.RadnObjective, KindDeliverable: vocab.RadnDeliverable,
		KindNeed: vocab.RadnSupportNeed, KindLegacy: vocab.RadnLegacy, KindDefinition: vocab.SchemaCreativeWork,
		KindTheme: vocab.SKOSConcept, KindOrganisation: vocab.RadnHostOrganization, KindPerson: vocab.SchemaPerson,
	}[k]
}

// ParseKind returns the kind named by code.
func ParseKind(code string) (Kind, bool) {
	k := Kind(code)
	return k, slices.Contains(Kinds, k)
}

// Doc is the public text of one resource, as the index holds it.
type Doc struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Names by language ("fr", "en"; untagged names count as French),
	// the preferred name first, then alternate names.
	Names map[string][]string `json:"names,omitempty"`
	// Texts by language: definitions, descriptions, SMART facets.
	Texts   map[string][]string `json:"texts,omitempty"`
	Status  string              `json:"status,omitempty"`  // concept IRI
	Themes  []string            `json:"themes,omitempty"`  // concept IRIs
	Regions []string            `json:"regions,omitempty"` // concept IRIs
	Parent  string              `json:"parent,omitempty"`  // the chantier of a sub-resource
	// Labels of the concepts above (every language), for matching
	// reconciliation properties and for display.
	Labels map[string][]string `json:"labels,omitempty"`
}

// Label returns the preferred name of d in lang, else in French, else any.
func (d *Doc) Label(lang string) string {
	for _, l := range []string{lang, "fr", "en"} {
		if n := d.Names[l]; len(n) > 0 {
			return n[0]
		}
	}
	return d.ID
}

// AllNames returns every name of d, preferred names first.
func (d *Doc) AllNames() []string {
	var out []string
	for _, l := range []string{"fr", "en"} {
		for _, n := range d.Names[l] {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// matcher is what extraction needs of a snapshot's public space.
type matcher interface {
	Match(ctx context.Context, p store.Pattern) iter.Seq2[rdf.Quad, error]
}

// indexedClasses are the classes whose instances may be indexed; Classify
// decides each subject.
var indexedClasses = []string{
	vocab.RadnChantier, vocab.RadnObjective, vocab.RadnDeliverable, vocab.RadnSupportNeed,
	vocab.RadnLegacy, vocab.SchemaCreativeWork, vocab.SKOSConcept, vocab.RadnHostOrganization,
	vocab.SchemaOrganization, vocab.OrgOrganization, vocab.SchemaPerson,
}

// classify gives the kind of a subject from its types and IRI, or "".
func classify(base, iri string, types map[string]bool) Kind {
	switch {
	case types[vocab.RadnChantier]:
		return KindChantier
	case types[vocab.RadnObjective]:
		return KindObjective
	case types[vocab.RadnDeliverable]:
		return KindDeliverable
	case types[vocab.RadnSupportNeed]:
		return KindNeed
	case types[vocab.RadnLegacy]:
		return KindLegacy
	case types[vocab.SchemaPerson]:
		return KindPerson
	case types[vocab.SKOSConcept] && strings.HasPrefix(iri, base+"concept/theme/"):
		return KindTheme
	case types[vocab.RadnHostOrganization],
		(types[vocab.SchemaOrganization] || types[vocab.OrgOrganization]) && strings.HasPrefix(iri, base+"id/organisations/"):
		return KindOrganisation
	case types[vocab.SchemaCreativeWork] && strings.HasPrefix(iri, base+"id/documents/"):
		return KindDefinition
	}
	return ""
}

// textProps are the properties whose literals are a resource's text.
var textProps = map[string]bool{
	vocab.RadnInitialDefinition: true, vocab.SchemaDescription: true, vocab.DCTermsNS + "description": true,
	vocab.SKOSDefinition: true, vocab.SKOSScopeNote: true,
	vocab.RadnSpecific: true, vocab.RadnMeasurable: true, vocab.RadnAchievable: true, vocab.RadnRealistic: true,
}

// extractor reads documents from the public space of one snapshot.
type extractor struct {
	ctx    context.Context
	base   string
	pub    matcher
	labels map[string][]string // concept IRI → labels (cache)
}

// doc returns the document of iri, or nil when iri is not (or no longer)
// an indexed resource of the public space.
func (x *extractor) doc(iri string) (*Doc, error) {
	var quads []rdf.Quad
	types := map[string]bool{}
	for q, err := range x.pub.Match(x.ctx, store.Pattern{S: rdf.IRI(iri), AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		quads = append(quads, q)
		if q.P.Value == rdf.RDFType && q.O.IsIRI() {
			types[q.O.Value] = true
		}
	}
	kind := classify(x.base, iri, types)
	if kind == "" {
		return nil, nil
	}
	d := &Doc{ID: iri, Kind: kind, Names: map[string][]string{}, Texts: map[string][]string{}}
	var alt []rdf.Quad
	for _, q := range quads {
		p, o := q.P.Value, q.O
		switch {
		case kind == KindPerson:
			// A person is indexed by name only, and only while the public
			// space holds it (the projection of a consenting person).
			if p == vocab.SchemaName && o.IsLiteral() {
				addText(d.Names, o)
			}
		case (p == vocab.SchemaName || p == vocab.SKOSPrefLabel) && o.IsLiteral():
			addText(d.Names, o)
		case (p == vocab.SchemaAlternateName || p == vocab.SKOSAltLabel) && o.IsLiteral():
			alt = append(alt, q)
		case textProps[p] && o.IsLiteral():
			addText(d.Texts, o)
		case p == vocab.RadnStatus && o.IsIRI():
			d.Status = o.Value
		case p == vocab.RadnTheme && o.IsIRI():
			d.Themes = appendNew(d.Themes, o.Value)
		case p == vocab.SchemaAreaServed && o.IsIRI():
			d.Regions = appendNew(d.Regions, o.Value)
		}
	}
	for _, q := range alt {
		addText(d.Names, q.O)
	}
	for _, l := range []string{"fr", "en"} {
		slices.Sort(d.Texts[l])
		d.Texts[l] = slices.Compact(d.Texts[l])
	}
	slices.Sort(d.Themes)
	slices.Sort(d.Regions)
	if i := strings.Index(iri, "/id/chantiers/"); i >= 0 && kind != KindChantier {
		rest := iri[i+len("/id/chantiers/"):]
		if j := strings.IndexByte(rest, '/'); j > 0 {
			d.Parent = iri[:i+len("/id/chantiers/")+j]
		}
	}
	for _, c := range slices.Concat(d.Themes, d.Regions, []string{d.Status}) {
		if c == "" {
			continue
		}
		ls, err := x.conceptLabels(c)
		if err != nil {
			return nil, err
		}
		if d.Labels == nil {
			d.Labels = map[string][]string{}
		}
		d.Labels[c] = ls
	}
	if len(d.Names) == 0 && len(d.Texts) == 0 {
		return nil, nil
	}
	return d, nil
}

func addText(m map[string][]string, o rdf.Term) {
	lang := "fr"
	if strings.HasPrefix(strings.ToLower(o.Lang), "en") {
		lang = "en"
	}
	s := strings.TrimSpace(o.Value)
	if s != "" && !slices.Contains(m[lang], s) {
		m[lang] = append(m[lang], s)
	}
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// conceptLabels returns the labels of a concept: skos:prefLabel,
// skos:altLabel and skos:notation, the French label first.
func (x *extractor) conceptLabels(iri string) ([]string, error) {
	if ls, ok := x.labels[iri]; ok {
		return ls, nil
	}
	var fr, other []string
	for _, p := range []string{vocab.SKOSPrefLabel, vocab.SKOSAltLabel, vocab.SKOSNotation} {
		for q, err := range x.pub.Match(x.ctx, store.Pattern{S: rdf.IRI(iri), P: rdf.IRI(p), AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			if !q.O.IsLiteral() {
				continue
			}
			if strings.HasPrefix(q.O.Lang, "fr") {
				fr = appendNew(fr, q.O.Value)
			} else {
				other = appendNew(other, q.O.Value)
			}
		}
	}
	ls := append(fr, other...)
	if x.labels == nil {
		x.labels = map[string][]string{}
	}
	x.labels[iri] = ls
	return ls, nil
}

// subjects yields every subject of the public space typed with one of the
// indexed classes, once.
func (x *extractor) subjects(yield func(string) error) error {
	seen := map[string]bool{}
	for _, class := range indexedClasses {
		for q, err := range x.pub.Match(x.ctx, store.Pattern{P: rdf.IRI(rdf.RDFType), O: rdf.IRI(class), AnyGraph: true}) {
			if err != nil {
				return err
			}
			if !q.S.IsIRI() || seen[q.S.Value] {
				continue
			}
			seen[q.S.Value] = true
			if err := yield(q.S.Value); err != nil {
				return err
			}
		}
	}
	return nil
}
