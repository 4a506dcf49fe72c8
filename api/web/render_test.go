package web

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/web/svg"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func newRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// renderings are the golden cases: name → rendering with the fixtures.
func renderings(r *Renderer) []struct {
	name   string
	render func(*bytes.Buffer) error
} {
	return []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"home", func(b *bytes.Buffer) error { return r.Home(b, homeView()) }},
		{"chantier", func(b *bytes.Buffer) error { return r.Chantier(b, chantierView("fr")) }},
		{"chantier-en", func(b *bytes.Buffer) error { return r.Chantier(b, chantierView("en")) }},
		{"chantier-minimal", func(b *bytes.Buffer) error {
			return r.Chantier(b, ChantierView{Page: Page{Title: "Codéveloppement"}, IRI: "https://w3id.org/radn/id/chantiers/codeveloppement", Name: "Codéveloppement", ParticipantCount: -1})
		}},
		{"resource", func(b *bytes.Buffer) error { return r.Resource(b, resourceView()) }},
		{"collection", func(b *bytes.Buffer) error { return r.Collection(b, collectionView()) }},
		{"sparql", func(b *bytes.Buffer) error { return r.SPARQL(b, sparqlView()) }},
		{"sparql-empty", func(b *bytes.Buffer) error { return r.SPARQL(b, SPARQLView{Page: Page{Lang: "en", Nav: "sparql"}}) }},
		{"error", func(b *bytes.Buffer) error { return r.Error(b, errorView()) }},
		{"embed", func(b *bytes.Buffer) error { return r.Embed(b, cardView()) }},
	}
}

func TestGolden(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range renderings(r) {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := tc.render(&got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".html")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from the rendering (check, then run with -update):\n%s", path, got.Bytes())
			}
		})
	}
}

// staticRef matches references to /static/ assets in rendered pages.
var staticRef = regexp.MustCompile(`(?:href|src)="/static/([^"?#]+)"`)

func TestAssetsExist(t *testing.T) {
	r := newRenderer(t)
	seen := map[string]bool{}
	for _, tc := range renderings(r) {
		var b bytes.Buffer
		if err := tc.render(&b); err != nil {
			t.Fatal(err)
		}
		for _, m := range staticRef.FindAllStringSubmatch(b.String(), -1) {
			seen[m[1]] = true
		}
	}
	for _, must := range []string{"style.css", "sparql.js", "vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css"} {
		if !seen[must] {
			t.Errorf("no page references %s", must)
		}
	}
	for _, extra := range []string{"widget.js", "vendor/yasgui/LICENSE", "vendor/README.md"} {
		seen[extra] = true
	}
	for name := range seen {
		t.Run(name, func(t *testing.T) {
			info, err := fs.Stat(Static(), name)
			if err != nil {
				t.Fatalf("referenced asset missing from Static(): %v", err)
			}
			if info.Size() == 0 {
				t.Errorf("asset %s is empty", name)
			}
		})
	}
}

// keyRef matches T "key" calls in templates.
var keyRef = regexp.MustCompile(`T "([a-z0-9.]+)"`)

func TestMessages(t *testing.T) {
	entries, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil || len(entries) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	keys := map[string]bool{}
	for _, e := range entries {
		b, err := fs.ReadFile(templateFiles, e)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRef.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for _, n := range DefaultNav {
		keys["nav."+n.Key] = true
	}
	for _, l := range Languages {
		keys["lang."+l] = true
	}
	for _, k := range []string{"chart.kinds", "chart.lineage", "chart.participants", "error.heading"} {
		keys[k] = true
	}
	for k := range keys {
		t.Run(k, func(t *testing.T) {
			m, ok := messages[k]
			if !ok {
				t.Fatalf("message %q used but not in the catalogue", k)
			}
			if m[0] == "" || m[1] == "" {
				t.Errorf("message %q lacks a language: %q", k, m)
			}
		})
	}
	if got := T("en", "nav.donnees"); got != "Data" {
		t.Errorf(`T("en", "nav.donnees") = %q`, got)
	}
	if got := T("de", "nav.donnees"); got != "Données" {
		t.Errorf(`T("de", "nav.donnees") = %q, want French fallback`, got)
	}
	if got := T("fr", "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key gives %q", got)
	}
}

func TestInvalidJSONLD(t *testing.T) {
	r := newRenderer(t)
	tests := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"page", func(b *bytes.Buffer) error {
			v := homeView()
			v.JSONLD = []byte(`{"name": </script>`)
			return r.Home(b, v)
		}},
		{"card", func(b *bytes.Buffer) error {
			v := cardView()
			v.JSONLD = []byte(`nope`)
			return r.Embed(b, v)
		}},
		{"snippet", func(b *bytes.Buffer) error {
			v := chantierView("fr")
			v.Embed.SnippetJSONLD = []byte(`{`)
			return r.Chantier(b, v)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := tt.render(&b)
			if !errors.Is(err, ErrInvalidJSON) {
				t.Fatalf("err = %v, want ErrInvalidJSON", err)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", b.Len())
			}
		})
	}
}

func TestUnsafeURLsFiltered(t *testing.T) {
	r := newRenderer(t)
	v := chantierView("fr")
	v.Kinds = []Link{{Href: "javascript:alert(1)", Label: "k"}}
	v.Source = Link{Href: "data:text/html,<b>x</b>", Label: "s"}
	var b bytes.Buffer
	if err := r.Chantier(&b, v); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, bad := range []string{"javascript:alert", "data:text/html"} {
		if strings.Contains(s, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(s, "#ZgotmplZ") {
		t.Error("html/template did not replace the unsafe URLs")
	}
}

func TestNewStaticPrefix(t *testing.T) {
	r, err := New(Options{StaticPrefix: "/assets"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Error(&b, errorView()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `href="/assets/style.css"`) {
		t.Errorf("static prefix not applied:\n%s", b.String())
	}
}

func BenchmarkChantier(b *testing.B) {
	r := newRenderer(b)
	v := chantierView("fr")
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.Chantier(&buf, v); err != nil {
			b.Fatal(err)
		}
	}
}

func TestEmbedIframe(t *testing.T) {
	got := EmbedIframe(`https://h/embed/chantiers/x?lang=fr&a="b"`, `<b>"x"</b>`, 0, 200)
	want := `<iframe src="https://h/embed/chantiers/x?lang=fr&amp;a=&#34;b&#34;" width="480" height="200" title="&lt;b&gt;&#34;x&#34;&lt;/b&gt;" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-popups allow-popups-to-escape-sandbox" style="border:0"></iframe>`
	if got != want {
		t.Errorf("EmbedIframe =\n%s\nwant\n%s", got, want)
	}
}

func TestHomeLineageDrawsLinkedNodesOnly(t *testing.T) {
	r := newRenderer(t)
	v := homeView()
	v.Lineage.Nodes = append(v.Lineage.Nodes, svg.Node{ID: "z", Label: "Chantier isolé"})
	var b bytes.Buffer
	if err := r.Home(&b, v); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Chantier isolé") {
		t.Error("a chantier without lineage is drawn")
	}
	v.Lineage.Edges = nil
	b.Reset()
	if err := r.Home(&b, v); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "ruche-lineage") {
		t.Error("lineage chart drawn without edges")
	}
}
