package rdfio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// jsonldEncoder collects quads and writes one JSON-LD document on Close:
// JSON-LD output needs the whole graph.
type jsonldEncoder struct {
	w      io.Writer
	opts   EncodeOptions
	quads  []rdf.Quad
	closed bool
}

func newJSONLDEncoder(w io.Writer, opts EncodeOptions) (Encoder, error) {
	return &jsonldEncoder{w: w, opts: opts}, nil
}

func (e *jsonldEncoder) Encode(q rdf.Quad) error {
	if e.closed {
		return fmt.Errorf("json-ld encoder: Encode after Close")
	}
	e.quads = append(e.quads, q)
	return nil
}

func (e *jsonldEncoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	var doc any
	var err error
	if e.opts.Context != nil {
		doc, err = CompactJSONLD(e.quads, e.opts.Context, e.opts.ContextIRI)
	} else {
		doc, err = expandedJSONLD(e.quads, fromRDFOptions{})
	}
	e.quads = nil
	if err != nil {
		return err
	}
	return writeJSON(e.w, doc)
}

// writeJSON writes v indented, keys sorted (encoding/json sorts map keys),
// without HTML escaping, and a final newline.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON-LD: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing JSON-LD: %w", err)
	}
	return nil
}

// CompactJSONLD turns quads into a compacted JSON-LD document. context is
// a JSON-LD context document as encoding/json decodes it ({"@context":
// …}, or the bare context); it is parsed once and cached, so pass the same
// value on every call. When contextIRI is set, the output's "@context" is
// that IRI; otherwise it is the context itself. Remote contexts named
// inside context are refused. The result does not depend on the order of
// quads.
func CompactJSONLD(quads []rdf.Quad, context any, contextIRI string) (map[string]any, error) {
	ctx, err := parsedContext(context, contextIRI, offlineLoader{})
	if err != nil {
		return nil, err
	}
	expanded, err := expandedJSONLD(quads, fromRDFOptions{})
	if err != nil {
		return nil, err
	}
	var out map[string]any
	var jv jsonValues
	jv.hide(expanded)
	marks := newIRIMarks(ctx)
	marks.protect(expanded)
	err = callJSONGold("compaction", func() error {
		var err error
		out, err = compactExpanded(expanded, ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("json-ld: %w", err)
	}
	jv.restore(out)
	marks.restore(out)
	switch inner := innerContext(context); {
	case contextIRI != "":
		out["@context"] = contextIRI
	case inner != nil:
		out["@context"] = ld.CloneDocument(inner)
	}
	return out, nil
}

// compactExpanded compacts an expanded document with a parsed context, as
// the final steps of json-gold's JsonLdProcessor.Compact do, without the
// "@context" entry.
func compactExpanded(expanded []any, ctx *ld.Context) (map[string]any, error) {
	c, err := ld.NewJsonLdApi().Compact(ctx, "", expanded, true)
	if err != nil {
		return nil, err
	}
	switch v := c.(type) {
	case map[string]any:
		return v, nil
	case []any:
		out := map[string]any{}
		if len(v) > 0 {
			graph, err := ctx.CompactIri("@graph", nil, false, false)
			if err != nil {
				return nil, err
			}
			out[graph] = v
		}
		return out, nil
	}
	return nil, fmt.Errorf("unexpected compaction result %T", c)
}

// fromRDFOptions are the options of the Serialize RDF as JSON-LD algorithm
// that ruche uses (the W3C runner sets them from test options).
type fromRDFOptions struct {
	useNativeTypes bool
	useRDFType     bool
	rdfDirection   string
	processingMode string
	// strictJSON makes an rdf:JSON literal that is not JSON an error, as
	// the spec says; ruche's encoders instead keep it as a typed string, so
	// one bad literal does not make a resource unpublishable.
	strictJSON bool
}

// expandedJSONLD turns quads into expanded JSON-LD (Serialize RDF as
// JSON-LD), nodes sorted by @id. The quads are sorted first, so the output
// does not depend on their order.
func expandedJSONLD(quads []rdf.Quad, o fromRDFOptions) ([]any, error) {
	sorted := slices.Clone(quads)
	slices.SortFunc(sorted, rdf.CompareQuads)
	sorted = slices.Compact(sorted)
	sorted = preFromRDF(sorted, o)
	ds := ld.NewRDFDataset()
	for _, q := range sorted {
		if q.S.IsZero() || q.P.IsZero() || q.O.IsZero() {
			return nil, fmt.Errorf("json-ld: incomplete quad %v", q)
		}
		name := "@default"
		if !q.G.IsZero() {
			name = ldName(q.G)
		}
		ds.Graphs[name] = append(ds.Graphs[name], &ld.Quad{
			Subject: ldNode(q.S), Predicate: ldNode(q.P), Object: ldNode(q.O),
		})
	}
	var out []any
	err := callJSONGold("from RDF", func() error {
		opts := jsonldConfig{processingMode: o.processingMode}.options()
		opts.UseRdfType = o.useRDFType
		var err error
		out, err = ld.NewJsonLdApi().FromRDF(ds, opts)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("json-ld: %w", err)
	}
	if err := postFromRDF(out, o); err != nil {
		return nil, fmt.Errorf("json-ld: %w", err)
	}
	return out, nil
}

func ldName(t rdf.Term) string {
	if t.IsBlank() {
		return "_:" + t.Value
	}
	return t.Value
}

func ldNode(t rdf.Term) ld.Node {
	switch t.Kind {
	case rdf.KindBlank:
		return ld.NewBlankNode("_:" + t.Value)
	case rdf.KindLiteral:
		if t.Lang != "" {
			return ld.NewLiteral(t.Value, rdf.RDFLangString, t.Lang)
		}
		return ld.NewLiteral(t.Value, t.Datatype, "")
	default:
		return ld.NewIRI(t.Value)
	}
}
