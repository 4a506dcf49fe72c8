package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// embedCode is what the "Intégrer" panel of a chantier page gives partners
// to paste: the JSON-LD snippet, the iframe and the widget code.
type embedCode struct {
	Snippet, Iframe, Widget string
	// OEmbed is the html of the oEmbed answer found through the page's
	// discovery link, as a CMS would embed it.
	OEmbed string
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
	code.OEmbed = discoverOEmbed(t, tb)
	return code, code.Snippet != "" && code.Iframe != "" && code.Widget != ""
}

// discoverOEmbed follows the oEmbed discovery link of the page in the tab
// and returns the html of the answer (a rich type with an iframe).
func discoverOEmbed(t *testing.T, tb *tab) string {
	t.Helper()
	var hrefs []string
	tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll('head link[rel="alternate"][type="application/json+oembed"]')).map(l => l.href))`, &hrefs)
	if len(hrefs) != 1 {
		t.Errorf("%d oEmbed discovery links, want 1", len(hrefs))
		return ""
	}
	var resp struct {
		Version string `json:"version"`
		Type    string `json:"type"`
		HTML    string `json:"html"`
		Width   int    `json:"width"`
		Height  int    `json:"height"`
	}
	if err := json.Unmarshal(fetch(t, hrefs[0], "application/json"), &resp); err != nil {
		t.Fatalf("oEmbed %s: %v", hrefs[0], err)
	}
	if resp.Version != "1.0" || resp.Type != "rich" || resp.Width <= 0 || resp.Height <= 0 || !strings.HasPrefix(resp.HTML, "<iframe ") {
		t.Errorf("oEmbed %s: %+v, want a rich answer with an iframe", hrefs[0], resp)
		return ""
	}
	return resp.HTML
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
<p>La même carte par oEmbed :</p>
` + code.OEmbed + `
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
	want := 1
	if code.OEmbed != "" {
		want = 2
	}
	titles, err := iframeTexts(tb, s.url("/embed/chantiers/"+slug), "article h1", want)
	if err != nil {
		t.Fatalf("iframe cards: %v", err)
	}
	for _, title := range titles {
		if !strings.Contains(title, name) {
			t.Errorf("iframe card heading %q, want %q", title, name)
		}
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

// iframeTexts returns the text of sel in each of the want iframes of the
// tab whose URL starts with prefix. Chromium may run such an iframe in a
// process of its own (it is sandboxed and cross-origin), where it is a
// target of its own; otherwise it is reached through the iframe element.
func iframeTexts(tb *tab, prefix, sel string, want int) ([]string, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		infos, err := chromedp.Targets(tb.ctx)
		if err != nil {
			return nil, fmt.Errorf("list targets: %w", err)
		}
		var texts []string
		for _, info := range infos {
			if info.Type != "iframe" || !strings.HasPrefix(info.URL, prefix) {
				continue
			}
			text, err := targetText(tb.ctx, info.TargetID, sel)
			if err != nil {
				return nil, fmt.Errorf("iframe %s: %w", info.URL, err)
			}
			texts = append(texts, text)
		}
		if len(texts) >= want {
			return texts, nil
		}
		if time.Now().After(deadline) {
			if len(texts) > 0 {
				return nil, fmt.Errorf("%d iframes from %s, want %d", len(texts), prefix, want)
			}
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	// No iframe target: the iframes share the page's process.
	frames, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSS("iframe")))
	if err != nil || len(frames) < want {
		return nil, fmt.Errorf("%d iframes, want %d: %v", len(frames), want, err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	var texts []string
	for _, f := range frames {
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.FromNode(f)))
		if err != nil {
			return nil, err
		}
		texts = append(texts, text)
	}
	return texts, nil
}

// targetText reads the text of sel in another target (an out-of-process
// iframe), detaching from it afterwards rather than closing it.
func targetText(parent context.Context, id target.ID, sel string) (string, error) {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 20*time.Second)
	defer cancelTimeout()
	return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
}
