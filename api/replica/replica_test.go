package replica

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ruche-lod/ruche/api"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/replica"
	"github.com/ruche-lod/ruche/vocab"
)

const testBase = "http://ruche.test/"

// startNATS runs an embedded JetStream server on a free port.
func startNATS(t *testing.T) string {
	t.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	t.Cleanup(ns.Shutdown)
	return ns.ClientURL()
}

type node struct {
	srv  *api.Server
	http *httptest.Server
	st   *store.Store
	pub  *Publisher
	f    *Follower
}

// startPrimary seeds a store, creates a token and publishes.
func startPrimary(t *testing.T, urls string) (*node, string) {
	t.Helper()
	ctx := t.Context()
	opts := store.DefaultOptions()
	st, err := store.Open(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := vocab.Seed(testBase)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, func(tx *store.Txn) error {
		for _, q := range seed {
			if err := tx.Add(q); err != nil {
				return err
			}
		}
		return tx.PutMeta("ruche/base", []byte(testBase))
	}); err != nil {
		t.Fatal(err)
	}
	token, _, err := api.CreateToken(ctx, st, api.RoleCoordination, "", "replication test")
	if err != nil {
		t.Fatal(err)
	}
	cfg := api.DefaultConfig()
	cfg.Base = testBase
	srv, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.UseCommitTimes()
	srv.SetStore(st)
	if err := srv.SeedEventStream(ctx); err != nil {
		t.Fatal(err)
	}
	pub, err := StartPublisher(ctx, PublisherConfig{StreamConfig: StreamConfig{URLs: urls}, Heartbeat: 100 * time.Millisecond}, st)
	if err != nil {
		t.Fatal(err)
	}
	srv.Wrap(Middleware(func() uint64 { return StoreVersion(st) }, nil, ""))
	n := &node{srv: srv, st: st, pub: pub, http: httptest.NewServer(srv.Handler())}
	t.Cleanup(func() {
		n.http.Close()
		pub.Close(context.Background())
		st.Close()
	})
	return n, token
}

func startReplica(t *testing.T, urls, name, primary string) *node {
	t.Helper()
	cfg := api.DefaultConfig()
	cfg.Base = testBase
	srv, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.UseCommitTimes()
	f, err := StartFollower(t.Context(), FollowerConfig{StreamConfig: StreamConfig{URLs: urls}, Name: name, Dir: t.TempDir(), Base: testBase,
		StoreOptions: store.DefaultOptions(), SetStore: srv.SetStore})
	if err != nil {
		t.Fatal(err)
	}
	srv.Wrap(Middleware(f.Version, f, primary))
	n := &node{srv: srv, f: f, http: httptest.NewServer(srv.Handler())}
	t.Cleanup(func() {
		n.http.Close()
		f.Close()
	})
	return n
}

type resp struct {
	code   int
	header http.Header
	body   []byte
}

func request(t *testing.T, method, target, token, ctype, body string, hdr ...string) resp {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 30 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{res.StatusCode, res.Header, b}
}

const prefixes = `@prefix schema: <http://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix radn: <https://w3id.org/radn/vocab#> .
@prefix role: <http://ruche.test/concept/role/> .
@prefix region: <http://ruche.test/concept/region/> .
@prefix secteur: <http://ruche.test/concept/secteur/> .
`

func create(t *testing.T, base, token, collection, turtle string) string {
	t.Helper()
	r := request(t, http.MethodPost, base+collection, token, "text/turtle", prefixes+turtle)
	if r.code != http.StatusCreated {
		t.Fatalf("POST %s: %d %s", collection, r.code, r.body)
	}
	return r.header.Get("Location")
}

