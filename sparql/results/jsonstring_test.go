package results

import (
	"encoding/json"
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
	for _, s := range []string{"", "é</script>", "\x00\xff\u2028", `"\`} {
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
