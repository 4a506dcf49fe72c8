package rdfio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// TestJSONLDRoundTripW3C reads every JSON-LD document of the W3C API suite
// that decodes, writes it back (expanded, compacted against a bare @vocab
// context and against ruche's own context, framed) and checks that the
// output reads back as the same dataset.
func TestJSONLDRoundTripW3C(t *testing.T) {
	dir := jsonldSuiteDir(t)
	var files []string
	// expand and flatten mostly repeat the toRdf inputs.
	for _, sub := range []string{"toRdf", "compact", "fromRdf"} {
		f, _ := filepath.Glob(filepath.Join(dir, sub, "*.jsonld"))
		files = append(files, f...)
	}
	loader := w3cLoader{dir: dir}
	encodings := map[string]EncodeOptions{
		"expanded": {},
		"vocab":    {Context: map[string]any{"@context": map[string]any{"@vocab": "http://example.org/"}}},
		"radn":     {Context: radnContext(t)},
	}
	contexts := radnContexts(t)
	decoded := 0
	for _, p := range files {
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := decodeJSONLD(t, string(data), DecodeOptions{BaseIRI: jsonldTestBase + filepath.ToSlash(rel), Contexts: loader})
		if err != nil || len(qs) == 0 {
			continue
		}
		decoded++
		for name, opts := range encodings {
			var buf bytes.Buffer
			enc, _ := NewEncoder(JSONLD, &buf, opts)
			for _, q := range qs {
				_ = enc.Encode(q)
			}
			if err := enc.Close(); err != nil {
				// An IRI such as "foaf:Person" cannot be written with a
				// context that defines the prefix foaf: a spec error.
				var lderr *ld.JsonLdError
				if errors.As(err, &lderr) && lderr.Code == ld.IRIConfusedWithPrefix {
					continue
				}
				t.Errorf("%s, %s: %v", rel, name, err)
				continue
			}
			out := buf.Bytes()
			back, err := decodeJSONLD(t, string(out), DecodeOptions{Contexts: contexts})
			if err != nil || !rdf.Isomorphic(back, qs) {
				t.Errorf("%s, %s: the output does not read back as the input (%v)\n%s\ninput:\n%s\nread back:\n%s",
					rel, name, err, out, nquadsText(qs), nquadsText(back))
			}
		}
	}
	if decoded < 800 {
		t.Errorf("only %d documents decoded", decoded)
	}
	t.Logf("%d documents round-tripped", decoded)
}
