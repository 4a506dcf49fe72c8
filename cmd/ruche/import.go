package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

func runImport(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "import")
	graph := fs.String("graph", "", "graph IRI for triples (and default-graph quads) read from the files")
	format := fs.String("format", "", "input format (ntriples, nquads, turtle, trig, jsonld, rdfxml); default from the extension")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"give at least one FILE (or - for standard input)"}
	}
	var forced rdfio.Format
	if *format != "" {
		f, err := rdfio.ParseFormat(*format)
		if err != nil {
			return usageError{err.Error()}
		}
		forced = f
	}
	var graphTerm rdf.Term
	if *graph != "" {
		if err := checkAbsoluteIRI(*graph); err != nil {
			return usageError{fmt.Sprintf("--graph: %v", err)}
		}
		graphTerm = rdf.IRI(*graph)
	}
	// Check every file's format before touching the store.
	type input struct {
		path   string
		format rdfio.Format
	}
	var inputs []input
	for _, path := range fs.Args() {
		f := forced
		if f == rdfio.FormatUnknown {
			if path == "-" {
				return usageError{"reading standard input needs --format"}
			}
			var err error
			if f, err = rdfio.FormatFromPath(path); err != nil {
				return usageError{err.Error()}
			}
		}
		inputs = append(inputs, input{path, f})
	}

	st, err := store.Open(*data, storeOptions())
	if err != nil {
		return err
	}
	defer st.Close()

	defer limitLoadMemory()()
	for _, in := range inputs {
		if err := importFile(ctx, e, st, in.path, in.format, graphTerm, !*quiet); err != nil {
			return err
		}
	}
	return nil
}

// importFile loads one file (path "-": standard input) in one pass,
// straight into the bulk loader, which is all or nothing: a file that fails
// to parse, a cancelled import or a crash leaves the store as it was.
func importFile(ctx context.Context, e env, st *store.Store, path string, f rdfio.Format, graph rdf.Term, progress bool) error {
	name, base := path, ""
	var in io.Reader
	size := int64(-1) // unknown: the progress bar spins
	if path == "-" {
		name, in = "<stdin>", e.stdin
	} else {
		file, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer file.Close()
		if info, err := file.Stat(); err == nil {
			size = info.Size()
		}
		if abs, err := filepath.Abs(path); err == nil {
			base = "file://" + filepath.ToSlash(abs)
		}
		in = file
	}
	opts := rdfio.DecodeOptions{BaseIRI: base, Name: name, Graph: graph}

	start := time.Now()
	// Blank node labels are scoped to their document: give this file's
	// their own prefix so that two files' _:b0 stay two nodes.
	scope := blankScope()
	bar := newProgress(e, progress, size, "loading "+filepath.Base(name))
	var n int64
	var decodeErr error
	stats, err := st.BulkLoad(ctx, func(yield func(rdf.Quad) error) error {
		n, decodeErr = decode(ctx, in, isGzip(path), f, opts, bar, func(q rdf.Quad) error {
			return yield(scopeBlanks(q, scope))
		})
		return decodeErr
	}, store.LoadOptions{})
	bar.Finish()
	if se := (*rdfio.SyntaxError)(nil); errors.As(decodeErr, &se) {
		// Already "file:line:column: message". The load was undone (if
		// the undo itself failed, the next Open of the store retries it).
		return se
	}
	if err != nil {
		return fmt.Errorf("%s: load: %w", name, err)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(e.stderr, "%s: %d quads imported (%d new terms, %s load) in %s, %.0f quads/s\n",
		name, n, stats.NewTerms, stats.Method, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds())
	return nil
}

// decodeFile reads path with format f, passing each quad to yield (when not
// nil). It returns the number of quads read.
func decodeFile(ctx context.Context, path string, f rdfio.Format, opts rdfio.DecodeOptions, bar *progress, yield func(rdf.Quad) error) (int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", opts.Name, err)
	}
	defer file.Close()
	return decode(ctx, file, isGzip(path), f, opts, bar, yield)
}

// decodeStarted, when set (tests), is called each time decode starts to
// read an input.
var decodeStarted func(name string)

// decode reads in (gzip-compressed when gz) with format f, passing each
// quad to yield (when not nil). It returns the number of quads read.
func decode(ctx context.Context, in io.Reader, gz bool, f rdfio.Format, opts rdfio.DecodeOptions, bar *progress, yield func(rdf.Quad) error) (int64, error) {
	if decodeStarted != nil {
		decodeStarted(opts.Name)
	}
	counted := &countingReader{r: in, bar: bar}
	var r io.Reader = bufio.NewReaderSize(counted, 1<<20)
	if gz {
		gzr, err := gzip.NewReader(r)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", opts.Name, err)
		}
		defer gzr.Close()
		r = gzr
	}
	// N-Triples and N-Quads are parsed on every core (in input order, so
	// the first syntax error is the same); other formats sequentially.
	dec, err := rdfio.NewParallelDecoder(f, r, opts, 0, 0)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", opts.Name, err)
	}
	if c, ok := dec.(io.Closer); ok {
		defer c.Close()
	}
	var n int64
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			var se *rdfio.SyntaxError
			if errors.As(err, &se) {
				return n, se // already "file:line:column: message"
			}
			return n, fmt.Errorf("%s: %w", opts.Name, err)
		}
		n++
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			bar.setQuads(n)
		}
		if yield != nil {
			if err := yield(q); err != nil {
				return n, err
			}
		}
	}
}

// loadMemoryLimit is the Go heap size import and bench load aim for
// (debug.SetMemoryLimit) unless GOMEMLIMIT says otherwise. Without it the
// heap of a load grows to twice its live size between collections: 1.9 GB
// of peak RSS for 5M triples, against 1.2 GB with it, for the same CPU time.
const loadMemoryLimit = 1 << 30

// limitLoadMemory sets the soft memory limit of a load and returns the
// function that puts the previous one back.
func limitLoadMemory() func() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(loadMemoryLimit)
	return func() { debug.SetMemoryLimit(old) }
}

// isGzip reports whether path names a gzip-compressed file.
func isGzip(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".gz") }

type countingReader struct {
	r   io.Reader
	bar *progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.bar.addBytes(n)
	return n, err
}

// checkAbsoluteIRI accepts an absolute IRI with a scheme and no spaces.
func checkAbsoluteIRI(iri string) error {
	u, err := url.Parse(iri)
	if err != nil || u.Scheme == "" || strings.ContainsAny(iri, " <>\"{}|^`") {
		return fmt.Errorf("%q is not an absolute IRI", iri)
	}
	return nil
}

// blankScope returns a fresh prefix for the blank node labels of one file.
func blankScope() string {
	var b [5]byte
	_, _ = rand.Read(b[:])
	return "i" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])) + "_"
}

// scopeBlanks prefixes the blank node labels of q.
func scopeBlanks(q rdf.Quad, scope string) rdf.Quad {
	if q.S.IsBlank() {
		q.S.Value = scope + q.S.Value
	}
	if q.O.IsBlank() {
		q.O.Value = scope + q.O.Value
	}
	if q.G.IsBlank() {
		q.G.Value = scope + q.G.Value
	}
	return q
}
