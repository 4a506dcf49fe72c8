package rdfio

import (
	"bytes"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// benchContext returns a ~50-term subset of ruche's context: its keywords
// and prefixes, then terms in name order.
func benchContext(b *testing.B) map[string]any {
	full := radnContext(b).(map[string]any)["@context"].(map[string]any)
	inner := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(full)) {
		if strings.HasPrefix(k, "@") || len(inner) < 50 {
			inner[k] = full[k]
		}
	}
	return map[string]any{"@context": inner}
}

// BenchmarkJSONLDEncode writes one ~40-triple resource as compacted
// JSON-LD against a ~50-term context, as the publishing layer does.
func BenchmarkJSONLDEncode(b *testing.B) {
	qs := chantierQuads(b)
	ctx := benchContext(b)
	b.ReportMetric(float64(len(qs)), "triples")
	b.ReportMetric(float64(len(ctx["@context"].(map[string]any))), "terms")
	var buf bytes.Buffer
	b.ReportAllocs()
	defer reportCPUTime(b)()
	for b.Loop() {
		buf.Reset()
		enc, _ := NewEncoder(JSONLD, &buf, EncodeOptions{Context: ctx, ContextIRI: radnContextIRI})
		for _, q := range qs {
			_ = enc.Encode(q)
		}
		if err := enc.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompactJSONLD(b *testing.B) {
	qs := chantierQuads(b)
	ctx := benchContext(b)
	b.ReportAllocs()
	defer reportCPUTime(b)()
	for b.Loop() {
		if _, err := CompactJSONLD(qs, ctx, radnContextIRI); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFrameJSONLD(b *testing.B) {
	qs := chantierQuads(b)
	frame := map[string]any{
		"@context": benchContext(b)["@context"],
		"@id":      "https://w3id.org/radn/id/chantiers/culture-des-donnees",
	}
	b.ReportAllocs()
	defer reportCPUTime(b)()
	for b.Loop() {
		if _, err := FrameJSONLD(qs, frame, FrameOptions{ContextIRI: radnContextIRI}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONLDDecode(b *testing.B) {
	src := readFile(b, "chantier.jsonld")
	contexts := radnContexts(b)
	b.ReportAllocs()
	defer reportCPUTime(b)()
	for b.Loop() {
		dec, _ := NewDecoder(JSONLD, strings.NewReader(src), DecodeOptions{Contexts: contexts})
		for {
			if _, err := dec.Decode(); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

// BenchmarkCompactJSONLDNaive is the baseline CompactJSONLD improves on:
// json-gold's own Compact, which parses the context and re-expands its
// input on every call.
func BenchmarkCompactJSONLDNaive(b *testing.B) {
	qs := chantierQuads(b)
	ctx := benchContext(b)
	expanded, err := expandedJSONLD(qs, fromRDFOptions{})
	if err != nil {
		b.Fatal(err)
	}
	opts := jsonldConfig{}.options()
	b.ReportAllocs()
	defer reportCPUTime(b)()
	for b.Loop() {
		if _, err := ld.NewJsonLdProcessor().Compact(ld.CloneDocument(expanded), ctx, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExpandedJSONLD measures the FromRDF step alone.
func BenchmarkExpandedJSONLD(b *testing.B) {
	qs := chantierQuads(b)
	b.ReportAllocs()
	defer reportCPUTime(b)()
	for b.Loop() {
		if _, err := expandedJSONLD(qs, fromRDFOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
