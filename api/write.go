package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// The HTTP side of writes: what a write means (minting, the rules of each
// kind, consents, recounts, event-stream versions, audit) is decided by the
// core (records.Writer); these handlers read the request (path, body and
// its media type, token, If-Match), call the core and render its answer.

// newWriter is the core's write rules for this server's configuration.
func (s *Server) newWriter() *records.Writer {
	return &records.Writer{Base: s.cfg.Base, MaxWriteTriples: s.cfg.MaxWriteTriples, MaxTextLength: s.cfg.MaxTextLength,
		ContextIRI: s.contextIRI, LanguageTerms: s.languageTerms()}
}

// languageTerms are the terms of the API context whose container is
// @language.
func (s *Server) languageTerms() map[string]bool {
	out := map[string]bool{}
	ctx, _ := s.apiContext.(map[string]any)
	for k, v := range ctx {
		if def, ok := v.(map[string]any); ok && def["@container"] == "@language" {
			out[k] = true
		}
	}
	return out
}

// target is what a write's path names (the core's records.Target, with the
// two fields the search index reads after a write, search_door.go).
type target struct {
	*records.Target
	iri        string
	collection bool
}

// parseTarget maps the path under /id/ to a writable target.
func (s *Server) parseTarget(path string) (*target, error) {
	t, err := s.writer.ParseTarget(path)
	if err != nil {
		return nil, err
	}
	return &target{Target: t, iri: t.IRI, collection: t.Collection}, nil
}

// writeRequest carries one write through its handler.
type writeRequest struct {
	c   *gin.Context
	st  *store.Store
	t   *target
	rec *records.Write
	// touched and indexed are the core's lists once the write is done
	// (for the search index).
	touched, indexed []string
}

func newWriteRequest(c *gin.Context, st *store.Store, who *principal, t *target) *writeRequest {
	return &writeRequest{c: c, st: st, t: t, rec: &records.Write{Ctx: c.Request.Context(), Store: st, Who: who.Token,
		Target: t.Target, Method: c.Request.Method, Now: time.Now().UTC()}}
}

func (w *writeRequest) ctx() context.Context { return w.c.Request.Context() }

// done copies the core's lists of what the write changed.
func (w *writeRequest) done() { w.touched, w.indexed = w.rec.Touched, w.rec.Indexed }

// write is the handler of POST, PUT, PATCH and DELETE under /id/.
func (s *Server) write(c *gin.Context) error { return s.writeAt(c, c.Param("path")) }

// writeAt handles a write to path (relative to /id/).
func (s *Server) writeAt(c *gin.Context, path string) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	who, err := s.authenticateThrottled(c, st)
	if err != nil {
		return err
	}
	t, err := s.parseTarget(path)
	if err != nil {
		return err
	}
	w := newWriteRequest(c, st, who, t)
	if err := s.writer.Authorize(w.rec, c.Request.URL.Path); err != nil {
		return err
	}
	defer s.indexWrite(w)()
	defer w.done()
	switch c.Request.Method {
	case http.MethodPost:
		if !t.collection {
			return methodNotAllowed(c, "POST goes to a collection")
		}
		return s.create(w)
	case http.MethodPut:
		if t.Consent {
			return s.putConsent(w)
		}
		if t.collection {
			return methodNotAllowed(c, "PUT goes to a resource")
		}
		return s.replace(w, false)
	case http.MethodPatch:
		if t.collection || t.Consent {
			return methodNotAllowed(c, "PATCH goes to a resource")
		}
		return s.replace(w, true)
	case http.MethodDelete:
		if t.collection || t.Consent {
			return methodNotAllowed(c, "DELETE goes to a resource")
		}
		return s.remove(w)
	}
	return methodNotAllowed(c, "")
}

func methodNotAllowed(c *gin.Context, detail string) *Problem {
	return newProblem(http.StatusMethodNotAllowed, "method-not-allowed", strings.TrimSpace(c.Request.Method+" is not allowed on "+c.Request.URL.Path+". "+detail))
}

type jsonObject = map[string]any

