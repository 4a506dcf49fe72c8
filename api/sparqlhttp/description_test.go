package sparqlhttp

import (
	"testing"
	"time"

	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// TestDescriptionLimits: the service description publishes the door's
// limits as schema:PropertyValue nodes with their configured values.
func TestDescriptionLimits(t *testing.T) {
	d := &Door{
		Base: "http://example.org/", Timeout: 30 * time.Second,
		Limits: sparql.Limits{MaxResults: 1000, MaxMemoryRows: 5000},
		Budget: NewBudget(90*time.Second, time.Minute), Slots: NewSlots(4, 2, time.Second),
	}
	values := map[string]string{}
	quads := d.Description()
	for _, q := range quads {
		if q.P.Value == vocab.SchemaNS+"value" {
			values[q.S.Value] = q.O.Value
		}
	}
	for id, want := range map[string]string{
		"query-timeout": "30", "max-result-rows": "1000", "max-memory-rows": "5000",
		"client-time-budget": "90", "concurrent-queries": "4",
	} {
		if got := values["http://example.org/sparql#limit-"+id]; got != want {
			t.Errorf("limit %s: %q, want %q", id, got, want)
		}
	}
	endpoint := false
	for _, q := range quads {
		if q.P.Value == vocab.SDNS+"endpoint" && q.O == rdf.IRI("http://example.org/sparql") {
			endpoint = true
		}
	}
	if !endpoint {
		t.Error("no sd:endpoint")
	}
}
