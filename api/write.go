package api

import (
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

// newWrite starts the core's record of one write.
func newWrite(c *gin.Context, st *store.Store, who *principal, t *records.Target) *records.Write {
	return &records.Write{Ctx: c.Request.Context(), Store: st, Who: who.Token, Target: t,
		Method: c.Request.Method, Now: time.Now().UTC()}
}

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
	t, err := s.writer.ParseTarget(path)
	if err != nil {
		return err
	}
	w := newWrite(c, st, who, t)
	if err := s.writer.Authorize(w, c.Request.URL.Path); err != nil {
		return err
	}
	defer s.search.BeginWrite(w.Ctx, st, w.Changed)()
	switch c.Request.Method {
	case http.MethodPost:
		if !t.Collection {
			return methodNotAllowed(c, "POST goes to a collection")
		}
		return s.create(c, w)
	case http.MethodPut:
		if t.Consent {
			return s.putConsent(c, w)
		}
		if t.Collection {
			return methodNotAllowed(c, "PUT goes to a resource")
		}
		return s.replace(c, w, false)
	case http.MethodPatch:
		if t.Collection || t.Consent {
			return methodNotAllowed(c, "PATCH goes to a resource")
		}
		return s.replace(c, w, true)
	case http.MethodDelete:
		if t.Collection || t.Consent {
			return methodNotAllowed(c, "DELETE goes to a resource")
		}
		return s.remove(c, w)
	}
	return methodNotAllowed(c, "")
}

func methodNotAllowed(c *gin.Context, detail string) *Problem {
	return newProblem(http.StatusMethodNotAllowed, "method-not-allowed", strings.TrimSpace(c.Request.Method+" is not allowed on "+c.Request.URL.Path+". "+detail))
}

type jsonObject = map[string]any

// decodeWriteBody reads the body of a POST or PUT in its media type (a
// JSON-LD body gets the API's defaults) and decodes it with iri as the
// document's base.
func (s *Server) decodeWriteBody(c *gin.Context, iri string) ([]rdf.Quad, error) {
	f, err := bodyFormat(c)
	if err != nil {
		return nil, err
	}
	body, err := readBody(c)
	if err != nil {
		return nil, err
	}
	if f == rdfio.JSONLD {
		body = s.writer.JSONLDDefaults(body)
	}
	return s.writer.Decode(f, body, iri)
}

// create handles POST to a collection.
func (s *Server) create(c *gin.Context, w *records.Write) error {
	if err := s.writer.CheckCreate(w); err != nil {
		return err
	}
	placeholder := w.Target.IRI + "/.nouveau"
	quads, err := s.decodeWriteBody(c, placeholder)
	if err != nil {
		return err
	}
	if dry := c.Query("dry-run"); dry != "" && dry != "0" && dry != "false" {
		items, err := s.writer.Similar(w, quads, placeholder)
		if err != nil {
			return err
		}
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, map[string]any{"dryRun": true, "similar": items})
		return nil
	}
	iri, after, err := s.writer.Create(w, quads, placeholder)
	if err != nil {
		return err
	}
	c.Header("Location", s.hrefOf(iri))
	c.Header("ETag", after)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, jsonObject{"@id": iri, "etag": after})
	return nil
}

// replace handles PUT (a new description) and PATCH (a SPARQL update).
func (s *Server) replace(c *gin.Context, w *records.Write, patch bool) error {
	t := w.Target
	if err := s.writer.CheckReplace(w); err != nil {
		return err
	}
	ifMatch, err := s.ifMatchVersion(w.Ctx, w.Store, t.IRI, c.GetHeader("If-Match"))
	if err != nil {
		return err
	}
	if !patch && ifMatch == "" {
		return newProblem(http.StatusPreconditionRequired, "precondition-required", "a PUT needs If-Match with the resource's ETag (from the last write or a GET)")
	}
	var after string
	if patch {
		ct := strings.ToLower(strings.TrimSpace(strings.Split(c.GetHeader("Content-Type"), ";")[0]))
		if ct != "application/sparql-update" {
			p := unsupportedMediaType(ct)
			p.Accept = []string{"application/sparql-update"}
			return p
		}
		body, err := readBody(c)
		if err != nil {
			return err
		}
		if len(strings.TrimSpace(string(body))) == 0 {
			return badRequest("the request body is empty")
		}
		if err := s.writer.CheckPatch(t, string(body)); err != nil {
			return err
		}
		if after, err = s.writer.Patch(w, ifMatch, string(body)); err != nil {
			return err
		}
	} else {
		quads, err := s.decodeWriteBody(c, t.IRI)
		if err != nil {
			return err
		}
		if quads, err = s.writer.Replacement(t, quads); err != nil {
			return err
		}
		if after, err = s.writer.Replace(w, ifMatch, quads); err != nil {
			return err
		}
	}
	c.Header("ETag", after)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, jsonObject{"@id": t.IRI, "etag": after})
	return nil
}

// remove handles DELETE.
func (s *Server) remove(c *gin.Context, w *records.Write) error {
	if err := s.writer.CheckRemove(w); err != nil {
		return err
	}
	ifMatch, err := s.ifMatchVersion(w.Ctx, w.Store, w.Target.IRI, c.GetHeader("If-Match"))
	if err != nil {
		return err
	}
	after, err := s.writer.Remove(w, ifMatch)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	if after != "" {
		c.Header("ETag", after)
		c.JSON(http.StatusOK, jsonObject{"@id": w.Target.IRI, "etag": after})
		return nil
	}
	c.Status(http.StatusNoContent)
	return nil
}

// putConsent handles PUT …/consentements (a JSON object of purposes).
func (s *Server) putConsent(c *gin.Context, w *records.Write) error {
	ct := strings.ToLower(strings.TrimSpace(strings.Split(c.GetHeader("Content-Type"), ";")[0]))
	if ct != "application/json" {
		p := unsupportedMediaType(ct)
		p.Accept = []string{"application/json"}
		return p
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	cs, err := records.DecodeConsent(body)
	if err != nil {
		return err
	}
	state, err := s.writer.PutConsent(w, cs)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, state)
	return nil
}
