package results

import (
	"slices"
	"testing"
)

func TestFormatMediaTypesAndNames(t *testing.T) {
	tests := []struct {
		f            Format
		media, names []string
	}{
		{JSON, []string{"application/sparql-results+json", "application/json"}, []string{"json", "srj"}},
		{XML, []string{"application/sparql-results+xml", "application/xml", "text/xml"}, []string{"xml", "srx"}},
		{CSV, []string{"text/csv"}, []string{"csv"}},
		{TSV, []string{"text/tab-separated-values"}, []string{"tsv"}},
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
}
