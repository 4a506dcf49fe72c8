package rdfio

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// TestFrameShortcutW3C is a differential test of frameExpanded, which
// expands the frame and compacts the result with a cached context instead
// of letting json-gold parse the frame's context twice: on every input and
// frame of the W3C framing suite (JSON-LD 1.1 tests), it must give exactly
// what json-gold's own JsonLdProcessor.Frame gives.
func TestFrameShortcutW3C(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "w3c", "json-ld-framing", "tests")
	data, err := os.ReadFile(filepath.Join(dir, "frame-manifest.jsonld"))
	if err != nil {
		t.Skipf("W3C framing suite not found at %s: %v", dir, err)
	}
	var m jsonldManifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	const base = "https://w3c.github.io/json-ld-framing/tests/"
	read := func(rel string) any {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		v, err := parseJSON(b, rel)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	compared := 0
	for _, tc := range m.Sequence {
		if tc.option("processingMode") == ld.JsonLd_1_0 || tc.option("specVersion") == ld.JsonLd_1_0 ||
			!tc.is("jld:PositiveEvaluationTest") {
			continue
		}
		t.Run(strings.TrimPrefix(tc.ID, "#"), func(t *testing.T) {
			frame, ok := read(tc.Frame).(map[string]any)
			if !ok {
				t.Skip("frame is not an object")
			}
			input := read(tc.Input)
			opts := jsonldConfig{base: base + tc.Input}.options()
			if v, ok := tc.Option["omitGraph"].(bool); ok {
				opts.OmitGraph = v
			}
			var want, got map[string]any
			errWant := callJSONGold("frame", func() error {
				var err error
				want, err = ld.NewJsonLdProcessor().Frame(ld.CloneDocument(input), ld.CloneDocument(frame), opts)
				return err
			})
			if errWant != nil {
				t.Skipf("json-gold itself fails: %v", errWant)
			}
			errGot := callJSONGold("frame", func() error {
				expanded, err := ld.NewJsonLdProcessor().Expand(ld.CloneDocument(input), opts)
				if err != nil {
					return err
				}
				ctx, err := parsedContext(frame["@context"], "", offlineLoader{})
				if err != nil {
					return err
				}
				got, err = frameExpanded(expanded, frame, ctx, opts)
				return err
			})
			if errGot != nil {
				t.Fatalf("shortcut fails where json-gold does not: %v", errGot)
			}
			delete(want, "@context")
			delete(got, "@context")
			w, _ := json.Marshal(want)
			g, _ := json.Marshal(got)
			if !bytes.Equal(w, g) {
				t.Errorf("shortcut:\n%s\njson-gold:\n%s", g, w)
			}
			compared++
		})
	}
	if compared < 50 {
		t.Errorf("only %d frames compared", compared)
	}
	t.Logf("%d frames give the same result", compared)
}
