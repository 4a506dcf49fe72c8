package expr

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// literalMatcher answers REGEX for a pattern without metacharacters: a
// substring search, case-folded for the i flag. It agrees with the RE2
// program of the same pattern: with the i flag a pattern rune matches
// every rune of its simple case-folding orbit (unicode.SimpleFold), and
// invalid UTF-8 in the text reads as U+FFFD one byte at a time.
type literalMatcher struct {
	lit  string
	fold []rune // canonical fold of each pattern rune; nil without i
}

// regexMeta are the bytes that make a pattern more than a literal (in
// XPath syntax, which escapes with a backslash).
const regexMeta = `\.^$|?*+()[]{}`

// newLiteralMatcher returns a matcher for pattern under flags, and false
// when the pattern is not a plain literal (or needs care the substring
// search does not take, such as U+FFFD or invalid UTF-8).
func newLiteralMatcher(pattern, flags string) (*literalMatcher, bool) {
	quote, fold, extended := false, false, false
	for _, f := range flags {
		switch f {
		case 'i':
			fold = true
		case 'q':
			quote = true
		case 'x':
			extended = true
		case 's', 'm':
			// no effect on a literal: it has no . ^ $
		default:
			return nil, false
		}
	}
	if extended && !quote { // q makes x moot, as in translateRegex
		pattern = stripWhitespace(pattern)
	}
	if !quote && strings.ContainsAny(pattern, regexMeta) {
		return nil, false
	}
	if !utf8.ValidString(pattern) || strings.ContainsRune(pattern, utf8.RuneError) {
		return nil, false
	}
	m := &literalMatcher{lit: pattern}
	if fold {
		m.fold = make([]rune, 0, len(pattern))
		for _, r := range pattern {
			m.fold = append(m.fold, foldRune(r))
		}
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

// match reports whether s contains the literal.
func (m *literalMatcher) match(s string) bool {
	if m.fold == nil {
		return strings.Contains(s, m.lit)
	}
	p := m.fold
	if len(p) == 0 {
		return true
	}
	for i := 0; i < len(s); {
		r, w := nextRune(s, i)
		if r == p[0] {
			j, k := i+w, 1
			for k < len(p) && j < len(s) {
				rj, wj := nextRune(s, j)
				if rj != p[k] {
					break
				}
				j, k = j+wj, k+1
			}
			if k == len(p) {
				return true
			}
		}
		i += w
	}
	return false
}
