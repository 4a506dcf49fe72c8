package vocab

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// DefaultBase is the production base IRI (a w3id.org prefix that redirects to
// whatever host serves ruche). Every IRI ruche mints is base + path.
const DefaultBase = "https://w3id.org/radn/"

// Paths, relative to the base IRI, of the resources ruche mints. See the
// table in the package documentation.
const (
	PathChantiers      = "id/chantiers/"
	PathOrganisations  = "id/organisations/"
	PathPersonnes      = "id/personnes/"
	PathParticipations = "id/participations/"
	PathLegs           = "id/legs/"
	PathEvenements     = "id/evenements/"
	PathChangements    = "id/changements/"
	PathDocuments      = "id/documents/"
	PathConcept        = "concept/"
	PathGraph          = "graph/"
	PathShapes         = "shapes"
	PathContext        = "context/"
)

// Names of the named graphs of the seed (base + "graph/" + name).
const (
	GraphPublicCC0 = "public-cc0"
	GraphWiki      = "wiki-cc-by-nc-sa"
)

// Scheme names of the controlled lists (base + "concept/" + scheme).
const (
	SchemeChantierKind = "type-chantier"
	SchemeTheme        = "theme"
	SchemeRole         = "role"
	SchemeStatus       = "statut"
	SchemeDecision     = "decision"
	SchemeNeedType     = "type-besoin"
	SchemeGuidelines   = "balises"
	SchemeGrid         = "grille-continuite"
	SchemeSMART        = "smart"
	SchemeRegion       = "region"
	SchemeSector       = "secteur"
)

// Schemes lists the scheme names of every controlled list in schemes.ttl.
var Schemes = []string{
	SchemeChantierKind, SchemeTheme, SchemeRole, SchemeStatus, SchemeDecision, SchemeNeedType,
	SchemeGuidelines, SchemeGrid, SchemeSMART, SchemeRegion, SchemeSector,
}

// CheckBase reports whether base can serve as ruche's base IRI: an absolute
// http or https IRI with a host, ending in "/", without query or fragment.
func CheckBase(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("base IRI %q: %w", base, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("base IRI %q: scheme must be http or https", base)
	case u.Host == "":
		return fmt.Errorf("base IRI %q: no host", base)
	case u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(base, "?#"):
		return fmt.Errorf("base IRI %q: must not have a query or a fragment", base)
	case !strings.HasSuffix(base, "/"):
		return fmt.Errorf("base IRI %q: must end with /", base)
	}
	return nil
}

// ChantierIRI returns base + "id/chantiers/" + slug.
func ChantierIRI(base, slug string) string { return base + PathChantiers + slug }

// OrganisationIRI returns base + "id/organisations/" + slug.
func OrganisationIRI(base, slug string) string { return base + PathOrganisations + slug }

// PersonIRI returns base + "id/personnes/" + id; id comes from NewOpaqueID.
func PersonIRI(base, id string) string { return base + PathPersonnes + id }

// ParticipationIRI returns base + "id/participations/" + id; id comes from
// NewOpaqueID.
func ParticipationIRI(base, id string) string { return base + PathParticipations + id }

// LegacyIRI returns base + "id/legs/" + slug (not nested under a chantier: a
// legacy may come from several).
func LegacyIRI(base, slug string) string { return base + PathLegs + slug }

// ObjectiveIRI returns the IRI of the n-th objective of a chantier.
func ObjectiveIRI(base, chantierSlug string, n int) string {
	return ChantierIRI(base, chantierSlug) + "/objectifs/" + strconv.Itoa(n)
}

// DeliverableIRI returns the IRI of the n-th deliverable of a chantier.
func DeliverableIRI(base, chantierSlug string, n int) string {
	return ChantierIRI(base, chantierSlug) + "/livrables/" + strconv.Itoa(n)
}

// SupportNeedIRI returns the IRI of the n-th support need of a chantier.
func SupportNeedIRI(base, chantierSlug string, n int) string {
	return ChantierIRI(base, chantierSlug) + "/besoins/" + strconv.Itoa(n)
}

// EvaluationIRI returns the IRI of the continuity evaluation of a chantier
// made on date (yyyy-mm-dd).
func EvaluationIRI(base, chantierSlug, date string) string {
	return ChantierIRI(base, chantierSlug) + "/evaluations/" + date
}

// AssessmentIRI returns the IRI of the assessment of criterion n within an
// evaluation: a fragment of the evaluation's document.
func AssessmentIRI(evaluationIRI string, n int) string {
	return evaluationIRI + "#critere-" + strconv.Itoa(n)
}

