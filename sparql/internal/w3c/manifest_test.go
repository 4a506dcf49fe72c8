package w3c

import (
	"errors"
	"os"
	"testing"
)

func loadOrSkip(t *testing.T, rel string) *Suite {
	t.Helper()
	s, err := Load(rel)
	if errors.Is(err, ErrNoSuite) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The counts are those of shared/w3c/README.md ("Test counts").
func TestLoadCounts(t *testing.T) {
	tests := []struct {
		manifest string
		total    int
		byType   map[string]int
	}{
		{"sparql/sparql10/manifest-syntax.ttl", 199, map[string]int{PositiveSyntaxTest: 149, NegativeSyntaxTest: 50}},
		{"sparql/sparql10/extended-manifest-evaluation.ttl", 1, map[string]int{QueryEvaluationTest: 1}},
		// The manifest node of this one is [] rather than <>.
		{"sparql/sparql10/construct/manifest.ttl", 5, map[string]int{QueryEvaluationTest: 5}},
		{"sparql/sparql11/manifest-sparql11-query.ttl", 328, map[string]int{PositiveSyntaxTest11: 63, NegativeSyntaxTest11: 40}},
		{"sparql/sparql11/syntax-update-1/manifest.ttl", 54, map[string]int{PositiveUpdateSyntaxTest11: 41, NegativeUpdateSyntaxTest11: 13}},
	}
	for _, tc := range tests {
		t.Run(tc.manifest, func(t *testing.T) {
			s := loadOrSkip(t, tc.manifest)
			if len(s.Tests) != tc.total {
				t.Errorf("%d tests, want %d", len(s.Tests), tc.total)
			}
			got := map[string]int{}
			for _, x := range s.Tests {
				got[x.Type]++
			}
			for ty, n := range tc.byType {
				if got[ty] != n {
					t.Errorf("%s: %d tests, want %d", ty, got[ty], n)
				}
			}
		})
	}
}

func TestEntryFields(t *testing.T) {
	s := loadOrSkip(t, "sparql/sparql11/aggregates/manifest.ttl")
	byName := map[string]*Test{}
	for _, x := range s.Tests {
		byName[x.IRI] = x
	}
	const ns = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#"
	agg01 := byName[ns+"agg01"]
	if agg01 == nil {
		t.Fatal("agg01 missing")
	}
	if agg01.Type != QueryEvaluationTest || agg01.Name == "" || agg01.Approval != DAWGT+"Approved" {
		t.Errorf("agg01 = %+v", agg01)
	}
	if agg01.Query != BaseURL+"sparql/sparql11/aggregates/agg01.rq" || len(agg01.Data) != 1 ||
		agg01.Result != BaseURL+"sparql/sparql11/aggregates/agg01.srx" {
		t.Errorf("agg01 files = %q %q %q", agg01.Query, agg01.Data, agg01.Result)
	}
	for _, f := range append([]string{agg01.Query, agg01.Result}, agg01.Data...) {
		p, err := Local(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("file of %s: %v", f, err)
		}
	}
	agg08 := byName[ns+"agg08"]
	if agg08 == nil || !agg08.IsNegativeSyntax() || agg08.IsUpdate() {
		t.Errorf("agg08 = %+v", agg08)
	}
}

func TestGraphDataAndUpdate(t *testing.T) {
	s := loadOrSkip(t, "sparql/sparql10/graph/manifest.ttl")
	n := 0
	for _, x := range s.Tests {
		n += len(x.GraphData)
	}
	if n == 0 {
		t.Error("no qt:graphData read in sparql10/graph")
	}
	u := loadOrSkip(t, "sparql/sparql11/add/manifest.ttl")
	for _, x := range u.Tests {
		if !x.IsUpdate() || x.Query == "" {
			t.Errorf("%s: not read as an update test: %+v", x.IRI, x)
		}
	}
}

func TestLocal(t *testing.T) {
	if _, err := Dir(); err != nil {
		t.Skip(err)
	}
	if _, err := Local("http://example.org/x"); err == nil {
		t.Error("Local accepted an IRI outside BaseURL")
	}
}

func TestDenominator(t *testing.T) {
	suites, err := Denominator()
	if errors.Is(err, ErrNoSuite) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, s := range suites {
		total += len(s.Tests)
	}
	// sparql10 evaluation 283 (README's 284 counts a commented-out entry
	// of optional-filter), extended 1, syntax 199, 1.1 query 328, results 10.
	if want := 283 + 1 + 199 + 328 + 10; total != want {
		t.Errorf("%d tests in the denominator, want %d", total, want)
	}
}
