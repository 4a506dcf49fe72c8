package rdfio

import (
	"slices"
	"testing"
)

func TestFormatMediaTypesAndNames(t *testing.T) {
	tests := []struct {
		f            Format
		media, names []string
	}{
		{Turtle, []string{"text/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"}, []string{"turtle", "ttl", "n3"}},
		{NTriples, []string{"application/n-triples", "text/plain"}, []string{"ntriples", "nt", "n-triples"}},
		{JSONLD, []string{"application/ld+json", "application/json"}, []string{"jsonld", "json-ld"}},
		{RDFXML, []string{"application/rdf+xml"}, []string{"rdfxml", "xml", "rdf"}},
		{FormatUnknown, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.f.String(), func(t *testing.T) {
			if got := tt.f.MediaTypes(); !slices.Equal(got, tt.media) {
				t.Errorf("MediaTypes() = %v, want %v", got, tt.media)
			}
			if got := tt.f.Names(); !slices.Equal(got, tt.names) {
				t.Errorf("Names() = %v, want %v", got, tt.names)
			}
			for _, n := range append(tt.names, tt.media...) {
				if f, err := ParseFormat(n); err != nil || f != tt.f {
					t.Errorf("ParseFormat(%q) = %v, %v", n, f, err)
				}
			}
		})
	}
	for _, f := range AllFormats {
		if !f.Writable() {
			t.Errorf("%s is not writable", f)
		}
	}
}
