package results

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

const (
	// TableMaxWidth bounds the width of a Table column; longer values are
	// cut and end with "…".
	TableMaxWidth = 50
	// tableSample is the number of rows used to size the columns; later
	// rows are fitted (cut) to those widths.
	tableSample = 200
)

// tableEncoder writes aligned text for terminals. It holds back the first
// rows to size the columns, then streams.
type tableEncoder struct {
	vars    []string
	pending [][]string
	widths  []int
	sized   bool
	n       int
}

func (e *tableEncoder) header(dst []byte, vars []string) []byte {
	e.vars = vars
	return dst
}

func tableCell(t rdf.Term) string {
	s := t.String()
	if t.Kind == rdf.KindLiteral && strings.HasPrefix(t.Datatype, rdf.XSDNS) && t.Lang == "" {
		s = strings.Replace(s, "^^<"+rdf.XSDNS, "^^xsd:", 1)
		s = strings.TrimSuffix(s, ">")
	}
	s = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
	if utf8.RuneCountInString(s) > TableMaxWidth {
		r := []rune(s)
		s = string(r[:TableMaxWidth-1]) + "…"
	}
	return s
}

func (e *tableEncoder) row(dst []byte, _ []string, row []rdf.Term) []byte {
	cells := make([]string, len(row))
	for i, t := range row {
		cells[i] = tableCell(t)
	}
	e.n++
	if e.sized {
		return e.appendRow(dst, cells)
	}
	e.pending = append(e.pending, cells)
	if len(e.pending) >= tableSample {
		dst = e.release(dst)
	}
	return dst
}

// release sizes the columns from the pending rows and writes them with the
// header.
func (e *tableEncoder) release(dst []byte) []byte {
	e.sized = true
	e.widths = make([]int, len(e.vars))
	for i, v := range e.vars {
		e.widths[i] = utf8.RuneCountInString(v) + 1
	}
	for _, r := range e.pending {
		for i, c := range r {
			e.widths[i] = max(e.widths[i], utf8.RuneCountInString(c))
		}
	}
	head := make([]string, len(e.vars))
	for i, v := range e.vars {
		head[i] = "?" + v
	}
	dst = e.appendRow(dst, head)
	dst = append(dst, '|')
	for _, w := range e.widths {
		dst = append(dst, strings.Repeat("-", w+2)...)
		dst = append(dst, '|')
	}
	dst = append(dst, '\n')
	for _, r := range e.pending {
		dst = e.appendRow(dst, r)
	}
	e.pending = nil
	return dst
}

func (e *tableEncoder) appendRow(dst []byte, cells []string) []byte {
	dst = append(dst, '|')
	for i, c := range cells {
		w := e.widths[i]
		if n := utf8.RuneCountInString(c); n > w {
			c = string([]rune(c)[:max(w-1, 0)]) + "…"
		}
		dst = append(dst, ' ')
		dst = append(dst, c...)
		dst = append(dst, strings.Repeat(" ", max(w-utf8.RuneCountInString(c), 0)+1)...)
		dst = append(dst, '|')
	}
	return append(dst, '\n')
}

func (e *tableEncoder) trailer(dst []byte) []byte {
	if !e.sized {
		dst = e.release(dst)
	}
	word := "rows"
	if e.n == 1 {
		word = "row"
	}
	return fmt.Appendf(dst, "(%d %s)\n", e.n, word)
}

func (e *tableEncoder) abort(dst []byte, _ []string, err error) []byte {
	if !e.sized {
		dst = e.release(dst)
	}
	return fmt.Appendf(dst, "-- aborted after %d rows: %v\n", e.n, err)
}
