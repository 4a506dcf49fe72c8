package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// sample is a result set exercising every kind of term and the characters
// each format must escape.
func sample() *ResultSet {
	return &ResultSet{
		Vars: []string{"s", "label", "n"},
		Rows: [][]rdf.Term{
			{rdf.IRI("http://example.org/a"), rdf.LangString("chat", "fr"), rdf.Literal("42", rdf.XSDInteger)},
			{rdf.Blank("b0"), rdf.String("say \"hi\", then\nleave\ttab"), {}},
			{rdf.IRI("http://example.org/é?x=1&y=<2>"), rdf.String("ünïcødé ☃ 𝄞"), rdf.Literal("1.5E0", rdf.XSDDouble)},
			{{}, {}, {}},
			{rdf.Blank("b1"), rdf.Literal("2026-11-25", rdf.XSDDate), rdf.Literal("true", rdf.XSDBoolean)},
		},
	}
}

func TestGolden(t *testing.T) {
	for _, f := range AllFormats {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := sample().Write(f, &buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "sample"+f.Extension())
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, f := range []Format{JSON, XML, TSV, CSV} {
		t.Run(f.String(), func(t *testing.T) {
			want := sample()
			got := roundTrip(t, want, f)
			if f == CSV {
				want = want.AsCSV()
			}
			if !Equivalent(want, got, true) {
				t.Errorf("round trip changed the results:\n got %v\nwant %v", got.Rows, want.Rows)
			}
			// A different term must be noticed.
			other := sample()
			other.Rows[0][1] = rdf.LangString("chien", "fr")
			if f == CSV {
				other = other.AsCSV()
			}
			if Equivalent(other, got, true) {
				t.Error("Equivalent accepted a changed row")
			}
		})
	}
}

func TestBooleanRoundTrip(t *testing.T) {
	for _, f := range []Format{JSON, XML, TSV, CSV} {
		for _, b := range []bool{true, false} {
			t.Run(f.String(), func(t *testing.T) {
				got := roundTrip(t, &ResultSet{Boolean: &b}, f)
				if got.Boolean == nil || *got.Boolean != b {
					t.Fatalf("got %+v, want boolean %v", got, b)
				}
			})
		}
	}
}

func TestEmptyResults(t *testing.T) {
	for _, f := range []Format{JSON, XML, TSV, CSV} {
		t.Run(f.String(), func(t *testing.T) {
			for _, rs := range []*ResultSet{
				{Vars: []string{"x"}},
				{Vars: []string{}},
			} {
				got := roundTrip(t, rs, f)
				if len(got.Rows) != 0 || len(got.Vars) != len(rs.Vars) {
					t.Errorf("got %d vars %d rows, want %d vars 0 rows", len(got.Vars), len(got.Rows), len(rs.Vars))
				}
			}
		})
	}
}

// TestAbort checks that an aborted document keeps the rows already written
// and cannot be taken for a complete one.
func TestAbort(t *testing.T) {
	rs := sample()
	for _, f := range AllFormats {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(f, &buf, rs.Vars)
			for _, row := range rs.Rows[:2] {
				if err := w.Write(row); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Abort(errors.New("deadline -- exceeded")); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(rs.Rows[2]); !errors.Is(err, ErrClosed) {
				t.Errorf("Write after Abort: got %v, want ErrClosed", err)
			}
			out := buf.String()
			if !strings.Contains(out, "chat") {
				t.Errorf("rows written before Abort are missing:\n%s", out)
			}
			switch f {
			case JSON:
				if json.Valid(buf.Bytes()) {
					t.Errorf("aborted JSON is valid:\n%s", out)
				}
			case CSV:
				r := csv.NewReader(strings.NewReader(out))
				if _, err := r.ReadAll(); !errors.Is(err, csv.ErrFieldCount) {
					t.Errorf("encoding/csv read the aborted CSV: %v", err)
				}
			case Table:
				if !strings.Contains(out, "aborted after 2 rows: deadline") {
					t.Errorf("no abort line in:\n%s", out)
				}
				return
			}
			if _, err := Read(f, strings.NewReader(out)); err == nil {
				t.Errorf("aborted %v document was read without error:\n%s", f, out)
			}
		})
	}
}

func TestFlushEvery(t *testing.T) {
	rec := httptest.NewRecorder()
	w := NewWriter(JSON, rec, []string{"x"})
	row := []rdf.Term{rdf.String(strings.Repeat("v", 10))}
	for range FlushEvery - 1 {
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if rec.Flushed || rec.Body.Len() != 0 || w.Committed() {
		t.Fatalf("flushed before %d rows", FlushEvery)
	}
	if err := w.Write(row); err != nil {
		t.Fatal(err)
	}
	if !rec.Flushed || rec.Body.Len() == 0 || !w.Committed() {
		t.Fatalf("not flushed after %d rows", FlushEvery)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rs, err := Read(JSON, rec.Body)
	if err != nil || len(rs.Rows) != FlushEvery {
		t.Fatalf("read back: %v rows, %v", len(rs.Rows), err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWriterErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func() error
	}{
		{"unknown format", func() error { return NewWriter(FormatUnknown, &bytes.Buffer{}, nil).Close() }},
		{"row width", func() error {
			return NewWriter(JSON, &bytes.Buffer{}, []string{"a"}).Write([]rdf.Term{{}, {}})
		}},
		{"close twice", func() error {
			w := NewWriter(XML, &bytes.Buffer{}, nil)
			_ = w.Close()
			return w.Close()
		}},
		{"broken destination", func() error { return NewWriter(TSV, failWriter{}, []string{"a"}).Close() }},
		{"boolean unknown format", func() error { return WriteBoolean(FormatUnknown, &bytes.Buffer{}, true) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"json", JSON},
		{"application/sparql-results+json", JSON},
		{"Application/Sparql-Results+JSON; charset=utf-8", JSON},
		{"srx", XML},
		{"application/sparql-results+xml", XML},
		{"text/csv", CSV},
		{"text/tab-separated-values", TSV},
		{"table", Table},
		{"text/plain", Table},
		{"text/turtle", FormatUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormat(tt.in)
			if got != tt.want || (err != nil) != (tt.want == FormatUnknown) {
				t.Fatalf("ParseFormat(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if tt.want != FormatUnknown {
				if mt, _ := ParseFormat(got.MediaType()); mt != got {
					t.Errorf("MediaType %q does not parse back", got.MediaType())
				}
			}
		})
	}
	if f, err := FormatFromPath("x/result.srj"); f != JSON || err != nil {
		t.Errorf("FormatFromPath: %v %v", f, err)
	}
}

func TestCSVSingleUnboundColumn(t *testing.T) {
	rs := &ResultSet{Vars: []string{"x"}, Rows: [][]rdf.Term{{{}}, {rdf.String("a")}, {{}}}}
	got := roundTrip(t, rs, CSV)
	if !Equivalent(rs.AsCSV(), got, true) {
		t.Fatalf("got %v, want %v", got.Rows, rs.Rows)
	}
}
