package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/ruche-lod/ruche/store/rdf"
)

// FlushEvery is the number of rows a writer buffers before it flushes its
// output (and calls Flush on the destination when it is an [http.Flusher]).
const FlushEvery = 256

// Writer streams the solutions of a SELECT query in one format.
type Writer interface {
	// Write writes one solution: one term per variable, in the order of the
	// variables given to NewWriter; a zero Term is an unbound variable.
	Write(row []rdf.Term) error
	// Close writes the end of the document and flushes. It does not close
	// the underlying io.Writer.
	Close() error
	// Abort flushes what was written and leaves the document unmistakably
	// incomplete (see the package documentation), recording err in it where
	// the format allows. It returns an error only if writing fails.
	Abort(err error) error
	// Committed reports whether any output has reached the destination.
	// Until then a caller that hits an error may drop the Writer and send
	// an error response instead (an HTTP status, for example); after it,
	// only Abort can signal the failure.
	Committed() bool
}

// ErrClosed is returned when writing to a closed or aborted Writer.
var ErrClosed = errors.New("results writer is closed")

// encoder is the format-specific part of a Writer: each method appends to
// dst and returns it.
type encoder interface {
	header(dst []byte, vars []string) []byte
	row(dst []byte, vars []string, row []rdf.Term) []byte
	trailer(dst []byte) []byte
	abort(dst []byte, vars []string, err error) []byte
}

// countingWriter records whether bytes went through.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

type writer struct {
	enc     encoder
	dst     io.Writer
	count   *countingWriter
	bw      *bufio.Writer
	vars    []string
	buf     []byte
	rows    int
	started bool
	closed  bool
	err     error
}

// NewWriter returns a Writer of SELECT results in format f over the given
// variables (names without "?"). An unknown format gives a Writer whose
// methods return ErrUnsupportedFormat.
func NewWriter(f Format, w io.Writer, vars []string) Writer {
	cw := &countingWriter{w: w}
	wr := &writer{dst: w, count: cw, bw: bufio.NewWriterSize(cw, 32<<10), vars: vars}
	switch f {
	case JSON:
		wr.enc = &jsonEncoder{}
	case XML:
		wr.enc = &xmlEncoder{}
	case CSV:
		wr.enc = &csvEncoder{}
	case TSV:
		wr.enc = &tsvEncoder{}
	case Table:
		wr.enc = &tableEncoder{}
	default:
		wr.err = fmt.Errorf("%w: %v", ErrUnsupportedFormat, f)
	}
	return wr
}

func (w *writer) emit(b []byte) {
	if w.err != nil || len(b) == 0 {
		return
	}
	if _, err := w.bw.Write(b); err != nil {
		w.err = fmt.Errorf("writing results: %w", err)
	}
}

func (w *writer) start() {
	if !w.started {
		w.started = true
		w.buf = w.enc.header(w.buf[:0], w.vars)
		w.emit(w.buf)
	}
}

func (w *writer) flush() {
	if w.err != nil {
		return
	}
	if err := w.bw.Flush(); err != nil {
		w.err = fmt.Errorf("writing results: %w", err)
		return
	}
	if f, ok := w.dst.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *writer) Committed() bool { return w.count.n > 0 }

func (w *writer) Write(row []rdf.Term) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrClosed
	}
	if len(row) != len(w.vars) {
		return fmt.Errorf("results: row has %d values for %d variables", len(row), len(w.vars))
	}
	w.start()
	w.buf = w.enc.row(w.buf[:0], w.vars, row)
	w.emit(w.buf)
	w.rows++
	if w.rows%FlushEvery == 0 {
		w.flush()
	}
	return w.err
}

func (w *writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrClosed
	}
	w.closed = true
	w.start()
	w.buf = w.enc.trailer(w.buf[:0])
	w.emit(w.buf)
	w.flush()
	return w.err
}

func (w *writer) Abort(cause error) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrClosed
	}
	w.closed = true
	if cause == nil {
		cause = errors.New("aborted")
	}
	w.start()
	w.buf = w.enc.abort(w.buf[:0], w.vars, cause)
	w.emit(w.buf)
	w.flush()
	return w.err
}

// WriteBoolean writes the result of an ASK query. CSV and TSV, which the
// W3C does not define for ASK, get one column "_askResult" holding true or
// false; Table gets the word alone.
func WriteBoolean(f Format, w io.Writer, b bool) error {
	v := "false"
	if b {
		v = "true"
	}
	var s string
	switch f {
	case JSON:
		s = `{"head":{},"boolean":` + v + "}\n"
	case XML:
		s = xmlProlog + "<head/>\n<boolean>" + v + "</boolean>\n</sparql>\n"
	case CSV:
		s = askVar + "\r\n" + v + "\r\n"
	case TSV:
		s = "?" + askVar + "\n" + v + "\n"
	case Table:
		s = v + "\n"
	default:
		return fmt.Errorf("%w: %v", ErrUnsupportedFormat, f)
	}
	if _, err := io.WriteString(w, s); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	return nil
}

// askVar is the column name of an ASK result in CSV and TSV.
const askVar = "_askResult"
