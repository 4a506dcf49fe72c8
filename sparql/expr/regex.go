package expr

import (
	"regexp"
	"strings"
	"sync"

	"github.com/ruche-lod/ruche/store/rdf"
)

// regexCacheSize bounds the compiled-pattern cache: a query applies the same
// few patterns to every solution.
const regexCacheSize = 256

type regexEntry struct {
	re *regexp.Regexp
	// lit, when set, answers matches for a pattern without
	// metacharacters faster than re.
	lit *literalMatcher
	err error
}

// match reports whether s contains a match.
func (e *regexEntry) match(s string) bool {
	if e.lit != nil {
		return e.lit.match(s)
	}
	return e.re.MatchString(s)
}

type regexKey struct{ pattern, flags string }

var regexCache = struct {
	sync.RWMutex
	m map[regexKey]*regexEntry
}{m: make(map[regexKey]*regexEntry)}

// compileRegex compiles an XPath regular expression with XPath flags (F&O
// 7.6.1) onto Go's RE2, through a bounded cache. Features RE2 lacks (back
// references, character class subtraction, Unicode block escapes, \i \c)
// give a type error.
func compileRegex(pattern, flags string) (*regexEntry, error) {
	key := regexKey{pattern, flags}
	regexCache.RLock()
	e, ok := regexCache.m[key]
	regexCache.RUnlock()
	if ok {
		return e, e.err
	}
	re, err := translateRegex(pattern, flags)
	e = &regexEntry{re: re, err: err}
	if err == nil {
		e.lit, _ = newLiteralMatcher(pattern, flags)
	}
	regexCache.Lock()
	if len(regexCache.m) >= regexCacheSize {
		for k := range regexCache.m { // evict an arbitrary entry
			delete(regexCache.m, k)
			break
		}
	}
	regexCache.m[key] = e
	regexCache.Unlock()
	return e, err
}

func translateRegex(pattern, flags string) (*regexp.Regexp, error) {
	var prefix strings.Builder
	var quote, extended, dotAll bool
	for _, f := range flags {
		switch f {
		case 'i':
			prefix.WriteString("i")
		case 's':
			dotAll = true
		case 'm':
			prefix.WriteString("m")
		case 'x':
			extended = true
		case 'q':
			quote = true
		default:
			return nil, typeErrorf("invalid regular expression flag %q", f)
		}
	}
	var body string
	if quote {
		body = regexp.QuoteMeta(pattern)
	} else {
		if extended {
			pattern = stripWhitespace(pattern)
		}
		var err error
		if body, err = checkXPathRegex(pattern, dotAll); err != nil {
			return nil, err
		}
	}
	if p := prefix.String(); p != "" {
		body = "(?" + p + ")" + body
	}
	re, err := regexp.Compile(body)
	if err != nil {
		return nil, typeErrorf("unsupported regular expression %q: %v", pattern, err)
	}
	return re, nil
}

