package rdfio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// jsonldDecoder reads a whole JSON-LD document on the first Decode and then
// hands out its quads. JSON-LD is a tree, so it cannot stream: callers bound
// the size of the document by bounding the reader (http.MaxBytesReader,
// io.LimitReader), as DecodeOptions has no size limit.
type jsonldDecoder struct {
	r     io.Reader
	opts  DecodeOptions
	quads []rdf.Quad
	err   error
	done  bool
}

func newJSONLDDecoder(r io.Reader, opts DecodeOptions) (Decoder, error) {
	return &jsonldDecoder{r: r, opts: opts}, nil
}

func (d *jsonldDecoder) Decode() (rdf.Quad, error) {
	if !d.done {
		d.done = true
		d.quads, d.err = d.readAll()
		d.r = nil
	}
	if d.err != nil {
		return rdf.Quad{}, d.err
	}
	if len(d.quads) == 0 {
		return rdf.Quad{}, io.EOF
	}
	q := d.quads[0]
	d.quads = d.quads[1:]
	return q, nil
}

func (d *jsonldDecoder) readAll() ([]rdf.Quad, error) {
	data, err := io.ReadAll(d.r)
	if err != nil {
		return nil, fmt.Errorf("reading JSON-LD %s: %w", d.opts.Name, err)
	}
	doc, err := parseJSON(data, d.opts.Name)
	if err != nil {
		return nil, err
	}
	quads, err := jsonldToQuads(doc, jsonldConfig{
		base:   d.opts.BaseIRI,
		loader: offlineLoader{contexts: d.opts.Contexts},
	})
	if err != nil {
		if d.opts.Name != "" {
			return nil, fmt.Errorf("%s: %w", d.opts.Name, err)
		}
		return nil, err
	}
	if !d.opts.Graph.IsZero() {
		for i := range quads {
			if quads[i].G.IsZero() {
				quads[i].G = d.opts.Graph
			}
		}
	}
	return quads, nil
}

// maxJSONNesting bounds the nesting of arrays and objects in a JSON-LD
// document. json-gold, and the passes of this package around it, walk the
// document recursively: the bound keeps their stacks small. Deeper input
// is a *LimitError, found by jsonNesting before any recursive walk.
const maxJSONNesting = 128

// jsonNesting scans data without recursion and returns the offset where
// arrays and objects nest deeper than max, or -1. Strings are skipped, so
// brackets in them do not count; malformed input is left to the decoder.
func jsonNesting(data []byte, max int) int {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			if depth++; depth > max {
				return i
			}
		case ']', '}':
			depth--
		}
	}
	return -1
}

// parseJSON decodes one JSON value; a syntax error becomes a *SyntaxError
// positioned at the offending byte, nesting deeper than maxJSONNesting a
// *LimitError.
func parseJSON(data []byte, name string) (any, error) {
	if off := jsonNesting(data, maxJSONNesting); off >= 0 {
		line, col := rdf.LineColumn(data, off)
		return nil, &LimitError{Name: name, Line: line, Column: col, Limit: "nesting", Max: maxJSONNesting}
	}
	var doc any
	err := json.Unmarshal(data, &doc)
	if err == nil {
		return doc, nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset)
		if off > 0 {
			off-- // Offset counts the bytes read, including the bad one
		}
		line, col := rdf.LineColumn(data, off)
		return nil, &SyntaxError{Name: name, Line: line, Column: col, Msg: se.Error()}
	}
	return nil, fmt.Errorf("parsing JSON-LD %s: %w", name, err)
}

// jsonldConfig holds the JSON-LD API options ruche uses when turning a
// document into RDF. The decoder fills only base and loader; the W3C runner
// sets the rest from test options.
type jsonldConfig struct {
	base                  string
	loader                ld.DocumentLoader
	expandContext         any
	processingMode        string // "" means json-ld-1.1
	produceGeneralizedRDF bool
	rdfDirection          string // "", "i18n-datatype" or "compound-literal"
}

func (c jsonldConfig) options() *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions(c.base)
	opts.DocumentLoader = c.loader
	if opts.DocumentLoader == nil {
		opts.DocumentLoader = offlineLoader{}
	}
	opts.ProcessingMode = ld.JsonLd_1_1
	if c.processingMode != "" {
		opts.ProcessingMode = c.processingMode
	}
	opts.ExpandContext = c.expandContext
	opts.ProduceGeneralizedRdf = c.produceGeneralizedRDF
	opts.Algorithm = ld.AlgorithmURDNA2015
	return opts
}

// jsonldToQuads expands doc with json-gold, builds its node map and turns
// that into quads with ruche's own Deserialize JSON-LD to RDF algorithm
// (which adds what json-gold lacks: rdfDirection, JCS for @json literals,
// well-formedness checks).
func jsonldToQuads(doc any, cfg jsonldConfig) ([]rdf.Quad, error) {
	if _, isString := doc.(string); isString {
		// json-gold would take a string for a URL to fetch.
		return nil, fmt.Errorf("json-ld: a document cannot be a bare string")
	}
	langs := map[string]string{}
	collectLangs(doc, langs)
	opts := cfg.options()
	bases := &baseMap{docBase: cfg.base}
	if rdf.HasScheme(cfg.base) {
		opts.Base = bases.placeholder(cfg.base)
	}
	bases.hideBases(doc, false)
	bases.hideBases(opts.ExpandContext, false)
	preparseTopContext(doc, cfg, opts.Base)
	opts.DocumentLoader = placeholderLoader{bases: bases, next: opts.DocumentLoader}
	var nodeMap map[string]any
	var issuer *ld.IdentifierIssuer
	if err := checkInput(doc); err != nil {
		return nil, fmt.Errorf("json-ld: %w", err)
	}
	err := callJSONGold("expansion", func() error {
		expanded, err := ld.NewJsonLdProcessor().Expand(doc, opts)
		if err != nil {
			return bases.revealError(err)
		}
		bases.revealAll(expanded)
		if err := checkExpanded(expanded); err != nil {
			return err
		}
		held := holdLongValues(expanded)
		issuer = ld.NewIdentifierIssuer("_:b")
		nodeMap = map[string]any{"@default": map[string]any{}}
		if _, err = ld.NewJsonLdApi().GenerateNodeMap(expanded, nodeMap, "@default", issuer, "", "", nil); err != nil {
			return err
		}
		return restoreHeld(nodeMap, issuer, held)
	})
	if err != nil {
		return nil, fmt.Errorf("json-ld: %w", err)
	}
	var quads []rdf.Quad
	err = callJSONGold("to RDF", func() error {
		t := toRDF{issuer: issuer, cfg: cfg, langs: langs}
		quads = t.dataset(nodeMap)
		return nil
	})
	return quads, err
}
