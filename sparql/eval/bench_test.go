package eval_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval"
	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/sparql/optimize"
	"github.com/ruche-lod/ruche/store/rdf"
)

// benchData has n people, each in one of n/50 groups, with a name, an age
// and a parent link that forms chains of length 10.
func benchData(n int) *memdataset.Dataset {
	ds := memdataset.New()
	qs := make([]rdf.Quad, 0, 5*n)
	for i := range n {
		p := ex(fmt.Sprintf("p%d", i))
		qs = append(qs,
			rdf.Quad{S: p, P: ex("type"), O: ex("Person")},
			rdf.Quad{S: p, P: ex("name"), O: rdf.String(fmt.Sprintf("name %d", (i*7919)%n))},
			rdf.Quad{S: p, P: ex("age"), O: rdf.Literal(fmt.Sprint(i%90), rdf.XSDInteger)},
			rdf.Quad{S: p, P: ex("group"), O: ex(fmt.Sprintf("g%d", i%(n/50)))},
		)
		if i%10 != 0 {
			qs = append(qs, rdf.Quad{S: p, P: ex("parent"), O: ex(fmt.Sprintf("p%d", i-1))})
		}
	}
	ds.Add(qs...)
	ds.Estimate(eval.IDQuad{}) // build indexes outside the timings
	return ds
}

func runBench(b *testing.B, ds eval.Dataset, src string) {
	q := translate(b, src)
	q.Op = optimize.Optimize(q.Op, ds)
	p, err := eval.Compile(q, eval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for b.Loop() {
		rows = 0
		for _, err := range p.Select(context.Background(), ds, eval.Limits{}) {
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
}

func BenchmarkBGPJoin(b *testing.B) {
	runBench(b, benchData(20000), `SELECT ?p ?n ?g WHERE { ?p :type :Person ; :name ?n ; :group ?g }`)
}

func BenchmarkBGPJoinSelective(b *testing.B) {
	runBench(b, benchData(20000), `SELECT ?p ?n WHERE { ?p :group :g7 ; :name ?n ; :age ?a }`)
}

func BenchmarkGroupCount(b *testing.B) {
	runBench(b, benchData(20000), `SELECT ?g (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p :group ?g } GROUP BY ?g`)
}

func BenchmarkPathPlus(b *testing.B) {
	runBench(b, benchData(20000), `SELECT ?p ?a WHERE { ?p :parent+ ?a }`)
}

func BenchmarkOrderByLimit(b *testing.B) {
	runBench(b, benchData(20000), `SELECT ?p ?n WHERE { ?p :name ?n } ORDER BY ?n LIMIT 10 OFFSET 100`)
}
