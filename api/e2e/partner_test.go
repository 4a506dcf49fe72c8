package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// embedCode is what the "Intégrer" panel of a chantier page gives partners
// to paste: the JSON-LD snippet, the iframe and the widget code.
type embedCode struct {
	Snippet, Iframe, Widget string
}

// embedPanel reads the code blocks of the chantier page's embed panel as a
// person would copy them (their text, not their markup).
func embedPanel(t *testing.T, browser context.Context, s *site, iri string) (embedCode, bool) {
	t.Helper()
	tb := openTab(t, browser)
	tb.open(t, iri)
	var blocks []string
	tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll("section.embed pre code")).map(c => c.textContent))`, &blocks)
	var code embedCode
	for _, b := range blocks {
		switch {
		case strings.Contains(b, `type="application/ld+json"`):
			code.Snippet = b
		case strings.Contains(b, "<iframe"):
			code.Iframe = b
		case strings.Contains(b, "data-ruche-resource"):
			code.Widget = b
		}
	}
	return code, code.Snippet != "" && code.Iframe != "" && code.Widget != ""
}

// testPartnerPage serves a partner page on another origin with the code of
// the embed panel pasted in, and checks in Chromium that the widget drew
// the card, the iframe card loaded and the snippet describes the chantier.
func testPartnerPage(t *testing.T, browser context.Context, s *site, slug, iri, name, shots string) {
	code, ok := embedPanel(t, browser, s, iri)
	if !ok {
		t.Errorf("the chantier page's embed panel lacks code to paste (snippet %t, iframe %t, widget %t); using the documented forms",
			code.Snippet != "", code.Iframe != "", code.Widget != "")
		ld := fetch(t, iri, "application/ld+json")
		if code.Snippet == "" {
			code.Snippet = `<script type="application/ld+json">` + strings.ReplaceAll(string(ld), "<", `\u003c`) + `</script>`
		}
		if code.Iframe == "" {
			code.Iframe = fmt.Sprintf(`<iframe src="%s" width="480" height="320" title="%s" style="border:0"></iframe>`, s.url("/embed/chantiers/"+slug+"?lang=fr"), name)
		}
		if code.Widget == "" {
			code.Widget = fmt.Sprintf(`<script src="%s" async></script>`+"\n"+`<div class="ruche-chantier" data-ruche-resource="%s"></div>`, s.url("/widget.js"), iri)
		}
	}
	page := `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Partenaire du réseau</title>
` + code.Snippet + `
</head>
<body style="font-family:sans-serif;margin:24px">
<h1>Un site partenaire</h1>
<p>Notre participation au chantier, en carte iframe :</p>
` + code.Iframe + `
<p>Et avec le widget :</p>
` + code.Widget + `
</body>
</html>
`
	partner := partnerListener(t, page)
	if partner == s.base {
		t.Fatal("partner page on ruche's own origin")
	}
	tb := openTab(t, browser)
	tb.open(t, partner)

	// The widget fetched the JSON-LD across origins and drew the card.
	tb.do(t, "widget card", chromedp.WaitVisible(chromedp.CSS(".ruche-chantier .ruche-card h3")))
	heading, err := chromedp.Run(tb.ctx, chromedp.Text(chromedp.CSS(".ruche-chantier .ruche-card h3")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading, name) {
		t.Errorf("widget card heading %q, want %q", heading, name)
	}

	// The iframe card loaded (not blocked by frame-ancestors) and names
	// the chantier.
	cardTitle, err := iframeText(tb, s.url("/embed/chantiers/"+slug), "article h1")
	if err != nil {
		t.Fatalf("iframe card: %v", err)
	}
	if !strings.Contains(cardTitle, name) {
		t.Errorf("iframe card heading %q, want %q", cardTitle, name)
	}

	// The pasted snippet is JSON-LD about the chantier, as the browser
	// reads it.
	var blocks []string
	tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll('head script[type="application/ld+json"]')).map(s => s.textContent))`, &blocks)
	if len(blocks) != 1 {
		t.Fatalf("%d JSON-LD blocks in the partner page's head, want the pasted one", len(blocks))
	}
	checkPageJSONLD(t, blocks[0], iri, name)

	tb.screenshot(t, shots, "partner.png")
	tb.checkClean(t)
}

// iframeText returns the text of sel in the iframe of the tab whose URL
// starts with prefix. Chromium may run the iframe in its own process (it is
// sandboxed and cross-origin), where it is a target of its own; otherwise
// it is reached through the iframe element.
func iframeText(tb *tab, prefix, sel string) (string, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		infos, err := chromedp.Targets(tb.ctx)
		if err != nil {
			return "", fmt.Errorf("list targets: %w", err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasPrefix(info.URL, prefix) {
				ctx, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
				defer cancel()
				ctx, cancelTimeout := context.WithTimeout(ctx, 20*time.Second)
				defer cancelTimeout()
				return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
			}
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	// No iframe target: the iframe shares the page's process.
	frames, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSS("iframe")))
	if err != nil || len(frames) == 0 {
		return "", fmt.Errorf("no iframe: %v", err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.FromNode(frames[0])))
}
