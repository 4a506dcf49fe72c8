package search

import (
	"slices"
	"strings"
	"unicode"
)

// stopWords are the French and English words a name match ignores (the
// elided l’ and d’ split off as l and d).
var stopWords = map[string]bool{
	"le": true, "la": true, "les": true, "l": true, "de": true, "des": true, "du": true, "d": true,
	"et": true, "a": true, "au": true, "aux": true, "en": true, "un": true, "une": true, "pour": true,
	"sur": true, "par": true, "the": true, "of": true, "and": true, "for": true, "in": true, "on": true,
}

// abbreviations are the usual short forms of French names.
var abbreviations = map[string]string{
	"qc": "quebec", "st": "saint", "ste": "sainte", "mtl": "montreal", "cie": "compagnie",
	"assoc": "association", "asso": "association", "dev": "developpement", "num": "numerique",
	"nat": "national", "natl": "national", "intl": "international", "reg": "regional",
	"coop": "cooperative", "soc": "societe", "ctr": "centre", "cult": "culturel",
}

// Words returns the folded, lower-cased words of s (letters and digits;
// apostrophes, hyphens and punctuation separate words).
func Words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(Fold(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func significant(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !stopWords[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return ws
	}
	return out
}

// NameScore is how well a query text names a resource named name, in
// [0, 1]: 1 when both have the same significant words in any order
// (accents, case, punctuation and stop words ignored); otherwise the best
// of a word alignment (one typo in a word of 4+ letters, two in 8+;
// abbreviations such as « assoc. », « qc » or any prefix of 3+ letters
// ending with a dot), an acronym of the name, and the trigram Jaccard
// similarity of the look-alike scoring.
func NameScore(query, name string) float64 {
	return NewNameQuery(query).Score(name)
}

// NameQuery is a query text prepared for scoring many names.
type NameQuery struct {
	text  string
	words []string        // significant words
	dots  map[string]bool // words written with a trailing dot
	tri   map[string]bool // trigrams of the text
}

// NewNameQuery prepares a query text for NameQuery.Score.
func NewNameQuery(query string) *NameQuery {
	return &NameQuery{text: query, words: significant(Words(query)), dots: dotted(query), tri: Trigrams(query)}
}

// Score is NameScore(q, name).
func (q *NameQuery) Score(name string) float64 {
	all := Words(name)
	qw, nw := q.words, significant(all)
	if len(qw) == 0 || len(nw) == 0 {
		return 0
	}
	if sameWords(qw, nw) {
		return 1
	}
	used := make([]bool, len(nw))
	sum := 0.0
	for _, a := range qw {
		best, at := 0.0, -1
		for j, b := range nw {
			if used[j] {
				continue
			}
			if s := wordSim(a, b, q.dots[a]); s > best {
				best, at = s, j
			}
		}
		if at >= 0 {
			used[at] = true
			sum += best
		}
	}
	score := 2 * sum / float64(len(qw)+len(nw))
	if len(qw) == 1 && len(qw[0]) >= 2 && len(qw[0]) <= 8 && len(nw) >= 2 {
		if qw[0] == initials(nw) || qw[0] == initials(all) {
			score = max(score, 0.9)
		}
	}
	if score < 0.99 {
		score = max(score, Jaccard(q.tri, Trigrams(name)))
	}
	return min(score, 0.99)
}

func sameWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// dotted lists the words of s written with a trailing dot (« assoc. »).
func dotted(s string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.Fields(s) {
		if strings.HasSuffix(f, ".") {
			ws := Words(f)
			if len(ws) > 0 {
				out[ws[len(ws)-1]] = true
			}
		}
	}
	return out
}

func initials(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w[:1])
	}
	return b.String()
}

// wordSim compares a query word with a name word.
func wordSim(a, b string, dot bool) float64 {
	switch {
	case a == b:
		return 1
	case abbreviations[a] == b:
		return 0.95
	case stem(a) == stem(b):
		return 0.95
	case len(a) >= 3 && strings.HasPrefix(b, a) && (dot || len(a) >= 5):
		return 0.85
	}
	d := editDistance(a, b, 2)
	switch {
	case d == 1 && len(a) >= 4 && len(b) >= 4:
		return 0.85
	case d == 2 && len(a) >= 8 && len(b) >= 8:
		return 0.7
	}
	return 0
}

// stem strips the plural and feminine endings of a folded word.
func stem(w string) string {
	for _, suf := range []string{"es", "s", "x", "e"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// editDistance is the optimal-string-alignment distance of a and b (a
// transposition counts as one edit), or limit+1 when it exceeds limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
