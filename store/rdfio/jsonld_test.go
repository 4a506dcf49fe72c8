package rdfio

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

var updateGolden = flag.Bool("update-jsonld", false, "rewrite the JSON-LD golden files in testdata/jsonld")

const radnContextIRI = "https://w3id.org/radn/context/v1"

// radnContext returns ruche's own context (testdata copy of the design's
// §3.2 context), parsed.
func radnContext(t testing.TB) any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "jsonld", "radn-context.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseJSON(data, "radn-context.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func radnContexts(t testing.TB) StaticContexts {
	return StaticContexts{radnContextIRI: radnContext(t)}
}

func decodeJSONLD(t testing.TB, src string, opts DecodeOptions) ([]rdf.Quad, error) {
	t.Helper()
	dec, err := NewDecoder(JSONLD, strings.NewReader(src), opts)
	if err != nil {
		t.Fatalf("NewDecoder: %v", err)
	}
	var qs []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return qs, nil
		}
		if err != nil {
			return qs, err
		}
		qs = append(qs, q)
	}
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "jsonld", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// golden compares got with testdata/jsonld/name, or rewrites the file with
// -update-jsonld.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "jsonld", name)
	if *updateGolden {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update-jsonld to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

func chantierQuads(t testing.TB) []rdf.Quad {
	t.Helper()
	qs, err := decodeJSONLD(t, readFile(t, "chantier.jsonld"), DecodeOptions{Contexts: radnContexts(t)})
	if err != nil {
		t.Fatalf("decoding chantier.jsonld: %v", err)
	}
	return qs
}

func TestJSONLDDecodeGolden(t *testing.T) {
	qs := chantierQuads(t)
	golden(t, "chantier.golden.nq", []byte(nquadsText(qs)))
	again := chantierQuads(t)
	if !slices.Equal(qs, again) {
		t.Errorf("decoding the same document twice gave different quads or order")
	}
}

// TestJSONLDDecodeFeatures covers the features ruche's own context uses.
func TestJSONLDDecodeFeatures(t *testing.T) {
	ctx := `"@context": "` + radnContextIRI + `"`
	tests := []struct {
		name    string
		doc     string
		opts    DecodeOptions
		want    []rdf.Quad
		wantErr string
	}{{
		name: "language map",
		doc:  `{` + ctx + `, "id": "http://ex/a", "name": {"fr": "Chantier", "en": "Site"}}`,
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://schema.org/name"), O: rdf.LangString("Chantier", "fr")},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://schema.org/name"), O: rdf.LangString("Site", "en")},
		},
	}, {
		name: "type coercion to xsd:date and @id",
		doc:  `{` + ctx + `, "id": "http://ex/a", "startDate": "2020-01-02", "url": "http://ex/page"}`,
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://schema.org/startDate"), O: rdf.Literal("2020-01-02", rdf.XSDDate)},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://schema.org/url"), O: rdf.IRI("http://ex/page")},
		},
	}, {
		name: "explicit value object overrides coercion",
		doc:  `{` + ctx + `, "id": "http://ex/a", "startDate": {"@value": "2020-04", "@type": "xsd:gYearMonth"}}`,
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://schema.org/startDate"), O: rdf.Literal("2020-04", rdf.XSDNS+"gYearMonth")},
		},
	}, {
		name: "@vocab and type alias",
		doc:  `{` + ctx + `, "id": "http://ex/a", "type": "Event", "eventStatus": "ok"}`,
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://schema.org/eventStatus"), O: rdf.String("ok")},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI(rdf.RDFType), O: rdf.IRI("http://schema.org/Event")},
		},
	}, {
		name:    "@protected term cannot be redefined",
		doc:     `{"@context": ["` + radnContextIRI + `", {"name": "http://evil/name"}], "id": "http://ex/a", "name": "x"}`,
		wantErr: "protected term redefinition",
	}, {
		name: "named graph and blank nodes",
		doc:  `{"@id": "http://ex/g", "@graph": [{"@id": "_:x", "http://ex/p": {"@id": "_:y"}}]}`,
		want: []rdf.Quad{
			{S: rdf.Blank("b0"), P: rdf.IRI("http://ex/p"), O: rdf.Blank("b1"), G: rdf.IRI("http://ex/g")},
		},
	}, {
		name: "opts.Graph names the default graph",
		doc:  `{"@id": "http://ex/a", "http://ex/p": [true, 1, 1.5, "s"]}`,
		opts: DecodeOptions{Graph: rdf.IRI("http://ex/doc")},
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.Literal("true", rdf.XSDBoolean), G: rdf.IRI("http://ex/doc")},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.Literal("1", rdf.XSDInteger), G: rdf.IRI("http://ex/doc")},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.Literal("1.5E0", rdf.XSDDouble), G: rdf.IRI("http://ex/doc")},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.String("s"), G: rdf.IRI("http://ex/doc")},
		},
	}, {
		name: "relative IRIs resolve against BaseIRI",
		doc:  `{"@id": "a", "http://ex/p": {"@id": "../b"}}`,
		opts: DecodeOptions{BaseIRI: "http://ex/dir/doc"},
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/dir/a"), P: rdf.IRI("http://ex/p"), O: rdf.IRI("http://ex/b")},
		},
	}, {
		name: "@json literal is canonicalised (JCS)",
		doc:  `{"@id": "http://ex/a", "http://ex/p": {"@type": "@json", "@value": {"b": [1e0, 0.5], "a": "\u00e9<"}}}`,
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.Literal(`{"a":"é<","b":[1,0.5]}`, rdf.RDFNS+"JSON")},
		},
	}, {
		name: "language tags keep their case",
		doc: `{"@context": {"@language": "fr-CA", "l": {"@id": "http://ex/l", "@container": "@language"}},
			"@id": "http://ex/a", "http://ex/p": [{"@value": "x", "@language": "en-US"}, "y"], "l": {"de-CH": "z"}}`,
		want: []rdf.Quad{
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.LangString("x", "en-US")},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.LangString("y", "fr-CA")},
			{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/l"), O: rdf.LangString("z", "de-CH")},
		},
	}, {
		name:    "a bare string is not fetched",
		doc:     `"http://169.254.169.254/latest"`,
		wantErr: "bare string",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opts.Contexts == nil {
				tc.opts.Contexts = radnContexts(t)
			}
			got, err := decodeJSONLD(t, tc.doc, tc.opts)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !rdf.Isomorphic(got, tc.want) {
				t.Errorf("got:\n%swant:\n%s", nquadsText(got), nquadsText(tc.want))
			}
		})
	}
}

