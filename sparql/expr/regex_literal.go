package expr

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// literalMatcher answers REGEX for a pattern that is literals: one, or
// several separated by | (an alternation), each possibly anchored by a
// leading ^ and a trailing $, with no other metacharacter ("^veille|
// données ouvertes", "montréal$"): prefix, suffix, equality and substring
// tests, case-folded for the i flag. It agrees with the RE2 program of the
// same pattern: with the i flag a pattern rune matches every rune of its
// simple case-folding orbit (unicode.SimpleFold), invalid UTF-8 in the
// text reads as U+FFFD one byte at a time, and without the m flag ^ and $
// match only at the text's start and end. RE2 runs such a pattern with the
// i flag, or with anchors in an alternation, through its backtracker or
// NFA (about 2 µs on a 50-byte name); the tests here cost tens of
// nanoseconds.
type literalMatcher struct {
	alts []literalAlt
}

// literalAlt is one literal of an alternation.
type literalAlt struct {
	lit        string
	fold       []rune // canonical fold of each pattern rune; nil without i
	start, end bool   // anchored at the text's start, at its end
}

// regexMeta are the bytes that make a pattern more than a literal (in
// XPath syntax, which escapes with a backslash).
const regexMeta = `\.^$|?*+()[]{}`

// newLiteralMatcher returns a matcher for pattern under flags, and false
// when the pattern is not literals as literalMatcher describes (or needs
// care the tests do not take, such as U+FFFD or invalid UTF-8).
func newLiteralMatcher(pattern, flags string) (*literalMatcher, bool) {
	quote, fold, extended, multiline := false, false, false, false
	for _, f := range flags {
		switch f {
		case 'i':
			fold = true
		case 'q':
			quote = true
		case 'x':
			extended = true
		case 'm':
			multiline = true
		case 's':
			// no effect: a literal has no .
		default:
			return nil, false
		}
	}
	if extended && !quote { // q makes x moot, as in translateRegex
		pattern = stripWhitespace(pattern)
	}
	if !utf8.ValidString(pattern) || strings.ContainsRune(pattern, utf8.RuneError) {
		return nil, false
	}
	parts := []string{pattern}
	if !quote {
		parts = strings.Split(pattern, "|")
	}
	m := &literalMatcher{alts: make([]literalAlt, 0, len(parts))}
	for _, part := range parts {
		var a literalAlt
		if !quote {
			part, a.start = strings.CutPrefix(part, "^")
			part, a.end = strings.CutSuffix(part, "$")
			if strings.ContainsAny(part, regexMeta) || (multiline && (a.start || a.end)) {
				return nil, false
			}
		}
		a.lit = part
		if fold {
			a.fold = make([]rune, 0, len(part))
			for _, r := range part {
				a.fold = append(a.fold, foldRune(r))
			}
		}
		m.alts = append(m.alts, a)
	}
	return m, true
}

// foldTableSize covers Latin-1 and Latin Extended-A and B, where most
// non-ASCII text of the expected data falls.
const foldTableSize = 0x250

// foldTable holds foldRune of the runes below foldTableSize.
var foldTable = sync.OnceValue(func() *[foldTableSize]rune {
	var t [foldTableSize]rune
	for r := range rune(foldTableSize) {
		t[r] = foldOrbit(r)
	}
	return &t
})

// foldRune returns the smallest rune of r's simple case-folding orbit, so
// that two runes fold together exactly when their foldRune are equal.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	if r < foldTableSize {
		return foldTable()[r]
	}
	return foldOrbit(r)
}

// foldOrbit computes foldRune by walking the orbit.
func foldOrbit(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}

// nextRune decodes the rune at s[i] as ranging over s would (U+FFFD for
// each invalid byte) and returns its fold and width.
func nextRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		return rune(c), 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return foldRune(r), w
}

// match reports whether s contains a match of one of the literals.
func (m *literalMatcher) match(s string) bool {
	for i := range m.alts {
		if m.alts[i].match(s) {
			return true
		}
	}
	return false
}

// match reports whether s contains a match of the literal, where its
// anchors allow.
func (a *literalAlt) match(s string) bool {
	if a.fold == nil {
		switch {
		case a.start && a.end:
			return s == a.lit
		case a.start:
			return strings.HasPrefix(s, a.lit)
		case a.end:
			return strings.HasSuffix(s, a.lit)
		}
		return strings.Contains(s, a.lit)
	}
	if a.start {
		j, ok := a.foldAt(s, 0)
		return ok && (!a.end || j == len(s))
	}
	if len(a.fold) == 0 {
		return true // matches at the end, whatever the anchors
	}
	for i := 0; i < len(s); {
		r, w := nextRune(s, i)
		if r == a.fold[0] {
			if j, ok := a.foldAt(s, i); ok && (!a.end || j == len(s)) {
				return true
			}
		}
		i += w
	}
	return false
}

// foldAt reports whether the literal, case-folded, matches s from byte i
// on, and where the match ends.
func (a *literalAlt) foldAt(s string, i int) (int, bool) {
	for _, p := range a.fold {
		if i >= len(s) {
			return 0, false
		}
		r, w := nextRune(s, i)
		if r != p {
			return 0, false
		}
		i += w
	}
	return i, true
}