// stripWhitespace implements the x flag (F&O 3.0 5.6.1.1): whitespace is
// removed except inside character class expressions.
func stripWhitespace(s string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			b.WriteByte(s[i+1])
			i++
			continue
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case !inClass && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// checkXPathRegex rejects XPath constructs that RE2 would read differently
// and rewrites "." so that, as in XPath, it matches neither \n nor \r
// unless the s flag is given.
func checkXPathRegex(p string, dotAll bool) (string, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", typeErrorf("regular expression ends with a backslash")
			}
			n := p[i+1]
			switch {
			case n >= '1' && n <= '9':
				return "", typeErrorf("back references are not supported")
			case n == 'i' || n == 'I' || n == 'c' || n == 'C':
				return "", typeErrorf(`XML name escapes \%c are not supported`, n)
			}
			// XPath's \d and \w are Unicode-aware, RE2's are ASCII.
			if esc, ok := xpathEscapes[n]; ok {
				if inClass {
					b.WriteString(esc.inClass)
				} else {
					b.WriteString(esc.outside)
				}
			} else {
				b.WriteByte(c)
				b.WriteByte(n)
			}
			i++
			continue
		case inClass && c == '-' && i+1 < len(p) && p[i+1] == '[':
			return "", typeErrorf("character class subtraction is not supported")
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
			continue
		case c == ']' && inClass:
			inClass = false
		case c == '.' && !inClass:
			if dotAll {
				b.WriteString(`(?s:.)`)
			} else {
				b.WriteString(`[^\n\r]`)
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

// xpathEscapes are the multi-character escapes whose XPath meaning (F&O
// 7.6.1, XML Schema F.1.1) differs from RE2's: \d is any decimal digit, \w
// any character outside the punctuation, separator and other categories.
var xpathEscapes = map[byte]struct{ outside, inClass string }{
	'd': {`\p{Nd}`, `\p{Nd}`},
	'D': {`\P{Nd}`, `\P{Nd}`},
	'w': {`[\p{L}\p{M}\p{N}\p{S}]`, `\p{L}\p{M}\p{N}\p{S}`},
	'W': {`[\p{P}\p{Z}\p{C}]`, `\p{P}\p{Z}\p{C}`},
	's': {`[ \t\n\r]`, ` \t\n\r`},
}

// regexArgs checks the arguments of REGEX and REPLACE: text a string
// literal, pattern and flags simple literals.
func regexArgs(text, pattern rdf.Term, flags []rdf.Term) (*regexEntry, error) {
	if err := stringArg(text); err != nil {
		return nil, err
	}
	if !isSimple(pattern) {
		return nil, typeErrorf("pattern must be a simple literal: %s", pattern)
	}
	f := ""
	if len(flags) > 0 {
		if !isSimple(flags[0]) {
			return nil, typeErrorf("flags must be a simple literal: %s", flags[0])
		}
		f = flags[0].Value
	}
	return compileRegex(pattern.Value, f)
}

func fnRegex(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	e, err := regexArgs(a[0], a[1], a[2:])
	if err != nil {
		return rdf.Term{}, err
	}
	return Bool(e.match(a[0].Value)), nil
}

// fnReplace implements fn:replace: $N in the replacement refers to a group,
// \$ and \\ are literal, and a pattern matching the empty string is an error.
func fnReplace(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	e, err := regexArgs(a[0], a[1], a[3:])
	if err != nil {
		return rdf.Term{}, err
	}
	re := e.re
	if !isSimple(a[2]) {
		return rdf.Term{}, typeErrorf("replacement must be a simple literal: %s", a[2])
	}
	if re.MatchString("") {
		return rdf.Term{}, typeErrorf("pattern %q matches the empty string", a[1].Value)
	}
	tmpl, err := parseReplacement(a[2].Value, re.NumSubexp())
	if err != nil {
		return rdf.Term{}, err
	}
	s := a[0].Value
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		for _, part := range tmpl {
			if part.group < 0 {
				b.WriteString(part.lit)
			} else if m[2*part.group] >= 0 {
				b.WriteString(s[m[2*part.group]:m[2*part.group+1]])
			}
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return withLexical(a[0], b.String()), nil
}

type replPart struct {
	lit   string
	group int // -1 for a literal part
}

func parseReplacement(r string, groups int) ([]replPart, error) {
	var parts []replPart
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, replPart{lit: lit.String(), group: -1})
			lit.Reset()
		}
	}
	for i := 0; i < len(r); i++ {
		switch c := r[i]; c {
		case '\\':
			if i+1 >= len(r) || (r[i+1] != '\\' && r[i+1] != '$') {
				return nil, typeErrorf("invalid replacement string %q", r)
			}
			lit.WriteByte(r[i+1])
			i++
		case '$':
			j := i + 1
			if j >= len(r) || r[j] < '0' || r[j] > '9' {
				return nil, typeErrorf("invalid replacement string %q", r)
			}
			n := int(r[j] - '0')
			j++
			for j < len(r) && r[j] >= '0' && r[j] <= '9' && n*10+int(r[j]-'0') <= groups {
				n = n*10 + int(r[j]-'0')
				j++
			}
			flush()
			if n <= groups {
				parts = append(parts, replPart{group: n})
			}
			i = j - 1
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return parts, nil
}