func TestJSONLDSyntaxError(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		line, col int
	}{
		{"bad key", `{x`, 1, 2},
		{"second line", "{\n  \"a\": tru }", 2, 11},
		{"after multibyte", "{\"é\": ]}", 1, 7},
		{"truncated", "{\"a\": [1,", 1, 9},
		{"trailing garbage", "{} {}", 1, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeJSONLD(t, tc.doc, DecodeOptions{Name: "in.jsonld"})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v (%T), want *SyntaxError", err, err)
			}
			if se.Name != "in.jsonld" || se.Line != tc.line || se.Column != tc.col {
				t.Errorf("got %v, want in.jsonld:%d:%d", se, tc.line, tc.col)
			}
		})
	}
}

func TestJSONLDEncodeGolden(t *testing.T) {
	qs := chantierQuads(t)
	tests := []struct {
		name string
		opts EncodeOptions
	}{
		{"chantier.compact.golden.jsonld", EncodeOptions{Context: radnContext(t), ContextIRI: radnContextIRI}},
		{"chantier.embedded.golden.jsonld", EncodeOptions{Context: radnContext(t)}},
		{"chantier.expanded.golden.jsonld", EncodeOptions{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := encodeJSONLD(t, qs, tc.opts)
			golden(t, tc.name, out)
			// Any input order gives the same bytes.
			r := rand.New(rand.NewPCG(1, 2))
			for range 5 {
				shuffled := slices.Clone(qs)
				r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
				if again := encodeJSONLD(t, shuffled, tc.opts); !bytes.Equal(again, out) {
					t.Fatalf("output depends on the input order:\n%s\nvs\n%s", again, out)
				}
			}
			// And it reads back as the same dataset.
			back, err := decodeJSONLD(t, string(out), DecodeOptions{Contexts: radnContexts(t)})
			if err != nil {
				t.Fatalf("reading the output back: %v", err)
			}
			if !rdf.Isomorphic(back, qs) {
				t.Errorf("round trip changed the data:\n got:\n%swant:\n%s", nquadsText(back), nquadsText(qs))
			}
		})
	}
}