// waitVersion waits until the replica serves at least version v.
func waitVersion(t *testing.T, rep *node, v uint64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		st, healthy := rep.f.Status()
		if healthy && st.Version >= v {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	st, _ := rep.f.Status()
	t.Fatalf("replica stuck: %+v, want version %d", st, v)
}

// publicDoors are requests covering every public door.
func publicDoors(extra ...string) [][2]string {
	doors := [][2]string{
		{"/", "text/html"}, {"/", "application/ld+json"}, {"/en/", "text/html"},
		{"/chantiers", "application/ld+json"}, {"/chantiers", "text/html"}, {"/themes", "text/turtle"}, {"/organisations", "application/ld+json"},
		{"/id/chantiers/culture-des-donnees", "application/ld+json"}, {"/id/chantiers/culture-des-donnees", "text/turtle"},
		{"/id/chantiers/culture-des-donnees", "text/html"}, {"/id/chantiers/culture-des-donnees.nq", ""},
		{"/.well-known/void", "text/turtle"}, {"/dumps/latest.nq.gz", ""}, {"/dumps/latest.jsonld", ""},
		{"/sitemap.xml", ""}, {"/robots.txt", ""}, {"/ldes", "text/turtle"}, {"/ldes/pages/1", "text/turtle"},
		{"/embed/chantiers/culture-des-donnees", ""}, {"/oembed?url=" + url.QueryEscape(testBase+"id/chantiers/culture-des-donnees"), ""},
		{"/sparql?query=" + url.QueryEscape("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 400"), "application/sparql-results+json"},
		{"/sparql?query=" + url.QueryEscape("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"), "text/csv"},
		{"/openapi.json", ""}, {"/vocab", "text/turtle"}, {"/context/v1", ""},
	}
	for _, p := range extra {
		doors = append(doors, [2]string{p, "text/turtle"}, [2]string{p, "text/html"}, [2]string{p, "application/ld+json"})
	}
	return doors
}

// compareDoors checks that primary and replica answer every door with the
// same status, bytes and validators, at the same data version.
func compareDoors(t *testing.T, primary, rep *node, doors [][2]string) {
	t.Helper()
	for _, d := range doors {
		a := request(t, http.MethodGet, primary.http.URL+d[0], "", "", "", "Accept", d[1])
		b := request(t, http.MethodGet, rep.http.URL+d[0], "", "", "", "Accept", d[1])
		if a.header.Get(VersionHeader) == "" || a.header.Get(VersionHeader) != b.header.Get(VersionHeader) {
			t.Errorf("GET %s (%s): data versions %q and %q", d[0], d[1], a.header.Get(VersionHeader), b.header.Get(VersionHeader))
			continue
		}
		if a.code != b.code || !bytes.Equal(a.body, b.body) {
			t.Errorf("GET %s (%s): primary %d (%d bytes), replica %d (%d bytes)", d[0], d[1], a.code, len(a.body), b.code, len(b.body))
			continue
		}
		for _, h := range []string{"ETag", "Last-Modified", "Content-Type", "Vary"} {
			if a.header.Get(h) != b.header.Get(h) {
				t.Errorf("GET %s (%s): %s %q on the primary, %q on the replica", d[0], d[1], h, a.header.Get(h), b.header.Get(h))
			}
		}
	}
}

// scanStream decodes every message of the stream and the snapshot and
// returns them as text, for privacy checks.
func scanStream(t *testing.T, urls string) string {
	t.Helper()
	ctx := t.Context()
	nc, js, err := connect(urls, "test scan")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	stream, obs, err := lookupStream(ctx, js, StreamConfig{Stream: DefaultStream})
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	var parts []byte
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && seq > 0; seq++ {
		m, err := stream.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(m.Data) // raw, compressed
		parts = append(parts, m.Data...)
		if i, n, _ := parsePart(m.Header.Get(hdrPart)); i < n {
			continue
		}
		changes, err := splitBatch(parts)
		parts = nil
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range changes {
			fmt.Fprintf(&all, "%+v\n", *c)
			for _, m := range c.Meta {
				fmt.Fprintf(&all, "%s=%s\n", m.Key, m.Value)
			}
		}
	}
	res, err := obs.Get(ctx, snapshotObject)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	zr, err := gzip.NewReader(res)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	all.Write(raw)
	return all.String()
}

func TestReplicaServesThePrimarysDocuments(t *testing.T) {
	urls := startNATS(t)
	primary, token := startPrimary(t, urls)
	rep := startReplica(t, urls, "r1", primary.http.URL)
	waitVersion(t, rep, StoreVersion(primary.st))

	// Writes: an organisation, a person who consents, a canary who does not,
	// memberships of both; then the consenting person withdraws.
	org := create(t, primary.http.URL, token, "/id/organisations", `<> a radn:HostOrganization ; schema:name "Maison de la culture"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`)
	canary := create(t, primary.http.URL, token, "/id/personnes", `<> a schema:Person ; schema:name "Zorglub Canari" ; schema:email "zorglub@example.org" ; schema:worksFor <`+strings.TrimSuffix(testBase, "/")+org+`> .`)
	open := create(t, primary.http.URL, token, "/id/personnes", `<> a schema:Person ; schema:name "Ouverte Publique" ; schema:email "ouverte@example.org" .`)
	for _, p := range []string{canary, open} {
		create(t, primary.http.URL, token, "/id/participations", fmt.Sprintf(`[] a org:Membership ; org:member <%s%s> ; org:organization <%sid/chantiers/culture-des-donnees> ; org:role role:participant ; schema:startDate "2026-01-05"^^xsd:date .`, strings.TrimSuffix(testBase, "/"), p, testBase))
	}
	if r := request(t, http.MethodPut, primary.http.URL+open+"/consentements", token, "application/json", `{"publish": true}`); r.code != 200 {
		t.Fatalf("consent: %d %s", r.code, r.body)
	}
	v := StoreVersion(primary.st)
	waitVersion(t, rep, v)
	if r := request(t, http.MethodGet, rep.http.URL+open, "", "", "", "Accept", "text/turtle"); r.code != 200 || !bytes.Contains(r.body, []byte("Ouverte Publique")) {
		t.Errorf("the consenting person on the replica: %d %s", r.code, r.body)
	}
	compareDoors(t, primary, rep, publicDoors(org, open))

	// A write sent to the replica is redirected to the primary, never a 5xx.
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		r := request(t, m, rep.http.URL+"/id/organisations", token, "text/turtle", prefixes+"<> a radn:HostOrganization .")
		if r.code != http.StatusTemporaryRedirect || r.header.Get("Location") != primary.http.URL+"/id/organisations" {
			t.Errorf("%s on the replica: %d, Location %q", m, r.code, r.header.Get("Location"))
		}
	}
	if r := request(t, http.MethodPost, rep.http.URL+"/sparql", "", "application/sparql-query", "ASK { ?s ?p ?o }", "Accept", "application/sparql-results+json"); r.code != 200 {
		t.Errorf("SPARQL by POST on the replica: %d %s", r.code, r.body)
	}
	var hz Status
	r := request(t, http.MethodGet, rep.http.URL+"/healthz", "", "", "")
	if err := json.Unmarshal(r.body, &hz); r.code != 200 || err != nil || hz.Version != v || hz.LagVersions != 0 || hz.LagSeconds != 0 {
		t.Errorf("/healthz: %d %s", r.code, r.body)
	}

	// Withdrawal: the person leaves every public door of the replica too.
	if r := request(t, http.MethodPut, primary.http.URL+open+"/consentements", token, "application/json", `{"publish": false}`); r.code != 200 {
		t.Fatalf("withdrawal: %d %s", r.code, r.body)
	}
	v = StoreVersion(primary.st)
	waitVersion(t, rep, v)
	compareDoors(t, primary, rep, publicDoors(org, open))
	secrets := []string{"Zorglub", "zorglub@example.org", "Ouverte Publique", "ouverte@example.org", strings.TrimPrefix(canary, "/id/personnes/"), strings.TrimPrefix(open, "/id/personnes/")}
	for _, d := range publicDoors(open, canary) {
		r := request(t, http.MethodGet, rep.http.URL+d[0], "", "", "", "Accept", d[1], "Accept-Encoding", "identity")
		body := r.body
		if strings.HasSuffix(d[0], ".gz") {
			if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
				body, _ = io.ReadAll(zr)
			}
		}
		for _, s := range secrets {
			if r.code < 400 && bytes.Contains(body, []byte(s)) {
				t.Errorf("replica GET %s (%s) shows %q", d[0], d[1], s)
			}
		}
	}
	// The stream and the snapshot never carried the canary, nor tokens.
	if err := primary.pub.Snapshot(t.Context()); err != nil {
		t.Fatal(err)
	}
	all := scanStream(t, urls)
	for _, s := range []string{"Zorglub", "zorglub@example.org", "ouverte@example.org", "token/", "audit/", strings.TrimPrefix(canary, "/id/personnes/")} {
		if strings.Contains(all, s) {
			t.Errorf("the stream or the snapshot carries %q", s)
		}
	}
	if !strings.Contains(all, "Maison de la culture") {
		t.Errorf("the stream scan read nothing useful")
	}

	// A replica joining late bootstraps from the newest snapshot.
	late := startReplica(t, urls, "late", "")
	waitVersion(t, late, v)
	compareDoors(t, primary, late, publicDoors(org))
	if r := request(t, http.MethodDelete, late.http.URL+org, token, "", ""); r.code != http.StatusForbidden {
		t.Errorf("a write on a replica without --primary: %d", r.code)
	}

	// replica status lists both followers.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	status, err := ReadStatus(ctx, StreamConfig{URLs: urls})
	if err != nil {
		t.Fatal(err)
	}
	if len(status.Followers) != 2 || status.LastVersion != v {
		t.Errorf("status: %+v", status)
	}
	_ = jetstream.ErrConsumerNotFound
	_ = replica.Version
}

