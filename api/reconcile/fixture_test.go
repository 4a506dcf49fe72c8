package reconcile

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/search"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

const testBase = "http://ruche.test/"

// entity is one generated resource of the fixture.
type entity struct {
	kind   search.Kind
	slug   string
	fr, en string
	themes []string // theme codes
	region string   // region code
}

func (e entity) iri() string {
	switch e.kind {
	case search.KindOrganisation:
		return testBase + "id/organisations/" + e.slug
	case search.KindLegacy:
		return testBase + "id/legs/" + e.slug
	}
	return testBase + "id/chantiers/" + e.slug
}

// places are towns of Québec with their region code.
var places = []struct{ name, region string }{
	{"Rimouski", "01"}, {"Saguenay", "02"}, {"Québec", "03"}, {"Trois-Rivières", "04"}, {"Sherbrooke", "05"},
	{"Montréal", "06"}, {"Gatineau", "07"}, {"Rouyn-Noranda", "08"}, {"Baie-Comeau", "09"}, {"Gaspé", "11"},
	{"Lévis", "12"}, {"Laval", "13"}, {"Joliette", "14"}, {"Saint-Jérôme", "15"}, {"Granby", "16"}, {"Drummondville", "17"},
}

var orgKinds = []string{"Musée régional", "Bibliothèque municipale", "Maison de la culture", "Théâtre", "Centre d’artistes", "Société d’histoire"}

// generated returns the generated entities: organisations (kind × town,
// every other pair), chantiers with English names, and legacies.
func generated() []entity {
	var out []entity
	for i, k := range orgKinds {
		for j, p := range places {
			if (i+j)%3 != 0 {
				continue
			}
			name := k + " de " + p.name
			out = append(out, entity{kind: search.KindOrganisation, slug: vocab.Slug(name), fr: name, region: p.region})
		}
	}
	for _, c := range []struct{ fr, en, theme string }{
		{"Médiation culturelle numérique", "Digital cultural mediation", "engagement-des-publics"},
		{"Archives audiovisuelles", "Audiovisual archives", "donnees"},
		{"Littératie numérique des aînés", "Digital literacy for seniors", "competences-numeriques"},
		{"Billetterie mutualisée", "Shared ticketing", "partage-de-savoirs"},
		{"Métadonnées musicales", "Music metadata", "donnees"},
		{"Patrimoine immatériel en ligne", "Intangible heritage online", "decouvrabilite"},
		{"Veille technologique partagée", "Shared technology watch", "transformation-numerique"},
		{"Jeux vidéo et bibliothèques", "Video games and libraries", "ressources-numeriques"},
		{"Sobriété numérique des festivals", "Digital sobriety of festivals", "ecoresponsabilite"},
		{"Inventaire des équipements scéniques", "Stage equipment inventory", "partage-de-savoirs"},
		{"Balados communautaires", "Community podcasts", "engagement-des-publics"},
		{"Cartographie des lieux de diffusion", "Mapping of performance venues", "decouvrabilite"},
		{"Accessibilité des sites culturels", "Accessibility of cultural websites", "competences-numeriques"},
		{"Réalité virtuelle au musée", "Virtual reality at the museum", "transformation-numerique"},
		{"Données ouvertes des salles de spectacle", "Open data of concert halls", "donnees"},
		{"Numérisation des fonds photographiques", "Digitisation of photographic collections", "ressources-numeriques"},
		{"Stratégie de contenu pour les bibliothèques", "Content strategy for libraries", "marketing-numerique"},
		{"Infolettre régionale des arts", "Regional arts newsletter", "marketing-numerique"},
		{"Formation à Wikidata", "Wikidata training", "donnees"},
		{"Calendrier culturel partagé", "Shared cultural calendar", "decouvrabilite"},
	} {
		out = append(out, entity{kind: search.KindChantier, slug: vocab.Slug(c.fr), fr: c.fr, en: c.en, themes: []string{c.theme}})
	}
	for _, l := range []string{
		"Guide des bonnes pratiques de métadonnées", "Boîte à outils de médiation numérique", "Répertoire des ressources pour aînés",
		"Gabarit de politique de données", "Trousse de démarrage Wikidata", "Lexique de la découvrabilité",
		"Modèle de plan de communication numérique", "Grille d’autodiagnostic de maturité numérique",
		"Recueil de cas d’écoresponsabilité", "Tutoriel de balado en bibliothèque",
	} {
		out = append(out, entity{kind: search.KindLegacy, slug: vocab.Slug(l), fr: l})
	}
	return out
}

func (e entity) quads() []rdf.Quad {
	s := rdf.IRI(e.iri())
	g := rdf.IRI(testBase + "graph/public-cc0")
	q := func(p string, o rdf.Term) rdf.Quad { return rdf.Quad{S: s, P: rdf.IRI(p), O: o, G: g} }
	var out []rdf.Quad
	switch e.kind {
	case search.KindOrganisation:
		out = append(out, q(rdf.RDFType, rdf.IRI(vocab.RadnHostOrganization)), q(vocab.SchemaAreaServed, rdf.IRI(testBase+"concept/region/"+e.region)))
	case search.KindLegacy:
		out = append(out, q(rdf.RDFType, rdf.IRI(vocab.RadnLegacy)))
	default:
		out = append(out, q(rdf.RDFType, rdf.IRI(vocab.RadnChantier)),
			q(vocab.RadnStatus, rdf.IRI(testBase+"concept/statut/actif")),
			q(vocab.RadnInitialDefinition, rdf.LangString("Un chantier sur "+strings.ToLower(e.fr)+".", "fr")))
	}
	out = append(out, q(vocab.SchemaName, rdf.LangString(e.fr, "fr")))
	if e.en != "" {
		out = append(out, q(vocab.SchemaName, rdf.LangString(e.en, "en")))
	}
	for _, t := range e.themes {
		out = append(out, q(vocab.RadnTheme, rdf.IRI(testBase+"concept/theme/"+t)))
	}
	return out
}

// fixture is a store with the seed and the generated entities, its index
// and the service over it.
type fixture struct {
	st  *store.Store
	ix  *search.Index
	svc *Service
	h   http.Handler
}

func newFixture(t testing.TB, cfg Config) *fixture {
	t.Helper()
	opts := store.DefaultOptions()
	opts.InMemory = true
	st, err := store.Open("", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	quads, err := vocab.Seed(testBase)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range generated() {
		quads = append(quads, e.quads()...)
	}
	// A person in the private space only: never a candidate.
	p := rdf.IRI(testBase + "id/personnes/secret")
	err = st.Update(context.Background(), func(tx *store.Txn) error {
		for _, q := range quads {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		priv := tx.In(store.Private)
		if err := priv.Add(rdf.Quad{S: p, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(vocab.SchemaPerson)}); err != nil {
			return err
		}
		return priv.Add(rdf.Quad{S: p, P: rdf.IRI(vocab.SchemaName), O: rdf.String("Zorglub Canari")})
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open("", testBase)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	cfg.Base = testBase
	svc := New(cfg, func() (*search.Index, error) { return ix, nil })
	return &fixture{st: st, ix: ix, svc: svc, h: svc}
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func (f *fixture) do(t testing.TB, method, target, contentType, body string) response {
	t.Helper()
	var r *http.Request
	if body != "" || method == http.MethodPost {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return response{code: w.Code, header: w.Header(), body: w.Body.Bytes()}
}
