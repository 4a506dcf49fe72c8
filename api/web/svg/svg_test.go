package svg

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// charts are the golden cases: name → rendering function.
var charts = []struct {
	name   string
	render func() []byte
}{
	{"participants", func() []byte {
		return ParticipantsOverTime([]Point{
			{day("2019-05-14"), 4}, {day("2019-09-01"), 6}, {day("2020-04-01"), 5},
			{day("2021-01-15"), 8}, {day("2022-06-30"), 3},
		}, Options{Title: "Participant·e·s de Culture des données", ID: "p1"})
	}},
	{"participants-months-en", func() []byte {
		return ParticipantsOverTime([]Point{
			{day("2020-03-01"), 2}, {day("2020-01-10"), 1}, {day("2020-07-20"), 3},
		}, Options{Title: "Participants", Lang: "en", Width: 400, Height: 200})
	}},
	{"participants-empty", func() []byte {
		return ParticipantsOverTime(nil, Options{Title: "Aucune donnée"})
	}},
	{"bars", func() []byte {
		return ChantiersByKindAndStatus([]KindStatusCount{
			{"expertise", "actif", 4}, {"collaboration", "actif", 3}, {"expertise", "fermé", 1},
			{"mutualisation", "actif", 2}, {"collaboration", "", 1}, {"expertise", "actif", 1},
		}, Options{Title: "Chantiers par type et statut", ID: "kinds"})
	}},
	{"lineage", func() []byte {
		return Lineage([]Node{
			{ID: "a", Label: "Stratégie marketing d’engagement", Href: "/chantiers/strategie-marketing-engagement"},
			{ID: "b", Label: "Engagement des publics minoritaires", Href: "/chantiers/engagement-des-publics-minoritaires"},
			{ID: "c", Label: "Culture des données", Href: "javascript:alert(1)"},
			{ID: "d", Label: "Suite", Href: "https://example.org/d"},
		}, []Edge{{"a", "b"}, {"b", "d"}, {"a", "d"}, {"x", "a"}, {"c", "c"}}, Options{Title: "Filiation des chantiers", ID: "lin"})
	}},
	{"lineage-cycle", func() []byte {
		return Lineage([]Node{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}}, []Edge{{"a", "b"}, {"b", "a"}},
			Options{Title: "Cycle", Lang: "en"})
	}},
}

func TestGolden(t *testing.T) {
	for _, tc := range charts {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.render()
			if !bytes.Equal(got, tc.render()) {
				t.Fatal("two renderings differ")
			}
			wellFormed(t, got)
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the rendering (run with -update after checking):\n%s", path, got)
			}
		})
	}
}

// wellFormed fails unless b parses as XML to the end.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script> & co`
	outs := map[string][]byte{
		"participants": ParticipantsOverTime([]Point{{day("2020-01-01"), 1}}, Options{Title: evil, Desc: evil, ID: `"><script>`}),
		"bars":         ChantiersByKindAndStatus([]KindStatusCount{{evil, evil, 2}}, Options{Title: evil}),
		"lineage": Lineage([]Node{{ID: "1", Label: evil, Href: `/x"onload="alert(1)`}, {ID: "2", Label: "b"}},
			[]Edge{{"1", "2"}}, Options{Title: evil}),
	}
	for name, out := range outs {
		t.Run(name, func(t *testing.T) {
			wellFormed(t, out)
			s := string(out)
			if strings.Contains(s, "<script") {
				t.Errorf("unescaped <script in output:\n%s", s)
			}
			if !strings.Contains(s, "&lt;script&gt;") {
				t.Errorf("escaped label missing:\n%s", s)
			}
			if strings.Contains(s, " & ") {
				t.Errorf("unescaped & in output")
			}
			if strings.Contains(s, `"onload`) {
				t.Errorf("attribute injection:\n%s", s)
			}
		})
	}
}

func TestSafeHref(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/chantiers/a", "/chantiers/a"},
		{"https://example.org/x", "https://example.org/x"},
		{"HTTP://example.org/x", "HTTP://example.org/x"},
		{"javascript:alert(1)", ""},
		{" JavaScript:alert(1)", ""},
		{"data:text/html,x", ""},
		{"//evil.example/x", ""},
		{"", ""},
		{"%zz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := safeHref(tt.in); got != tt.want {
				t.Errorf("safeHref(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNiceStep(t *testing.T) {
	tests := []struct{ max, n, want int }{
		{1, 5, 1}, {4, 5, 1}, {5, 5, 2}, {9, 5, 2}, {10, 5, 5}, {24, 5, 5}, {25, 5, 10}, {1000, 5, 500},
	}
	for _, tt := range tests {
		got := niceStep(tt.max, tt.n)
		if got != tt.want {
			t.Errorf("niceStep(%d, %d) = %d, want %d", tt.max, tt.n, got, tt.want)
		}
		if tt.max/got >= tt.n && got <= tt.max {
			t.Errorf("niceStep(%d, %d) = %d gives too many steps", tt.max, tt.n, got)
		}
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	huge := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	tiny := time.Time{}
	ParticipantsOverTime([]Point{{tiny, -5}, {huge, 1 << 40}}, Options{Width: -1, Height: 1})
	ParticipantsOverTime([]Point{{huge, 1}, {huge, 2}}, Options{})
	ChantiersByKindAndStatus([]KindStatusCount{{"", "", 0}, {"k", "s", -1}}, Options{Width: 1})
	Lineage(nil, []Edge{{"a", "b"}}, Options{})
}

func BenchmarkParticipantsOverTime(b *testing.B) {
	pts := make([]Point, 200)
	for i := range pts {
		pts[i] = Point{day("2019-01-01").AddDate(0, 0, 7*i), i % 17}
	}
	for b.Loop() {
		ParticipantsOverTime(pts, Options{Title: "bench"})
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"Culture des données", 28, []string{"Culture des données"}},
		{"Stratégie marketing d’engagement", 28, []string{"Stratégie marketing", "d’engagement"}},
		{"Autoroute / Liaison (Transformation numérique)", 20, []string{"Autoroute / Liaison", "(Transformation num…"}},
		{"", 28, []string{""}},
		{"Anticonstitutionnellement-et-davantage", 20, []string{"Anticonstitutionnel…"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := wrap(tt.in, tt.width, 2)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}
