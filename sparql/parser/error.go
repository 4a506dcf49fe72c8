package parser

import (
	"fmt"

	"github.com/ruche-lod/ruche/store/rdf"
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

// LimitError reports input beyond one of the parser's bounds: Limit
// "depth" is nesting deeper than Max levels ([MaxDepth]). The input may be
// valid SPARQL; it is refused, not wrong.
type LimitError struct {
	Limit  string
	Max    int
	Offset int
	Line   int
	Column int
}

// Error returns "line:column: msg", or msg alone when the position is
// unknown (Line 0).
func (e *LimitError) Error() string {
	msg := fmt.Sprintf("nesting deeper than the %s limit of %d levels", e.Limit, e.Max)
	if e.Line == 0 {
		return "sparql: " + msg
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, msg)
}

// InternalError is a panic inside the parser: a bug, never a fault of the
// input. Value is what was recovered, Stack where.
type InternalError struct {
	Offset int
	Value  any
	Stack  []byte
}

// Error returns a message naming the recovered value.
func (e *InternalError) Error() string {
	return fmt.Sprintf("sparql: internal parser error at offset %d: %v", e.Offset, e.Value)
}

// newSyntaxError works out line and column of offset in src.
func newSyntaxError(src string, offset int, msg string) *SyntaxError {
	offset = min(max(offset, 0), len(src))
	line, col := rdf.LineColumn(src, offset)
	return &SyntaxError{Offset: offset, Line: line, Column: col, Msg: msg}
}
