package rdfio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// decodeAll reads every quad of input in format f.
func decodeAll(t testing.TB, f Format, input string, opts DecodeOptions) ([]rdf.Quad, error) {
	t.Helper()
	dec, err := NewDecoder(f, strings.NewReader(input), opts)
	if err != nil {
		return nil, err
	}
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, q)
	}
}

func TestNQuadsDecode(t *testing.T) {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	g := ex("g")
	tests := []struct {
		name  string
		f     Format
		input string
		opts  DecodeOptions
		want  []rdf.Quad
	}{
		{"empty", NTriples, "", DecodeOptions{}, nil},
		{"comments and blank lines", NTriples, "# c\n\n   \t\n#x", DecodeOptions{}, nil},
		{"simple", NTriples, "<http://ex/s> <http://ex/p> <http://ex/o> .\n", DecodeOptions{},
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: ex("o")}}},
		{"no final newline, minimal space", NTriples, "<http://ex/s><http://ex/p>\"x\".", DecodeOptions{},
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: rdf.String("x")}}},
		{"crlf and lone cr", NTriples, "_:a <http://ex/p> _:b.\r\n_:b <http://ex/p> _:a . # c\r_:c <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .", DecodeOptions{},
			[]rdf.Quad{{S: rdf.Blank("a"), P: ex("p"), O: rdf.Blank("b")}, {S: rdf.Blank("b"), P: ex("p"), O: rdf.Blank("a")},
				{S: rdf.Blank("c"), P: ex("p"), O: rdf.Literal("1", rdf.XSDInteger)}}},
		{"escapes", NTriples, `<http://ex/\u00E9> <http://ex/p> "a\tb\n\"\\\u00E9\U0001F600" .`, DecodeOptions{},
			[]rdf.Quad{{S: ex("é"), P: ex("p"), O: rdf.String("a\tb\n\"\\é😀")}}},
		{"lang", NTriples, `<http://ex/s> <http://ex/p> "chat"@fr-BE .`, DecodeOptions{},
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: rdf.LangString("chat", "fr-BE")}}},
		{"graph option on triples", NTriples, "<http://ex/s> <http://ex/p> <http://ex/o> .", DecodeOptions{Graph: g},
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: ex("o"), G: g}}},
		{"quads", NQuads, "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/h> .\n<http://ex/s> <http://ex/p> <http://ex/o> _:g .\n<http://ex/s> <http://ex/p> <http://ex/o> .", DecodeOptions{Graph: g},
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: ex("o"), G: ex("h")}, {S: ex("s"), P: ex("p"), O: ex("o"), G: rdf.Blank("g")}, {S: ex("s"), P: ex("p"), O: ex("o"), G: g}}},
		{"blank label with dots", NTriples, "_:a.b.c <http://ex/p> _:x.y.", DecodeOptions{},
			[]rdf.Quad{{S: rdf.Blank("a.b.c"), P: ex("p"), O: rdf.Blank("x.y")}}},
		{"byte order mark", NTriples, "\uFEFF<http://ex/s> <http://ex/p> <http://ex/o> .", DecodeOptions{},
			[]rdf.Quad{{S: ex("s"), P: ex("p"), O: ex("o")}}},
		{"unicode", NTriples, "<http://ex/ü> <http://ex/p> _:é1 .", DecodeOptions{},
			[]rdf.Quad{{S: ex("ü"), P: ex("p"), O: rdf.Blank("é1")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeAll(t, tc.f, tc.input, tc.opts)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quads %v, want %d", len(got), got, len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("quad %d = %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestNQuadsSyntaxErrors(t *testing.T) {
	tests := []struct {
		name      string
		f         Format
		input     string
		line, col int
		msg       string
	}{
		{"missing dot", NTriples, "<http://ex/s> <http://ex/p> <http://ex/o>", 1, 42, "expected '.' at end of statement, found end of input"},
		{"missing dot mid file", NTriples, "\n<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n", 2, 43, "expected '.' at end of statement, found '<'"},
		{"relative IRI", NTriples, "<s> <http://ex/p> <http://ex/o> .", 1, 1, "relative IRI <s> not allowed"},
		{"space in IRI", NTriples, "<http://ex/ s> <http://ex/p> <http://ex/o> .", 1, 12, "invalid character ' ' in IRI"},
		{"escaped space in IRI", NTriples, `<http://ex/\u0020> <http://ex/p> <http://ex/o> .`, 1, 12, "escaped character U+0020"},
		{"bad hex", NTriples, `<http://ex/\u00ZZ11> <http://ex/p> <http://ex/o> .`, 1, 12, "invalid hex digit 'Z'"},
		{"bad echar", NTriples, `<http://ex/s> <http://ex/p> "a\zb" .`, 1, 31, `invalid escape sequence "\\z"`},
		{"bad lang", NTriples, `<http://ex/s> <http://ex/p> "a"@en-- .`, 1, 32, "invalid language tag"},
		{"lang starting with digit", NTriples, `<http://ex/s> <http://ex/p> "a"@1en .`, 1, 32, "invalid language tag"},
		{"literal subject", NTriples, `"a" <http://ex/p> <http://ex/o> .`, 1, 1, "expected subject"},
		{"blank predicate", NTriples, `<http://ex/s> _:p <http://ex/o> .`, 1, 15, "expected predicate IRI"},
		{"graph in triples", NTriples, `<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .`, 1, 43, "expected '.'"},
		{"literal graph", NQuads, `<http://ex/s> <http://ex/p> <http://ex/o> "g" .`, 1, 43, "expected graph name or '.'"},
		{"two statements on a line", NTriples, `<http://ex/s> <http://ex/p> <http://ex/o> . <http://ex/s> <http://ex/p> <http://ex/o> .`, 1, 45, "expected end of line"},
		{"unterminated literal", NTriples, "<http://ex/s> <http://ex/p> \"abc\n", 1, 33, "unterminated string literal"},
		{"unterminated IRI", NTriples, "<http://ex/s", 1, 1, "unterminated IRI"},
		{"NUL", NTriples, "\x00", 1, 1, "expected subject"},
		{"invalid UTF-8 literal", NTriples, "<http://ex/s> <http://ex/p> \"\xff\" .", 1, 29, "invalid UTF-8"},
		{"invalid UTF-8 between terms", NTriples, "<http://ex/s> \xff", 1, 15, "invalid UTF-8 byte 0xFF"},
		{"bad blank label", NTriples, "_:-a <http://ex/p> <http://ex/o> .", 1, 3, "invalid blank node label"},
		{"column counts code points", NTriples, "<http://ex/é> <http://ex/p> <http://ex/o>", 1, 42, "expected '.'"},
		{"byte order mark not counted", NTriples, "\uFEFF<http://ex/s>", 1, 14, "expected predicate"},
		{"byte order mark only at start", NTriples, "\n\uFEFF<http://ex/s>", 2, 1, "expected subject"},
		{"surrogate escape", NTriples, `<http://ex/s> <http://ex/p> "\uD800" .`, 1, 30, "not a Unicode scalar value"},
		{"truncated datatype", NTriples, `<http://ex/s> <http://ex/p> "1"^^`, 1, 32, "expected '^^<'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeAll(t, tc.f, tc.input, DecodeOptions{Name: "in.nt"})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v, want *SyntaxError", err)
			}
			if se.Line != tc.line || se.Column != tc.col || !strings.Contains(se.Msg, tc.msg) || se.Name != "in.nt" {
				t.Errorf("error = %q (line %d col %d), want %d:%d containing %q", se.Error(), se.Line, se.Column, tc.line, tc.col, tc.msg)
			}
		})
	}
}

