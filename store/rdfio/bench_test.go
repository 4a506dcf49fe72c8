package rdfio

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// benchQuads builds n quads shaped like the bench dataset: typed resources
// with labels, dates, numbers and links to other resources.
func benchQuads(n int) []rdf.Quad {
	const ns = "https://example.org/adn/"
	qs := make([]rdf.Quad, 0, n)
	for i := 0; len(qs) < n; i++ {
		s := rdf.IRI(fmt.Sprintf("%sperson/%d", ns, i))
		qs = append(qs,
			rdf.Quad{S: s, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(ns + "ns#Person")},
			rdf.Quad{S: s, P: rdf.IRI("http://xmlns.com/foaf/0.1/name"), O: rdf.String(fmt.Sprintf("Personne numéro %d", i))},
			rdf.Quad{S: s, P: rdf.IRI("http://www.w3.org/2000/01/rdf-schema#label"), O: rdf.LangString(fmt.Sprintf("Person %d", i), "en")},
			rdf.Quad{S: s, P: rdf.IRI(ns + "ns#born"), O: rdf.Literal(fmt.Sprintf("19%02d-0%d-1%d", i%100, i%9+1, i%10), rdf.XSDDate)},
			rdf.Quad{S: s, P: rdf.IRI(ns + "ns#age"), O: rdf.Literal(fmt.Sprint(20+i%60), rdf.XSDInteger)},
			rdf.Quad{S: s, P: rdf.IRI(ns + "ns#worksOn"), O: rdf.IRI(fmt.Sprintf("%schantier/%d", ns, i/10))},
			rdf.Quad{S: s, P: rdf.IRI("http://xmlns.com/foaf/0.1/knows"), O: rdf.IRI(fmt.Sprintf("%sperson/%d", ns, (i*7+3)%(n/8+1)))},
			rdf.Quad{S: s, P: rdf.IRI(ns + "ns#note"), O: rdf.String("Une note \"citée\"\net multiligne")},
		)
	}
	return qs[:n]
}

func encodeBench(b *testing.B, f Format, qs []rdf.Quad, opts EncodeOptions) []byte {
	var buf bytes.Buffer
	enc, err := NewEncoder(f, &buf, opts)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			b.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchDecode(b *testing.B, f Format, data []byte, n int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	done := reportCPUTime(b)
	for b.Loop() {
		dec, err := NewDecoder(f, bytes.NewReader(data), DecodeOptions{BaseIRI: "http://ex/"})
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for {
			_, err := dec.Decode()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			got++
		}
		if got != n {
			b.Fatalf("decoded %d quads, want %d", got, n)
		}
	}
	done()
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "triples/s")
}

const benchSize = 100_000

func BenchmarkDecodeNTriples(b *testing.B) {
	data := encodeBench(b, NTriples, benchQuads(benchSize), EncodeOptions{})
	benchDecode(b, NTriples, data, benchSize)
}

func BenchmarkEncodeNQuads(b *testing.B) {
	qs := benchQuads(benchSize)
	for i := range qs {
		qs[i].G = rdf.IRI("https://example.org/adn/graph/1")
	}
	size := len(encodeBench(b, NQuads, qs, EncodeOptions{}))
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	done := reportCPUTime(b)
	for b.Loop() {
		enc, _ := NewEncoder(NQuads, io.Discard, EncodeOptions{})
		for _, q := range qs {
			if err := enc.Encode(q); err != nil {
				b.Fatal(err)
			}
		}
		if err := enc.Close(); err != nil {
			b.Fatal(err)
		}
	}
	done()
	b.ReportMetric(float64(len(qs))*float64(b.N)/b.Elapsed().Seconds(), "triples/s")
}

func BenchmarkDecodeTurtle(b *testing.B) {
	data := encodeBench(b, Turtle, benchQuads(benchSize), EncodeOptions{Prefixes: map[string]string{
		"adn": "https://example.org/adn/", "ns": "https://example.org/adn/ns#", "foaf": "http://xmlns.com/foaf/0.1/",
		"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": rdf.XSDNS,
	}})
	benchDecode(b, Turtle, data, benchSize)
}

// BenchmarkEncodeTurtle writes a document that fits the window (grouped,
// blank nodes in place) and one that overflows it (flat).
func BenchmarkEncodeTurtle(b *testing.B) {
	opts := EncodeOptions{Prefixes: map[string]string{"adn": "https://example.org/adn/", "ns": "https://example.org/adn/ns#"}}
	for _, n := range []int{turtleWindow * 8 / 10, benchSize} {
		qs := benchQuads(n)
		for i := 0; i < len(qs); i += 8 { // a blank node per resource
			qs[i].O = rdf.Blank(fmt.Sprint("b", i))
			qs = append(qs, rdf.Quad{S: qs[i].O, P: rdf.IRI("https://example.org/adn/ns#kind"), O: rdf.String("x")})
		}
		mode := "nested"
		if len(qs) > turtleWindow {
			mode = "flat"
		}
		b.Run(fmt.Sprint(mode, "-", len(qs)), func(b *testing.B) {
			b.SetBytes(int64(len(encodeBench(b, Turtle, qs, opts))))
			b.ReportAllocs()
			b.ResetTimer()
			done := reportCPUTime(b)
			for b.Loop() {
				encodeBench(b, Turtle, qs, opts)
			}
			done()
			b.ReportMetric(float64(len(qs))*float64(b.N)/b.Elapsed().Seconds(), "triples/s")
		})
	}
}