func encodeJSONLD(t testing.TB, qs []rdf.Quad, opts EncodeOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewEncoder(JSONLD, &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFrameJSONLD(t *testing.T) {
	qs := chantierQuads(t)
	frame := map[string]any{
		"@context": radnContext(t).(map[string]any)["@context"],
		"@id":      "https://w3id.org/radn/id/chantiers/culture-des-donnees",
	}
	doc, err := FrameJSONLD(qs, frame, FrameOptions{ContextIRI: radnContextIRI})
	if err != nil {
		t.Fatal(err)
	}
	if doc["id"] != "https://w3id.org/radn/id/chantiers/culture-des-donnees" {
		t.Errorf("framed document is not centred on the chantier: id = %v", doc["id"])
	}
	if _, ok := doc["@graph"]; ok {
		t.Errorf("@omitGraph: a single framed node must not be wrapped in @graph")
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	golden(t, "chantier.framed.golden.jsonld", buf.Bytes())
	back, err := decodeJSONLD(t, buf.String(), DecodeOptions{Contexts: radnContexts(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !rdf.Isomorphic(back, qs) {
		t.Errorf("framing lost or changed data:\n got:\n%swant:\n%s", nquadsText(back), nquadsText(qs))
	}
}

func TestFrameJSONLDErrors(t *testing.T) {
	tests := []struct {
		name  string
		frame any
		want  error
	}{
		{"not an object", []any{}, nil},
		{"remote context", map[string]any{"@context": "http://169.254.169.254/ctx"}, ErrRemoteContext},
		// json-gold v0.9.1 panics on this frame; it must come back as an error.
		{"json-gold panic", map[string]any{
			"@context": map[string]any{"name": map[string]any{"@id": "http://schema.org/name", "@container": "@language"}},
			"@type":    "http://schema.org/Person", "@explicit": true, "name": map[string]any{},
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs := []rdf.Quad{
				{S: rdf.IRI("http://ex/p"), P: rdf.IRI(rdf.RDFType), O: rdf.IRI("http://schema.org/Person")},
				{S: rdf.IRI("http://ex/p"), P: rdf.IRI("http://schema.org/name"), O: rdf.LangString("P", "fr")},
			}
			_, err := FrameJSONLD(qs, tc.frame, FrameOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestJSONLDConcurrent shares one cached context between goroutines
// (run it with -race: json-gold contexts build caches lazily).
func TestJSONLDConcurrent(t *testing.T) {
	qs := chantierQuads(t)
	ctx := radnContext(t)
	frame := map[string]any{
		"@context": ctx.(map[string]any)["@context"],
		"@id":      "https://w3id.org/radn/id/chantiers/culture-des-donnees",
	}
	src, contexts := readFile(t, "chantier.jsonld"), radnContexts(t)
	ops := map[string]func() (map[string]any, error){
		"compact": func() (map[string]any, error) { return CompactJSONLD(qs, ctx, radnContextIRI) },
		"frame":   func() (map[string]any, error) { return FrameJSONLD(qs, frame, FrameOptions{}) },
		"decode": func() (map[string]any, error) {
			dec, _ := NewDecoder(JSONLD, strings.NewReader(src), DecodeOptions{Contexts: contexts})
			var got []rdf.Quad
			for {
				q, err := dec.Decode()
				if errors.Is(err, io.EOF) {
					return map[string]any{"quads": nquadsText(got)}, nil
				}
				if err != nil {
					return nil, err
				}
				got = append(got, q)
			}
		},
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			want, err := op()
			if err != nil {
				t.Fatal(err)
			}
			wantJSON, _ := json.Marshal(want)
			errs := make(chan error, 4)
			for range 4 {
				go func() {
					for range 10 {
						got, err := op()
						if err != nil {
							errs <- err
							return
						}
						if b, _ := json.Marshal(got); !bytes.Equal(b, wantJSON) {
							errs <- errors.New("concurrent calls gave a different document")
							return
						}
					}
					errs <- nil
				}()
			}
			for range 4 {
				if err := <-errs; err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestStaticContexts(t *testing.T) {
	s := StaticContexts{"http://ex/ctx": map[string]any{"@context": map[string]any{}}}
	if _, err := s.LoadContext("http://ex/ctx"); err != nil {
		t.Errorf("known context: %v", err)
	}
	_, err := s.LoadContext("http://ex/other")
	if !errors.Is(err, ErrRemoteContext) {
		t.Errorf("unknown context: error = %v, want ErrRemoteContext", err)
	}
}

// TestJSONLDDecodeStableLabels checks that blank node labels and quad order
// do not vary between runs (json-gold walks Go maps).
func TestJSONLDDecodeStableLabels(t *testing.T) {
	doc := `{"@context": {"@vocab": "http://ex/"}, "@graph": [
	{"a": {"b": {"c": 1}}, "d": [{"e": 1}, {"f": 2}, {"@list": [{"g": 1}, {"h": 2}]}]},
	{"@id": "_:x", "z": {"@id": "_:y"}, "y": {"q": {"r": 1}}, "x": {"w": 2}},
	{"@graph": {"k": {"l": 1}}, "m": {"n": 1}}]}`
	first, err := decodeJSONLD(t, doc, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first) < 15 {
		t.Fatalf("only %d quads:\n%s", len(first), nquadsText(first))
	}
	for range 20 {
		again, err := decodeJSONLD(t, doc, DecodeOptions{})
		if err != nil || !slices.Equal(first, again) {
			t.Fatalf("decoding again gave (%v):\n%s\nthe first time:\n%s", err, nquadsText(again), nquadsText(first))
		}
	}
}

// TestFrameJSONLDMatchesJSONGold checks FrameJSONLD's shortcuts (frame
// expanded and result compacted with the cached context) against
// json-gold's own Frame.
func TestFrameJSONLDMatchesJSONGold(t *testing.T) {
	qs := chantierQuads(t)
	inner := radnContext(t).(map[string]any)["@context"]
	frames := map[string]map[string]any{
		"by id":                       {"@id": "https://w3id.org/radn/id/chantiers/culture-des-donnees"},
		"by type":                     {"type": "Chantier"},
		"memberships embedded always": {"type": "Membership", "@embed": "@always"},
		"explicit":                    {"type": "Membership", "@explicit": true, "role": map[string]any{}},
		"with graph":                  {"@graph": []any{map[string]any{"type": "Person"}}},
		"no match":                    {"type": "Event"},
	}
	for name, f := range frames {
		t.Run(name, func(t *testing.T) {
			f["@context"] = inner
			got, err := FrameJSONLD(qs, f, FrameOptions{})
			if err != nil {
				t.Fatal(err)
			}
			expanded, err := expandedJSONLD(qs, fromRDFOptions{})
			if err != nil {
				t.Fatal(err)
			}
			opts := jsonldConfig{}.options()
			opts.RequireAll = false
			want, err := ld.NewJsonLdProcessor().Frame(expanded, ld.CloneDocument(f), opts)
			if err != nil {
				t.Fatal(err)
			}
			if want["@context"] == nil {
				delete(want, "@context")
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if !bytes.Equal(g, w) {
				t.Errorf("FrameJSONLD:\n%s\njson-gold Frame:\n%s", g, w)
			}
		})
	}
}

// TestJSONLDEncodeJSONLiterals: rdf:JSON literals come out as @json
// values; one that is not JSON stays a typed string instead of failing the
// whole document.
func TestJSONLDEncodeJSONLiterals(t *testing.T) {
	qs := []rdf.Quad{
		{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/ok"), O: rdf.Literal(`{"b":[1,2]}`, rdf.RDFNS+"JSON")},
		{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/bad"), O: rdf.Literal(`{nope`, rdf.RDFNS+"JSON")},
	}
	// json-gold's compaction would unwrap [x] and drop [] inside values.
	qs = append(qs,
		rdf.Quad{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/one"), O: rdf.Literal(`[{"foo":"bar"}]`, rdf.RDFNS+"JSON")},
		rdf.Quad{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/empty"), O: rdf.Literal(`[]`, rdf.RDFNS+"JSON")},
		rdf.Quad{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/coerced"), O: rdf.Literal(`[1]`, rdf.RDFNS+"JSON")})
	ctx := map[string]any{"@context": map[string]any{
		"@vocab":  "http://ex/",
		"coerced": map[string]any{"@id": "http://ex/coerced", "@type": "@json"},
	}}
	for name, opts := range map[string]EncodeOptions{"expanded": {}, "compacted": {Context: ctx}} {
		t.Run(name, func(t *testing.T) {
			out := encodeJSONLD(t, qs, opts)
			for _, want := range []string{`"@type": "@json"`, `"{nope"`} {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %s:\n%s", want, out)
				}
			}
			back, err := decodeJSONLD(t, string(out), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !rdf.Isomorphic(back, qs) {
				t.Errorf("round trip:\n%s\n%s", out, nquadsText(back))
			}
		})
	}
}

// TestJSONLDEncodeBrokenList: json-gold panics on a node with rdf:rest but
// no rdf:first; such data must still be published as it is.
func TestJSONLDEncodeBrokenList(t *testing.T) {
	qs := []rdf.Quad{
		{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.Blank("l")},
		{S: rdf.Blank("l"), P: rdf.IRI(rdf.RDFRest), O: rdf.IRI(rdf.RDFNil)},
		{S: rdf.IRI("http://ex/b"), P: rdf.IRI("http://ex/p"), O: rdf.Blank("m")},
		{S: rdf.Blank("m"), P: rdf.IRI(rdf.RDFFirst), O: rdf.String("x")},
	}
	out := encodeJSONLD(t, qs, EncodeOptions{})
	if strings.Contains(string(out), "not-a-list") {
		t.Errorf("the internal mark leaked:\n%s", out)
	}
	back, err := decodeJSONLD(t, string(out), DecodeOptions{})
	if err != nil || !rdf.Isomorphic(back, qs) {
		t.Errorf("round trip (%v):\n%s\n%s", err, out, nquadsText(back))
	}
}

// TestJSONLDCompactVocabSuffix: IRIs that @vocab would shorten to something
// that reads back differently ("a:b", "@x", "") are written in full.
func TestJSONLDCompactVocabSuffix(t *testing.T) {
	s := rdf.IRI("http://ex/s")
	qs := []rdf.Quad{
		{S: s, P: rdf.IRI("http://schema.org/a:b"), O: rdf.String("colon")},
		{S: s, P: rdf.IRI("http://schema.org/@x"), O: rdf.String("at")},
		{S: s, P: rdf.IRI("http://schema.org/"), O: rdf.String("empty")},
		{S: s, P: rdf.IRI("http://schema.org/name"), O: rdf.LangString("n", "fr")},
		{S: s, P: rdf.IRI(rdf.RDFType), O: rdf.IRI("http://schema.org/t:y")},
		{S: s, P: rdf.IRI("http://schema.org/d"), O: rdf.Literal("v", "http://schema.org/dt:x")},
	}
	doc, err := CompactJSONLD(qs, radnContext(t), radnContextIRI)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"http://schema.org/a:b", "http://schema.org/@x", "http://schema.org/", "name"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("no key %q in %v", key, doc)
		}
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	back, err := decodeJSONLD(t, buf.String(), DecodeOptions{Contexts: radnContexts(t)})
	if err != nil || !rdf.Isomorphic(back, qs) {
		t.Errorf("round trip (%v):\n%s\n%s", err, buf.String(), nquadsText(back))
	}
}

func TestCompactJSONLDNoContext(t *testing.T) {
	qs := []rdf.Quad{{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.String("x")}}
	doc, err := CompactJSONLD(qs, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["@context"]; ok {
		t.Errorf("a document compacted without a context has a @context: %v", doc)
	}
	if doc["@id"] != "http://ex/a" {
		t.Errorf("got %v", doc)
	}
}
