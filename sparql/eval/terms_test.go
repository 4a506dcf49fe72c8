package eval_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

// termsData is the in-memory dataset answering Terms by batches, counting
// the calls and failing the call numbered failAt (from 1; 0: never).
type termsData struct {
	*memdataset.Dataset
	calls, failAt int
}

var errTerms = errors.New("terms unreadable")

func (d *termsData) Terms(ids []eval.ID, out []rdf.Term) error {
	d.calls++
	if d.calls == d.failAt {
		return errTerms
	}
	for i, id := range ids {
		t, err := d.Term(id)
		if err != nil {
			return err
		}
		out[i] = t
	}
	return nil
}

// TestSelectBatchedTerms: over a dataset that reads terms by batches,
// SELECT gives the same solutions in the same order as one term at a
// time, asks for each batch's missing terms in one call, stops reading
// when the consumer stops, and yields the solutions before a failure, then
// the error; CONSTRUCT and DESCRIBE (one term at a time: batches did not
// make w29 faster) give the same triples over such a dataset.
func TestSelectBatchedTerms(t *testing.T) {
	mem := memdataset.New()
	const n = 1000
	for i := range n {
		s := ex(fmt.Sprintf("s%d", i))
		mem.Add(rdf.Quad{S: s, P: ex("v"), O: rdf.Literal(fmt.Sprint(i%37), rdf.XSDInteger)},
			rdf.Quad{S: s, P: ex("name"), O: rdf.String(fmt.Sprintf("name %d", i))})
	}
	queries := []string{
		`SELECT ?s ?v ?n WHERE { ?s :v ?v ; :name ?n } ORDER BY ?s`,
		`SELECT ?s ?x WHERE { ?s :v ?v OPTIONAL { ?s :missing ?x } } ORDER BY DESC(?s)`,
		`SELECT ?v (COUNT(*) AS ?c) (CONCAT("v", STR(?v)) AS ?label) WHERE { ?s :v ?v } GROUP BY ?v ORDER BY ?v`,
		`SELECT * WHERE { ?s :v 3 }`,
		`SELECT ?s WHERE { ?s :v 1000 }`, // no solution
		`CONSTRUCT { ?s :label ?n . ?s a :Thing . :all :has ?s } WHERE { ?s :v ?v ; :name ?n }`,
		`CONSTRUCT { ?s :seen [ :value ?v ] . ?s :value ?v } WHERE { ?s :v ?v }`,
		`CONSTRUCT { ?v :literalSubject ?s . ?s ?v ?s . ?s :has ?v } WHERE { ?s :v ?v }`,
		`DESCRIBE ?s WHERE { ?s :v 5 }`,
	}
	// results runs q, a SELECT (each solution a string) or a CONSTRUCT or
	// DESCRIBE (each triple a string), stopping after stop results.
	results := func(t *testing.T, ds eval.Dataset, q string, stop int) ([]string, error) {
		t.Helper()
		p := compile(t, q)
		if strings.HasPrefix(q, "SELECT") {
			return solutionStrings(context.Background(), p, ds, eval.Limits{}, stop)
		}
		var out []string
		for tr, err := range p.Triples(context.Background(), ds, eval.Limits{}) {
			if err != nil {
				return out, err
			}
			out = append(out, tr.S.String()+" "+tr.P.String()+" "+tr.O.String())
			if len(out) == stop {
				break
			}
		}
		return out, nil
	}
	for _, q := range queries {
		t.Run(q, func(t *testing.T) {
			want, err := results(t, mem, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			td := &termsData{Dataset: mem}
			got, err := results(t, td, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("batched: %d results, one by one %d; first difference near %q", len(got), len(want), firstDiff(got, want))
			}
			if !strings.HasPrefix(q, "SELECT") {
				if len(want) == 0 {
					t.Fatal("no triple: the query tests nothing")
				}
			} else if batches := (len(want) + 255) / 256; len(want) > 0 && (td.calls == 0 || td.calls > batches) {
				t.Errorf("%d calls of Terms for %d solutions, want 1 to %d", td.calls, len(want), batches)
			}
			if stop := min(len(want), 300); stop > 0 {
				got, err := results(t, &termsData{Dataset: mem}, q, stop)
				if err != nil || !slices.Equal(got, want[:stop]) {
					t.Fatalf("stopped after %d: %d results, %v", stop, len(got), err)
				}
			}
		})
	}
	q := queries[0]
	t.Run("consumer stops", func(t *testing.T) {
		td := &termsData{Dataset: mem}
		got, err := results(t, td, q, 10)
		if err != nil || len(got) != 10 {
			t.Fatalf("%d solutions, %v", len(got), err)
		}
		if td.calls != 1 {
			t.Errorf("%d calls of Terms after the consumer stopped in the first batch", td.calls)
		}
	})
	t.Run("failure", func(t *testing.T) {
		td := &termsData{Dataset: mem, failAt: 3}
		got, err := results(t, td, q, 0)
		if !errors.Is(err, errTerms) {
			t.Fatalf("error %v, want %v", err, errTerms)
		}
		if len(got) != 2*256 {
			t.Errorf("%d solutions before the failure, want the two batches read before it (512)", len(got))
		}
	})
}
