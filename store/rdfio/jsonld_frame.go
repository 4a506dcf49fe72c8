package rdfio

import (
	"fmt"

	"github.com/piprate/json-gold/ld"

	"github.com/ruche-lod/ruche/store/rdf"
)

// FrameOptions tune [FrameJSONLD].
type FrameOptions struct {
	// Embed is the default @embed flag: "@once" (the default when empty),
	// "@always" or "@never". A frame may override it per node.
	Embed string
	// KeepGraph keeps the top-level "@graph" even when the result is a
	// single node (the frame's @omitGraph wins over it).
	KeepGraph bool
	// RequireAll makes a node match only if it has every property of the
	// frame (the frame's @requireAll wins over it).
	RequireAll bool
	// ContextIRI, when set, is written as the output's "@context" instead
	// of the frame's own context.
	ContextIRI string
	// Contexts resolves the remote contexts the frame names (typically
	// ruche's embedded contexts); anything else is refused.
	Contexts ContextLoader
}

// FrameJSONLD shapes quads into a JSON-LD document following frame
// (JSON-LD 1.1 Framing), compacted against the frame's "@context". With
// the defaults, each node is embedded once (@once) and a single matching
// node is the top-level object (@omitGraph), which is how the publishing
// layer produces a document centred on one resource: use a frame such as
// {"@context": …, "@id": "<resource IRI>"}. frame is a JSON object as
// encoding/json decodes it; it is not modified. The frame's context is
// parsed once and cached (keyed by ContextIRI and the identity of the
// context value), so pass the same frame value on every call. Framing works
// on the merge of all graphs: graph names are not in the output. A graph
// whose references could nest more than 64 nodes deep is not framed but
// written flat, every node at the top of "@graph" (framing such a graph
// is quadratic in its depth).
func FrameJSONLD(quads []rdf.Quad, frame any, opts FrameOptions) (map[string]any, error) {
	frameMap, ok := frame.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("json-ld frame: a frame must be a JSON object, not %T", frame)
	}
	loader := offlineLoader{contexts: opts.Contexts}
	frameCtx, hasCtx := frameMap["@context"]
	ctx, err := parsedContext(frameCtx, opts.ContextIRI, loader)
	if err != nil {
		return nil, err
	}
	expanded, err := expandedJSONLD(quads, fromRDFOptions{})
	if err != nil {
		return nil, err
	}
	ldOpts := jsonldConfig{loader: loader}.options()
	ldOpts.Embed = ld.EmbedOnce
	if opts.Embed != "" {
		ldOpts.Embed = ld.Embed(opts.Embed)
	}
	ldOpts.OmitGraph = !opts.KeepGraph
	ldOpts.RequireAll = opts.RequireAll
	var out map[string]any
	var jv jsonValues
	jv.hide(expanded)
	marks := newIRIMarks(ctx)
	marks.protect(expanded)
	flat := ldOpts.Embed != ld.EmbedNever && embedDepthBound(quads) > maxEmbedDepth
	err = callJSONGold("framing", func() error {
		var err error
		if flat {
			// Too deep to embed (see maxEmbedDepth): every node at the top.
			out, err = compactExpanded(expanded, ctx)
			return err
		}
		out, err = frameExpanded(expanded, frameMap, ctx, ldOpts)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("json-ld: %w", err)
	}
	jv.restore(out)
	marks.restore(out)
	switch {
	case opts.ContextIRI != "":
		out["@context"] = opts.ContextIRI
	case hasCtx && frameCtx != nil:
		out["@context"] = ld.CloneDocument(frameCtx)
	default:
		delete(out, "@context")
	}
	return out, nil
}

// frameExpanded runs the framing algorithm as json-gold's
// JsonLdProcessor.Frame does, but expands the frame and compacts the
// result with the already parsed context of the frame (json-gold would
// parse it twice per call).
func frameExpanded(expanded []any, frame map[string]any, ctx *ld.Context, opts *ld.JsonLdOptions) (map[string]any, error) {
	frameOpts := opts.Copy()
	frameOpts.ProcessingMode = ld.JsonLd_1_1_Frame
	frameOpts.ExpandContext = nil
	body := make(map[string]any, len(frame))
	for k, v := range frame {
		if k != "@context" {
			body[k] = ld.CloneDocument(v)
		}
	}
	// Expanding the frame without its top-level @context from the active
	// context that @context gives is what expansion does first anyway.
	frameCtx := ctx
	if ctx.Values.Base == "" && opts.Base != "" {
		// The context sets no @base (it was parsed without one): relative
		// IRIs of the frame and of the output use the document's base.
		frameCtx = ld.CopyContext(ctx)
		frameCtx.Values.Base = opts.Base
	}
	e, err := ld.NewJsonLdApi().Expand(frameCtx, "", body, frameOpts, false, nil)
	if err != nil {
		return nil, err
	}
	expandedFrame := expansionResult(e)
	api := ld.NewJsonLdApi()
	_, graphInFrame := frame["@graph"]
	framed, bnodesToClear, err := api.Frame(expanded, expandedFrame, opts, !graphInFrame)
	if err != nil {
		return nil, err
	}
	compacted, err := api.Compact(frameCtx, "", framed, true)
	if err != nil {
		return nil, err
	}
	graphAlias, err := frameCtx.CompactIri("@graph", nil, false, false)
	if err != nil {
		return nil, err
	}
	omitGraph := ld.GetFrameFlag(frame, "@omitGraph", opts.OmitGraph)
	out := map[string]any{}
	switch c := compacted.(type) {
	case []any:
		out[graphAlias] = c
	case map[string]any:
		if omitGraph {
			out = c
		} else {
			out[graphAlias] = []any{c}
		}
	default:
		return nil, fmt.Errorf("unexpected framing result %T", compacted)
	}
	if _, err := ld.RemovePreserve(frameCtx, out, bnodesToClear, false); err != nil {
		return nil, err
	}
	return out, nil
}

// expansionResult applies the final step of the expansion algorithm (as
// JsonLdProcessor.Expand does): an object holding only @graph becomes its
// value, and the result is always an array.
func expansionResult(e any) []any {
	if m, ok := e.(map[string]any); ok {
		if len(m) == 0 {
			return []any{}
		}
		if g, ok := m["@graph"]; ok && len(m) == 1 {
			e = g
		}
	}
	switch x := e.(type) {
	case nil:
		return []any{}
	case []any:
		return x
	default:
		return []any{x}
	}
}
