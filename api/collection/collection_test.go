package collection

import (
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/vocab"
)

func TestQueryString(t *testing.T) {
	q := Query{Filters: map[string]string{"theme": "T", "status": "S"}, Page: 2, Size: DefaultSize}
	tests := []struct {
		q        Query
		page     int
		withPage bool
		want     string
	}{
		{q, 0, false, "?status=S&theme=T"},
		{q, 3, true, "?page=3&status=S&theme=T"},
		{Query{Size: 5}, 1, true, "?page=1&size=5"},
		{Query{Size: DefaultSize}, 0, false, ""},
	}
	for _, tt := range tests {
		if got := tt.q.String(tt.page, tt.withPage); got != tt.want {
			t.Errorf("String(%d, %v) = %q, want %q", tt.page, tt.withPage, got, tt.want)
		}
	}
}

func TestLinks(t *testing.T) {
	tests := []struct {
		page, size, total int
		want              []string
	}{
		{1, 20, 0, []string{`</c?page=1>; rel="first"`, `</c?page=1>; rel="last"`}},
		{2, 10, 25, []string{`</c?page=1&size=10>; rel="first"`, `</c?page=1&size=10>; rel="prev"`, `</c?page=3&size=10>; rel="next"`, `</c?page=3&size=10>; rel="last"`}},
	}
	for _, tt := range tests {
		got := Links("/c", Query{Page: tt.page, Size: tt.size}, tt.total)
		if !slices.Equal(got, tt.want) {
			t.Errorf("page %d size %d total %d: %q, want %q", tt.page, tt.size, tt.total, got, tt.want)
		}
	}
}

func TestSearchTemplate(t *testing.T) {
	tmpl, maps := SearchTemplate("http://x/chantiers")
	if tmpl != "http://x/chantiers{?status,kind,theme,page,size}" {
		t.Errorf("template %q", tmpl)
	}
	if len(maps) != 5 || maps[0] != (Mapping{"status", vocab.RadnStatus}) || maps[4].Variable != "size" {
		t.Errorf("mappings %v", maps)
	}
}

// TestKindFilters: every filter a kind's list shows is a filter parameter.
func TestKindFilters(t *testing.T) {
	for _, k := range vocab.Kinds {
		for _, f := range k.Filters {
			if _, ok := FilterNamed(f); !ok {
				t.Errorf("%s: filter %q is not a parameter", k.Segment, f)
			}
		}
	}
}

func TestOrder(t *testing.T) {
	iris := []string{"c", "b", "a", "d"}
	labels := []string{"Élan", "école", "Zèbre", "ecole"}
	got := Order(iris, labels)
	if want := []string{"d", "b", "c", "a"}; !slices.Equal(got, want) {
		t.Errorf("Order = %q, want %q", got, want)
	}
}
