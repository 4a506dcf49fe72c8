package rdfio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestTurtleDecode(t *testing.T) {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	b := rdf.Blank
	first, rest, nilT := rdf.IRI(rdf.RDFFirst), rdf.IRI(rdf.RDFRest), rdf.IRI(rdf.RDFNil)
	tests := []struct {
		name  string
		f     Format
		input string
		base  string
		want  []rdf.Quad
	}{
		{"prefixes and a", Turtle, "@prefix e: <http://ex/> .\nPREFIX : <http://ex/>\ne:s a :C ; e:p e:o , :o2 ;; .", "",
			[]rdf.Quad{{S: ex("s"), P: rdf.IRI(rdf.RDFType), O: ex("C")}, {S: ex("s"), P: ex("p"), O: ex("o")}, {S: ex("s"), P: ex("p"), O: ex("o2")}}},
		{"base and relative IRIs", Turtle, "<s> <p> <../o> . @base <http://other/x/> . <s> <p> <#f> . BASE <y/>\n<s> <p> <o>.", "http://ex/a/b",
			[]rdf.Quad{{S: rdf.IRI("http://ex/a/s"), P: rdf.IRI("http://ex/a/p"), O: rdf.IRI("http://ex/o")},
				{S: rdf.IRI("http://other/x/s"), P: rdf.IRI("http://other/x/p"), O: rdf.IRI("http://other/x/#f")},
				{S: rdf.IRI("http://other/x/y/s"), P: rdf.IRI("http://other/x/y/p"), O: rdf.IRI("http://other/x/y/o")}}},
		{"literals", Turtle, `@prefix : <http://ex/> . :s :p "a", 'b'@en-GB, """c
"d""", '''e''', 1, -2.5, 1e3, .5E-1, true, false, "x"^^:dt .`, "",
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: rdf.String("a")}, {S: ex("s"), P: ex("p"), O: rdf.LangString("b", "en-GB")},
				{S: ex("s"), P: ex("p"), O: rdf.String("c\n\"d")}, {S: ex("s"), P: ex("p"), O: rdf.String("e")},
				{S: ex("s"), P: ex("p"), O: rdf.Literal("1", rdf.XSDInteger)}, {S: ex("s"), P: ex("p"), O: rdf.Literal("-2.5", rdf.XSDDecimal)},
				{S: ex("s"), P: ex("p"), O: rdf.Literal("1e3", rdf.XSDDouble)}, {S: ex("s"), P: ex("p"), O: rdf.Literal(".5E-1", rdf.XSDDouble)},
				{S: ex("s"), P: ex("p"), O: rdf.Literal("true", rdf.XSDBoolean)}, {S: ex("s"), P: ex("p"), O: rdf.Literal("false", rdf.XSDBoolean)},
				{S: ex("s"), P: ex("p"), O: rdf.Literal("x", "http://ex/dt")}}},
		{"integer then dot", Turtle, "<http://ex/s> <http://ex/p> 1.", "",
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: rdf.Literal("1", rdf.XSDInteger)}}},
		{"local names", Turtle, `@prefix : <http://ex/> . :a.b :p\~q :c%20d, :e.f , :0:x\.y .`, "",
			[]rdf.Quad{{S: ex("a.b"), P: ex("p~q"), O: ex("c%20d")}, {S: ex("a.b"), P: ex("p~q"), O: ex("e.f")}, {S: ex("a.b"), P: ex("p~q"), O: ex("0:x.y")}}},
		{"collections and property lists", Turtle, `@prefix : <http://ex/> . (:a [ :p :o ]) :q () .`, "",
			[]rdf.Quad{{S: b("g_1"), P: first, O: ex("a")}, {S: b("g_1"), P: rest, O: b("g_2")},
				{S: b("g_3"), P: ex("p"), O: ex("o")}, {S: b("g_2"), P: first, O: b("g_3")}, {S: b("g_2"), P: rest, O: nilT},
				{S: b("g_1"), P: ex("q"), O: nilT}}},
		{"blank labels cannot collide with fresh ones", Turtle, `_:g_1 <http://ex/p> [] .`, "",
			[]rdf.Quad{{S: b("g_g_1"), P: ex("p"), O: b("g_1")}}},
		{"property list subject alone", Turtle, `[ <http://ex/p> 1 ] .`, "",
			[]rdf.Quad{{S: b("g_1"), P: ex("p"), O: rdf.Literal("1", rdf.XSDInteger)}}},
		{"prefix redefined", Turtle, "@prefix e: <http://ex/a/> . e:s e:p e:o ; a e:C . @prefix e: <http://ex/b/> . e:s e:p e:o ; a e:C .", "",
			[]rdf.Quad{{S: ex("a/s"), P: ex("a/p"), O: ex("a/o")}, {S: ex("a/s"), P: rdf.IRI(rdf.RDFType), O: ex("a/C")},
				{S: ex("b/s"), P: ex("b/p"), O: ex("b/o")}, {S: ex("b/s"), P: rdf.IRI(rdf.RDFType), O: ex("b/C")}}},
		{"many prefixes", Turtle, "@prefix p0: <http://ex/0/> . @prefix p1: <http://ex/1/> . @prefix p2: <http://ex/2/> . @prefix p3: <http://ex/3/> . @prefix p4: <http://ex/4/> . @prefix p5: <http://ex/5/> . @prefix p6: <http://ex/6/> . @prefix p7: <http://ex/7/> . @prefix p8: <http://ex/8/> . @prefix p9: <http://ex/9/> . @prefix p10: <http://ex/10/> . @prefix p11: <http://ex/11/> . @prefix p12: <http://ex/12/> . @prefix p13: <http://ex/13/> . @prefix p14: <http://ex/14/> . @prefix p15: <http://ex/15/> . @prefix p16: <http://ex/16/> . @prefix p17: <http://ex/17/> . @prefix p18: <http://ex/18/> . @prefix p19: <http://ex/19/> . p19:s p3:p p0:o ; a p19:C .", "",
			[]rdf.Quad{{S: ex("19/s"), P: ex("3/p"), O: ex("0/o")}, {S: ex("19/s"), P: rdf.IRI(rdf.RDFType), O: ex("19/C")}}},
		{"language tags shared", Turtle, `<http://ex/s> <http://ex/p> "a"@en, "b"@en, "c"@EN .`, "",
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: rdf.LangString("a", "en")}, {S: ex("s"), P: ex("p"), O: rdf.LangString("b", "en")},
				{S: ex("s"), P: ex("p"), O: rdf.LangString("c", "EN")}}},
		{"trig graphs", TriG, "@prefix : <http://ex/> .\n:g { :s :p :o . :s :p :o2 }\nGRAPH _:b { :s :p :o }\n{ :s :p :o3 . }\n[] { :s :p :o4 }\n:s :p :o5 .", "",
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: ex("o"), G: ex("g")}, {S: ex("s"), P: ex("p"), O: ex("o2"), G: ex("g")},
				{S: ex("s"), P: ex("p"), O: ex("o"), G: b("b")}, {S: ex("s"), P: ex("p"), O: ex("o3")},
				{S: ex("s"), P: ex("p"), O: ex("o4"), G: b("g_1")}, {S: ex("s"), P: ex("p"), O: ex("o5")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeAll(t, tc.f, tc.input, DecodeOptions{BaseIRI: tc.base})
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quads:%s\nwant %d:%s", len(got), dump(got), len(tc.want), dump(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("quad %d = %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestTurtleSyntaxErrors(t *testing.T) {
	tests := []struct {
		name      string
		f         Format
		input     string
		line, col int
		msg       string
	}{
		{"missing dot", Turtle, "<http://ex/s> <http://ex/p> <http://ex/o>", 1, 42, "expected '.' at end of statement, found end of input"},
		{"missing dot before next subject", Turtle, "<http://ex/s> <http://ex/p> <http://ex/o>\n<http://ex/s2> <http://ex/p> 1 .", 2, 1, "expected '.' at end of statement, found IRI <http://ex/s2>"},
		{"undefined prefix", Turtle, "\n  ex:s <http://ex/p> 1 .", 2, 3, `undefined prefix "ex:"`},
		{"relative IRI without base", Turtle, "<s> <http://ex/p> 1 .", 1, 1, "no base IRI"},
		{"bad escape", Turtle, `<http://ex/s> <http://ex/p> "a\zb" .`, 1, 31, `invalid escape sequence \'z'`},
		{"unterminated long string", Turtle, "<http://ex/s> <http://ex/p> \"\"\"abc\n\n", 1, 29, "unterminated string literal"},
		{"newline in short string", Turtle, "<http://ex/s> <http://ex/p> 'abc\n' .", 1, 29, "line ends before the closing quote"},
		{"bad lang", Turtle, `<http://ex/s> <http://ex/p> "a"@-x .`, 1, 32, "invalid language tag"},
		{"graph in turtle", Turtle, "{ <http://ex/s> <http://ex/p> 1 }", 1, 1, "TriG, not Turtle"},
		{"literal subject", Turtle, `"a" <http://ex/p> 1 .`, 1, 1, "expected subject"},
		{"unclosed graph", TriG, "<http://ex/g> { <http://ex/s> <http://ex/p> 1 ", 1, 47, "expected '.' or '}'"},
		{"graph never closed", TriG, "<http://ex/g> { <http://ex/s> <http://ex/p> 1 .\n", 2, 1, "expected '}' to close the graph block, found end of input"},
		{"graph name list", TriG, "GRAPH [ <http://ex/p> 1 ] { }", 1, 9, "cannot be a blank node property list"},
		{"prefix with dot", Turtle, "PREFIX : <http://ex/> .", 1, 23, "take no '.'"},
		{"NUL", Turtle, "<http://ex/s> \x00", 1, 15, "unexpected control character U+0000"},
		{"invalid UTF-8 in string", Turtle, "<http://ex/s> <http://ex/p> \"\xc3\x28\" .", 1, 30, "invalid UTF-8"},
		{"column in code points", Turtle, "<http://ex/é> \"x\" .", 1, 15, "expected predicate"},
		{"byte order mark", Turtle, "\uFEFF<http://ex/s>", 1, 14, "expected predicate"},
		{"truncated escape", Turtle, `<http://ex/s> <http://ex/p> "\u00`, 1, 30, "truncated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeAll(t, tc.f, tc.input, DecodeOptions{Name: "in.ttl"})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v, want *SyntaxError", err)
			}
			if se.Line != tc.line || se.Column != tc.col || !strings.Contains(se.Msg, tc.msg) || se.Name != "in.ttl" {
				t.Errorf("error = %q (line %d col %d), want %d:%d containing %q", se.Error(), se.Line, se.Column, tc.line, tc.col, tc.msg)
			}
		})
	}
}