// EventIRI returns base + "id/evenements/" + slug (slug starts yyyy-mm-).
func EventIRI(base, slug string) string { return base + PathEvenements + slug }

// ChangeIRI returns base + "id/changements/" + slug (openings, closures).
func ChangeIRI(base, slug string) string { return base + PathChangements + slug }

// DocumentIRI returns base + "id/documents/" + slug.
func DocumentIRI(base, slug string) string { return base + PathDocuments + slug }

// SchemeIRI returns base + "concept/" + scheme.
func SchemeIRI(base, scheme string) string { return base + PathConcept + scheme }

// ConceptIRI returns base + "concept/" + scheme + "/" + code.
func ConceptIRI(base, scheme, code string) string { return SchemeIRI(base, scheme) + "/" + code }

// GraphIRI returns base + "graph/" + name.
func GraphIRI(base, name string) string { return base + PathGraph + name }

// ShapesIRI returns base + "shapes", the document holding the SHACL shapes;
// shapes are named base + "shapes#" + Name.
func ShapesIRI(base string) string { return base + PathShapes }

// MaxSlugLen bounds the length of a slug made by Slug and UniqueSlug.
const MaxSlugLen = 40

// fold maps the non-ASCII letters of French (and the neighbouring Latin
// letters) to ASCII. Anything else outside [a-z0-9] separates words.
var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
}

// Slug derives a readable path segment from a name: lowercase ASCII letters
// and digits, accents folded (é → e, œ → oe), every run of other characters
// (spaces, apostrophes ’ and ', parentheses, slashes, punctuation) turned
// into one hyphen, no hyphen at either end, at most MaxSlugLen bytes (cut at a
// hyphen when possible). It returns "" when the name has no letter or digit.
// A slug is minted once; never recompute it from a changed name.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		var s string
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			s = string(r)
		default:
			s = fold[r]
		}
		if s == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	return truncateSlug(b.String(), MaxSlugLen)
}

func truncateSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}

// FallbackSlug is what UniqueSlug starts from when a name yields no slug.
const FallbackSlug = "sans-titre"

// maxSlugTries bounds the search for a free numbered slug.
const maxSlugTries = 10000

// UniqueSlug returns Slug(name), or, if taken reports it as used, the first
// of slug-2, slug-3, … that is free (shortening the stem so the result stays
// within MaxSlugLen). After maxSlugTries numbered candidates it falls back to
// the stem followed by a random opaque id.
func UniqueSlug(name string, taken func(string) bool) string {
	stem := Slug(name)
	if stem == "" {
		stem = FallbackSlug
	}
	if !taken(stem) {
		return stem
	}
	for i := 2; i < maxSlugTries; i++ {
		suffix := "-" + strconv.Itoa(i)
		cand := truncateSlug(stem, MaxSlugLen-len(suffix)) + suffix
		if !taken(cand) {
			return cand
		}
	}
	for {
		id := NewOpaqueID()
		cand := truncateSlug(stem, MaxSlugLen-len(id)-1) + "-" + id
		if !taken(cand) {
			return cand
		}
	}
}

// opaqueAlphabet is Crockford's base-32 alphabet in lowercase (no i, l, o, u).
const opaqueAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// OpaqueIDLen is the length of the ids made by NewOpaqueID (50 random bits).
const OpaqueIDLen = 10

// NewOpaqueID returns a random, URL-safe identifier of OpaqueIDLen
// characters for persons and participations: never derived from names, never
// sequential (a gap would reveal who did not consent to publication). The
// first character is a letter. Callers check it for collision.
func NewOpaqueID() string {
	var raw [OpaqueIDLen]byte
	// crypto/rand.Read never returns an error (Go 1.24+); it aborts the
	// program if the system source fails.
	_, _ = rand.Read(raw[:])
	out := make([]byte, OpaqueIDLen)
	letters := opaqueAlphabet[10:]
	// The first character is a letter, drawn without modulo bias: bytes of
	// 242 and above (11 × 22) are redrawn.
	first := raw[0]
	for first >= 242 {
		var b [1]byte
		_, _ = rand.Read(b[:])
		first = b[0]
	}
	out[0] = letters[int(first)%len(letters)]
	for i := 1; i < OpaqueIDLen; i++ {
		out[i] = opaqueAlphabet[raw[i]&31]
	}
	return string(out)
}
