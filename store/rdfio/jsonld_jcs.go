package rdfio

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// canonicalJSON serialises a decoded JSON value with the JSON
// Canonicalization Scheme (RFC 8785): object members sorted by their UTF-16
// code units, no whitespace, numbers as ECMAScript prints them, strings with
// the minimal escaping. JSON-LD uses it for the lexical form of rdf:JSON
// literals.
func canonicalJSON(v any) (string, error) {
	var b strings.Builder
	if err := writeJCS(&b, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeJCS(b *strings.Builder, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case float64:
		s, err := es6Number(x)
		if err != nil {
			return err
		}
		b.WriteString(s)
	case string:
		writeJCSString(b, x)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJCS(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareUTF16)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJCSString(b, k)
			b.WriteByte(':')
			if err := writeJCS(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("JCS: unsupported JSON value of type %T", v)
	}
	return nil
}

// compareUTF16 orders strings by their UTF-16 code units, as RFC 8785
// section 3.2.3 requires.
func compareUTF16(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func writeJCSString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// es6Number prints a double as ECMAScript's Number.prototype.toString does
// (ECMA-262, Number::toString), which RFC 8785 section 3.2.2.3 adopts.
func es6Number(x float64) (string, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "", errors.New("JCS: NaN and infinities are not JSON numbers")
	}
	if x == 0 {
		return "0", nil
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	// Shortest round-tripping digits and the decimal exponent.
	e := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	k, n := len(digits), exp+1
	var s string
	switch {
	case k <= n && n <= 21:
		s = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		s = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		s = "0." + strings.Repeat("0", -n) + digits
	default:
		es := "+"
		if n-1 < 0 {
			es = "-"
		}
		d := digits[:1]
		if k > 1 {
			d += "." + digits[1:]
		}
		s = d + "e" + es + strconv.Itoa(abs(n-1))
	}
	return sign + s, nil
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
