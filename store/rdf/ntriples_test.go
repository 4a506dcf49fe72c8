package rdf

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAppendEscaped covers every escape class of literals and IRIs, bytes
// that are not UTF-8, and the joins between copied runs and escapes.
func TestAppendEscaped(t *testing.T) {
	tests := []struct {
		name string
		term Term
		want string
	}{
		{"empty literal", String(""), `""`},
		{"quote", String(`"`), `"\""`},
		{"backslash", String(`\`), `"\\"`},
		{"newline", String("\n"), `"\n"`},
		{"carriage return", String("\r"), `"\r"`},
		{"tab", String("\t"), `"\t"`},
		{"backspace", String("\b"), `"\b"`},
		{"form feed", String("\f"), `"\f"`},
		{"NUL", String("\x00"), `"\u0000"`},
		{"other C0 controls", String("\x01\x0b\x1f"), `"\u0001\u000B\u001F"`},
		{"DEL", String("\x7f"), `"\u007F"`},
		{"space and printable ASCII kept", String(" !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"), `" !#$%&'()*+,-./09:;<=>?@AZ[]^_` + "`" + `az{|}~"`},
		{"two-byte UTF-8 kept", String("é"), `"é"`},
		{"three-byte UTF-8 kept", String("€"), `"€"`},
		{"four-byte UTF-8 kept", String("𝄞"), `"𝄞"`},
		{"U+FFFD as such kept", String("\uFFFD"), "\"\uFFFD\""},
		{"C1 control kept (valid UTF-8)", String("\u0085"), "\"\u0085\""},
		{"invalid byte", String("\xff"), `"\uFFFD"`},
		{"lone continuation byte", String("a\x80b"), `"a\uFFFDb"`},
		{"truncated sequence", String("\xe2\x82"), `"\uFFFD\uFFFD"`},
		{"surrogate encoded in UTF-8", String("\xed\xa0\x80"), `"\uFFFD\uFFFD\uFFFD"`},
		{"overlong encoding", String("\xc0\xaf"), `"\uFFFD\uFFFD"`},
		{"escapes between runs", String("ab\"cd\\ef\ngh"), `"ab\"cd\\ef\ngh"`},
		{"escape first and last", String("\tmiddle\t"), `"\tmiddle\t"`},
		{"mixed", String("é\x01€\xff𝄞\""), `"é\u0001€\uFFFD𝄞\""`},
		{"lang literal escapes", LangString("l'\"a\"", "fr-CA"), `"l'\"a\""@fr-CA`},
		{"datatype IRI escaped", Literal("1", "http://ex/a b"), `"1"^^<http://ex/a\u0020b>`},
		{"iri plain", IRI("http://ex/a?b=c#d"), `<http://ex/a?b=c#d>`},
		{"iri forbidden characters", IRI(`<>"{}|^` + "`" + `\`), `<\u003C\u003E\u0022\u007B\u007D\u007C\u005E\u0060\u005C>`},
		{"iri controls and space", IRI("a\x00\x1f b"), `<a\u0000\u001F\u0020b>`},
		{"iri DEL kept", IRI("a\x7fb"), "<a\x7fb>"},
		{"iri non-ASCII kept", IRI("http://ex/café"), "<http://ex/café>"},
		{"iri invalid UTF-8 kept as is", IRI("http://ex/\xff"), "<http://ex/\xff>"},
		{"iri escape at both ends", IRI(" x "), `<\u0020x\u0020>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(AppendTerm([]byte("pre:"), tt.term)); got != "pre:"+tt.want {
				t.Errorf("AppendTerm = %q, want %q", got, "pre:"+tt.want)
			}
		})
	}
}

// refEscapeString and refEscapeIRI are the byte-at-a-time escapers the fast
// paths replaced; the fast paths must agree with them on every input.
func refEscapeString(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = appendUCHAR(dst, 0xFFFD)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			if c < 0x20 || c == 0x7F {
				dst = appendUCHAR(dst, rune(c))
			} else {
				dst = append(dst, c)
			}
		}
		i++
	}
	return dst
}

func refEscapeIRI(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c <= 0x20, c == '<', c == '>', c == '"', c == '{', c == '}', c == '|', c == '^', c == '`', c == '\\':
			dst = appendUCHAR(dst, rune(c))
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// TestAppendEscapedMatchesReference compares the fast paths with the
// reference escapers on random strings drawn from an alphabet rich in
// escapes, multi-byte characters and broken UTF-8.
func TestAppendEscapedMatchesReference(t *testing.T) {
	pieces := []string{"a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"<", ">", "{", "|", "^", "`", "é", "€", "𝄞", "\uFFFD", "\xff", "\x80", "\xe2\x82", "\xed\xa0\x80", "plain text "}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		var sb strings.Builder
		for n := rng.IntN(12); n > 0; n-- {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := sb.String()
		if got, want := string(appendEscapedString(nil, s)), string(refEscapeString(nil, s)); got != want {
			t.Fatalf("appendEscapedString(%q) = %q, want %q", s, got, want)
		}
		if got, want := string(appendEscapedIRI(nil, s)), string(refEscapeIRI(nil, s)); got != want {
			t.Fatalf("appendEscapedIRI(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkAppendQuad measures canonical N-Quads spelling of a typical quad
// and of one whose literal needs escapes.
func BenchmarkAppendQuad(b *testing.B) {
	for _, bc := range []struct {
		name string
		o    Term
	}{
		{"plain", LangString("Une chantier de développement coopératif, numéro 42", "fr")},
		{"escapes", String("Une note \"citée\"\net multiligne\tavec\\ des échappements")},
	} {
		q := Quad{S: IRI("https://example.org/adn/person/12345"), P: IRI("http://www.w3.org/2000/01/rdf-schema#label"),
			O: bc.o, G: IRI("https://example.org/adn/graph/1")}
		b.Run(bc.name, func(b *testing.B) {
			var buf []byte
			for b.Loop() {
				buf = AppendQuad(buf[:0], q)
			}
			b.SetBytes(int64(len(buf)))
		})
	}
}
