package vocab

import (
	"os"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

const testBase = "https://example.org/ruche/"

// index is a test view of quads: subject → predicate → objects (union of
// graphs).
type index map[rdf.Term]map[string][]rdf.Term

func indexOf(qs []rdf.Quad) index {
	ix := index{}
	for _, q := range qs {
		if ix[q.S] == nil {
			ix[q.S] = map[string][]rdf.Term{}
		}
		if !slices.Contains(ix[q.S][q.P.Value], q.O) {
			ix[q.S][q.P.Value] = append(ix[q.S][q.P.Value], q.O)
		}
	}
	return ix
}

func (ix index) has(s rdf.Term, p string, o rdf.Term) bool {
	return slices.Contains(ix[s][p], o)
}

// langValue returns the value of s p in language lang ("" if none).
func (ix index) langValue(s rdf.Term, p, lang string) string {
	for _, o := range ix[s][p] {
		if o.Lang == lang {
			return o.Value
		}
	}
	return ""
}

func mustVocabulary(t testing.TB) []rdf.Quad {
	t.Helper()
	qs, err := Vocabulary()
	if err != nil {
		t.Fatalf("Vocabulary: %v", err)
	}
	return qs
}

func mustSeed(t testing.TB, base string) []rdf.Quad {
	t.Helper()
	qs, err := Seed(base)
	if err != nil {
		t.Fatalf("Seed(%q): %v", base, err)
	}
	return qs
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
