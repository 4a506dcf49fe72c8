package expr

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

// stringFuncs are the functions on strings (SPARQL 17.4.3).
var stringFuncs = map[string]function{
	"STRLEN":         {1, 1, fnStrLen},
	"SUBSTR":         {2, 3, fnSubstr},
	"UCASE":          {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return mapString(a[0], strings.ToUpper) }},
	"LCASE":          {1, 1, func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) { return mapString(a[0], strings.ToLower) }},
	"STRSTARTS":      {2, 2, boolStringFunc(strings.HasPrefix)},
	"STRENDS":        {2, 2, boolStringFunc(strings.HasSuffix)},
	"CONTAINS":       {2, 2, boolStringFunc(strings.Contains)},
	"STRBEFORE":      {2, 2, fnStrBefore},
	"STRAFTER":       {2, 2, fnStrAfter},
	"ENCODE_FOR_URI": {1, 1, fnEncodeForURI},
	"CONCAT":         {0, -1, fnConcat},
	"REGEX":          {2, 3, fnRegex},
	"REPLACE":        {3, 4, fnReplace},
}

func stringArg(t rdf.Term) error {
	if !isStringLiteral(t) {
		return typeErrorf("not a string literal: %s", t)
	}
	return nil
}

// withLexical returns a literal of the same kind as t (language tag or
// xsd:string) with another lexical form.
func withLexical(t rdf.Term, lex string) rdf.Term {
	t.Value = lex
	return t
}

func fnStrLen(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if err := stringArg(a[0]); err != nil {
		return rdf.Term{}, err
	}
	return intNumber(int64(utf8.RuneCountInString(a[0].Value))).term(), nil
}

func mapString(t rdf.Term, f func(string) string) (rdf.Term, error) {
	if err := stringArg(t); err != nil {
		return rdf.Term{}, err
	}
	return withLexical(t, f(t.Value)), nil
}

// compatible checks the argument compatibility rules of SPARQL 17.4.3.1.3:
// two simple literals or xsd:strings, two literals with the same language
// tag, or a language-tagged literal and a simple literal or xsd:string.
func compatible(a, b rdf.Term) error {
	if err := stringArg(a); err != nil {
		return err
	}
	if err := stringArg(b); err != nil {
		return err
	}
	if b.Lang != "" && b.Lang != a.Lang {
		return typeErrorf("incompatible arguments %s and %s", a, b)
	}
	return nil
}

func boolStringFunc(f func(s, sub string) bool) func(*FuncContext, []rdf.Term) (rdf.Term, error) {
	return func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
		if err := compatible(a[0], a[1]); err != nil {
			return rdf.Term{}, err
		}
		return Bool(f(a[0].Value, a[1].Value)), nil
	}
}

func fnStrBefore(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if err := compatible(a[0], a[1]); err != nil {
		return rdf.Term{}, err
	}
	i := strings.Index(a[0].Value, a[1].Value)
	if i < 0 {
		return rdf.String(""), nil
	}
	return withLexical(a[0], a[0].Value[:i]), nil
}

func fnStrAfter(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if err := compatible(a[0], a[1]); err != nil {
		return rdf.Term{}, err
	}
	i := strings.Index(a[0].Value, a[1].Value)
	if i < 0 {
		return rdf.String(""), nil
	}
	return withLexical(a[0], a[0].Value[i+len(a[1].Value):]), nil
}

// xpathRound rounds half towards positive infinity, as fn:round.
func xpathRound(f float64) float64 {
	r := math.Floor(f)
	if f-r >= 0.5 {
		r++
	}
	return r
}

// fnSubstr implements fn:substring: the characters at positions p (from 1)
// with round(start) <= p < round(start) + round(length).
func fnSubstr(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if err := stringArg(a[0]); err != nil {
		return rdf.Term{}, err
	}
	start, err := numericArg(a[1])
	if err != nil {
		return rdf.Term{}, err
	}
	from := xpathRound(start.float())
	to := math.Inf(1)
	if len(a) == 3 {
		l, err := numericArg(a[2])
		if err != nil {
			return rdf.Term{}, err
		}
		to = from + xpathRound(l.float())
	}
	var b strings.Builder
	p := 1.0
	for _, r := range a[0].Value {
		if p >= from && p < to {
			b.WriteRune(r)
		}
		p++
	}
	return withLexical(a[0], b.String()), nil
}

const upperHex = "0123456789ABCDEF"

func fnEncodeForURI(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	if err := stringArg(a[0]); err != nil {
		return rdf.Term{}, err
	}
	s := a[0].Value
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return rdf.String(b.String()), nil
}

// fnConcat keeps a language tag only when every argument has the same one.
func fnConcat(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	var b strings.Builder
	lang := ""
	for i, t := range a {
		if err := stringArg(t); err != nil {
			return rdf.Term{}, err
		}
		if i == 0 {
			lang = t.Lang
		} else if t.Lang != lang {
			lang = ""
		}
		b.WriteString(t.Value)
	}
	if lang != "" {
		return rdf.LangString(b.String(), lang), nil
	}
	return rdf.String(b.String()), nil
}
