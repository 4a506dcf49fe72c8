package records

import (
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// TestEveryKindHasRules: every row of vocab.Kinds resolves to write rules
// (its own, a counted child's or the default), every entry of kindRules
// names a kind of the table, and a child kind is either counted (a
// ParentLink) or has rules of its own storing it.
func TestEveryKindHasRules(t *testing.T) {
	classes := map[string]bool{}
	for _, k := range vocab.Kinds {
		classes[k.Class] = true
		r := rulesOf(k)
		if r == nil || r.agentMay == nil {
			t.Errorf("%s: no rules", k.Name)
			continue
		}
		if k.Parent != "" && k.ParentLink == "" && r.store == nil {
			t.Errorf("%s: a child kind with neither a ParentLink nor rules storing it", k.Name)
		}
		if k.Parent != "" && vocab.KindOf("", k.Parent) == nil {
			t.Errorf("%s: parent %q is not a top kind", k.Name, k.Parent)
		}
	}
	for class := range kindRules {
		if !classes[class] {
			t.Errorf("kindRules names %s, which is no kind of vocab.Kinds", class)
		}
	}
}

// TestVersionDependents: the predicates a chantier's versions follow derive
// from the table (the children's parent links) and the rules (a legacy's
// link), and are those the event stream always summarised.
func TestVersionDependents(t *testing.T) {
	got := versionDependents()
	want := []string{vocab.RadnObjectiveProp, vocab.RadnDeliverableProp, vocab.RadnHasLegacy, vocab.RadnSupportNeedProp}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("versionDependents = %v, want %v", got, want)
	}
	// A counted child added to the table is followed with no other edit.
	row := &vocab.Kind{Name: "essai", Class: "http://ruche.test/vocab#Essai", Segment: "essais", Parent: "chantiers",
		Mint: vocab.MintCounter, ParentLink: "http://ruche.test/vocab#essai"}
	saved := vocab.Kinds
	vocab.Kinds = append(slices.Clone(saved), row)
	t.Cleanup(func() { vocab.Kinds = saved })
	if !slices.Contains(versionDependents(), row.ParentLink) {
		t.Errorf("a new counted child's link is not followed: %v", versionDependents())
	}
	if rulesOf(row).prepare == nil {
		t.Errorf("a new counted child gets no parent link rule")
	}
}

// TestPrivateKinds: the IRIs of the private kinds (persons, memberships)
// are never carried by versions; others are.
func TestPrivateKinds(t *testing.T) {
	wr := &Writer{Base: "http://ruche.test/"}
	for iri, want := range map[string]bool{
		"http://ruche.test/id/personnes/abc":      true,
		"http://ruche.test/id/participations/abc": true,
		"http://ruche.test/id/chantiers/abc":      false,
		"http://ruche.test/id/organisations/abc":  false,
	} {
		if got := wr.privateKind(rdf.IRI(iri)); got != want {
			t.Errorf("privateKind(%s) = %v, want %v", iri, got, want)
		}
	}
}
