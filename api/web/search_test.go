package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

func TestSearchPage(t *testing.T) {
	r := newRenderer(t)
	for _, c := range []struct {
		v         SearchView
		want, not []string
	}{
		{SearchView{Page: Page{Lang: "fr"}, Action: "/recherche", Query: `<b>culture</b>`, Total: 1, PageNumber: 1, LastPage: 1, StartAt: 1,
			Results: []SearchResult{{Href: "/id/chantiers/x", Label: "X", Name: template.HTML("<mark>Culture</mark> &amp; co"), Kind: "Chantier",
				Snippets: []template.HTML{"les <mark>cultures</mark>"}}}},
			[]string{`value="&lt;b&gt;culture&lt;/b&gt;"`, "« &lt;b&gt;culture&lt;/b&gt; »", `<a href="/id/chantiers/x"><mark>Culture</mark> &amp; co</a>`, `<p class="snippet">les <mark>cultures</mark></p>`},
			[]string{"<b>culture</b>"}},
		{SearchView{Page: Page{Lang: "en"}, Action: "/en/search", Query: "zzz", Suggestions: []Link{{Href: "/en/id/x", Label: "Zaza"}}},
			[]string{"No result for « zzz »", `Did you mean: <a href="/en/id/x">Zaza</a> ?`, `action="/en/search"`}, nil},
		{SearchView{Page: Page{Lang: "fr"}, Action: "/recherche"},
			[]string{"Cherchez dans les noms"}, []string{"Aucun résultat"}},
	} {
		var b bytes.Buffer
		if err := r.Search(&b, c.v); err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("lacks %q:\n%s", w, b.String())
			}
		}
		for _, w := range c.not {
			if strings.Contains(b.String(), w) {
				t.Errorf("has %q", w)
			}
		}
	}
}
