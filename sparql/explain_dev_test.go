package sparql

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ruche-lod/ruche/sparql/eval/memdataset"
)

func TestDevExplain(t *testing.T) {
	if os.Getenv("DEV_EXPLAIN") == "" {
		t.Skip()
	}
	b := &testing.B{}
	_ = b
	ds := memdataset.New()
	ds.Add(loadQuadsFile(t, os.Getenv(benchDataEnv))...)
	files, _ := filepath.Glob("../../shared/bench/queries/" + os.Getenv("DEV_EXPLAIN"))
	for _, f := range files {
		src, _ := os.ReadFile(f)
		q, err := Prepare(string(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s\n%s", f, q.Explain(ds))
	}
}
