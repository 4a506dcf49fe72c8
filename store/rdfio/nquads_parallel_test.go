package rdfio

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// decodeAllFrom reads every quad of dec, and the error that ended it (nil at
// io.EOF).
func decodeAllFrom(t *testing.T, dec Decoder) ([]rdf.Quad, error) {
	t.Helper()
	var quads []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return quads, nil
		}
		if err != nil {
			return quads, err
		}
		quads = append(quads, q)
	}
}

// checkParallel compares the parallel decoder, at several chunk sizes and
// worker counts, with the sequential one on input.
func checkParallel(t *testing.T, f Format, input string) {
	t.Helper()
	checkParallelSizes(t, f, input, []int{1, 7, 32, 100, 0})
}

func checkParallelSizes(t *testing.T, f Format, input string, sizes []int) {
	t.Helper()
	opts := DecodeOptions{Name: "in.nt", Graph: rdf.IRI("http://g/")}
	seq, err := NewDecoder(f, strings.NewReader(input), opts)
	if err != nil {
		t.Fatal(err)
	}
	want, wantErr := decodeAllFrom(t, seq)
	for _, size := range sizes {
		for _, workers := range []int{1, 3} {
			dec, err := NewParallelDecoder(f, strings.NewReader(input), opts, workers, size)
			if err != nil {
				t.Fatal(err)
			}
			got, gotErr := decodeAllFrom(t, dec)
			dec.(io.Closer).Close()
			where := fmt.Sprintf("chunk %d, %d workers, input %q", size, workers, input)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("%s: error %v, want %v", where, gotErr, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: quads\n%v\nwant\n%v", where, got, want)
			}
		}
	}
}

const parallelSample = "<http://a/s> <http://a/p> \"one\" .\n" +
	"# a comment\n" +
	"_:b0 <http://a/p> _:b1 .\r\n" +
	"\n" +
	"<http://a/s> <http://a/p> \"deux\"@fr .\r" +
	"_:b1 <http://a/q> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n" +
	"<http://a/s> <http://a/p> \"caf\u00e9 \\u00e9\" ."

func TestParallelDecoderMatchesSequential(t *testing.T) {
	tests := []struct {
		name  string
		f     Format
		input string
	}{
		{"empty", NTriples, ""},
		{"sample", NTriples, parallelSample},
		{"bom", NTriples, "\uFEFF<http://a/s> <http://a/p> <http://a/o> .\n"},
		{"bad first line", NTriples, "<http://a/s> <http://a/p> .\n" + parallelSample},
		{"bad last line", NTriples, parallelSample + "\n<a> <b> <c> .\n"},
		{"bad after lone CR", NTriples, "<http://a/s> <http://a/p> <http://a/o> .\r\r<http://a/s> <http://a/p> bad .\n"},
		{"two errors", NTriples, parallelSample + "\nx\n" + parallelSample + "\ny\n"},
		{"unterminated", NTriples, parallelSample + "\n<http://a/s> <http://a/p> \"open"},
		{"quads", NQuads, "<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n_:x <http://a/p> <http://a/o> _:g .\n<http://a/s> <http://a/p> <http://a/o> .\n"},
		{"quads bad graph", NQuads, "<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n<http://a/s> <http://a/p> <http://a/o> \"g\" .\n"},
		{"long line", NTriples, "<http://a/s> <http://a/p> \"" + strings.Repeat("x", 300) + "\" .\n<http://a/s> <http://a/p> <http://a/o> ."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkParallel(t, tt.f, tt.input) })
	}
}

// TestParallelDecoderErrorAtBoundary corrupts every byte of the sample in
// turn: whatever chunk the bad byte falls in, the parallel decoder reports
// the sequential decoder's first error, at the same line and column.
func TestParallelDecoderErrorAtBoundary(t *testing.T) {
	for i := range len(parallelSample) {
		b := []byte(parallelSample)
		b[i] = '"'
		checkParallelSizes(t, NTriples, string(b), []int{1, 7, 32, 100})
	}
}

// TestParallelDecoderClose stops reading early without leaking or
// blocking.
func TestParallelDecoderClose(t *testing.T) {
	input := strings.Repeat("<http://a/s> <http://a/p> <http://a/o> .\n", 1000)
	dec, err := NewParallelDecoder(NTriples, strings.NewReader(input), DecodeOptions{}, 2, 64)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dec.Decode(); err != nil {
		t.Fatal(err)
	}
	if err := dec.(io.Closer).Close(); err != nil {
		t.Fatal(err)
	}
}

func FuzzParallelDecoder(f *testing.F) {
	f.Add(parallelSample)
	f.Add("<http://a/s> <http://a/p> <http://a/o> .\r\r\n_:b <http://a/p> \"x\\n\" .")
	f.Add("\uFEFF# c\n<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n")
	f.Fuzz(func(t *testing.T, input string) {
		if len(input) > 4096 {
			return
		}
		// Small chunks only: the default (4 MiB) buffers make each run slow.
		checkParallelSizes(t, NQuads, input, []int{1, 7, 32, 100})
	})
}
