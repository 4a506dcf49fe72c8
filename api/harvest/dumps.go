package harvest

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/sparql/results"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// startDump writes the headers of the dump of a data version and answers
// 304 or HEAD; it reports whether the body should be written. A dump is a
// function of the data version, so its tag names the version and the
// kind. encoding, when set, is the Content-Encoding of the body.
func (d *Door) startDump(c *gin.Context, version uint64, kind, mediaType, encoding, filename string) (bool, error) {
	etag := fmt.Sprintf(`"dump-%s-%d"`, kind, version)
	modified := d.Modified(version).UTC().Truncate(1e9)
	h := c.Writer.Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", modified.Format(http.TimeFormat))
	h.Set("Cache-Control", "public, max-age=300")
	match, err := door.NotModified(c.Request, etag, modified)
	if err != nil {
		return false, err
	}
	if match {
		c.Status(http.StatusNotModified)
		return false, nil
	}
	h.Set("Content-Type", mediaType)
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
	}
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	c.Status(http.StatusOK)
	return c.Request.Method != http.MethodHead, nil
}

// NQuads streams the public space as N-Quads from one snapshot;
// memory does not grow with the store. The URL ends in .nq.gz and the
// bytes are gzip, sent as what they are: N-Quads with Content-Encoding:
// gzip, which every HTTP client (Jena, Comunica, browsers, curl
// --compressed) decodes. A client whose Accept-Encoding excludes gzip
// (Python's urllib and rdflib send "identity") gets plain N-Quads. The two
// have their own ETags.
func (d *Door) NQuads(c *gin.Context) error {
	snap, err := d.Snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	c.Writer.Header().Add("Vary", "Accept-Encoding")
	kind, encoding, filename := "nq", "", "ruche-public.nq"
	if acceptsGzip(c.Request.Header) {
		kind, encoding, filename = "nq-gzip", "gzip", "ruche-public.nq.gz"
	}
	write, err := d.startDump(c, snap.Version(), kind, "application/n-quads", encoding, filename)
	if err != nil || !write {
		return err
	}
	if encoding == "" {
		if err := WriteNQuads(c.Request.Context(), snap, c.Writer); err != nil {
			return fmt.Errorf("dump: %w", err)
		}
		return nil
	}
	zw := gzip.NewWriter(c.Writer)
	if err := WriteNQuads(c.Request.Context(), snap, zw); err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	return zw.Close()
}

// acceptsGzip reads Accept-Encoding (RFC 9110 §12.5.3): no header accepts
// any coding; otherwise gzip (or x-gzip) must be listed, or covered by "*",
// with a non-zero q-value. An empty header asks for no coding.
func acceptsGzip(h http.Header) bool {
	values, present := h["Accept-Encoding"]
	if !present {
		return true
	}
	gzipQ, starQ := -1.0, -1.0
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				if qs, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
					f, err := strconv.ParseFloat(qs, 64)
					if err != nil || f < 0 || f > 1 {
						f = 0
					}
					q = f
				}
			}
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				starQ = max(starQ, q)
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

