package rdfio

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func repeat(head string, n int, sep string, item func(i int) string, tail string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item(i))
	}
	b.WriteString(tail)
	return b.String()
}

// TestHostileDecoding decodes inputs shaped to exhaust the stack or to
// take quadratic time, at sizes from 10k to 100k: each ends in a
// *LimitError or in its quads. No timing is asserted: the test timeout
// bounds the work.
func TestHostileDecoding(t *testing.T) {
	n := big(100_000)
	tests := []struct {
		name  string
		f     Format
		input string
		quads int // -1: a *LimitError
	}{
		{"turtle nested blank nodes", Turtle, "<http://ex/s> <http://ex/p> " + strings.Repeat("[ <http://ex/p> ", n) + "1" + strings.Repeat("]", n) + " .", -1},
		{"turtle nested collections", Turtle, "<http://ex/s> <http://ex/p> " + strings.Repeat("(", n) + strings.Repeat(")", n) + " .", -1},
		{"trig nested blank nodes", TriG, "<http://ex/g> { <http://ex/s> <http://ex/p> " + strings.Repeat("[ <http://ex/p> ", n) + "1" + strings.Repeat("]", n) + " }", -1},
		{"turtle collection", Turtle, repeat("<http://ex/s> <http://ex/p> (", n, " ", func(i int) string { return fmt.Sprint(i) }, ") ."), 2*n + 1},
		{"turtle objects", Turtle, repeat("<http://ex/s> <http://ex/p> ", n, ", ", func(i int) string { return fmt.Sprint(i) }, " ."), n},
		{"turtle 80k prefixes", Turtle, repeat("", big(80_000), "\n", func(i int) string { return fmt.Sprintf("@prefix p%d: <http://ex/%d/> .", i, i) }, "\np0:s p0:p p1:o ."), 1},
		{"turtle 80k prefix redefinitions", Turtle, repeat("", big(80_000), "\n", func(i int) string {
			return fmt.Sprintf("PREFIX p%d: <http://ex/%d/> PREFIX p%d: <http://ex/x%d/>", i, i, i, i)
		}, "\np0:s p0:p p1:o ."), 1},
		{"rdf/xml nested descriptions", RDFXML, `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">` +
			strings.Repeat(`<rdf:Description><ex:p>`, n) + strings.Repeat(`</ex:p></rdf:Description>`, n) + `</rdf:RDF>`, n},
		{"json-ld nested arrays", JSONLD, strings.Repeat("[", n) + strings.Repeat("]", n), -1},
		{"json-ld nested objects", JSONLD, strings.Repeat(`{"http://ex/p": `, n) + "1" + strings.Repeat("}", n), -1},
		{"json-ld nested 100 nodes", JSONLD, strings.Repeat(`{"http://ex/p": `, 100) + "1" + strings.Repeat("}", 100), 100},
		{"json-ld brackets in strings", JSONLD, `{"@id": "http://ex/s", "http://ex/p": "` + strings.Repeat(`[{\"`, n) + `"}`, 1},
		{"json-ld 10k values", JSONLD, repeat(`{"@context": {"name": "http://schema.org/name"}, "@id": "http://ex/a", "name": [`, big(10_000), ",", func(i int) string { return fmt.Sprintf(`"v%d"`, i) }, "]}"), big(10_000)},
		{"json-ld 50k values with duplicates", JSONLD, repeat(`{"@id": "http://ex/a", "http://ex/p": [`, big(50_000), ",", func(i int) string { return fmt.Sprintf(`"v%d"`, i%1000) }, "]}"), 1000},
		{"json-ld 20k references", JSONLD, repeat(`{"@id": "http://ex/a", "http://ex/p": [`, big(20_000), ",", func(i int) string { return fmt.Sprintf(`{"@id": "http://ex/o%d"}`, i) }, "]}"), big(20_000)},
		{"json-ld 20k values of a blank node in a graph", JSONLD, repeat(`{"@id": "http://ex/g", "@graph": [{"http://ex/p": [`, big(20_000), ",", func(i int) string { return fmt.Sprintf(`{"@value": "%d", "@language": "fr"}`, i) }, "]}]}"), big(20_000)},
		{"json-ld 10k types", JSONLD, repeat(`{"@id": "http://ex/a", "@type": [`, big(10_000), ",", func(i int) string { return fmt.Sprintf(`"http://ex/T%d"`, i) }, "]}"), big(10_000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs, err := decodeAll(t, tc.f, tc.input, DecodeOptions{BaseIRI: "http://ex/"})
			var le *LimitError
			switch {
			case tc.quads < 0:
				if !errors.As(err, &le) {
					t.Fatalf("%d quads, error %v; want a *LimitError", len(qs), err)
				}
			case err != nil:
				t.Fatalf("error %v, want %d quads", err, tc.quads)
			case len(qs) != tc.quads:
				t.Errorf("%d quads, want %d", len(qs), tc.quads)
			}
		})
	}
}

