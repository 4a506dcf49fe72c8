package api

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// TestBackupKeepsPrivateSpaceAndTokens restores a backup into a new folder:
// the private person record, the consents, the tokens and the audit come
// back with the public data.
func TestBackupKeepsPrivateSpaceAndTokens(t *testing.T) {
	e := newWriteEnv(t)
	person := e.create("/id/personnes", e.coord, `<> a schema:Person ; schema:name "Sauvegardée" ; schema:email "s@example.org" .`)
	if r := e.send(http.MethodPut, person+"/consentements", e.coord, "application/json", `{"publish":true}`); r.code != 200 {
		t.Fatalf("consent: %d %s", r.code, r.body)
	}
	var buf bytes.Buffer
	if err := e.st.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir() + "/restored"
	if err := store.Restore(dir, &buf, store.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir, store.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if before, after := canonicalDump(t, e.st), canonicalDump(t, st); before != after {
		t.Fatal("the restored store differs from the original")
	}
	snap := st.Snapshot()
	defer snap.Close()
	iri := rdf.IRI(testBase + strings.TrimPrefix(person, "/"))
	email, err := firstObject(ctx, snap.In(store.Private), iri, vocab.SchemaEmail)
	if err != nil || email.Value != "s@example.org" {
		t.Fatalf("private record after restore: %v %v", email, err)
	}
	toks, err := ListTokens(ctx, st)
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens after restore: %v %v", toks, err)
	}
	// The restored token still authenticates.
	cfg := DefaultConfig()
	cfg.Base = testBase
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetStore(st)
	e2 := &writeEnv{t: t, srv: srv, st: st, coord: e.coord}
	e2.create("/id/chantiers", e.coord, `<> a radn:Chantier ; schema:name "Après restauration"@fr .`)
	if recs, err := records.ListAudit(ctx, st, timeZero, ""); err != nil || len(recs) < 3 {
		t.Fatalf("audit after restore: %d records, %v", len(recs), err)
	}
}
