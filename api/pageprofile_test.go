package api

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestPageDate(t *testing.T) {
	tests := []struct {
		name  string
		term  rdf.Term
		event bool
		want  string
	}{
		{"date stays a date", rdf.Literal("2019-05-15", rdf.XSDDate), true, "2019-05-15"},
		{"date-time gets Toronto's summer offset", rdf.Literal("2019-05-15T09:30:00", rdf.XSDDateTime), true, "2019-05-15T09:30:00-04:00"},
		{"date-time gets Toronto's winter offset", rdf.Literal("2019-01-15T09:30:00", rdf.XSDDateTime), true, "2019-01-15T09:30:00-05:00"},
		{"offset kept", rdf.Literal("2019-05-15T09:30:00Z", rdf.XSDDateTime), true, "2019-05-15T09:30:00Z"},
		{"not an event", rdf.Literal("2019-05-15T09:30:00", rdf.XSDDateTime), false, "2019-05-15T09:30:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pageDate(tt.term, tt.event); got != tt.want {
				t.Errorf("pageDate(%v) = %s, want %s", tt.term, got, tt.want)
			}
		})
	}
}

var pageJSONLDScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestEventPageProfile: the page JSON-LD of the seeded two-day meeting keeps
// its dates and has the location Google requires.
func TestEventPageProfile(t *testing.T) {
	srv, _ := newTestServer(t)
	r := get(t, srv, "/id/evenements/2019-05-rencontre-adn-2", "text/html")
	if r.code != 200 {
		t.Fatalf("status %d", r.code)
	}
	m := pageJSONLDScript.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no JSON-LD script in the page")
	}
	var doc map[string]any
	if err := json.Unmarshal(m[1], &doc); err != nil {
		t.Fatalf("%v: %s", err, m[1])
	}
	if doc["startDate"] != "2019-05-14" || doc["endDate"] != "2019-05-16" {
		t.Errorf("dates %v – %v, want 2019-05-14 – 2019-05-16", doc["startDate"], doc["endDate"])
	}
	loc, _ := doc["location"].(map[string]any)
	if loc == nil || loc["@type"] != "VirtualLocation" || loc["url"] == nil {
		t.Errorf("location %v, want a VirtualLocation with a url", doc["location"])
	}
}
