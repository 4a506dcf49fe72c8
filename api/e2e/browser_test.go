package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// chantierName returns the French schema:name of a chantier from the store.
func chantierName(t testing.TB, s *site, iri string) string {
	t.Helper()
	snap := s.store.Snapshot()
	defer snap.Close()
	for q, err := range snap.Match(context.Background(), store.Pattern{S: rdf.IRI(iri), P: rdf.IRI(vocab.SchemaName), AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if q.O.Lang == "fr" {
			return q.O.Value
		}
	}
	t.Fatalf("%s has no French schema:name", iri)
	return ""
}

// TestBrowser opens ruche's pages, and a partner page that embeds a
// chantier, in headless Chromium.
func TestBrowser(t *testing.T) {
	browser := startBrowser(t)
	s := startSite(t)
	shots := t.TempDir()
	const slug = "culture-des-donnees"
	iri := vocab.ChantierIRI(s.base, slug)
	name := chantierName(t, s, iri)

	t.Run("home", func(t *testing.T) {
		tb := openTab(t, browser)
		tb.open(t, s.url("/"))
		tb.do(t, "wait for the page", chromedp.WaitVisible(chromedp.CSS("main, body")))
		title, err := chromedp.Run(tb.ctx, chromedp.Title())
		if err != nil || title == "" {
			t.Fatalf("title %q, %v", title, err)
		}
		var links []string
		tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll("a[href]")).map(a => new URL(a.getAttribute("href"), location.href).href))`, &links)
		if !containsPrefix(links, iri) && !containsPrefix(links, s.url("/fr/id/chantiers/")) {
			t.Errorf("home page links to no chantier (%d links)", len(links))
		}
		tb.screenshot(t, shots, "home.png")
		tb.checkClean(t)
	})

	t.Run("chantier", func(t *testing.T) {
		tb := openTab(t, browser)
		tb.open(t, iri)
		tb.do(t, "wait for the heading", chromedp.WaitVisible(chromedp.CSS("h1")))
		h1, err := chromedp.Run(tb.ctx, chromedp.Text(chromedp.CSS("h1")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(h1, name) {
			t.Errorf("h1 %q, want the name %q", h1, name)
		}
		var blocks []string
		tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map(s => s.textContent))`, &blocks)
		if len(blocks) == 0 {
			t.Fatal("no application/ld+json script")
		}
		checkPageJSONLD(t, blocks[0], iri, name)
		if lang := tb.textContentEval(t, `document.documentElement.lang`); lang != "fr" {
			t.Errorf("html lang %q for a French reader, want fr", lang)
		}
		tb.screenshot(t, shots, "chantier.png")
		tb.checkClean(t)
	})

	t.Run("chantier in English", func(t *testing.T) {
		tb := openTab(t, browser)
		tb.open(t, s.url("/en/id/chantiers/"+slug))
		tb.do(t, "wait for the heading", chromedp.WaitVisible(chromedp.CSS("h1")))
		if lang := tb.textContentEval(t, `document.documentElement.lang`); lang != "en" {
			t.Errorf("html lang %q under /en/, want en", lang)
		}
		var blocks []string
		tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map(s => s.textContent))`, &blocks)
		if len(blocks) == 0 {
			t.Fatal("no application/ld+json script")
		}
		var doc any
		if err := json.Unmarshal([]byte(blocks[0]), &doc); err != nil {
			t.Fatalf("JSON-LD block does not parse: %v", err)
		}
		if findNode(doc, iri) == nil {
			t.Errorf("the English page's JSON-LD does not describe %s", iri)
		}
		tb.checkClean(t)
	})

	t.Run("sparql", func(t *testing.T) {
		tb := openTab(t, browser)
		tb.open(t, s.url("/sparql"))
		tb.do(t, "YASGUI starts", chromedp.WaitVisible(chromedp.CSS("#yasgui .yasqe")))
		tb.do(t, "run the first example", chromedp.Click(chromedp.CSS("a[data-example]")))
		tb.do(t, "result rows appear", chromedp.WaitVisible(chromedp.CSS(".yasr table tbody tr td")))
		var rows int
		tb.evalJSON(t, `JSON.stringify(document.querySelectorAll(".yasr table tbody tr").length)`, &rows)
		if rows == 0 {
			t.Errorf("no result row")
		}
		t.Logf("first example: %d rows in the YASR table", rows)
		// The results must not cover the list of examples beside them.
		var covered []string
		tb.evalJSON(t, `JSON.stringify(Array.from(document.querySelectorAll("a[data-example]")).flatMap(a => {
			a.scrollIntoView({block: "center"});
			const line = a.getClientRects()[0];
			if (!line) { return []; }
			const y = line.top + line.height / 2;
			for (const x of [line.left + 2, line.left + line.width / 2]) {
				const hit = document.elementFromPoint(x, y);
				if (hit !== a && !a.contains(hit)) {
					return [a.textContent + " (under " + (hit ? hit.tagName + "." + hit.className : "nothing") + ")"];
				}
			}
			return [];
		}))`, &covered)
		for _, c := range covered {
			t.Errorf("example link covered: %s", c)
		}
		tb.do(t, "scroll back", chromedp.Evaluate[chromedp.Void]("window.scrollTo(0, 0)"))
		tb.screenshot(t, shots, "sparql.png")
		tb.checkClean(t)
	})

	t.Run("partner", func(t *testing.T) {
		testPartnerPage(t, browser, s, slug, iri, name, shots)
	})

	// Last: it renames a chantier.
	t.Run("hostile name", func(t *testing.T) {
		testHostileName(t, browser, s)
	})
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// checkPageJSONLD checks that a page-profile JSON-LD block parses and
// describes iri with the given name (at the top or in @graph).
func checkPageJSONLD(t *testing.T, block, iri, name string) {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(block), &doc); err != nil {
		t.Fatalf("JSON-LD block does not parse: %v\n%s", err, truncate([]byte(block), 600))
	}
	node := findNode(doc, iri)
	if node == nil {
		t.Fatalf("JSON-LD block has no node with @id %s:\n%s", iri, truncate([]byte(block), 600))
	}
	if !hasText(node["name"], name) {
		t.Errorf("JSON-LD name %v, want %q", node["name"], name)
	}
}

// findNode returns the node object whose @id is iri.
func findNode(doc any, iri string) map[string]any {
	switch d := doc.(type) {
	case []any:
		for _, x := range d {
			if n := findNode(x, iri); n != nil {
				return n
			}
		}
	case map[string]any:
		if d["@id"] == iri {
			return d
		}
		if g, ok := d["@graph"]; ok {
			return findNode(g, iri)
		}
	}
	return nil
}

// hasText tells whether a JSON-LD value (string, value object, language
// map or array) holds want.
func hasText(v any, want string) bool {
	switch x := v.(type) {
	case string:
		return x == want
	case []any:
		for _, e := range x {
			if hasText(e, want) {
				return true
			}
		}
	case map[string]any:
		if val, ok := x["@value"]; ok {
			return val == want
		}
		for _, e := range x {
			if hasText(e, want) {
				return true
			}
		}
	}
	return false
}

// partnerListener serves one HTML page on another loopback port: another
// origin than ruche's.
func partnerListener(t *testing.T, page string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	serve(t, ln, mux)
	return "http://" + ln.Addr().String() + "/"
}