// TestJSONLDHeldValues checks the work-around for json-gold's quadratic
// node map: a node with long lists of values gives the same graph as the
// same values spread over short lists, which json-gold handles alone.
func TestJSONLDHeldValues(t *testing.T) {
	vals := func(from, to int) string {
		var parts []string
		for i := from; i < to; i++ {
			switch i % 4 {
			case 0:
				parts = append(parts, fmt.Sprintf(`"v%d"`, i%30))
			case 1:
				parts = append(parts, fmt.Sprintf(`{"@id": "http://ex/o%d"}`, i%30))
			case 2:
				parts = append(parts, fmt.Sprintf(`{"http://ex/q": %d}`, i))
			case 3:
				parts = append(parts, fmt.Sprintf(`{"@value": "%d", "@type": "http://ex/dt"}`, i%7))
			}
		}
		return strings.Join(parts, ", ")
	}
	types := func(from, to int) string {
		var parts []string
		for i := from; i < to; i++ {
			parts = append(parts, fmt.Sprintf(`"http://ex/T%d"`, i%25))
		}
		return strings.Join(parts, ", ")
	}
	long := `{"@graph": [{"@id": "http://ex/a", "@type": [` + types(0, 60) + `], "http://ex/p": [` + vals(0, 200) + `]},
		{"http://ex/r": [` + vals(0, 100) + `]}]}`
	var short []string
	for i := 0; i < 200; i += 20 {
		short = append(short, `{"@id": "http://ex/a", "http://ex/p": [`+vals(i, i+20)+`]}`)
	}
	short = append(short, `{"@id": "http://ex/a", "@type": [`+types(0, 30)+`]}`, `{"@id": "http://ex/a", "@type": [`+types(30, 60)+`]}`)
	shortDoc := `{"@graph": [` + strings.Join(short, ",") + `, {"@id": "_:r", "http://ex/r": [` + vals(0, 20) + `]}`
	for i := 20; i < 100; i += 20 {
		shortDoc += `, {"@id": "_:r", "http://ex/r": [` + vals(i, i+20) + `]}`
	}
	shortDoc += `]}`
	a, err := decodeAll(t, JSONLD, long, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := decodeAll(t, JSONLD, shortDoc, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rdf.Isomorphic(a, b) {
		t.Errorf("long lists give %d quads, short lists %d, not isomorphic", len(a), len(b))
	}
}

func TestEmbedDepthBound(t *testing.T) {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	p := ex("p")
	chain := func(n int) []rdf.Quad {
		var qs []rdf.Quad
		for i := range n {
			qs = append(qs, rdf.Quad{S: rdf.Blank(fmt.Sprint("b", i)), P: p, O: rdf.Blank(fmt.Sprint("b", i+1))})
		}
		return qs
	}
	cycle := []rdf.Quad{{S: ex("a"), P: p, O: ex("b")}, {S: ex("b"), P: p, O: ex("c")}, {S: ex("c"), P: p, O: ex("a")}, {S: ex("c"), P: p, O: ex("d")}, {S: ex("d"), P: p, O: rdf.String("x")}}
	star := []rdf.Quad{{S: ex("a"), P: p, O: ex("b")}, {S: ex("a"), P: p, O: ex("c")}, {S: ex("b"), P: p, O: ex("x")}, {S: ex("c"), P: p, O: ex("x")}}
	for _, tc := range []struct {
		name  string
		quads []rdf.Quad
		want  int
	}{
		{"empty", nil, 0},
		{"chain 10", chain(10), 10},
		{"chain 100k", chain(100_000), 100_000},
		{"cycle and tail", cycle, 4},
		{"star", star, 2},
	} {
		if got := embedDepthBound(tc.quads); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestFrameDeepChain frames a resource holding a chain of blank nodes: a
// short chain is embedded, a long one written flat, with all its nodes.
func TestFrameDeepChain(t *testing.T) {
	frame := map[string]any{"@context": map[string]any{"p": map[string]any{"@id": "http://ex/p", "@type": "@id"}}, "@id": "http://ex/a"}
	for _, n := range []int{10, big(50_000)} {
		qs := []rdf.Quad{{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.Blank("b0")}}
		for i := range n {
			qs = append(qs, rdf.Quad{S: rdf.Blank(fmt.Sprint("b", i)), P: rdf.IRI("http://ex/p"), O: rdf.Blank(fmt.Sprint("b", i+1))})
		}
		doc, err := FrameJSONLD(qs, frame, FrameOptions{})
		if err != nil {
			t.Fatal(err)
		}
		graph, flat := doc["@graph"].([]any)
		if flat != (n > maxEmbedDepth) {
			t.Errorf("chain of %d: flat = %v", n, flat)
		}
		if flat && len(graph) != n+1 {
			t.Errorf("chain of %d: %d nodes in @graph, want %d", n, len(graph), n+1)
		}
	}
}
