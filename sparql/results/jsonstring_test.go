package results

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendJSONString(t *testing.T) {
	tests := []struct {
		in, want string
		html     bool
	}{
		{"", `""`, true},
		{"plain é", `"plain é"`, true},
		{`"quoted" \ back`, `"\"quoted\" \\ back"`, true},
		{"</script>&", `"\u003c/script\u003e\u0026"`, true},
		{"</script>&", `"</script>&"`, false},
		{"a\nb\rc\td\x01", `"a\nb\rc\td\u0001"`, true},
		{"line\u2028para\u2029", `"line\u2028para\u2029"`, true},
		{"bad \xff utf8", `"bad \ufffd utf8"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := string(AppendJSONString(nil, tt.in, tt.html)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// FuzzAppendJSONString: the output is JSON that decodes to the input (with
// invalid UTF-8 replaced) and never holds '<', '>' or '&'.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "é</script>", "\x00\xff\u2028", `"\`, "https://example.org/adn/chantier/c-0001", "abcdefgh\"ijklmnop\\qrstuvwx\x1fyz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := AppendJSONString(nil, s, true)
		if strings.ContainsAny(string(out), "<>&\u2028\u2029") {
			t.Fatalf("unescaped character in %q", out)
		}
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		if want := strings.ToValidUTF8(s, "\ufffd"); utf8.ValidString(s) && back != want {
			t.Fatalf("%q decodes to %q", s, back)
		}
		// Without HTML escapes (the eight-byte fast path): JSON that
		// decodes to the same string.
		plain := AppendJSONString(nil, s, false)
		var backPlain string
		if err := json.Unmarshal(plain, &backPlain); err != nil || backPlain != back {
			t.Fatalf("%q without HTML escapes: %q decodes to %q (%v), with them %q", s, plain, backPlain, err, back)
		}
		if strings.ContainsAny(string(plain), "\u2028\u2029") {
			t.Fatalf("unescaped line separator in %q", plain)
		}
	})
}

// BenchmarkAppendJSONString writes typical values: an IRI, a French name,
// a text with a quote and a line break.
func BenchmarkAppendJSONString(b *testing.B) {
	values := []string{
		"https://example.org/adn/chantier/c-000123",
		"Chantier « Données ouvertes » de la Montérégie",
		"Il a dit \"oui\"\net puis non",
	}
	var buf []byte
	for b.Loop() {
		for _, v := range values {
			buf = AppendJSONString(buf[:0], v, false)
		}
	}
}

// TestPlainWord: the eight-byte test agrees with jsonSafe byte by byte,
// on every word of bytes drawn from the edges of the classes (control
// characters, space, quote, backslash, DEL, bytes from 0x80).
func TestPlainWord(t *testing.T) {
	edges := []byte{0x00, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x41, 0x5b, 0x5c, 0x5d, 0x7e, 0x7f, 0x80, 0xc3, 0xff}
	r := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		var b [8]byte
		want := true
		for j := range b {
			b[j] = edges[r.IntN(len(edges))]
			if r.IntN(3) > 0 {
				b[j] = 'a' // mostly plain, so that words of one odd byte are common
			}
			want = want && jsonSafe[b[j]]
		}
		if got := plainWord(string(b[:]), 0); got != want {
			t.Fatalf("plainWord(%q) = %v, want %v", b, got, want)
		}
	}
}
