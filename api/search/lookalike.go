package search

import (
	"strings"

	"github.com/ruche-lod/ruche/vocab"
)

// Trigrams returns the character trigrams of the folded words of s (each
// word padded with a space on both sides). It is the look-alike scoring of
// the write API's duplicate detection (POST …?dry-run=1), shared here with
// search suggestions and reconciliation.
func Trigrams(s string) map[string]bool {
	out := map[string]bool{}
	for _, word := range strings.Split(vocab.Slug(s), "-") {
		if word == "" {
			continue
		}
		w := " " + word + " "
		for i := 0; i+3 <= len(w); i++ {
			out[w[i:i+3]] = true
		}
	}
	return out
}

// Jaccard is the Jaccard similarity of two sets: 0 when either is empty.
func Jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
