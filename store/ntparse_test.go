package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

// parseNTriples is a small N-Triples reader for tests and benchmarks (the
// real decoders live in store/rdfio). It pushes each triple to yield.
func parseNTriples(r io.Reader, yield func(rdf.Quad) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		var q rdf.Quad
		var err error
		if q.S, s, err = ntTerm(s); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if q.P, s, err = ntTerm(s); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if q.O, s, err = ntTerm(s); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if s != "." {
			return fmt.Errorf("line %d: expected '.', found %q", line, s)
		}
		if err := yield(q); err != nil {
			return err
		}
	}
	return sc.Err()
}

func ntTerm(s string) (rdf.Term, string, error) {
	s = strings.TrimLeft(s, " \t")
	switch {
	case strings.HasPrefix(s, "<"):
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return rdf.Term{}, "", errors.New("unterminated IRI")
		}
		v, err := ntUnescape(s[1:end])
		return rdf.IRI(v), strings.TrimLeft(s[end+1:], " \t"), err
	case strings.HasPrefix(s, "_:"):
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		return rdf.Blank(s[2:end]), strings.TrimLeft(s[end:], " \t"), nil
	case strings.HasPrefix(s, `"`):
		i := 1
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(s) {
			return rdf.Term{}, "", errors.New("unterminated literal")
		}
		lex, err := ntUnescape(s[1:i])
		if err != nil {
			return rdf.Term{}, "", err
		}
		rest := s[i+1:]
		switch {
		case strings.HasPrefix(rest, "@"):
			end := strings.IndexAny(rest, " \t")
			if end < 0 {
				end = len(rest)
			}
			return rdf.LangString(lex, rest[1:end]), strings.TrimLeft(rest[end:], " \t"), nil
		case strings.HasPrefix(rest, "^^"):
			dt, rest, err := ntTerm(rest[2:])
			return rdf.Literal(lex, dt.Value), rest, err
		}
		return rdf.String(lex), strings.TrimLeft(rest, " \t"), nil
	}
	return rdf.Term{}, "", fmt.Errorf("unexpected %.10q", s)
}

func ntUnescape(s string) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case '"', '\'', '\\':
			b.WriteByte(s[i])
		case 'u', 'U':
			n := 4
			if s[i] == 'U' {
				n = 8
			}
			if i+n >= len(s)+0 && i+n > len(s)-1+1 {
				return "", errors.New("short \\u escape")
			}
			r, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil {
				return "", err
			}
			b.WriteRune(rune(r))
			i += n
		default:
			return "", fmt.Errorf("bad escape \\%c", s[i])
		}
	}
	if !utf8.ValidString(b.String()) {
		return b.String(), nil
	}
	return b.String(), nil
}
