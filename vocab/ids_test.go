package vocab

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Culture des données", "culture-des-donnees"},
		{"Codéveloppement", "codeveloppement"},
		{"Écoresponsabilité et numérique", "ecoresponsabilite-et-numerique"},
		{"Stratégie marketing d’engagement", "strategie-marketing-d-engagement"},
		{"Stratégie marketing d'engagement", "strategie-marketing-d-engagement"},
		{"Autoroute / Liaison (Transformation numérique)", "autoroute-liaison-transformation"}, // 42 bytes, cut at a hyphen
		{"Œuvres & cœurs", "oeuvres-coeurs"},
		{"  --Déjà vu!!  ", "deja-vu"},
		{"«\u00a0Poutine\u00a0»", "poutine"},
		{"Compétences numériques 2.0", "competences-numeriques-2-0"},
		{"ÇA VA ÊTRE ÇA", "ca-va-etre-ca"},
		{"Straße", "strasse"},
		{"", ""},
		{"’()!?", ""},
		{"日本語", ""},
		{"Un nom beaucoup trop long pour tenir dans un identifiant raisonnable", "un-nom-beaucoup-trop-long-pour-tenir"},
		{strings.Repeat("a", 60), strings.Repeat("a", 40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Slug(tc.name); got != tc.want {
				t.Errorf("Slug(%q) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}

func TestUniqueSlug(t *testing.T) {
	takenSet := func(s ...string) func(string) bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return func(x string) bool { return m[x] }
	}
	long := strings.Repeat("abcdefghij", 4) // 40 bytes, the maximum
	for _, tc := range []struct {
		name  string
		taken []string
		want  string
	}{
		{"Culture des données", nil, "culture-des-donnees"},
		{"Culture des données", []string{"culture-des-donnees"}, "culture-des-donnees-2"},
		{"Culture des données", []string{"culture-des-donnees", "culture-des-donnees-2"}, "culture-des-donnees-3"},
		{"Culture des Données!", []string{"culture-des-donnees"}, "culture-des-donnees-2"},
		{"", nil, FallbackSlug},
		{"???", []string{FallbackSlug}, FallbackSlug + "-2"},
		{long, []string{long}, long[:38] + "-2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := UniqueSlug(tc.name, takenSet(tc.taken...))
			if got != tc.want {
				t.Errorf("UniqueSlug(%q, %v) = %q, want %q", tc.name, tc.taken, got, tc.want)
			}
			if len(got) > MaxSlugLen {
				t.Errorf("%q is longer than %d", got, MaxSlugLen)
			}
		})
	}
	t.Run("many collisions", func(t *testing.T) {
		taken := map[string]bool{"x": true}
		for i := 2; i < 50; i++ {
			taken["x-"+strconv.Itoa(i)] = true
		}
		if got := UniqueSlug("X", func(s string) bool { return taken[s] }); got != "x-50" {
			t.Errorf("got %q, want x-50", got)
		}
	})
	t.Run("everything taken", func(t *testing.T) {
		calls := 0
		got := UniqueSlug("x", func(s string) bool { calls++; return calls <= maxSlugTries })
		if !regexp.MustCompile(`^x-[a-z][0-9a-z]{9}$`).MatchString(got) {
			t.Errorf("got %q, want x- followed by an opaque id", got)
		}
	})
}

func TestNewOpaqueID(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][0-9a-z]{9}$`)
	seen := map[string]bool{}
	for range 2000 {
		id := NewOpaqueID()
		if !re.MatchString(id) || strings.ContainsAny(id, "ilou") {
			t.Fatalf("NewOpaqueID() = %q: not 10 lowercase Crockford base-32 characters starting with a letter", id)
		}
		if seen[id] {
			t.Fatalf("NewOpaqueID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestIRIs(t *testing.T) {
	const b = "https://data.example.org/"
	ev := EvaluationIRI(b, "culture-des-donnees", "2026-06-15")
	for _, tc := range []struct{ got, want string }{
		{ChantierIRI(b, "culture-des-donnees"), b + "id/chantiers/culture-des-donnees"},
		{OrganisationIRI(b, "reseau-adn"), b + "id/organisations/reseau-adn"},
		{PersonIRI(b, "p7q2k9xw"), b + "id/personnes/p7q2k9xw"},
		{ParticipationIRI(b, "a4m8c2rt"), b + "id/participations/a4m8c2rt"},
		{ObjectiveIRI(b, "culture-des-donnees", 1), b + "id/chantiers/culture-des-donnees/objectifs/1"},
		{DeliverableIRI(b, "culture-des-donnees", 2), b + "id/chantiers/culture-des-donnees/livrables/2"},
		{SupportNeedIRI(b, "culture-des-donnees", 3), b + "id/chantiers/culture-des-donnees/besoins/3"},
		{ev, b + "id/chantiers/culture-des-donnees/evaluations/2026-06-15"},
		{AssessmentIRI(ev, 2), ev + "#critere-2"},
		{LegacyIRI(b, "guide"), b + "id/legs/guide"},
		{EventIRI(b, "2019-05-rencontre-adn-2"), b + "id/evenements/2019-05-rencontre-adn-2"},
		{ChangeIRI(b, "x"), b + "id/changements/x"},
		{DocumentIRI(b, "x"), b + "id/documents/x"},
		{SchemeIRI(b, SchemeGrid), b + "concept/grille-continuite"},
		{ConceptIRI(b, SchemeGrid, "2.1"), b + "concept/grille-continuite/2.1"},
		{GraphIRI(b, GraphWiki), b + "graph/wiki-cc-by-nc-sa"},
		{ShapesIRI(b), b + "shapes"},
		{ContextIRI(b), b + "context/v1"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}

func TestCheckBase(t *testing.T) {
	for _, tc := range []struct {
		base string
		ok   bool
	}{
		{"https://w3id.org/radn/", true},
		{"http://localhost:8080/", true},
		{"https://w3id.org/radn", false},
		{"ftp://example.org/", false},
		{"/radn/", false},
		{"https://example.org/?x=1/", false},
		{"https://example.org/#/", false},
		{"", false},
	} {
		t.Run(tc.base, func(t *testing.T) {
			if err := CheckBase(tc.base); (err == nil) != tc.ok {
				t.Errorf("CheckBase(%q) = %v, want ok=%v", tc.base, err, tc.ok)
			}
		})
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Culture des données", "Autoroute / Liaison (Transformation numérique)", "’’", "Œ-ß", strings.Repeat("é", 50)} {
		f.Add(s)
	}
	valid := regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*)?$`)
	f.Fuzz(func(t *testing.T, name string) {
		s := Slug(name)
		if !valid.MatchString(s) || len(s) > MaxSlugLen {
			t.Fatalf("Slug(%q) = %q", name, s)
		}
		if Slug(s) != s {
			t.Fatalf("Slug is not idempotent on %q: %q", s, Slug(s))
		}
	})
}