// TestReplicaBootstrapsAgainAfterAGap: a primary that lost changes (killed
// before publishing them) restarts with a new snapshot; the replica sees
// the gap, loads that snapshot into a new generation and goes on.
func TestReplicaBootstrapsAgainAfterAGap(t *testing.T) {
	urls := startNATS(t)
	primary, token := startPrimary(t, urls)
	rep := startReplica(t, urls, "gap", "")
	create(t, primary.http.URL, token, "/id/organisations", `<> a radn:HostOrganization ; schema:name "Avant"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`)
	waitVersion(t, rep, StoreVersion(primary.st))

	// Changes committed while nothing publishes are lost to the stream.
	if err := primary.pub.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	lost := create(t, primary.http.URL, token, "/id/organisations", `<> a radn:HostOrganization ; schema:name "Perdue"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`)
	pub, err := StartPublisher(t.Context(), PublisherConfig{StreamConfig: StreamConfig{URLs: urls}, Heartbeat: 100 * time.Millisecond}, primary.st)
	if err != nil {
		t.Fatal(err)
	}
	primary.pub = pub
	t.Cleanup(func() { pub.Close(context.Background()) })
	after := create(t, primary.http.URL, token, "/id/organisations", `<> a radn:HostOrganization ; schema:name "Après"@fr ; schema:areaServed region:06 ; radn:sector secteur:musique .`)
	waitVersion(t, rep, StoreVersion(primary.st))
	if st, _ := rep.f.Status(); st.Bootstraps != 2 {
		t.Errorf("bootstraps: %d, want 2", st.Bootstraps)
	}
	compareDoors(t, primary, rep, publicDoors(lost, after))
}
