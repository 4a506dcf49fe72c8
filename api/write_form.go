package api

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// proposeView is what the "propose a chantier" page shows.
type proposeView struct {
	Name, Definition string
	Similar          []similarItem
	Checked          bool   // the look-alikes were shown; the next submit creates
	Error            string // why the last submit failed
}

// proposeTemplate is a minimal server-rendered form (no script): the first
// submit lists the existing chantiers most like the proposal (criterion 1
// of the grid, avoid duplication), the second creates it. The token is a
// form field, so the form cannot be submitted across sites without it.
var proposeTemplate = template.Must(template.New("proposer").Funcs(template.FuncMap{
	"pct": func(f float64) float64 { return f * 100 },
}).Parse(`<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Proposer un chantier</title><link rel="stylesheet" href="/static/ruche.css"></head>
<body><main>
<h1>Proposer un chantier</h1>
{{if .Error}}<p role="alert"><strong>{{.Error}}</strong></p>{{end}}
{{if .Checked}}
 {{if .Similar}}<h2>Chantiers semblables</h2>
 <p>Avant de créer un nouveau chantier, vérifiez qu’il ne double pas l’un de ceux-ci :</p>
 <ul>{{range .Similar}}<li><a href="{{.ID}}">{{.Name}}</a> (ressemblance {{printf "%.0f" (pct .Score)}} %)</li>{{end}}</ul>
 {{else}}<p>Aucun chantier semblable n’a été trouvé.</p>{{end}}
{{end}}
<form method="post" action="/proposer">
 <p><label>Jeton d’accès <input type="password" name="token" required autocomplete="off"></label></p>
 <p><label>Nom du chantier <input name="name" required maxlength="200" value="{{.Name}}"></label></p>
 <p><label>Définition<br><textarea name="definition" rows="5" cols="60" maxlength="2000">{{.Definition}}</textarea></label></p>
 {{if .Checked}}<input type="hidden" name="confirm" value="1">
 <p><button type="submit">Créer le chantier</button></p>{{else}}
 <p><button type="submit">Vérifier les doublons</button></p>{{end}}
</form>
</main></body></html>
`))

func (s *Server) renderPropose(c *gin.Context, status int, v proposeView) error {
	var buf bytes.Buffer
	if err := proposeTemplate.Execute(&buf, v); err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

// getPropose serves the empty form.
func (s *Server) getPropose(c *gin.Context) error {
	return s.renderPropose(c, http.StatusOK, proposeView{})
}

// postPropose checks for look-alikes, then creates the chantier (303 to
// its page) through the same path as POST /id/chantiers.
func (s *Server) postPropose(c *gin.Context) error {
	st, err := s.ready()
	if err != nil {
		return err
	}
	v := proposeView{Name: strings.TrimSpace(c.PostForm("name")), Definition: strings.TrimSpace(c.PostForm("definition"))}
	c.Request.Header.Set("Authorization", "Bearer "+c.PostForm("token"))
	who, err := s.authenticateThrottled(c, st)
	if err != nil {
		status := asProblem(err).Status
		if status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
			return err
		}
		v.Error = "Jeton d’accès invalide."
		if status == http.StatusTooManyRequests {
			v.Error = "Trop d’essais de jeton invalides : réessayez dans une minute."
		}
		return s.renderPropose(c, status, v)
	}
	if !utf8.ValidString(v.Name) || !utf8.ValidString(v.Definition) {
		return badRequest("the form is not valid UTF-8")
	}
	if n := s.cfg.MaxTextLength; utf8.RuneCountInString(v.Name) > n || utf8.RuneCountInString(v.Definition) > n {
		p := unprocessable("text-too-long", fmt.Sprintf("a field is longer than %d characters", n))
		p.Limit = limitTextLength
		return p
	}
	if who.Role != RoleCoordination {
		v.Error = "Seule l’équipe de coordination peut créer un chantier."
		return s.renderPropose(c, http.StatusForbidden, v)
	}
	if v.Name == "" {
		v.Error = "Le nom est requis."
		return s.renderPropose(c, http.StatusUnprocessableEntity, v)
	}
	w := &writeRequest{c: c, st: st, who: who, now: time.Now().UTC(),
		t: &target{kind: kChantier, iri: s.cfg.Base + "id/chantiers", collection: true}}
	placeholder := w.t.iri + "/.nouveau"
	root := rdf.IRI(placeholder)
	quads := []rdf.Quad{
		{S: root, P: rdf.IRI(vocab.RDFType), O: rdf.IRI(vocab.RadnChantier)},
		{S: root, P: rdf.IRI(vocab.SchemaName), O: rdf.LangString(v.Name, "fr")},
	}
	if v.Definition != "" {
		quads = append(quads, rdf.Quad{S: root, P: rdf.IRI(vocab.RadnInitialDefinition), O: rdf.LangString(v.Definition, "fr")})
	}
	if c.PostForm("confirm") != "1" {
		if v.Similar, err = s.similarItems(w, quads, placeholder); err != nil {
			return err
		}
		v.Checked = true
		return s.renderPropose(c, http.StatusOK, v)
	}
	iri, _, err := s.createFrom(w, quads, placeholder)
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
