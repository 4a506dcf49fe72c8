package sparql_test

import (
	"context"
	"fmt"
	"time"

	"github.com/ruche-lod/ruche/sparql"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store/rdf"
)

func Example() {
	// Any Dataset works; the store is wrapped with sparql.StoreDataset.
	ds := memdataset.New()
	ds.Add(
		rdf.Quad{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/name"), O: rdf.String("Anne")},
		rdf.Quad{S: rdf.IRI("http://ex/b"), P: rdf.IRI("http://ex/name"), O: rdf.String("Bob")},
	)
	q, err := sparql.Prepare(`SELECT ?s ?name WHERE { ?s <http://ex/name> ?name } ORDER BY ?name`, sparql.Options{})
	if err != nil {
		fmt.Println(err) // a *parser.SyntaxError with line and column
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := q.Exec(ctx, ds, sparql.Limits{MaxResults: 1000, MaxMemoryRows: 100000})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Vars)
	for row, err := range res.Solutions() {
		if err != nil {
			fmt.Println(err) // a *sparql.LimitError or a deadline
			return
		}
		fmt.Println(row[0], row[1])
	}
	// Output:
	// [s name]
	// <http://ex/a> "Anne"
	// <http://ex/b> "Bob"
}
