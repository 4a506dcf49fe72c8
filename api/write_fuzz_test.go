package api

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzWriteBody posts arbitrary bodies in every accepted syntax (and as a
// PATCH): the answer is never a server error.
func FuzzWriteBody(f *testing.F) {
	for i, c := range badCorpus("x") {
		if i%5 == 0 && c.body != "" && len(c.body) < 4096 {
			f.Add(c.body, uint8(i))
		}
	}
	f.Add(ttlPrefixes+`<> a radn:Chantier ; schema:name "Fuzz"@fr .`, uint8(1))
	f.Add(`{"@context": "http://ruche.test/context/v1", "type": "Chantier", "name": {"fr": "x"}}`, uint8(2))
	f.Add(`PREFIX schema: <http://schema.org/> INSERT DATA { <> schema:name "y"@fr }`, uint8(4))
	e := newWriteEnv(f)
	f.Fuzz(func(t *testing.T, body string, sel uint8) {
		e := &writeEnv{t: t, srv: e.srv, st: e.st, coord: e.coord}
		var r response
		switch sel % 6 {
		case 0, 1:
			r = e.send(http.MethodPost, "/id/chantiers", e.coord, "text/turtle", body)
		case 2:
			r = e.send(http.MethodPost, "/id/chantiers", e.coord, "application/ld+json", body)
		case 3:
			r = e.send(http.MethodPost, "/id/participations", e.coord, "text/turtle", body)
		case 4:
			r = e.send(http.MethodPatch, "/id/chantiers/culture-des-donnees", e.coord, "application/sparql-update", body)
		default:
			r = e.send(http.MethodPost, "/id/chantiers/culture-des-donnees/evaluations", e.coord, "text/turtle", body)
		}
		if r.code >= 500 {
			t.Fatalf("status %d for %q: %s", r.code, body, r.body)
		}
		if r.code >= 400 && !strings.Contains(string(r.body), `"status"`) {
			t.Fatalf("status %d without a problem document: %s", r.code, r.body)
		}
	})
}
