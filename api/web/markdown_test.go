package web

import (
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		src, want, not string
	}{
		{"# Titre", "<h1>Titre</h1>", ""},
		{"Un <script>x</script> texte", "&lt;script&gt;", "<script>"},
		{"Du `code <b>` ici", "<code>code &lt;b&gt;</code>", "<b>"},
		{"[lien](/guides/writing)", `<a href="/guides/writing">lien</a>`, ""},
		{"[piège](javascript:alert(1))", "piège", "javascript:"},
		{"- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>", ""},
		{"```sh\necho \"<x>\"\n```", `<pre><code class="language-sh">echo &#34;&lt;x&gt;&#34;</code></pre>`, ""},
		{"**gras**", "<strong>gras</strong>", ""},
	}
	for _, tt := range tests {
		got := string(Markdown(tt.src))
		if !strings.Contains(got, tt.want) || (tt.not != "" && strings.Contains(got, tt.not)) {
			t.Errorf("Markdown(%q) = %q, want %q without %q", tt.src, got, tt.want, tt.not)
		}
	}
}
