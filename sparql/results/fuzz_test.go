package results

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// addSeeds adds the golden file and a few W3C files with the extension.
func addSeeds(f *testing.F, ext string) {
	f.Helper()
	if b, err := os.ReadFile(filepath.Join("testdata", "sample"+ext)); err == nil {
		f.Add(b)
	}
	matches, _ := filepath.Glob(filepath.Join(w3cDir, "sparql11", "*", "*"+ext))
	for i, m := range matches {
		if i >= 20 {
			break
		}
		if b, err := os.ReadFile(m); err == nil {
			f.Add(b)
		}
	}
}

// checkReparse writes a result set that was read without error as JSON and
// reads it back: the reader must only accept what the writer can carry.
func checkReparse(t *testing.T, rs *ResultSet) {
	var buf bytes.Buffer
	if err := rs.Write(JSON, &buf); err != nil {
		t.Fatalf("write: %v", err)
	}
	back, err := Read(JSON, &buf)
	if err != nil {
		t.Fatalf("re-read: %v\n%s", err, buf.String())
	}
	if !Equivalent(rs, back, true) {
		t.Fatalf("JSON round trip changed the results:\n%+v\n%+v", rs, back)
	}
}

func FuzzReadJSON(f *testing.F) {
	addSeeds(f, ".srj")
	f.Add([]byte(`{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"x","xml:lang":"en"}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Read(JSON, bytes.NewReader(data))
		if err != nil {
			return
		}
		checkReparse(t, rs)
	})
}

func FuzzReadXML(f *testing.F) {
	addSeeds(f, ".srx")
	f.Add([]byte(`<sparql><head><variable name="a"/></head><results><result><binding name="a"><bnode>b</bnode></binding></result></results></sparql>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Read(XML, bytes.NewReader(data))
		if err != nil {
			return
		}
		checkReparse(t, rs)
	})
}

func FuzzReadTSV(f *testing.F) {
	addSeeds(f, ".tsv")
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Read(TSV, bytes.NewReader(data))
		if err != nil {
			return
		}
		checkReparse(t, rs)
	})
}

func BenchmarkWriteJSON(b *testing.B) {
	row := []rdf.Term{
		rdf.IRI("http://example.org/resource/chantier/12345"),
		rdf.LangString("Réfection de la toiture", "fr"),
		rdf.Literal("2026-11-25T10:00:00Z", rdf.XSDDateTime),
		rdf.Literal("12345", rdf.XSDInteger),
	}
	vars := []string{"s", "label", "date", "n"}
	const rows = 1000
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		w := NewWriter(JSON, &buf, vars)
		for range rows {
			if err := w.Write(row); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportMetric(float64(b.N)*rows/b.Elapsed().Seconds(), "rows/s")
}
