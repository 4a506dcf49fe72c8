package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// hostileName is a chantier name written to break out of a script element,
// of an attribute and of a JavaScript string (model.md §5.5). Any script it
// manages to run sets window.__pwned.
const hostileName = "</script><script>window.__pwned=1</script> & \u2028 <img src=x onerror=\"window.__pwned=2\"> <!-- '\"»"

// renameChantier replaces every schema:name of a chantier by name (fr and
// en), as an edit would.
func renameChantier(t *testing.T, s *site, iri, name string) {
	t.Helper()
	ctx := context.Background()
	p := rdf.IRI(vocab.SchemaName)
	g := rdf.IRI(vocab.GraphIRI(s.base, vocab.GraphPublicCC0))
	err := s.store.Update(ctx, func(tx *store.Txn) error {
		if _, err := tx.DeleteMatching(ctx, store.Pattern{S: rdf.IRI(iri), P: p, AnyGraph: true}); err != nil {
			return err
		}
		for _, lang := range []string{"fr", "en"} {
			if err := tx.Add(rdf.Quad{S: rdf.IRI(iri), P: p, O: rdf.LangString(name, lang), G: g}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("rename %s: %v", iri, err)
	}
}

// notPwned fails the test if a script injected through data ran in the tab.
func (tb *tab) notPwned(t *testing.T, where string) {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`String(window.__pwned)`))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if v != "undefined" {
		t.Errorf("%s: a script from the chantier's name ran (window.__pwned = %s)", where, v)
	}
}

// textContent returns the textContent of the first element matching a CSS
// selector in the tab's page.
func (tb *tab) textContent(t *testing.T, sel string) string {
	t.Helper()
	var s string
	tb.evalJSON(t, `JSON.stringify(document.querySelector(`+jsString(sel)+`)?.textContent ?? "")`, &s)
	return s
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// testHostileName renames a chantier with markup and script in its name and
// checks, in Chromium, that its page, its JSON-LD, the widget and the iframe
// card show the name as text and run none of it.
func testHostileName(t *testing.T, browser context.Context, s *site) {
	const slug = "almanach-culturel"
	iri := vocab.ChantierIRI(s.base, slug)
	renameChantier(t, s, iri, hostileName)

	tb := openTab(t, browser)
	tb.open(t, iri)
	tb.do(t, "wait for the heading", chromedp.WaitVisible(chromedp.CSS("h1")))
	tb.notPwned(t, "chantier page")
	if h1 := strings.TrimSpace(tb.textContent(t, "h1")); h1 != hostileName {
		t.Errorf("h1 %q, want the name as text %q", h1, hostileName)
	}
	var blocks []string
	tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map(s => s.textContent))`, &blocks)
	if len(blocks) == 0 {
		t.Fatal("no application/ld+json script")
	}
	checkPageJSONLD(t, blocks[0], iri, hostileName)
	tb.checkClean(t)

	page := `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Partenaire</title></head>
<body>
<iframe src="` + s.url("/embed/chantiers/"+slug+"?lang=fr") + `" width="480" height="320" title="carte" sandbox="allow-popups" style="border:0"></iframe>
<script src="` + s.url("/widget.js") + `" async></script>
<div class="ruche-chantier" data-ruche-resource="` + iri + `"></div>
</body></html>
`
	partner := partnerListener(t, page)
	pt := openTab(t, browser)
	pt.open(t, partner)
	pt.do(t, "widget card", chromedp.WaitVisible(chromedp.CSS(".ruche-chantier .ruche-card h3")))
	if h3 := strings.TrimSpace(pt.textContent(t, ".ruche-chantier .ruche-card h3")); h3 != hostileName {
		t.Errorf("widget heading %q, want the name as text %q", h3, hostileName)
	}
	titles, err := iframeTexts(pt, s.url("/embed/chantiers/"+slug), "article h1", 1)
	if err != nil {
		t.Fatalf("iframe card: %v", err)
	}
	// Text() gives the rendered text, where U+2028 may read as a line break.
	for _, title := range titles {
		if normalize(title) != normalize(hostileName) {
			t.Errorf("iframe card heading %q, want the name as text %q", title, hostileName)
		}
	}
	pt.notPwned(t, "partner page")
	pt.checkClean(t)
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }
