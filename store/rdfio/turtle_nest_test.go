package rdfio

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// nestPrefixes are the prefixes of the nesting tests' inputs and outputs.
const nestPrefixes = "@prefix : <http://ex/> .\n@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"

func nestEncode(t *testing.T, f Format, qs []rdf.Quad, window int) string {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewEncoder(f, &buf, EncodeOptions{Prefixes: map[string]string{"": "http://ex/", "rdf": rdf.RDFNS}})
	if err != nil {
		t.Fatal(err)
	}
	if window > 0 {
		enc.(*turtleEncoder).window = window
	}
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(buf.String(), nestPrefixes+"\n")
}

// TestTurtleEncodeNesting checks which blank nodes are written in place
// ("[ … ]", "( … )", "[]") and which keep their label. Each case gives
// text the output must contain and text it must not; the whole output is
// also compared with testdata/golden/nest.txt (-update rewrites it) and
// must read back to the same dataset.
func TestTurtleEncodeNesting(t *testing.T) {
	tests := []struct {
		name, in   string
		has, hasNo []string
	}{
		{"one quad in place", `:s :p _:b . _:b :q 1 .`, []string{":s :p [ :q 1 ] ."}, []string{"_:"}},
		{"referenced before its quads", `_:b :q 1 . :s :p _:b .`, []string{":s :p [ :q 1 ] ."}, []string{"_:"}},
		{"several quads in place", `:s :p [ :q 1 ; :r 2 ], [] .`, []string{":s :p [\n        :q 1 ;\n        :r 2\n    ], [] ."}, []string{"_:"}},
		{"nested twice", `:s :p [ :q [ :r [ :t 1 ] ] ] .`, []string{"[ :t 1 ]"}, []string{"_:"}},
		{"lists", `:s :p ( 1 ( 2 3 ) [ :q 1 ] () ) .`, []string{":s :p ( 1 ( 2 3 ) [ :q 1 ] () ) ."}, []string{"_:", "rdf:first"}},
		{"list out of order", `:s :p _:l1 . _:l2 rdf:first 2 ; rdf:rest rdf:nil . _:l1 rdf:first 1 ; rdf:rest _:l2 .`, []string{":s :p ( 1 2 ) ."}, []string{"_:"}},
		{"empty list", `:s :p rdf:nil .`, []string{":s :p () ."}, nil},
		{"unreferenced blank subject", `[ :q 1 ] :r 2 .`, []string{"[] :q 1 ;\n    :r 2 ."}, []string{"_:"}},
		{"referenced twice", `:s :p _:b . :t :p _:b . _:b :q 1 .`, []string{":s :p _:b .", ":t :p _:b .", "_:b :q 1 ."}, []string{"["}},
		{"loop", `_:a :p _:b . _:b :p _:a .`, []string{"_:a :p _:b .", "_:b :p _:a ."}, []string{"["}},
		{"self loop", `:s :p _:c . _:c :p _:c .`, []string{"_:c :p _:c ."}, []string{"["}},
		{"loop reached from outside", `_:a :p _:b . _:b :p _:a . :s :p _:a .`, []string{"_:a :p [ :p _:a ] .", ":s :p _:a ."}, nil},
		{"list node with an extra quad", `:s :p _:l1 . _:l1 rdf:first 1 ; rdf:rest _:l2 . _:l2 rdf:first 2 ; rdf:rest rdf:nil ; :extra 3 .`,
			[]string{"rdf:first 1 ;", ":extra 3"}, []string{"( ", "_:"}},
		{"list not ending in nil", `:s :p _:l1 . _:l1 rdf:first 1 ; rdf:rest :notNil .`, []string{"rdf:rest :notNil"}, []string{"(", "_:"}},
		{"list tail shared", `:s :p _:l1 . _:l1 rdf:first 1 ; rdf:rest _:l2 . _:l2 rdf:first 2 ; rdf:rest rdf:nil . :t :p _:l2 .`,
			[]string{"rdf:rest _:l2", "_:l2 rdf:first 2 ;\n    rdf:rest () ."}, nil},
		{"list with two firsts", `:s :p _:l1 . _:l1 rdf:first 1, 2 ; rdf:rest rdf:nil .`, []string{"rdf:first 1, 2"}, []string{"( "}},
		{"subjects grouped", `:s :p 1 . :t :p 2 . :s :q 3 . :s :p 4 .`, []string{":s :p 1, 4 ;\n    :q 3 .\n:t :p 2 ."}, nil},
		{"trig graphs", `:g { :s :p _:b } :h { _:b :q 1 } :i { :s :p [ :q [ :r 1 ] ] . _:n :p 1 } _:n { :s :p :o } :s :p [] . :i { :t :p [] }`,
			[]string{"GRAPH :g {\n  :s :p _:b .\n}", "GRAPH :h {\n  _:b :q 1 .\n}", "  :s :p [\n          :q [ :r 1 ]\n      ] .",
				"  _:n :p 1 .", "GRAPH _:n {", ":s :p [] .", "  :t :p [] ."}, nil},
	}
	var golden bytes.Buffer
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Turtle
			if strings.Contains(tc.in, "{") {
				f = TriG
			}
			qs, err := decodeAll(t, f, nestPrefixes+tc.in, DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			out := nestEncode(t, f, qs, 0)
			fmt.Fprintf(&golden, "## %s\n%s\n--\n%s\n", tc.name, tc.in, out)
			for _, s := range tc.has {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tc.hasNo {
				if strings.Contains(out, s) {
					t.Errorf("output has %q:\n%s", s, out)
				}
			}
			back, err := decodeAll(t, f, nestPrefixes+out, DecodeOptions{})
			if err != nil {
				t.Fatalf("re-decode: %v\n%s", err, out)
			}
			if !rdf.Isomorphic(qs, back) {
				t.Errorf("round trip differs:\n%s", out)
			}
		})
	}
	path := filepath.Join("testdata", "golden", "nest.txt")
	if *update {
		if err := os.WriteFile(path, golden.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(golden.Bytes(), want) {
		t.Errorf("output differs from %s:\n%s", path, golden.String())
	}
}

// TestTurtleEncodeDeepAndLong checks the bounds: a chain of blank nodes
// deeper than maxInlineDepth is cut (and still reads back), a long list is
// one "( … )".
func TestTurtleEncodeDeepAndLong(t *testing.T) {
	p := rdf.IRI("http://ex/p")
	var chain []rdf.Quad
	const n = 3*maxInlineDepth + 5
	chain = append(chain, rdf.Quad{S: rdf.IRI("http://ex/s"), P: p, O: rdf.Blank("c0")})
	for i := 0; i < n; i++ {
		chain = append(chain, rdf.Quad{S: rdf.Blank(fmt.Sprint("c", i)), P: p, O: rdf.Blank(fmt.Sprint("c", i+1))})
	}
	out := nestEncode(t, Turtle, chain, 0)
	// n+1 blank nodes, every one in place but one per cut (3 cuts).
	if got := strings.Count(out, "["); got != n+1-3 {
		t.Errorf("%d nodes in place, want %d:\n%s", got, n+1-3, out)
	}
	if got := strings.Count(out, "_:"); got != 6 { // each cut node: once as object, once as subject
		t.Errorf("%d labels, want 6:\n%s", got, out)
	}
	back, err := decodeAll(t, Turtle, nestPrefixes+out, DecodeOptions{})
	if err != nil || !rdf.Isomorphic(chain, back) {
		t.Errorf("deep chain does not read back (%v)", err)
	}

	var list []rdf.Quad
	const m = 3000
	list = append(list, rdf.Quad{S: rdf.IRI("http://ex/s"), P: p, O: rdf.Blank("l0")})
	for i := 0; i < m; i++ {
		rest := rdf.IRI(rdf.RDFNil)
		if i+1 < m {
			rest = rdf.Blank(fmt.Sprint("l", i+1))
		}
		l := rdf.Blank(fmt.Sprint("l", i))
		list = append(list, rdf.Quad{S: l, P: rdf.IRI(rdf.RDFFirst), O: rdf.Literal(fmt.Sprint(i), rdf.XSDInteger)},
			rdf.Quad{S: l, P: rdf.IRI(rdf.RDFRest), O: rest})
	}
	out = nestEncode(t, Turtle, list, 0)
	if !strings.HasPrefix(out, ":s :p ( 0 1 2 ") || !strings.HasSuffix(out, " 2999 ) .\n") || strings.Count(out, "(") != 1 {
		t.Errorf("long list not written as one collection: %.80s…", out)
	}
	back, err = decodeAll(t, Turtle, nestPrefixes+out, DecodeOptions{})
	if err != nil || !rdf.Isomorphic(list, back) {
		t.Errorf("long list does not read back (%v)", err)
	}
}

// TestTurtleEncodeWindow checks the fall back to flat output past the
// window: quads as they come, runs of one subject grouped, labels kept.
func TestTurtleEncodeWindow(t *testing.T) {
	in := `:s :p [ :q 1 ] . :t :p ( 1 ) . :s :r 2 .`
	qs, err := decodeAll(t, Turtle, nestPrefixes+in, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The decoder gives a collection's quads before the one linking to it.
	want := ":s :p _:g_1 .\n_:g_1 :q 1 .\n_:g_2 rdf:first 1 ;\n    rdf:rest rdf:nil .\n:t :p _:g_2 .\n:s :r 2 .\n"
	for _, window := range []int{1, len(qs) - 1} {
		if got := nestEncode(t, Turtle, qs, window); got != want {
			t.Errorf("window %d: got\n%s\nwant\n%s", window, got, want)
		}
	}
	if got := nestEncode(t, Turtle, qs, len(qs)); !strings.Contains(got, "[ :q 1 ]") {
		t.Errorf("window %d (all quads): not nested:\n%s", len(qs), got)
	}
}

// TestTurtleEncodeLargeGroup checks that a subject with many quads (past
// the allocation-free path) is grouped the same way as a small one.
func TestTurtleEncodeLargeGroup(t *testing.T) {
	for _, n := range []int{10, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var qs []rdf.Quad
			var ps, qsText []string
			for i := 0; i < n; i++ {
				pred := "p"
				if i%2 == 1 {
					pred = "q"
				}
				qs = append(qs, rdf.Quad{S: rdf.IRI("http://ex/s"), P: rdf.IRI("http://ex/" + pred), O: rdf.Literal(fmt.Sprint(i), rdf.XSDInteger)})
				if pred == "p" {
					ps = append(ps, fmt.Sprint(i))
				} else {
					qsText = append(qsText, fmt.Sprint(i))
				}
			}
			want := ":s :p " + strings.Join(ps, ", ") + " ;\n    :q " + strings.Join(qsText, ", ") + " .\n"
			if got := nestEncode(t, Turtle, qs, 0); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
