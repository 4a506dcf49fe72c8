package api

import (
	"net/http"
	"net/url"
	"testing"
)

// FuzzPublishParams sends arbitrary query parameters to the collection,
// oEmbed, embed, event stream, sitemap and static doors: a client's
// mistake is never a 500.
func FuzzPublishParams(f *testing.F) {
	srv, _ := newTestServer(f)
	for _, seed := range [][2]string{
		{"http://ruche.test/id/chantiers/culture-des-donnees", "2"},
		{"http://ruche.test/en/concept/theme/codeveloppement.html", "-1"},
		{"::", "99999999999999999999"},
		{"http://ruche.test/id/chantiers/culture-des-donnees?x#y", "x"},
		{"https://RUCHE.test/id/chantiers/codeveloppement", "0"},
		{"expertise", "1"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		targets := []string{
			"/oembed?url=" + url.QueryEscape(a) + "&maxwidth=" + url.QueryEscape(b),
			"/oembed?url=" + url.QueryEscape(a) + "&format=" + url.QueryEscape(b),
			"/chantiers?kind=" + url.QueryEscape(a) + "&page=" + url.QueryEscape(b),
			"/legs?status=" + url.QueryEscape(a) + "&size=" + url.QueryEscape(b),
			"/embed/chantiers/" + url.PathEscape(a) + "?lang=" + url.QueryEscape(b),
			"/ldes/pages/" + url.PathEscape(b),
			"/sitemaps/" + url.PathEscape(a),
			"/static/" + url.PathEscape(a),
		}
		for _, target := range targets {
			r := do(t, srv, http.MethodGet, target, map[string]string{"Accept": "text/turtle"}, nil)
			// 501 is oEmbed's answer to an unsupported format.
			if r.code >= 500 && r.code != http.StatusNotImplemented {
				t.Fatalf("%s: %d %s", target, r.code, r.body)
			}
		}
	})
}
