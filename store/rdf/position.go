package rdf

import "unicode/utf8"

// LineColumn turns a byte offset in src into a line and a column, both
// from 1, the column counted in code points (a byte of invalid UTF-8 counts
// as one). An offset outside src is clamped to it. Every parser of ruche
// (SPARQL, JSON-LD, …) positions its errors with it.
func LineColumn[T ~string | ~[]byte](src T, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	line, start := 1, 0
	for i := range offset {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, 1 + utf8.RuneCountInString(string(src[start:offset]))
}
