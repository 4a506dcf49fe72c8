package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/storetest"
)

// bulkInsert is an INSERT DATA of n triples into graph g.
func bulkInsert(g string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "PREFIX ex: <http://example.org/>\nINSERT DATA { GRAPH <%s> {\n", g)
	for i := range n {
		fmt.Fprintf(&b, "ex:r%d ex:label \"ressource %d, libellé donné par l'atelier\"@fr .\n", i, i)
	}
	b.WriteString("} }")
	return b.String()
}

func countGraph(t *testing.T, st *store.Store, g string) int {
	t.Helper()
	snap := st.Snapshot()
	defer snap.Close()
	n := 0
	for _, err := range snap.Match(t.Context(), store.Pattern{G: rdf.IRI(g)}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// TestBulkUpdate: an INSERT DATA of 100k triples in one request, larger
// than one store transaction, is written whole through /sparql; a request
// as big whose later operation fails leaves the store byte-identical; the
// limit on the triples of one update still answers 413 with nothing
// written.
func TestBulkUpdate(t *testing.T) {
	// No time limit in the way on a loaded machine: the sizes are tested.
	e := newWriteEnv(t, func(c *Config) { c.QueryTimeout = time.Hour })
	const g = "http://example.org/atelier-bulk"
	insert := bulkInsert(g, bulkTriples)
	if bulkTriples == 100_000 && len(insert) <= 4<<20 {
		t.Fatalf("the request is %d bytes; make it longer than the former 4 MiB bound", len(insert))
	}
	if r := e.sparqlUpdate(e.coord, insert); r.code != http.StatusNoContent {
		t.Fatalf("INSERT DATA of %d triples: %d %s", bulkTriples, r.code, r.body)
	}
	if n := countGraph(t, e.st, g); n != bulkTriples {
		t.Fatalf("the graph holds %d triples, want %d", n, bulkTriples)
	}
	if r := e.send(http.MethodGet, "/sparql?query="+strings.ReplaceAll("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <"+g+"> { ?s ?p ?o } }", " ", "%20"), "", "", "", "Accept", "text/csv"); !strings.Contains(string(r.body), fmt.Sprint(bulkTriples)) {
		t.Errorf("SPARQL counts %s", r.body)
	}

	before := storetest.Image(t, e.st)
	failing := bulkInsert("http://example.org/atelier-bulk-2", bulkTriples) + " ;\n" +
		`DELETE DATA { GRAPH <` + g + `> { <http://example.org/r1> <http://example.org/label> "ressource 1, libellé donné par l'atelier"@fr } } ;
		CREATE GRAPH <` + g + `>`
	if r := e.sparqlUpdate(e.coord, failing); r.code != http.StatusBadRequest || !strings.Contains(string(r.body), "problems/update-failed") {
		t.Fatalf("a big update whose last operation fails: %d %s", r.code, r.body)
	}
	if after := storetest.Image(t, e.st); after != before {
		t.Fatalf("a refused big update changed the store")
	}

	// An operation after the chunks of a staged write reads the write's
	// own state (LOAD would wait forever for a snapshot otherwise).
	load := bulkInsert("http://example.org/atelier-bulk-3", 10_000) + " ;\nLOAD <" + chantierIRI + "> INTO GRAPH <http://example.org/copie-bulk>"
	if r := e.sparqlUpdate(e.coord, load); r.code != http.StatusNoContent {
		t.Fatalf("a big update, then LOAD: %d %s", r.code, r.body)
	}
	if n := countGraph(t, e.st, "http://example.org/copie-bulk"); n == 0 {
		t.Errorf("LOAD after a staged insert copied nothing")
	}

	small := newWriteEnv(t, func(c *Config) { c.MaxUpdateTriples = 1_000 })
	before = storetest.Image(t, small.st)
	if r := small.sparqlUpdate(small.coord, bulkInsert(g, 1_001)); r.code != http.StatusRequestEntityTooLarge {
		t.Fatalf("an update past MaxUpdateTriples: %d %s", r.code, r.body)
	}
	if r := small.send(http.MethodPut, "/graph-store?graph=http%3A%2F%2Fexample.org%2Fg", small.coord, "application/n-triples",
		strings.Repeat("<http://example.org/s> <http://example.org/p> \"x\" .\n", 1)+bulkNTriples(1_001)); r.code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a graph past MaxUpdateTriples: %d %s", r.code, r.body)
	}
	if after := storetest.Image(t, small.st); after != before {
		t.Fatalf("a refused update changed the store")
	}
}

func bulkNTriples(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<http://example.org/r%d> <http://example.org/label> \"%d\" .\n", i, i)
	}
	return b.String()
}
