package sparql

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

func genIn(n int) string {
	var b strings.Builder
	b.WriteString("SELECT * WHERE { ?s ?p ?o FILTER(?o IN (")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%d", i)
	}
	b.WriteString(")) }")
	return b.String()
}

func genUnion(n int) string {
	var b strings.Builder
	b.WriteString("SELECT * WHERE { ")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(" UNION ")
		}
		fmt.Fprintf(&b, "{ ?s ?p %d }", i)
	}
	b.WriteString(" }")
	return b.String()
}

func genAnd(n int) string {
	var b strings.Builder
	b.WriteString("SELECT * WHERE { ?s ?p ?o FILTER(")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(" && ")
		}
		fmt.Fprintf(&b, "?o != %d", i)
	}
	b.WriteString(") }")
	return b.String()
}

func genBind(n int) string {
	var b strings.Builder
	b.WriteString("SELECT * WHERE { BIND(0 AS ?v0) ")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "BIND(?v%d + 1 AS ?v%d) ", i-1, i)
	}
	b.WriteString("}")
	return b.String()
}

func TestMeasureHA(t *testing.T) {
	if os.Getenv("RUCHE_MEASURE") == "" {
		t.Skip()
	}
	mem := memdataset.New()
	mem.Add(rdf.Quad{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.Literal("5", rdf.XSDInteger)})
	var ds Dataset = mem
	if os.Getenv("RUCHE_MEASURE_STORE") != "" {
		opts := store.DefaultOptions()
		opts.InMemory = true
		st, err := store.Open("", opts)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
		_, err = st.BulkLoad(context.Background(), func(yield func(rdf.Quad) error) error {
			for i := range 2000 {
				p := ex(fmt.Sprintf("p%d", i))
				for _, q := range []rdf.Quad{
					{S: p, P: ex("type"), O: ex("Person")},
					{S: p, P: ex("age"), O: rdf.Literal(fmt.Sprint(i%90), rdf.XSDInteger)},
					{S: p, P: ex("group"), O: ex(fmt.Sprintf("g%d", i%20))},
				} {
					if err := yield(q); err != nil {
						return err
					}
				}
			}
			return nil
		}, store.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		snap := st.Snapshot()
		defer snap.Close()
		ds = StoreDataset(snap)
	}
	for _, tc := range []struct {
		name string
		q    string
	}{
		{"in100k", genIn(100000)},
		{"union25k", genUnion(25000)},
		{"and80k", genAnd(80000)},
		{"bind9k", genBind(9000)},
		{"in100kIRI", genInIRI(100000)},
		{"in3IRI", genInIRI(3)},
		{"in30IRI", genInIRI(30)},
	} {
		if w := os.Getenv("RUCHE_MEASURE"); w != "all" && w != tc.name {
			continue
		}
		done := make(chan struct{})
		start := time.Now()
		go func() {
			defer close(done)
			q, err := Prepare(tc.q, Options{})
			if err != nil {
				t.Logf("%s: prepare %v after %v", tc.name, err, time.Since(start))
				return
			}
			t.Logf("%s: prepared in %v", tc.name, time.Since(start))
			res, err := q.Exec(context.Background(), ds, Limits{})
			if err != nil {
				t.Logf("%s: exec %v after %v", tc.name, err, time.Since(start))
				return
			}
			n := 0
			for _, err := range res.Solutions() {
				if err != nil {
					t.Logf("%s: %v", tc.name, err)
					break
				}
				n++
			}
			t.Logf("%s: %d rows, total %v", tc.name, n, time.Since(start))
		}()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			t.Logf("%s: no answer in 40s", tc.name)
		}
	}
}

func genInIRI(n int) string {
	var b strings.Builder
	b.WriteString("SELECT * WHERE { ?s ?p ?o FILTER(?s IN (")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "<http://ex/%d>", i)
	}
	b.WriteString(")) }")
	return b.String()
}
