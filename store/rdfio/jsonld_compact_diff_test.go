package rdfio

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// TestCompactShortcutW3C is a differential test of the compaction path of
// CompactJSONLD (a context parsed once, its inverse built before use, then
// JsonLdApi.Compact and the final steps in compactExpanded): on every
// JSON-LD 1.1 test of the W3C compaction suite, it must give exactly what
// json-gold's JsonLdProcessor.Compact gives.
func TestCompactShortcutW3C(t *testing.T) {
	dir := jsonldSuiteDir(t)
	loader := w3cLoader{dir: dir}
	compared := 0
	for _, tc := range readJSONLDManifest(t, dir, "compact-manifest.jsonld") {
		if tc.option("processingMode") == ld.JsonLd_1_0 || tc.option("specVersion") == ld.JsonLd_1_0 ||
			!tc.is("jld:PositiveEvaluationTest") || tc.Option["compactArrays"] == false || tc.Option["compactToRelative"] == false {
			continue
		}
		t.Run(strings.TrimPrefix(tc.ID, "#"), func(t *testing.T) {
			input, err := loader.LoadContext(jsonldTestBase + tc.Input)
			if err != nil {
				t.Fatal(err)
			}
			context, err := loader.LoadContext(jsonldTestBase + tc.Context)
			if err != nil {
				t.Fatal(err)
			}
			cfg := jsonldConfig{base: jsonldTestBase + tc.Input, loader: offlineLoader{contexts: loader}}
			if b := tc.option("base"); b != "" {
				cfg.base = b
			}
			var want, got map[string]any
			if err := callJSONGold("compact", func() error {
				var err error
				want, err = ld.NewJsonLdProcessor().Compact(ld.CloneDocument(input), ld.CloneDocument(context), cfg.options())
				return err
			}); err != nil {
				t.Skipf("json-gold itself fails: %v", err)
			}
			err = callJSONGold("compact", func() error {
				opts := cfg.options()
				expanded, err := ld.NewJsonLdProcessor().Expand(ld.CloneDocument(input), opts)
				if err != nil {
					return err
				}
				ctx, err := ld.NewContext(nil, opts).Parse(ld.CloneDocument(innerContext(context)))
				if err != nil {
					return err
				}
				ctx.GetInverse()
				got, err = compactExpanded(expanded, ctx)
				return err
			})
			if err != nil {
				t.Fatalf("the shortcut fails where json-gold does not: %v", err)
			}
			delete(want, "@context")
			w, _ := json.Marshal(want)
			g, _ := json.Marshal(got)
			if !bytes.Equal(w, g) {
				t.Errorf("shortcut:\n%s\njson-gold:\n%s", g, w)
			}
			compared++
		})
	}
	if compared < 150 {
		t.Errorf("only %d documents compared", compared)
	}
	t.Logf("%d documents give the same result", compared)
}