// failingReader hands out its data, then fails.
type failingReader struct{ data []byte }

var errBroken = errors.New("connection reset")

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errBroken
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestDecodersStream checks that every text decoder hands out a statement
// as soon as it is complete, before reading on, and reports a read error
// as such (not as a syntax error).
func TestDecodersStream(t *testing.T) {
	tests := []struct {
		f     Format
		input string
	}{
		{NTriples, "<http://ex/s> <http://ex/p> <http://ex/o> .\n"},
		{NQuads, "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n"},
		{Turtle, "@prefix ex: <http://ex/> . ex:s ex:p ex:o ."},
		{TriG, "@prefix ex: <http://ex/> . ex:g { ex:s ex:p ex:o ."},
	}
	for _, tc := range tests {
		t.Run(tc.f.String(), func(t *testing.T) {
			dec, err := NewDecoder(tc.f, &failingReader{data: []byte(tc.input)}, DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			q, err := dec.Decode()
			if err != nil || q.O != rdf.IRI("http://ex/o") {
				t.Fatalf("first Decode = %v, %v; want the complete statement", q, err)
			}
			_, err = dec.Decode()
			if !errors.Is(err, errBroken) {
				t.Fatalf("second Decode error = %v, want the read error", err)
			}
			if _, ok := errors.AsType[*SyntaxError](err); ok {
				t.Errorf("read error reported as a syntax error: %v", err)
			}
		})
	}
}

// TestTruncatedInputs cuts valid W3C documents at many points: every
// decoder must either accept the prefix or report one *SyntaxError.
func TestTruncatedInputs(t *testing.T) {
	dir := rdf11Dir(t)
	for _, s := range []struct {
		dir, ext string
		f        Format
	}{{"rdf-n-quads", ".nq", NQuads}, {"rdf-turtle", ".ttl", Turtle}, {"rdf-trig", ".trig", TriG}} {
		t.Run(s.f.String(), func(t *testing.T) {
			paths, _ := filepath.Glob(filepath.Join(dir, s.dir, "*"+s.ext))
			if len(paths) == 0 {
				t.Fatal("no test files found")
			}
			for _, p := range paths {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				for cut := 0; cut < len(data); cut += 1 + len(data)/16 {
					_, err := decodeAll(t, s.f, string(data[:cut]), DecodeOptions{BaseIRI: "http://ex/"})
					if err == nil {
						continue
					}
					if _, ok := errors.AsType[*SyntaxError](err); !ok {
						t.Errorf("%s cut at %d: error is not a *SyntaxError: %v", filepath.Base(p), cut, err)
					}
				}
			}
		})
	}
}
