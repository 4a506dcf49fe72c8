package records

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

const testPrefixes = "@prefix schema: <http://schema.org/> .\n@prefix radn: <https://w3id.org/radn/vocab#> .\n"

// TestWriterWithoutHTTP: the write rules run from plain Go (no request, no
// router) and refuse with typed errors that errors.Is matches to a kind.
func TestWriterWithoutHTTP(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	wr := &Writer{Base: "http://ruche.test/", MaxWriteTriples: 100, MaxTextLength: 200}
	coord := Token{ID: "c", Name: "coordination", Role: RoleCoordination}
	write := func(path, method string, who Token) *Write {
		t.Helper()
		tg, err := wr.ParseTarget(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return &Write{Ctx: ctx, Store: st, Who: who, Target: tg, Method: method, Now: time.Now().UTC()}
	}
	decode := func(path, ttl string) []rdf.Quad {
		t.Helper()
		q, err := wr.Decode(rdfio.Turtle, []byte(testPrefixes+ttl), path)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		return q
	}
	coll := write("/chantiers", "POST", coord)
	ph := coll.Target.IRI + "/.nouveau"
	iri, etag, err := wr.Create(coll, decode(ph, `<> schema:name "Essai"@fr .`), ph)
	if err != nil || iri != "http://ruche.test/id/chantiers/essai" || etag == "" {
		t.Fatalf("Create = %q %q %v", iri, etag, err)
	}
	if n, err := MetaInt(st.Snapshot(), MetaLDESCount); err != nil || n != 1 {
		t.Errorf("versions after a creation: %d %v, want 1", n, err)
	}
	if recs, err := ListAudit(ctx, st, time.Time{}, iri); err != nil || len(recs) != 1 || recs[0].Method != "POST" || recs[0].After != etag {
		t.Errorf("audit: %+v %v", recs, err)
	}

	agent := Token{ID: "a", Name: "agent", Role: RoleAgent, Person: "http://ruche.test/id/personnes/x"}
	closed := `<> schema:name "Essai"@fr ; radn:status <http://ruche.test/concept/statut/ferme> .`
	for _, c := range []struct {
		name string
		run  func() error
		kind error
		code string
	}{
		{"bad slug", func() error { _, err := wr.ParseTarget("/chantiers/Essai"); return err }, ErrMalformed, "bad-path"},
		{"no kind", func() error { _, err := wr.ParseTarget("/rien"); return err }, ErrNotFound, "not-found"},
		{"empty body", func() error { _, err := wr.Decode(rdfio.Turtle, []byte(" "), ph); return err }, ErrMalformed, "bad-request"},
		{"syntax", func() error { _, err := wr.Decode(rdfio.Turtle, []byte("<> <p> ."), ph); return err }, ErrMalformed, "syntax-error"},
		{"agent outside the chantier", func() error { return wr.Authorize(write("/chantiers/essai", "PUT", agent), "/id/chantiers/essai") }, ErrForbidden, "forbidden"},
		{"stale version", func() error {
			doc, err := wr.Replacement(write("/chantiers/essai", "PUT", coord).Target, decode(iri, `<> schema:name "Autre"@fr .`))
			if err != nil {
				return err
			}
			_, err = wr.Replace(write("/chantiers/essai", "PUT", coord), `"stale"`, doc)
			return err
		}, ErrPrecondition, "precondition-failed"},
		{"closed by a PUT", func() error {
			doc, err := wr.Replacement(write("/chantiers/essai", "PUT", coord).Target, decode(iri, closed))
			if err != nil {
				return err
			}
			_, err = wr.Replace(write("/chantiers/essai", "PUT", coord), etag, doc)
			return err
		}, ErrInvalid, "closure-refused"},
		{"chantier deleted", func() error { return wr.CheckRemove(write("/chantiers/essai", "DELETE", coord)) }, ErrConflict, "conflict"},
		{"unknown resource", func() error { _, err := wr.Remove(write("/organisations/rien", "DELETE", coord), ""); return err }, ErrNotFound, "not-found"},
		{"evaluation replaced", func() error { return wr.CheckReplace(write("/chantiers/essai/evaluations/2026-01-31", "PUT", coord)) }, ErrConflict, "conflict"},
	} {
		err := c.run()
		var ce *Error
		if !errors.Is(err, c.kind) || !errors.As(err, &ce) || ce.Code != c.code {
			t.Errorf("%s: %v (%#v), want kind %v code %s", c.name, err, ce, c.kind, c.code)
		}
	}

	// The shapes report every violation, as one Violations error.
	err = func() error {
		_, _, err := wr.Create(write("/organisations", "POST", coord), decode(ph, `<> schema:name "Org"@fr ; schema:url "pas une adresse" ; schema:name 42 .`), ph)
		return err
	}()
	var vs Violations
	if !errors.As(err, &vs) || !errors.Is(err, ErrInvalid) || len(vs) == 0 {
		t.Errorf("invalid organisation: %v, want Violations", err)
	}
}
