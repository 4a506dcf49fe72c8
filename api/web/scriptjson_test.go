package web

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// evilNames are values that try to leave a <script> element or confuse
// the HTML parser's script states.
var evilNames = []string{
	`</script><script>alert(1)</script>`,
	`</SCRIPT ><script>alert(1)</script>`,
	`<!-- <script>`,
	`a & b > c < d`,
	"line\u2028separator\u2029paragraph",
	`"quotes" and \backslash\`,
	`&lt;/script&gt; stays literal`,
}

// scriptBody returns the content of the only <script type=…> element of
// html that starts with open, failing when there is not exactly one.
func scriptBody(t *testing.T, html, open string) string {
	t.Helper()
	if n := strings.Count(html, open); n != 1 {
		t.Fatalf("%d elements %s, want 1:\n%s", n, open, html)
	}
	rest := html[strings.Index(html, open)+len(open):]
	end := strings.Index(strings.ToLower(rest), "</script")
	if end < 0 {
		t.Fatalf("script element not closed:\n%s", html)
	}
	return rest[:end]
}

func TestScriptJSON(t *testing.T) {
	for _, name := range evilNames {
		t.Run(name, func(t *testing.T) {
			in := map[string]any{"@context": "https://schema.org", "name": name}
			b, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			// Also with Go's own HTML escaping turned off, as another
			// serialiser might produce it.
			var raw bytes.Buffer
			enc := json.NewEncoder(&raw)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(in); err != nil {
				t.Fatal(err)
			}
			for _, src := range [][]byte{b, raw.Bytes()} {
				out := string(ScriptJSON(src))
				body := scriptBody(t, out, `<script type="application/ld+json">`)
				for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029"} {
					if strings.Contains(body, bad) {
						t.Errorf("script body contains %q: %s", bad, body)
					}
				}
				if !strings.HasSuffix(out, "</script>") || strings.Count(strings.ToLower(out), "</script") != 1 {
					t.Errorf("data ended the element early: %s", out)
				}
				var back map[string]any
				if err := json.Unmarshal([]byte(body), &back); err != nil {
					t.Fatalf("script body is not JSON: %v\n%s", err, body)
				}
				if back["name"] != name {
					t.Errorf("round trip: got %q, want %q", back["name"], name)
				}
			}
		})
	}
}

func TestScriptJSONNotJSON(t *testing.T) {
	// Even bytes that are not JSON cannot break out.
	out := string(ScriptJSON([]byte("</script><script>alert(1)</script>\xff")))
	if strings.Count(strings.ToLower(out), "<script") != 1 || strings.Count(strings.ToLower(out), "</script") != 1 {
		t.Errorf("escape failed: %s", out)
	}
	if strings.Contains(out, "\xff") {
		t.Error("invalid UTF-8 kept")
	}
	if ScriptJSON(nil) != "" || ScriptJSON([]byte("  ")) != "" {
		t.Error("empty input should give no element")
	}
}

// TestPagesResistInjection renders every page with hostile data in every
// text field and in the JSON-LD and checks the markup and the data survive.
func TestPagesResistInjection(t *testing.T) {
	r := newRenderer(t)
	const evil = `</script><script>alert(1)</script><!-- & "'`
	jsonld := chantierPageJSONLD(evil)

	chantier := chantierView("fr")
	chantier.Name, chantier.Definition, chantier.Title, chantier.IRI = evil, evil, evil, evil
	chantier.Kinds = []Link{{Href: "/k", Label: evil}}
	chantier.JSONLD = jsonld
	chantier.Embed.SnippetJSONLD = jsonld
	chantier.Embed.Title = evil

	home := homeView()
	home.JSONLD = jsonld
	home.Chantiers[0].Label = evil
	home.KindStatus[0].Kind = evil
	home.Lineage.Nodes[0].Label = evil

	res := resourceView()
	res.JSONLD, res.Label = jsonld, evil
	res.Properties[0].Values[0].Label = evil

	sp := sparqlView()
	sp.JSONLD, sp.Query, sp.Error = jsonld, evil, evil
	sp.Results.Rows[0][1].Label = evil

	card := cardView()
	card.JSONLD, card.Name, card.Definition = jsonld, evil, evil

	tests := []struct {
		name    string
		scripts int // executable or data <script elements expected
		render  func(*bytes.Buffer) error
	}{
		{"chantier", 1, func(b *bytes.Buffer) error { return r.Chantier(b, chantier) }},
		{"home", 1, func(b *bytes.Buffer) error { return r.Home(b, home) }},
		{"resource", 1, func(b *bytes.Buffer) error { return r.Resource(b, res) }},
		{"sparql", 4, func(b *bytes.Buffer) error { return r.SPARQL(b, sp) }},
		{"embed", 1, func(b *bytes.Buffer) error { return r.Embed(b, card) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.render(&b); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			if strings.Contains(page, "<script>alert") || strings.Contains(page, "<!-- &") {
				t.Errorf("hostile text reached the markup unescaped")
			}
			if n := strings.Count(strings.ToLower(page), "<script"); n != tt.scripts {
				t.Errorf("%d <script elements, want %d", n, tt.scripts)
			}
			body := scriptBody(t, page, `<script type="application/ld+json">`)
			var back map[string]any
			if err := json.Unmarshal([]byte(body), &back); err != nil {
				t.Fatalf("JSON-LD does not parse: %v", err)
			}
			if back["name"] != evil {
				t.Errorf("JSON-LD name = %q, want %q", back["name"], evil)
			}
		})
	}
}

func TestSnippetText(t *testing.T) {
	s := SnippetText(chantierPageJSONLD(`</script>`))
	if !strings.HasPrefix(s, `<script type="application/ld+json">`+"\n{\n") || !strings.HasSuffix(s, "}\n</script>") {
		t.Errorf("snippet not pretty-printed in a script element:\n%s", s)
	}
	if strings.Count(s, "</script>") != 1 {
		t.Errorf("data closes the snippet's script:\n%s", s)
	}
}
