package api

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/web"
)

// unprefixed is a request path without its /fr or /en language prefix.
func unprefixed(path string) string {
	for _, p := range []string{"/fr", "/en"} {
		if path == p {
			return "/"
		}
		if rest, ok := strings.CutPrefix(path, p+"/"); ok {
			return "/" + rest
		}
	}
	return path
}

// errorTranslations let the reader of an error page switch language and
// keep the choice (/fr/… or /en/… of the same path).
func (s *Server) errorTranslations(c *gin.Context) []web.Translation {
	path := unprefixed(c.Request.URL.Path)
	return []web.Translation{
		{Lang: "fr", Href: s.cfg.Base + strings.TrimPrefix(sitePath("fr", path), "/"), Choose: sitePath("fr", path)},
		{Lang: "en", Href: s.cfg.Base + strings.TrimPrefix(sitePath("en", path), "/"), Choose: sitePath("en", path)},
	}
}

// errorTitle is the title of an error page in its language.
func errorTitle(lang string, p *Problem) string {
	key := fmt.Sprintf("status.%d", p.Status)
	if t := web.T(lang, key); t != key {
		return t
	}
	return p.Title
}

// listedCollection is the listed collection of a write collection path
// (/id/chantiers → /chantiers), or "".
func listedCollection(path string) string {
	name := strings.TrimSuffix(strings.TrimPrefix(path, "/id/"), "/")
	for _, d := range collections {
		if d.writes != "" && d.writes == name && path != "" {
			return d.path
		}
	}
	return ""
}
