package graphstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/sparql/update"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
	"github.com/ruche-lod/ruche/vocab"
)

// Door is the HTTP side: SPARQL Update on /sparql and the Graph Store
// Protocol on /graph-store. Handlers return errors; *Error maps to a
// problem document (see [Status]); any other error is a 500 or, for a
// timeout, a 503.
type Door struct {
	Core *Core
	// Store returns the open store (or an error the HTTP layer renders).
	Store func() (*store.Store, error)
	// Authorize authenticates a write and returns its actor, or an error
	// the HTTP layer renders (401, 403).
	Authorize func(w http.ResponseWriter, r *http.Request, st *store.Store) (Actor, error)
	// MaxBytes bounds a request body (413 beyond).
	MaxBytes int64
	// Timeout bounds a write, WHERE evaluation included (503 beyond).
	Timeout time.Duration
	// Written, when set, is told of every committed write.
	Written func(res *update.Result)
}

// Status is the HTTP status of a Kind.
func Status(k Kind) int {
	switch k {
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Invalid:
		return http.StatusUnprocessableEntity
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case Unsupported:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusBadRequest
}

func bad(detail string) *Error { return &Error{Kind: BadRequest, Code: "bad-request", Detail: detail} }

func (d *Door) readBody(r *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(nil, r.Body, d.MaxBytes)
	b, err := io.ReadAll(body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, &Error{Kind: TooLarge, Code: "update-size", Detail: fmt.Sprintf("the body is longer than the limit of %d bytes", d.MaxBytes)}
	}
	if err != nil {
		return nil, bad("unreadable body: " + err.Error())
	}
	return b, nil
}

func (d *Door) context(r *http.Request) (context.Context, context.CancelFunc) {
	if d.Timeout > 0 {
		return context.WithTimeout(r.Context(), d.Timeout)
	}
	return context.WithCancel(r.Context())
}

// BulkWrite reports whether r carries a body the door bounds itself (by
// MaxBytes), possibly larger than other requests': an update POSTed to
// /sparql as application/sparql-update, or a graph sent to /graph-store.
func BulkWrite(r *http.Request) bool {
	switch r.URL.Path {
	case "/sparql":
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return r.Method == http.MethodPost && ct == "application/sparql-update"
	case "/graph-store":
		return r.Method == http.MethodPut || r.Method == http.MethodPost
	}
	return false
}

// ServeUpdate answers an update POSTed to /sparql (SPARQL 1.1 Protocol
// §2.2): 204 when applied, nothing written otherwise.
func (d *Door) ServeUpdate(w http.ResponseWriter, r *http.Request) error {
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if cs, ok := ctParams["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return &Error{Kind: Unsupported, Code: "unsupported-media-type", Detail: "an update is sent in UTF-8, not " + cs}
	}
	// The caller is known before a body of up to MaxBytes is read.
	st, err := d.Store()
	if err != nil {
		return err
	}
	who, err := d.Authorize(w, r, st)
	if err != nil {
		return err
	}
	params := r.URL.Query()
	var src string
	switch ct {
	case "application/sparql-update":
		b, err := d.readBody(r)
		if err != nil {
			return err
		}
		src = string(b)
	default:
		if err := r.ParseForm(); err != nil {
			return bad("unreadable form body: " + err.Error())
		}
		if len(r.PostForm["update"]) != 1 {
			return bad("give exactly one update parameter")
		}
		if _, ok := r.PostForm["query"]; ok {
			return bad("a request carries a query or an update, not both")
		}
		src = r.PostForm["update"][0]
		if d.MaxBytes > 0 && int64(len(src)) > d.MaxBytes {
			return &Error{Kind: TooLarge, Code: "update-size", Detail: fmt.Sprintf("the update is longer than the limit of %d bytes", d.MaxBytes)}
		}
		for k, v := range r.PostForm {
			if k != "update" {
				params[k] = append(params[k], v...)
			}
		}
	}
	if !utf8.ValidString(src) {
		return bad("the update is not valid UTF-8")
	}
	who.Method = "SPARQL-UPDATE"
	ctx, cancel := d.context(r)
	defer cancel()
	res, err := d.Core.Update(ctx, st, who, src, UpdateOptions{UsingGraphs: params["using-graph-uri"], UsingNamedGraphs: params["using-named-graph-uri"]})
	if err != nil {
		return err
	}
	if d.Written != nil {
		d.Written(res)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// target reads ?graph=IRI or ?default.
func (d *Door) target(r *http.Request) (rdf.Term, error) {
	q := r.URL.Query()
	gs, def := q["graph"], q.Has("default")
	switch {
	case def && len(gs) > 0:
		return rdf.Term{}, bad("give ?graph=IRI or ?default, not both")
	case def:
		return d.Core.PublicGraph(), nil
	case len(gs) != 1:
		return rdf.Term{}, bad("name the graph with ?graph=IRI (once) or ?default")
	}
	iri := gs[0]
	if _, err := rdf.ResolveIRI(iri, ""); err != nil || !strings.Contains(iri, ":") {
		return rdf.Term{}, bad("graph=" + iri + " is not an absolute IRI")
	}
	return rdf.IRI(iri), nil
}

// graphExists reports whether g holds a quad or was created empty.
func graphExists(ctx context.Context, v interface {
	Match(context.Context, store.Pattern) func(func(rdf.Quad, error) bool)
	GetMeta(string) ([]byte, bool, error)
}, g rdf.Term) (bool, error) {
	for _, err := range v.Match(ctx, store.Pattern{G: g}) {
		if err != nil {
			return false, err
		}
		return true, nil
	}
	_, ok, err := v.GetMeta(update.MetaPrefix + g.Value)
	return ok, err
}

// ServeGraphStore answers /graph-store (SPARQL 1.1 Graph Store HTTP
// Protocol, indirect identification).
func (d *Door) ServeGraphStore(w http.ResponseWriter, r *http.Request) error {
	var g rdf.Term
	var err error
	q := r.URL.Query()
	if r.Method == http.MethodPost && !q.Has("graph") && !q.Has("default") {
		// POST to the graph store itself creates a graph of one's own with
		// a new IRI (Graph Store Protocol §5.5).
		salt := make([]byte, 8)
		_, _ = rand.Read(salt)
		g = rdf.IRI(d.Core.Base + vocab.PathGraph + "nouveau-" + hex.EncodeToString(salt))
	} else if g, err = d.target(r); err != nil {
		return err
	}
	st, err := d.Store()
	if err != nil {
		return err
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return d.get(w, r, st, g)
	case http.MethodPut, http.MethodPost, http.MethodDelete:
	default:
		w.Header().Set("Allow", "GET, HEAD, PUT, POST, DELETE")
		return &Error{Kind: BadRequest, Code: "method-not-allowed", Detail: r.Method + " is not allowed on /graph-store"}
	}
	if r.Method != http.MethodDelete && g == d.Core.PublicGraph() && r.Method == http.MethodPut {
		return &Error{Kind: Forbidden, Code: "forbidden", Detail: "PUT on the public data graph would replace every chantier; change it with SPARQL Update or the write API"}
	}
	if r.Method == http.MethodDelete && g == d.Core.PublicGraph() {
		return &Error{Kind: Forbidden, Code: "forbidden", Detail: "the public data graph cannot be deleted"}
	}
	if !d.Core.writable(g) {
		return &Error{Kind: Forbidden, Code: "forbidden", Detail: fmt.Sprintf("<%s> is one of ruche's own graphs, written through the write API", g.Value)}
	}
	var quads []rdf.Quad
	var licence []byte
	if r.Method != http.MethodDelete {
		if licence, err = statedLicence(q); err != nil {
			return err
		}
		if licence != nil && g == d.Core.PublicGraph() {
			return &Error{Kind: Forbidden, Code: "forbidden", Detail: "the public data graph's licence is ruche's (CC0); a licence is stated for graphs of one's own"}
		}
		if quads, err = d.readGraph(r, g); err != nil {
			return err
		}
	}
	who, err := d.Authorize(w, r, st)
	if err != nil {
		return err
	}
	who.Method = r.Method
	ctx, cancel := d.context(r)
	defer cancel()
	created := false
	res, err := d.Core.Write(ctx, st, who, func(tx *store.Txn) (*update.Result, error) {
		res := &update.Result{}
		ok, err := graphExists(ctx, txView{tx}, g)
		if err != nil {
			return nil, err
		}
		created = !ok
		if r.Method == http.MethodDelete && !ok {
			return nil, &Error{Kind: NotFound, Code: "not-found", Detail: fmt.Sprintf("no graph <%s>", g.Value)}
		}
		if r.Method != http.MethodPost {
			// Collected first: a write larger than one transaction commits
			// in chunks, which it cannot do while a scan is open.
			var old []rdf.Quad
			for q, err := range tx.Match(ctx, store.Pattern{G: g}) {
				if err != nil {
					return nil, err
				}
				old = append(old, q)
			}
			for _, q := range old {
				if err := tx.Delete(q); err != nil {
					return nil, err
				}
				res.Deleted++
				res.Touch(g, q.S)
			}
		}
		if m := d.Core.MaxChanges; m > 0 && res.Deleted+len(quads) > m {
			return nil, &Error{Kind: TooLarge, Code: "update-size", Detail: fmt.Sprintf("the write changes more than the limit of %d triples; nothing was written", m)}
		}
		if r.Method == http.MethodDelete {
			return res, tx.DeleteMeta(update.MetaPrefix + g.Value)
		}
		for _, q := range quads {
			if err := tx.Add(q); err != nil {
				return nil, err
			}
			res.Inserted++
			res.Touch(g, q.S)
			if g == d.Core.PublicGraph() {
				res.Changes = append(res.Changes, update.Change{Quad: q, Insert: true})
			}
		}
		if (!ok || licence != nil) && g != d.Core.PublicGraph() {
			// The meta value of a graph of one's own is the licence its
			// writer stated (none: CC0, see [Licence]).
			if err := tx.PutMeta(update.MetaPrefix+g.Value, licence); err != nil {
				return nil, err
			}
		}
		return res, nil
	})
	if err != nil {
		return err
	}
	if d.Written != nil {
		d.Written(res)
	}
	w.Header().Set("Cache-Control", "no-store")
	if created && r.Method != http.MethodDelete {
		w.Header().Set("Location", g.Value)
		w.WriteHeader(http.StatusCreated)
		return nil
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// statedLicence reads the licence a writer states for a graph of one's own
// (?license=IRI, or ?licence=IRI): nil when none is stated.
func statedLicence(q url.Values) ([]byte, error) {
	ls := append(q["license"], q["licence"]...)
	switch {
	case len(ls) == 0:
		return nil, nil
	case len(ls) > 1:
		return nil, bad("state one licence (?license=IRI)")
	}
	if _, err := rdf.ResolveIRI(ls[0], ""); err != nil || !strings.Contains(ls[0], ":") {
		return nil, bad("license=" + ls[0] + " is not an absolute IRI")
	}
	return []byte(ls[0]), nil
}

// Licence returns the licence stated for the graph of one's own g, read
// from the view's meta values: "" when none was stated (the graph is then
// CC0, as the dataset is).
func Licence(v interface {
	GetMeta(string) ([]byte, bool, error)
}, g rdf.Term) (string, error) {
	b, _, err := v.GetMeta(update.MetaPrefix + g.Value)
	return string(b), err
}

// txView adapts a transaction to graphExists.
type txView struct{ tx *store.Txn }

func (v txView) Match(ctx context.Context, p store.Pattern) func(func(rdf.Quad, error) bool) {
	return v.tx.Match(ctx, p)
}
func (v txView) GetMeta(k string) ([]byte, bool, error) { return v.tx.GetMeta(k) }

type snapView struct{ s *store.Snapshot }

func (v snapView) Match(ctx context.Context, p store.Pattern) func(func(rdf.Quad, error) bool) {
	return v.s.Match(ctx, p)
}
func (v snapView) GetMeta(k string) ([]byte, bool, error) { return v.s.GetMeta(k) }

// readGraph decodes the body in its Content-Type into quads of g; blank
// nodes are fresh for this write.
func (d *Door) readGraph(r *http.Request, g rdf.Term) ([]rdf.Quad, error) {
	ct := r.Header.Get("Content-Type")
	if mt, params, err := mime.ParseMediaType(ct); err == nil && mt == "multipart/form-data" && r.Method == http.MethodPost {
		// Graph Store Protocol §5.5: each part is merged into the graph.
		b, err := d.readBody(r)
		if err != nil {
			return nil, err
		}
		mr := multipart.NewReader(bytes.NewReader(b), params["boundary"])
		var out []rdf.Quad
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			if err != nil {
				return nil, bad("unreadable multipart body: " + err.Error())
			}
			qs, err := d.decodeGraph(part.Header.Get("Content-Type"), part, g)
			if err != nil {
				return nil, err
			}
			out = append(out, qs...)
		}
	}
	b, err := d.readBody(r)
	if err != nil {
		return nil, err
	}
	return d.decodeGraph(ct, bytes.NewReader(b), g)
}

// docSeq numbers the documents decoded, so that blank nodes of different
// documents (or parts) stay apart.
var docSeq atomic.Uint64

// decodeGraph decodes one RDF document of media type ct into quads of g.
func (d *Door) decodeGraph(ct string, body io.Reader, g rdf.Term) ([]rdf.Quad, error) {
	f, err := rdfio.ParseFormat(ct)
	if err != nil || ct == "" {
		var names []string
		for _, f := range rdfio.AllFormats {
			names = append(names, f.MediaType())
		}
		return nil, &Error{Kind: Unsupported, Code: "unsupported-media-type", Detail: "send the graph as one of " + strings.Join(names, ", ")}
	}
	dec, err := rdfio.NewDecoder(f, body, rdfio.DecodeOptions{BaseIRI: g.Value})
	if err != nil {
		return nil, err
	}
	salt := strconv.FormatInt(time.Now().UnixNano(), 36) + "_" + strconv.FormatUint(docSeq.Add(1), 36)
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, bad("the graph does not parse: " + err.Error())
		}
		if q.G.Kind != rdf.KindNone {
			return nil, bad("the body names graphs; send the triples of one graph")
		}
		for _, t := range []*rdf.Term{&q.S, &q.O} {
			if t.Kind == rdf.KindBlank {
				*t = rdf.Blank("gs" + salt + "_" + t.Value)
			}
		}
		q.G = g
		out = append(out, q)
	}
}

// get answers GET and HEAD: the graph in the negotiated format.
func (d *Door) get(w http.ResponseWriter, r *http.Request, st *store.Store, g rdf.Term) error {
	snap := st.Snapshot()
	defer snap.Close()
	ok, err := graphExists(r.Context(), snapView{snap}, g)
	if err != nil {
		return err
	}
	if !ok {
		return &Error{Kind: NotFound, Code: "not-found", Detail: fmt.Sprintf("no graph <%s>", g.Value)}
	}
	f := negotiate(r.Header.Get("Accept"))
	etag := fmt.Sprintf(`W/"%d-%s"`, snap.Version(), f)
	h := w.Header()
	h.Set("Content-Type", f.MediaType())
	h.Set("ETag", etag)
	h.Set("Vary", "Accept")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return nil
	}
	enc, err := rdfio.NewEncoder(f, w, rdfio.EncodeOptions{})
	if err != nil {
		return err
	}
	for q, err := range snap.Match(r.Context(), store.Pattern{G: g}) {
		if err != nil {
			return err
		}
		q.G = rdf.Term{}
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	return enc.Close()
}

// negotiate picks the first writable format the Accept header names, in
// the header's order of quality; Turtle otherwise.
func negotiate(accept string) rdfio.Format {
	best, bestQ := rdfio.Turtle, -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				q = v
			}
		}
		f, err := rdfio.ParseFormat(mt)
		if err != nil || !f.Writable() || q <= bestQ || q == 0 {
			continue
		}
		best, bestQ = f, q
	}
	return best
}
