package rdfio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/ruche-lod/ruche/store/rdf"
)

// ParallelChunkSize is the default size of the pieces a parallel decoder
// cuts its input into.
const ParallelChunkSize = 4 << 20

// NewParallelDecoder returns a decoder of format f that parses N-Triples
// and N-Quads on several goroutines: the input is cut into chunks of about
// chunkSize bytes at line ends, each chunk is parsed by one of workers
// goroutines with its own line-based decoder (told the number of the
// chunk's first line, so a syntax error still names the right
// file:line:column), and the quads come out in input order, so that
// Decode returns exactly what the sequential decoder returns, the first
// syntax error included. Blank node labels are kept as written, so a label
// means the same node in every chunk.
//
// Other formats get the sequential decoder of [NewDecoder]. workers <= 0
// means GOMAXPROCS; chunkSize <= 0 means [ParallelChunkSize]. The caller
// must Close the decoder (an io.Closer) when it stops before io.EOF or an
// error, to stop its goroutines.
func NewParallelDecoder(f Format, r io.Reader, opts DecodeOptions, workers, chunkSize int) (Decoder, error) {
	if f != NTriples && f != NQuads {
		return NewDecoder(f, r, opts)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if chunkSize <= 0 {
		chunkSize = ParallelChunkSize
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &parallelDecoder{
		name:   opts.Name,
		cancel: cancel,
		order:  make(chan chan parsedChunk, workers+1),
		free:   make(chan []byte, workers+2),
	}
	jobs := make(chan rawChunk, workers)
	d.wg.Add(1 + workers)
	go func() {
		defer d.wg.Done()
		d.split(ctx, r, chunkSize, jobs)
	}()
	for range workers {
		go func() {
			defer d.wg.Done()
			dec := newNQuadsDecoder(nil, opts, f == NQuads).(*nquadsDecoder)
			for job := range jobs {
				res := parsedChunk{err: job.err}
				if job.err == nil {
					res.quads, res.err = dec.decodeChunk(job.data, job.line)
					d.recycle(job.data)
				}
				job.out <- res
			}
		}()
	}
	return d, nil
}

// parallelDecoder hands out the quads of the chunks in input order.
type parallelDecoder struct {
	name   string
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// order receives each chunk's result channel in input order.
	order chan chan parsedChunk
	// free holds chunk buffers for reuse.
	free chan []byte

	cur  []rdf.Quad
	pos  int
	err  error
	done bool
}

type rawChunk struct {
	data []byte
	line int // number of the chunk's first line
	err  error
	out  chan parsedChunk
}

type parsedChunk struct {
	quads []rdf.Quad
	err   error // after the quads
}

func (d *parallelDecoder) recycle(b []byte) {
	select {
	case d.free <- b[:0]:
	default:
	}
}

// split cuts r into chunks that end at a line end ('\n'; the last one may
// end anywhere) and queues them, their result channels in order.
func (d *parallelDecoder) split(ctx context.Context, r io.Reader, size int, jobs chan<- rawChunk) {
	defer close(jobs)
	defer close(d.order)
	line := 1
	var carry []byte // the unfinished line of the previous read
	send := func(c rawChunk) bool {
		c.out = make(chan parsedChunk, 1)
		select {
		case d.order <- c.out:
		case <-ctx.Done():
			return false
		}
		select {
		case jobs <- c:
		case <-ctx.Done():
			return false
		}
		return true
	}
	for {
		var buf []byte
		select {
		case buf = <-d.free:
		default:
		}
		if cap(buf) < size+len(carry) {
			buf = make([]byte, 0, max(size, 2*len(carry)))
		}
		buf = append(buf[:0], carry...)
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			send(rawChunk{err: fmt.Errorf("reading %s: %w", d.inputName(), err), line: line})
			return
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 {
				// One line longer than the buffer: read on.
				carry = buf
				size = 2 * cap(buf)
				continue
			}
		}
		chunk := buf[:cut]
		carry = append([]byte(nil), buf[cut:]...)
		if len(chunk) > 0 {
			if !send(rawChunk{data: chunk, line: line}) {
				return
			}
			line += countLines(chunk)
		}
		if eof {
			return
		}
	}
}

func (d *parallelDecoder) inputName() string {
	if d.name != "" {
		return d.name
	}
	return "input"
}

// countLines counts the line ends in b as the line-based decoder does:
// "\n", "\r\n" and a lone "\r" each end one line.
func countLines(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if bytes.IndexByte(b, '\r') < 0 {
		return n
	}
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			n++
		}
	}
	return n
}

// decodeChunk parses one chunk whose first line is number line. It
// returns the quads read before the first error.
func (d *nquadsDecoder) decodeChunk(data []byte, line int) ([]rdf.Quad, error) {
	d.r.Reset(bytes.NewReader(data))
	d.buf, d.pos, d.lineStart, d.line, d.eof, d.err = nil, 0, 0, line, false, nil
	quads := make([]rdf.Quad, 0, len(data)/100+1)
	for {
		q, err := d.Decode()
		if errors.Is(err, io.EOF) {
			return quads, nil
		}
		if err != nil {
			return quads, err
		}
		quads = append(quads, q)
	}
}

// Decode returns the next quad in input order.
func (d *parallelDecoder) Decode() (rdf.Quad, error) {
	for d.pos >= len(d.cur) {
		if d.err != nil {
			return rdf.Quad{}, d.err
		}
		if d.done {
			return rdf.Quad{}, io.EOF
		}
		out, ok := <-d.order
		if !ok {
			d.done = true
			d.Close()
			continue
		}
		res := <-out
		d.cur, d.pos = res.quads, 0
		if res.err != nil {
			d.err = res.err
			d.Close()
		}
	}
	q := d.cur[d.pos]
	d.cur[d.pos] = rdf.Quad{}
	d.pos++
	return q, nil
}

// Close stops the goroutines and waits for them.
func (d *parallelDecoder) Close() error {
	d.cancel()
	d.wg.Wait()
	return nil
}
