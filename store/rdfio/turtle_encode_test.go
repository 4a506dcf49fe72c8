package rdfio

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// goldenQuads exercises grouping, prefixed names, escapes, native forms,
// blank nodes and lists written in place.
func goldenQuads() []rdf.Quad {
	ex := func(s string) rdf.Term { return rdf.IRI("http://example.org/" + s) }
	g := ex("graph/1")
	return []rdf.Quad{
		{S: ex("alice"), P: rdf.IRI(rdf.RDFType), O: ex("Person")},
		{S: ex("alice"), P: ex("name"), O: rdf.String("Alice")},
		{S: ex("alice"), P: ex("name"), O: rdf.LangString("Alicia", "es")},
		{S: ex("alice"), P: ex("age"), O: rdf.Literal("42", rdf.XSDInteger)},
		{S: ex("alice"), P: ex("age"), O: rdf.Literal("042", rdf.XSDInteger)},
		{S: ex("alice"), P: ex("height"), O: rdf.Literal("1.70", rdf.XSDDecimal)},
		{S: ex("alice"), P: ex("height"), O: rdf.Literal("1.7", rdf.XSDDecimal)},
		{S: ex("alice"), P: ex("score"), O: rdf.Literal("1.5E2", rdf.XSDDouble)},
		{S: ex("alice"), P: ex("score"), O: rdf.Literal("150", rdf.XSDDouble)},
		{S: ex("alice"), P: ex("ok"), O: rdf.Literal("true", rdf.XSDBoolean)},
		{S: ex("alice"), P: ex("ok"), O: rdf.Literal("1", rdf.XSDBoolean)},
		{S: ex("alice"), P: ex("born"), O: rdf.Literal("1990-01-01", rdf.XSDDate)},
		{S: ex("alice"), P: ex("bio"), O: rdf.String("line one\nline \"two\" \\ end")},
		{S: ex("alice"), P: ex("knows"), O: rdf.Blank("b1")},
		{S: ex("a/b?c"), P: ex("-x."), O: ex("100%25")},
		{S: ex("café"), P: rdf.IRI("http://other.org/p"), O: rdf.IRI("http://example.org/")},
		{S: rdf.Blank("b1"), P: ex("name"), O: rdf.String("Bob"), G: g},
		{S: rdf.Blank("b1"), P: ex("name"), O: rdf.String("Robert"), G: g},
		{S: ex("carol"), P: ex("name"), O: rdf.String("Carol"), G: g},
		{S: ex("dave"), P: ex("name"), O: rdf.String("Dave")},
		{S: ex("erin"), P: ex("name"), O: rdf.String("Erin"), G: rdf.Blank("g2")},
		{S: ex("dave"), P: ex("likes"), O: rdf.Blank("l1")},
		{S: rdf.Blank("l1"), P: rdf.IRI(rdf.RDFFirst), O: rdf.String("tea")},
		{S: rdf.Blank("l1"), P: rdf.IRI(rdf.RDFRest), O: rdf.Blank("l2")},
		{S: rdf.Blank("l2"), P: rdf.IRI(rdf.RDFFirst), O: rdf.Blank("n1")},
		{S: rdf.Blank("l2"), P: rdf.IRI(rdf.RDFRest), O: rdf.IRI(rdf.RDFNil)},
		{S: rdf.Blank("n1"), P: ex("name"), O: rdf.String("cake")},
		{S: rdf.Blank("anon"), P: ex("name"), O: rdf.String("Anon")},
	}
}

func TestTurtleEncodeGolden(t *testing.T) {
	opts := EncodeOptions{Prefixes: map[string]string{
		"ex": "http://example.org/", "xsd": rdf.XSDNS, "rdf": rdf.RDFNS, "bad prefix": "http://x/",
	}}
	for _, f := range []Format{Turtle, TriG} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			enc, err := NewEncoder(f, &buf, opts)
			if err != nil {
				t.Fatal(err)
			}
			qs := goldenQuads()
			for _, q := range qs {
				if err := enc.Encode(q); err != nil {
					t.Fatal(err)
				}
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", "encode"+f.Extension())
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("output differs from %s:\n%s", path, buf.String())
			}
			// The output reads back to the same dataset.
			got, err := decodeAll(t, f, buf.String(), DecodeOptions{})
			if err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			if f == Turtle {
				for i := range qs {
					qs[i].G = rdf.Term{}
				}
			}
			if !rdf.Isomorphic(got, qs) {
				t.Errorf("round trip differs:%s", dump(got))
			}
		})
	}
}

func TestTurtleEncodeEmpty(t *testing.T) {
	for _, tc := range []struct {
		opts EncodeOptions
		want string
	}{
		{EncodeOptions{}, ""},
		{EncodeOptions{BaseIRI: "http://b/", Prefixes: map[string]string{"": "http://e/"}}, "@base <http://b/> .\n@prefix : <http://e/> .\n\n"},
	} {
		var buf bytes.Buffer
		enc, _ := NewEncoder(Turtle, &buf, tc.opts)
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("empty output = %q, want %q", buf.String(), tc.want)
		}
	}
}

// TestTurtleRoundTripW3C encodes the dataset of every positive W3C Turtle
// and TriG eval test and checks that it reads back isomorphically.
func TestTurtleRoundTripW3C(t *testing.T) {
	dir := rdf11Dir(t)
	opts := EncodeOptions{Prefixes: map[string]string{
		"tt": "http://www.w3.org/2013/TurtleTests/", "ex": "http://example.org/", "rdf": rdf.RDFNS,
		"xsd": rdf.XSDNS, "w": w3cRDFBase + "rdf-turtle/", "e": "http://a.example/", "": "http://www.w3.org/2013/TriGTests/",
	}}
	for _, s := range []struct {
		dir string
		f   Format
	}{{"rdf-turtle", Turtle}, {"rdf-trig", TriG}} {
		t.Run(s.f.String(), func(t *testing.T) {
			n := 0
			for _, tc := range readManifest(t, dir, s.dir) {
				if !strings.HasSuffix(tc.typ, "Eval") || strings.HasSuffix(tc.typ, "NegativeEval") {
					continue
				}
				n++
				qs, err := parseFile(dir, tc.action, s.f)
				if err != nil {
					t.Errorf("%s: %v", tc.iri, err)
					continue
				}
				var buf bytes.Buffer
				enc, _ := NewEncoder(s.f, &buf, opts)
				for _, q := range qs {
					if err := enc.Encode(q); err != nil {
						t.Fatalf("%s: encode: %v", tc.iri, err)
					}
				}
				if err := enc.Close(); err != nil {
					t.Fatal(err)
				}
				back, err := decodeAll(t, s.f, buf.String(), DecodeOptions{})
				if err != nil {
					t.Errorf("%s: re-decode: %v\n%s", tc.iri, err, buf.String())
					continue
				}
				if !rdf.Isomorphic(qs, back) {
					t.Errorf("%s: round trip differs\n%s", tc.iri, buf.String())
				}
			}
			if n < 100 {
				t.Errorf("only %d eval tests found", n)
			}
		})
	}
}
