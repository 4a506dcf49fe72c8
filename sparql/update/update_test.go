package update_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/storetest"
)

func newStore(t *testing.T, quads ...rdf.Quad) *store.Store {
	t.Helper()
	opts := store.DefaultOptions()
	opts.InMemory = true
	s, err := store.Open("", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if len(quads) > 0 {
		if err := s.Update(context.Background(), func(tx *store.Txn) error {
			for _, q := range quads {
				if err := tx.Add(q); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func quads(t *testing.T, s *store.Store) []rdf.Quad {
	t.Helper()
	snap := s.Snapshot()
	defer snap.Close()
	var out []rdf.Quad
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	return out
}

var (
	exA = rdf.IRI("http://example.org/a")
	exP = rdf.IRI("http://example.org/p")
	exG = rdf.IRI("http://example.org/g")
	pub = rdf.IRI("http://ruche.test/graph/public-cc0")
)

// A request whose last operation fails leaves the store byte-identical:
// every earlier operation is undone with it.
func TestAllOrNothing(t *testing.T) {
	tests := []struct {
		name, src string
		opts      update.Options
		kind      update.Kind
	}{
		{"create existing", `INSERT DATA { <http://example.org/b> <http://example.org/p> 1 } ;
			DELETE WHERE { ?s ?p ?o } ;
			CREATE GRAPH <http://example.org/g>`, update.Options{}, update.Invalid},
		{"drop missing", `CLEAR ALL ; DROP GRAPH <http://example.org/none>`, update.Options{}, update.Invalid},
		{"forbidden graph", `INSERT DATA { <http://example.org/b> <http://example.org/p> 1 } ;
			INSERT DATA { GRAPH <http://ruche.test/graph/wiki> { <http://example.org/b> <http://example.org/p> 1 } }`,
			update.Options{Writable: func(g rdf.Term) bool { return g.Value != "http://ruche.test/graph/wiki" }}, update.Forbidden},
		{"load refused", `INSERT DATA { <http://example.org/b> <http://example.org/p> 1 } ; LOAD <http://169.254.169.254/latest/meta-data>`,
			update.Options{}, update.Forbidden},
		{"too many changes", `INSERT DATA { <http://example.org/b> <http://example.org/p> 1, 2, 3 }`,
			update.Options{MaxChanges: 2}, update.TooLarge},
		{"copy missing", `MOVE <http://example.org/a> TO <http://example.org/g> ; COPY <http://example.org/none> TO DEFAULT`,
			update.Options{}, update.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, rdf.Quad{S: exA, P: exP, O: rdf.String("x"), G: exG}, rdf.Quad{S: exA, P: exP, O: rdf.String("y")})
			before := storetest.Image(t, s)
			_, err := update.Run(context.Background(), s, tt.src, tt.opts)
			var ue *update.Error
			if !errors.As(err, &ue) || ue.Kind != tt.kind {
				t.Fatalf("error %v, want kind %d", err, tt.kind)
			}
			if after := storetest.Image(t, s); after != before {
				t.Fatalf("store changed:\n%s\nwant\n%s", after, before)
			}
		})
	}
}

// Blank nodes of an INSERT template are fresh for every solution, and
// differ from the store's.
func TestFreshBlankNodes(t *testing.T) {
	s := newStore(t, rdf.Quad{S: exA, P: exP, O: rdf.String("1")}, rdf.Quad{S: exA, P: exP, O: rdf.String("2")},
		rdf.Quad{S: rdf.Blank("b"), P: exP, O: rdf.String("0")})
	if _, err := update.Run(context.Background(), s, `INSERT { _:b <http://example.org/v> ?o } WHERE { <http://example.org/a> ?p ?o }`, update.Options{}); err != nil {
		t.Fatal(err)
	}
	blanks := map[rdf.Term]bool{}
	for _, q := range quads(t, s) {
		if q.P.Value == "http://example.org/v" {
			blanks[q.S] = true
		}
	}
	if len(blanks) != 2 || blanks[rdf.Blank("b")] {
		t.Fatalf("blank nodes %v, want two fresh ones", blanks)
	}
}

// With DefaultGraph set, the update's default graph is that named graph:
// data, templates and WHERE all address it; the store's default graph and
// other graphs are untouched.
func TestDefaultGraphIsNamed(t *testing.T) {
	s := newStore(t, rdf.Quad{S: exA, P: exP, O: rdf.String("old"), G: pub}, rdf.Quad{S: exA, P: exP, O: rdf.String("other"), G: exG})
	opts := update.Options{DefaultGraph: pub}
	res, err := update.Run(context.Background(), s, `PREFIX ex: <http://example.org/>
		DELETE { ex:a ex:p ?o } INSERT { ex:a ex:p "new" } WHERE { ex:a ex:p ?o } ;
		INSERT DATA { ex:a ex:q 1 }`, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []rdf.Quad{
		{S: exA, P: exP, O: rdf.String("new"), G: pub},
		{S: exA, P: rdf.IRI("http://example.org/q"), O: rdf.Literal("1", rdf.XSDInteger), G: pub},
		{S: exA, P: exP, O: rdf.String("other"), G: exG},
	}
	if got := quads(t, s); !rdf.Isomorphic(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	if !res.Graphs[pub] || res.Graphs[exG] || !res.Subjects[pub][exA] {
		t.Fatalf("result %+v", res)
	}
}

// CLEAR ALL skips the graphs the request may not write.
func TestClearAllSkipsForbidden(t *testing.T) {
	s := newStore(t, rdf.Quad{S: exA, P: exP, O: rdf.String("x"), G: exG}, rdf.Quad{S: exA, P: exP, O: rdf.String("y"), G: pub})
	opts := update.Options{Writable: func(g rdf.Term) bool { return g != pub }}
	if _, err := update.Run(context.Background(), s, `CLEAR ALL`, opts); err != nil {
		t.Fatal(err)
	}
	if got := quads(t, s); len(got) != 1 || got[0].G != pub {
		t.Fatalf("got %v", got)
	}
}

func TestSyntaxError(t *testing.T) {
	_, err := update.Parse(context.Background(), `INSERT DATA { ?s <p> 1 }`, update.Options{})
	var se *parser.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v, want a syntax error", err)
	}
	_, err = update.Parse(context.Background(), `DELETE {} USING <http://x> WHERE {}`, update.Options{UsingGraphs: []string{"http://y"}})
	var ue *update.Error
	if !errors.As(err, &ue) {
		t.Fatalf("error %v, want an *update.Error", err)
	}
}
