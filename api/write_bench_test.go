package api

import (
	"fmt"
	"net/http"
	"testing"
)

// BenchmarkCreateChantier measures one POST of a chantier (decode,
// validate, mint, materialise, opening event, event-stream version, audit,
// one transaction) on an in-memory store.
func BenchmarkCreateChantier(b *testing.B) {
	e := newWriteEnv(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := e.send(http.MethodPost, "/id/chantiers", e.coord, "text/turtle", ttlPrefixes+fmt.Sprintf(`<> a radn:Chantier ; schema:name "Banc %d"@fr .`, i))
		if r.code != http.StatusCreated {
			b.Fatalf("%d %s", r.code, r.body)
		}
	}
}

// BenchmarkJoinChantier measures one membership (private record,
// projection, recount of the chantier's aggregates).
func BenchmarkJoinChantier(b *testing.B) {
	e := newWriteEnv(b)
	p := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Banc" .`)
	b.ResetTimer()
	for b.Loop() {
		r := e.send(http.MethodPost, "/id/participations", e.coord, "text/turtle", ttlPrefixes+`[] a org:Membership ; org:member <http://ruche.test`+p+`> ; org:organization <http://ruche.test/id/chantiers/culture-des-donnees> ; org:role role:participant .`)
		if r.code != http.StatusCreated {
			b.Fatalf("%d %s", r.code, r.body)
		}
	}
}
