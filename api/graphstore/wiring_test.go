package graphstore

import (
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store/rdf"
)

// TestChangedResources: the search index refreshes the public data
// graph's changed resources, a chantier's part with its chantier, and
// nothing of the graphs of one's own.
func TestChangedResources(t *testing.T) {
	const base = "http://ruche.test/"
	pub, own := rdf.IRI(base+"graph/public-cc0"), rdf.IRI("http://example.org/g")
	for _, tc := range []struct {
		name string
		res  *update.Result
		want []string
	}{
		{"nil", nil, nil},
		{"own graph only", &update.Result{Subjects: map[rdf.Term]map[rdf.Term]bool{own: {rdf.IRI("http://example.org/s"): true}}}, nil},
		{"chantier", &update.Result{Subjects: map[rdf.Term]map[rdf.Term]bool{pub: {rdf.IRI(base + "id/chantiers/x"): true}}},
			[]string{base + "id/chantiers/x", base + "id/chantiers/x"}},
		{"part", &update.Result{Subjects: map[rdf.Term]map[rdf.Term]bool{pub: {rdf.IRI(base + "id/chantiers/x/objectifs/1"): true}, own: {rdf.IRI("http://example.org/s"): true}}},
			[]string{base + "id/chantiers/x", base + "id/chantiers/x/objectifs/1"}},
	} {
		got := ChangedResources(base, tc.res)
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
