package expr

import (
	"testing"
)

// TestLiteralMatcherAgreesWithRegexp checks the substring fast path
// against the RE2 program of the same pattern.
func TestLiteralMatcherAgreesWithRegexp(t *testing.T) {
	texts := []string{
		"", "numérique", "Plan NUMÉRIQUE 2030", "Numérique", "numerique",
		"Transition numériqu", "KELVIN", "\u212Aelvin", "kelvin", "ſtraße", "STRASSE", "Straße",
		"ΣΊΣΥΦΟΣ", "σίσυφος", "σίσυφοςς", "a\xffb", "a\ufffdb", "\xe2\x82", "x.y", "x*y", "toit  du",
		"Veille numérique", "la veille", "VEILLE", "Données ouvertes à Montréal", "Montréal\n", "MONTRÉAL",
		"montréal et Laval", "\xffmontréal", "ab\nmontréal", "\n", "k\u212A",
	}
	tests := []struct {
		name, pattern, flags string
		literal              bool
	}{
		{"plain", "numérique", "", true},
		{"fold", "numérique", "i", true},
		{"fold upper", "NUMÉRIQUE", "i", true},
		{"kelvin sign", "\u212A", "i", true},
		{"ascii k", "k", "i", true},
		{"long s", "ſ", "i", true},
		{"sharp s", "ß", "i", true},
		{"sigma", "σ", "i", true},
		{"final sigma", "ς", "i", true},
		{"empty", "", "", true},
		{"empty fold", "", "i", true},
		{"quoted meta", "x.y", "q", true},
		{"quoted meta fold", "X*Y", "qi", true},
		{"extended", "toit du", "x", true},
		{"extended quoted keeps spaces", "toit  du", "xq", true},
		{"dot", "x.y", "", false},
		{"class", "[a]", "i", false},
		{"escape", `a\sb`, "", false},
		{"replacement char", "\ufffd", "", false},
		{"flags s m", "Straße", "smi", true},
		{"alternation", "veille|ouvertes", "", true},
		{"alternation fold, anchored", "^veille|DONNÉES ouvertes", "i", true},
		{"suffix", "montréal$", "", true},
		{"suffix fold", "MONTRÉAL$", "i", true},
		{"whole text", "^numérique$", "i", true},
		{"empty alternative", "zzz|", "", true},
		{"anchors only", "^$", "i", true},
		{"start only", "^", "", true},
		{"end fold kelvin", "k$", "i", true},
		{"anchors in q are literal", "^a|b$", "q", true},
		{"anchors with m", "^veille", "m", false},
		{"alternation with m, no anchors", "veille|ouvertes", "mi", true},
		{"caret inside", "a^b", "", false},
		{"dollar inside", "a$b|c", "", false},
		{"double caret", "^^a", "", false},
		{"group", "(a|b)", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := newLiteralMatcher(tt.pattern, tt.flags)
			if ok != tt.literal {
				t.Fatalf("literal = %v, want %v", ok, tt.literal)
			}
			if !ok {
				return
			}
			re, err := translateRegex(tt.pattern, tt.flags)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range texts {
				if got, want := m.match(s), re.MatchString(s); got != want {
					t.Errorf("match(%q) = %v, regexp says %v", s, got, want)
				}
			}
		})
	}
}

// FuzzLiteralMatcher compares the fast path with RE2 on any input.
func FuzzLiteralMatcher(f *testing.F) {
	f.Add("numérique", "i", "Plan NUMÉRIQUE")
	f.Add("\u212A", "i", "k")
	f.Add("a b", "x", "ab")
	f.Add("σ", "iq", "ΣΊΣΥΦΟΣ\xff")
	f.Add("^veille|DONNÉES ouvertes", "i", "Veille")
	f.Add("montréal$|^$", "i", "MONTRÉAL")
	f.Fuzz(func(t *testing.T, pattern, flags, text string) {
		m, ok := newLiteralMatcher(pattern, flags)
		if !ok {
			return
		}
		re, err := translateRegex(pattern, flags)
		if err != nil {
			t.Fatalf("literal pattern %q (flags %q) does not compile: %v", pattern, flags, err)
		}
		if got, want := m.match(text), re.MatchString(text); got != want {
			t.Fatalf("pattern %q flags %q text %q: match %v, regexp %v", pattern, flags, text, got, want)
		}
	})
}

// BenchmarkRegexLiteral times REGEX with a literal pattern through the
// fast path and through RE2.
func BenchmarkRegexLiteral(b *testing.B) {
	text := "Réfection de la plateforme Numérique du bâtiment B"
	for _, flags := range []string{"", "i"} {
		m, _ := newLiteralMatcher("numérique", flags)
		re, err := translateRegex("numérique", flags)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("substring/"+flags, func(b *testing.B) {
			for b.Loop() {
				m.match(text)
			}
		})
		b.Run("regexp/"+flags, func(b *testing.B) {
			for b.Loop() {
				re.MatchString(text)
			}
		})
	}
}