// create handles POST to a collection.
func (s *Server) create(w *writeRequest) error {
	if err := s.writer.CheckCreate(w.rec); err != nil {
		return err
	}
	f, err := bodyFormat(w.c)
	if err != nil {
		return err
	}
	body, err := readBody(w.c)
	if err != nil {
		return err
	}
	if f == rdfio.JSONLD {
		body = s.writer.JSONLDDefaults(body)
	}
	placeholder := w.t.iri + "/.nouveau"
	quads, err := s.writer.Decode(f, body, placeholder)
	if err != nil {
		return err
	}
	if dry := w.c.Query("dry-run"); dry != "" && dry != "0" && dry != "false" {
		items, err := s.writer.Similar(w.rec, quads, placeholder)
		if err != nil {
			return err
		}
		w.c.Header("Cache-Control", "no-store")
		w.c.JSON(http.StatusOK, map[string]any{"dryRun": true, "similar": items})
		return nil
	}
	iri, after, err := s.writer.Create(w.rec, quads, placeholder)
	if err != nil {
		return err
	}
	w.c.Header("Location", s.hrefOf(iri))
	w.c.Header("ETag", after)
	w.c.Header("Cache-Control", "no-store")
	w.c.JSON(http.StatusCreated, jsonObject{"@id": iri, "etag": after})
	return nil
}

// replace handles PUT (a new description) and PATCH (a SPARQL update).
func (s *Server) replace(w *writeRequest, patch bool) error {
	t := w.t
	if err := s.writer.CheckReplace(w.rec); err != nil {
		return err
	}
	ifMatch, err := s.ifMatchVersion(w.c.Request.Context(), w.st, t.iri, w.c.GetHeader("If-Match"))
	if err != nil {
		return err
	}
	if !patch && ifMatch == "" {
		return newProblem(http.StatusPreconditionRequired, "precondition-required", "a PUT needs If-Match with the resource's ETag (from the last write or a GET)")
	}
	var after string
	if patch {
		ct := strings.ToLower(strings.TrimSpace(strings.Split(w.c.GetHeader("Content-Type"), ";")[0]))
		if ct != "application/sparql-update" {
			p := unsupportedMediaType(ct)
			p.Accept = []string{"application/sparql-update"}
			return p
		}
		body, err := readBody(w.c)
		if err != nil {
			return err
		}
		if len(strings.TrimSpace(string(body))) == 0 {
			return badRequest("the request body is empty")
		}
		if err := s.writer.CheckPatch(t.Target, string(body)); err != nil {
			return err
		}
		if after, err = s.writer.Patch(w.rec, ifMatch, string(body)); err != nil {
			return err
		}
	} else {
		f, err := bodyFormat(w.c)
		if err != nil {
			return err
		}
		body, err := readBody(w.c)
		if err != nil {
			return err
		}
		if f == rdfio.JSONLD {
			body = s.writer.JSONLDDefaults(body)
		}
		var quads []rdf.Quad
		if quads, err = s.writer.Decode(f, body, t.iri); err != nil {
			return err
		}
		if quads, err = s.writer.Replacement(t.Target, quads); err != nil {
			return err
		}
		if after, err = s.writer.Replace(w.rec, ifMatch, quads); err != nil {
			return err
		}
	}
	w.c.Header("ETag", after)
	w.c.Header("Cache-Control", "no-store")
	w.c.JSON(http.StatusOK, jsonObject{"@id": t.iri, "etag": after})
	return nil
}

// remove handles DELETE.
func (s *Server) remove(w *writeRequest) error {
	if err := s.writer.CheckRemove(w.rec); err != nil {
		return err
	}
	ifMatch, err := s.ifMatchVersion(w.c.Request.Context(), w.st, w.t.iri, w.c.GetHeader("If-Match"))
	if err != nil {
		return err
	}
	after, err := s.writer.Remove(w.rec, ifMatch)
	if err != nil {
		return err
	}
	w.c.Header("Cache-Control", "no-store")
	if after != "" {
		w.c.Header("ETag", after)
		w.c.JSON(http.StatusOK, jsonObject{"@id": w.t.iri, "etag": after})
		return nil
	}
	w.c.Status(http.StatusNoContent)
	return nil
}

// putConsent handles PUT …/consentements (a JSON object of purposes).
func (s *Server) putConsent(w *writeRequest) error {
	ct := strings.ToLower(strings.TrimSpace(strings.Split(w.c.GetHeader("Content-Type"), ";")[0]))
	if ct != "application/json" {
		p := unsupportedMediaType(ct)
		p.Accept = []string{"application/json"}
		return p
	}
	body, err := readBody(w.c)
	if err != nil {
		return err
	}
	cs, err := records.DecodeConsent(body)
	if err != nil {
		return err
	}
	state, err := s.writer.PutConsent(w.rec, cs)
	if err != nil {
		return err
	}
	w.c.Header("Cache-Control", "no-store")
	w.c.JSON(http.StatusOK, state)
	return nil
}
