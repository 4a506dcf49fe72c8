package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEnglishBrowserChoosesFrench: a browser set to English lands on the
// English home page, follows the « Français » link, and stays in French
// from page to page (navigation, a chantier, a theme, the data pages,
// SPARQL), whatever its Accept-Language says.
func TestEnglishBrowserChoosesFrench(t *testing.T) {
	browser := startBrowserIn(t, "en-US,en", "en-US")
	s := startSite(t)
	tb := openTab(t, browser)

	here := func(want string) {
		t.Helper()
		tb.do(t, "wait for the page", chromedp.WaitVisible(chromedp.CSS("h1")))
		lang := tb.textContentEval(t, `document.documentElement.lang`)
		path := tb.textContentEval(t, `location.pathname`)
		if lang != want {
			t.Fatalf("%s: html lang %q, want %q", path, lang, want)
		}
		if want == "fr" && !strings.HasPrefix(path, "/fr/") {
			t.Errorf("%s: the French choice left the /fr/ prefix", path)
		}
	}
	// follow opens the first link matching css, as a click would.
	follow := func(what, css string) {
		t.Helper()
		href := tb.textContentEval(t, `(document.querySelector(`+jsString(css)+`) || {href: ""}).href`)
		if href == "" {
			t.Fatalf("%s: no link %s on %s", what, css, tb.textContentEval(t, `location.pathname`))
		}
		tb.open(t, href)
	}

	tb.open(t, s.url("/"))
	here("en")
	if text := tb.textContentEval(t, `document.querySelector('.lang-switch a[hreflang="fr"]').textContent`); text != "Français" {
		t.Fatalf("the language switch says %q", text)
	}
	follow("choose French", `.lang-switch a[hreflang="fr"]`)
	here("fr")
	for _, step := range []struct{ what, css string }{
		{"the chantiers", `nav a[href$="/chantiers"]`},
		{"a chantier", `main .cards h3 a`},
		{"one of its themes", `main dl.facts a[href*="/concept/theme/"]`},
		{"the themes", `nav a[href$="/concept/theme"]`},
		{"the data", `nav a[href$="/donnees"]`},
		{"the downloads", `footer a[href$="/dumps/"]`},
		{"the writing guide", `footer a[href$="/guides/writing"]`},
		{"SPARQL", `nav a[href$="/sparql"]`},
		{"home", `a.site-name`},
	} {
		follow(step.what, step.css)
		here("fr")
	}
	tb.checkClean(t)
}

// TestSPARQLErrorInPageLanguage: on the French SPARQL page, YASGUI shows a
// query's syntax error in French (with the server's detail beside it),
// even for an English browser.
func TestSPARQLErrorInPageLanguage(t *testing.T) {
	browser := startBrowserIn(t, "en-US,en", "en-US")
	s := startSite(t)
	tb := openTab(t, browser)
	tb.open(t, s.url("/fr/sparql?query=SELEC%20%3Fx%20WHERE%20%7B%7D"))
	tb.do(t, "the error shows", chromedp.WaitVisible(chromedp.CSS(".yasr .ruche-query-error")))
	text := tb.textContentEval(t, `document.querySelector(".yasr .ruche-query-error").textContent`)
	if !strings.Contains(text, "La requête n’est pas du SPARQL valide (ligne 1") || !strings.Contains(text, "Détail technique") {
		t.Errorf("the YASGUI error is not in French: %q", text)
	}
}
