package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/records"
	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// The "propose a chantier" page is a server-rendered form in the site's
// layout (no script): the first submit lists the existing chantiers most
// like the proposal (criterion 1 of the grid, avoid duplication), the
// second creates it. The token is a form field, so the form cannot be
// submitted across sites without it; it is kept in the form between the
// two submits (the page is never stored).

func (s *Server) renderPropose(c *gin.Context, status int, v web.ProposeView) error {
	lang := pageLang(c)
	v.Page = web.Page{Lang: lang, Title: web.T(lang, "propose.title"), Canonical: s.cfg.Base + "proposer", Nav: "chantiers"}
	var buf bytes.Buffer
	if err := s.web.Propose(&buf, v); err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

// getPropose serves the empty form.
func (s *Server) getPropose(c *gin.Context) error {
	return s.renderPropose(c, http.StatusOK, web.ProposeView{})
}

// postPropose checks for look-alikes, then creates the chantier (303 to
// its page) through the same path as POST /id/chantiers.
func (s *Server) postPropose(c *gin.Context) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	lang := pageLang(c)
	v := web.ProposeView{Name: strings.TrimSpace(c.PostForm("name")), Definition: strings.TrimSpace(c.PostForm("definition"))}
	c.Request.Header.Set("Authorization", "Bearer "+c.PostForm("token"))
	who, err := s.authenticateThrottled(c, st)
	if err != nil {
		status := asProblem(err).Status
		if status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
			return err
		}
		v.Error = web.T(lang, "propose.badtoken")
		if status == http.StatusTooManyRequests {
			v.Error = web.T(lang, "propose.throttled")
		}
		return s.renderPropose(c, status, v)
	}
	if !utf8.ValidString(v.Name) || !utf8.ValidString(v.Definition) {
		return badRequest("the form is not valid UTF-8")
	}
	if n := s.cfg.MaxTextLength; utf8.RuneCountInString(v.Name) > n || utf8.RuneCountInString(v.Definition) > n {
		p := unprocessable("text-too-long", fmt.Sprintf("a field is longer than %d characters", n))
		p.Limit = records.LimitTextLength
		return p
	}
	v.Token = c.PostForm("token")
	if who.Role != RoleCoordination {
		v.Error = web.T(lang, "propose.forbidden")
		return s.renderPropose(c, http.StatusForbidden, v)
	}
	if v.Name == "" {
		v.Error = web.T(lang, "propose.noname")
		return s.renderPropose(c, http.StatusUnprocessableEntity, v)
	}
	t, err := s.writer.ParseTarget("/" + vocab.KindOfClass(vocab.RadnChantier).Segment)
	if err != nil {
		return err
	}
	w := newWrite(c, st, who, t)
	placeholder := t.IRI + "/.nouveau"
	root := rdf.IRI(placeholder)
	quads := []rdf.Quad{
		{S: root, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantier)},
		{S: root, P: rdf.IRI(vocab.SchemaName), O: rdf.LangString(v.Name, "fr")},
	}
	if v.Definition != "" {
		quads = append(quads, rdf.Quad{S: root, P: rdf.IRI(vocab.RadnInitialDefinition), O: rdf.LangString(v.Definition, "fr")})
	}
	if c.PostForm("confirm") != "1" {
		items, err := s.writer.Similar(w, quads, placeholder)
		if err != nil {
			return err
		}
		for _, it := range items {
			v.Similar = append(v.Similar, web.Similar{Link: web.Link{Href: s.pageHref(it.ID, lang), Label: it.Name}, Percent: int(it.Score*100 + 0.5)})
		}
		v.Checked = true
		return s.renderPropose(c, http.StatusOK, v)
	}
	defer s.search.BeginWrite(w.Ctx, st, w.Changed)()
	iri, _, err := s.writer.Create(w, quads, placeholder)
	if err != nil {
		if p := asProblem(err); p.Status < 500 {
			v.Error = p.Detail
			v.Checked = true
			return s.renderPropose(c, p.Status, v)
		}
		return err
	}
	c.Redirect(http.StatusSeeOther, s.hrefOf(iri))
	return nil
}
