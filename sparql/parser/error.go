package parser

import (
	"fmt"
	"unicode/utf8"
)

// SyntaxError is a syntax or static-semantics error in a query or update.
// Offset is a byte offset; Line and Column count from 1, Column in code
// points.
type SyntaxError struct {
	Offset int
	Line   int
	Column int
	Msg    string
}

// Error returns "line:column: msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// newSyntaxError works out line and column of offset in src.
func newSyntaxError(src string, offset int, msg string) *SyntaxError {
	if offset < 0 {
		offset = 0
	}
	if offset > len(src) {
		offset = len(src)
	}
	line, col := 1, 1
	for i := 0; i < offset; {
		r, n := utf8.DecodeRuneInString(src[i:])
		i += n
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Offset: offset, Line: line, Column: col, Msg: msg}
}