func TestNQuadsLongLine(t *testing.T) {
	long := strings.Repeat("x", 3*readBufferSize)
	input := "<http://ex/s> <http://ex/p> \"" + long + "\" .\n<http://ex/s> <http://ex/p> \"short\" ."
	got, err := decodeAll(t, NTriples, input, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].O.Value != long || got[1].O.Value != "short" {
		t.Fatalf("long line decoded wrongly (%d quads)", len(got))
	}
}

func TestNQuadsEncode(t *testing.T) {
	qs := []rdf.Quad{
		{S: rdf.IRI("http://ex/s"), P: rdf.IRI("http://ex/p"), O: rdf.String("a\"b\n"), G: rdf.IRI("http://ex/g")},
		{S: rdf.Blank("b0"), P: rdf.IRI("http://ex/p"), O: rdf.LangString("x", "en")},
	}
	tests := []struct {
		f    Format
		want string
	}{
		{NQuads, "<http://ex/s> <http://ex/p> \"a\\\"b\\n\" <http://ex/g> .\n_:b0 <http://ex/p> \"x\"@en .\n"},
		{NTriples, "<http://ex/s> <http://ex/p> \"a\\\"b\\n\" .\n_:b0 <http://ex/p> \"x\"@en .\n"},
	}
	for _, tc := range tests {
		t.Run(tc.f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			enc, err := NewEncoder(tc.f, &buf, EncodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				if err := enc.Encode(q); err != nil {
					t.Fatal(err)
				}
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", buf.String(), tc.want)
			}
		})
	}
	var buf bytes.Buffer
	enc, _ := NewEncoder(NQuads, &buf, EncodeOptions{})
	if err := enc.Encode(rdf.Quad{S: rdf.String("x"), P: rdf.IRI("http://ex/p"), O: rdf.String("y")}); err == nil {
		t.Error("literal subject encoded without error")
	}
}