// WriteNQuads writes every quad of the snapshot's space as N-Quads.
func WriteNQuads(ctx context.Context, snap *store.Snapshot, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc, err := rdfio.NewEncoder(rdfio.NQuads, bw, rdfio.EncodeOptions{})
	if err != nil {
		return err
	}
	for q, err := range snap.Match(ctx, store.Pattern{AnyGraph: true}) {
		if err != nil {
			return err
		}
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// JSONLD streams the public space as expanded JSON-LD: a top-level
// array holding the default graph's node objects and one {"@id": graph,
// "@graph": […]} object per named graph. Nodes are written as their quads
// arrive (a subject whose quads are not contiguous gets several node
// objects, which JSON-LD merges), so memory does not grow with the store.
func (d *Door) JSONLD(c *gin.Context) error {
	snap, err := d.Snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	write, err := d.startDump(c, snap.Version(), "jsonld", "application/ld+json", "", "ruche-public.jsonld")
	if err != nil || !write {
		return err
	}
	if err := WriteJSONLD(c.Request.Context(), snap, c.Writer); err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	return nil
}

// WriteJSONLD writes every quad of the snapshot's space as expanded
// JSON-LD (see JSONLD).
func WriteJSONLD(ctx context.Context, snap *store.Snapshot, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	jw := &jsonldWriter{w: bw, first: true}
	jw.raw("[")
	// The default graph, then each named graph.
	if err := jw.graph(ctx, snap, store.Pattern{}); err != nil {
		return err
	}
	for g, err := range snap.Graphs(ctx) {
		if err != nil {
			return err
		}
		if g.IsZero() {
			continue
		}
		jw.sep()
		jw.raw(`{"@id":`)
		jw.str(termID(g))
		jw.raw(`,"@graph":[`)
		jw.first = true
		if err := jw.graph(ctx, snap, store.Pattern{G: g}); err != nil {
			return err
		}
		jw.raw("]}")
		jw.first = false
	}
	jw.raw("]\n")
	if jw.err != nil {
		return jw.err
	}
	return bw.Flush()
}

// jsonldWriter writes expanded JSON-LD node objects.
type jsonldWriter struct {
	w     *bufio.Writer
	buf   []byte // scratch for strings
	err   error
	first bool // no element written yet in the current array
}

func (j *jsonldWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// str writes s as a JSON string without allocating: quotes, backslashes
// and control characters are escaped, and so are <, >, &, U+2028 and
// U+2029 (as encoding/json does), so the dump is safe to embed anywhere.
// Invalid UTF-8 becomes U+FFFD.
func (j *jsonldWriter) str(s string) {
	if j.err != nil {
		return
	}
	j.buf = results.AppendJSONString(j.buf[:0], s, true)
	_, j.err = j.w.Write(j.buf)
}

func (j *jsonldWriter) sep() {
	if !j.first {
		j.raw(",")
	}
	j.first = false
}

func termID(t rdf.Term) string {
	if t.IsBlank() {
		return "_:" + t.Value
	}
	return t.Value
}

// graph writes the node objects of the quads matching p. A new node
// object starts when the subject changes or when a predicate comes back
// after another one (so no object repeats a key).
func (j *jsonldWriter) graph(ctx context.Context, snap *store.Snapshot, p store.Pattern) error {
	open := false
	var subj, pred rdf.Term
	seen := map[rdf.Term]bool{}
	for q, err := range snap.Match(ctx, p) {
		if err != nil {
			return err
		}
		if !open || q.S != subj || (q.P != pred && seen[q.P]) {
			if open {
				j.raw("]}")
			}
			j.sep()
			j.raw(`{"@id":`)
			j.str(termID(q.S))
			open, subj, pred = true, q.S, rdf.Term{}
			clear(seen)
		}
		if q.P != pred {
			if !pred.IsZero() {
				j.raw("]")
			}
			j.raw(",")
			j.str(q.P.Value)
			j.raw(":[")
			pred = q.P
			seen[pred] = true
		} else {
			j.raw(",")
		}
		j.object(q.O)
		if j.err != nil {
			return j.err
		}
	}
	if open {
		j.raw("]}")
	}
	return j.err
}

// object writes one object value.
func (j *jsonldWriter) object(o rdf.Term) {
	switch {
	case o.IsIRI() || o.IsBlank():
		j.raw(`{"@id":`)
		j.str(termID(o))
		j.raw("}")
	default:
		j.raw(`{"@value":`)
		j.str(o.Value)
		switch {
		case o.Lang != "":
			j.raw(`,"@language":`)
			j.str(o.Lang)
		case o.Datatype != rdf.XSDString:
			j.raw(`,"@type":`)
			j.str(o.Datatype)
		}
		j.raw("}")
	}
}
