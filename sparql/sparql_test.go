package sparql

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/sparql/parser"
	"github.com/ruche-lod/ruche/store/rdf"
)

func TestPrepareErrors(t *testing.T) {
	tests := []struct {
		name, q   string
		line, col int
	}{
		{"syntax", "SELECT * WHERE {\n  ?s ?p }", 2, 9},
		{"scope", "SELECT * WHERE {\n ?s ?p ?o BIND(1 AS ?o) }", 2, 11},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Prepare(tc.q, Options{})
			var se *parser.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *parser.SyntaxError", err)
			}
			if se.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", se.Line, tc.line, err)
			}
		})
	}
}

func TestExecForms(t *testing.T) {
	ds := memdataset.New()
	ds.Add(rdf.Quad{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.IRI("http://ex/b"), G: rdf.IRI("http://ex/g")})
	ctx := context.Background()
	tests := []struct {
		name, q string
		opts    Options
		want    string
	}{
		{"ask union default", `ASK { ?s ?p ?o }`, Options{}, "true"},
		{"ask strict default", `ASK { ?s ?p ?o }`, Options{StrictDefaultGraph: true}, "false"},
		{"protocol default graph", `ASK { ?s ?p ?o }`, Options{DefaultGraphs: []string{"http://ex/g"}}, "true"},
		{"protocol named graphs", `ASK { GRAPH ?g { ?s ?p ?o } }`, Options{NamedGraphs: []string{"http://ex/other"}}, "false"},
		{"construct", `CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }`, Options{}, "<http://ex/b> <http://ex/p> <http://ex/a>"},
		{"describe", `DESCRIBE <http://ex/a>`, Options{}, "<http://ex/a> <http://ex/p> <http://ex/b>"},
		{"select", `SELECT ?o WHERE { ?s ?p ?o }`, Options{}, "<http://ex/b>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Prepare(tc.q, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			res, err := q.Exec(ctx, ds, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			switch q.Form() {
			case Ask:
				got = append(got, map[bool]string{true: "true", false: "false"}[res.Boolean])
			case Select:
				for row, err := range res.Solutions() {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, row[0].String())
				}
			default:
				for tr, err := range res.Triples() {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, tr.S.String()+" "+tr.P.String()+" "+tr.O.String())
				}
			}
			if s := strings.Join(got, "\n"); s != tc.want {
				t.Errorf("got %q, want %q", s, tc.want)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	q, err := Prepare(`SELECT * WHERE { ?s <http://ex/p> ?o . ?o <http://ex/q> ?z }`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan := q.Explain(memdataset.New())
	if !strings.Contains(plan, "(bgp") || !strings.Contains(plan, "<http://ex/q>") {
		t.Errorf("unexpected plan:\n%s", plan)
	}
}
